"""Programmes and progress entries: read, create and change, under the page permissions."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from tracker import permissions
from tracker.agreements.models import Agreement, Field
from tracker.api import payloads
from tracker.api.blueprint import blp
from tracker.api.errors import error_response, validation_error
from tracker.api.schemas import (
    EvidenceFiles,
    PageArgs,
    ProgrammeArgs,
    ProgrammeIn,
    ProgrammePage,
    ProgrammeSchema,
    ProgrammeUpdate,
    ProgressEntrySchema,
    ProgressIn,
    ProgressPage,
)
from tracker.extensions import db
from tracker.idempotency import web as once
from tracker.programs.models import Programme
from tracker.progress.models import ProgressEntry


def _visible_programmes():
    return (
        select(Programme)
        .join(Field, Programme.field_id == Field.id)
        .join(Agreement, Field.agreement_id == Agreement.id)
        .where(permissions.agreement_scope(current_user), permissions.programme_scope(current_user),
               Programme.archived_at.is_(None),
               Field.archived_at.is_(None), Agreement.archived_at.is_(None))
        .options(selectinload(Programme.agency), selectinload(Programme.field))
    )


@blp.get("/programmes")
@blp.arguments(ProgrammeArgs, location="query")
@blp.response(200, ProgrammePage)
@blp.doc(tags=["Program"], summary="Program tindak lanjut yang terlihat oleh Anda")
def programmes(args):
    query = _visible_programmes().order_by(Programme.due_on.asc().nulls_last(), Programme.id)
    if args.get("agency_id"):
        query = query.where(Programme.agency_id == args["agency_id"])
    if args.get("agreement_id"):
        query = query.where(Field.agreement_id == args["agreement_id"])
    if args.get("status"):
        query = query.where(Programme.status == args["status"])
    return payloads.paginate(query, args, payloads.programmes)


@blp.get("/programmes/<int:programme_id>")
@blp.response(200, ProgrammeSchema)
@blp.doc(tags=["Program"], summary="Satu program dengan realisasi dan kondisinya")
def programme(programme_id):
    item = payloads.get_visible(Programme, programme_id, current_user)
    return payloads.programmes([item])[0]


def _replay(slot, payload, model):
    """A repeated Idempotency-Key: the resource the first request created, not a second one."""
    db.session.rollback()
    item = db.session.get(model, slot.record_id) if slot.record_id else None
    if item is None:
        return error_response(409)
    return payload(item), 201, once.REPLAYED_HEADERS


def _programme_refused(error):
    return validation_error({k: [str(v)] for k, v in error.errors.items()})


@blp.post("/fields/<int:field_id>/programmes")
@blp.arguments(ProgrammeIn)
@blp.response(201, ProgrammeSchema)
@blp.doc(tags=["Program"], summary="Tambah program tindak lanjut pada satu bidang", **once.API_DOC)
def programme_add(data, field_id):
    from tracker.programs.services import ProgrammeError, create_programme

    field = payloads.get_visible(Field, field_id, current_user)
    if not permissions.can(current_user, permissions.ADD, field):
        abort(403)
    if current_user.role == "officer":
        data["agency_id"] = current_user.agency_id
    slot = once.claim_header("api.programme_add")
    if slot.replay:
        return _replay(slot, lambda item: payloads.programmes([item])[0], Programme)
    try:
        item = create_programme(field, data, current_user)
    except ProgrammeError as error:
        db.session.rollback()
        return _programme_refused(error)
    once.bind(slot, item)
    db.session.commit()
    return payloads.programmes([item])[0]


@blp.patch("/programmes/<int:programme_id>")
@blp.arguments(ProgrammeUpdate)
@blp.response(200, ProgrammeSchema)
@blp.doc(tags=["Program"], summary="Ubah program (kirim version agar tidak menimpa perubahan orang lain)")
def programme_edit(data, programme_id):
    from tracker.programs.services import ProgrammeError, change_status, update_programme

    item = payloads.get_visible(Programme, programme_id, current_user)
    if not permissions.can(current_user, permissions.EDIT, item):
        abort(403)
    version = data.pop("version", None)
    if version is not None and version != item.version:
        return error_response(409)
    status, note = data.pop("status", None), data.pop("status_note", item.status_note)
    current = {name: getattr(item, name) for name in ProgrammeIn().fields}
    current.update(data)
    try:
        update_programme(item, current, current_user)
        if status is not None and status != item.status:
            change_status(item, status, note, current_user)
        db.session.commit()
    except ProgrammeError as error:
        db.session.rollback()
        return _programme_refused(error)
    except StaleDataError:
        db.session.rollback()
        return error_response(409)
    return payloads.programmes([item])[0]


@blp.get("/programmes/<int:programme_id>/progress")
@blp.arguments(PageArgs, location="query")
@blp.response(200, ProgressPage)
@blp.doc(tags=["Kemajuan"], summary="Laporan kemajuan satu program, terbaru dahulu")
def progress_list(args, programme_id):
    payloads.get_visible(Programme, programme_id, current_user)
    query = (
        select(ProgressEntry)
        .where(ProgressEntry.programme_id == programme_id, ProgressEntry.archived_at.is_(None))
        .options(selectinload(ProgressEntry.attachments))
        .order_by(ProgressEntry.reported_on.desc(), ProgressEntry.id.desc())
    )
    return payloads.paginate(query, args, _entries)


def _entries(items: list[ProgressEntry]) -> list[dict]:
    result = []
    for entry in items:
        data = {c.key: getattr(entry, c.key) for c in ProgressEntry.__table__.columns}
        data["attachments"] = [a for a in entry.attachments if a.archived_at is None]
        result.append(data)
    return result


@blp.get("/progress/<int:entry_id>")
@blp.response(200, ProgressEntrySchema)
@blp.doc(tags=["Kemajuan"], summary="Satu laporan kemajuan")
def progress_entry(entry_id):
    return _entries([payloads.get_visible(ProgressEntry, entry_id, current_user)])[0]


@blp.post("/programmes/<int:programme_id>/progress")
@blp.arguments(ProgressIn, location="form")
@blp.arguments(EvidenceFiles, location="files")
@blp.response(201, ProgressEntrySchema)
@blp.doc(tags=["Kemajuan"], summary="Laporkan kemajuan, dengan berkas bukti (multipart/form-data)",
         **once.API_DOC)
def progress_add(data, uploads, programme_id):
    from tracker.attachments.services import UploadError
    from tracker.progress.services import create_entry

    item = payloads.get_visible(Programme, programme_id, current_user)
    if not permissions.can(current_user, permissions.ADD, item):
        abort(403)
    files = [f for f in uploads.get("files", []) if f and f.filename]
    slot = once.claim_header("api.progress_add")
    if slot.replay:
        return _replay(slot, lambda entry: _entries([entry])[0], ProgressEntry)
    try:
        entry = create_entry(item, user=current_user, files=files, **data)
        once.bind(slot, entry)
    except UploadError as error:
        db.session.rollback()
        return validation_error({"files": [error.message]})
    except ValueError as error:
        db.session.rollback()
        errors = getattr(error, "errors", None) or {"description": str(error)}
        return validation_error({k: [str(v)] for k, v in errors.items()})
    db.session.commit()
    return _entries([entry])[0]
