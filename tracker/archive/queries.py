"""What the Arsip page lists: every archived record the user may restore, newest archive first.

Each kind narrows exactly as ``permissions.can(user, EDIT, record)`` decides, so every row's
"Pulihkan" button works: agreements for the admins of a party in them, programmes and
their progress entries for the owning agency's officers and its Pemda's admins (in
agreements the user's party is in), agencies for the admins of their Pemda.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, String, false, func, literal, select, union_all
from sqlalchemy.orm import selectinload

from tracker.agreements.models import Agreement, AgreementParty, Field
from tracker.attachments.models import Attachment
from tracker.extensions import db
from tracker.parties.models import Agency
from tracker.permissions import agency_work_scope, agreement_scope
from tracker.programs.models import Programme
from tracker.progress.models import ProgressEntry

# Kinds are table names, so the audit page's RECORD_TYPES labels them.
MODELS = {"agreements": Agreement, "programmes": Programme, "progress_entries": ProgressEntry, "agencies": Agency,
          "attachments": Attachment}
LOADS = {
    "agreements": (selectinload(Agreement.parties).selectinload(AgreementParty.party),),
    "programmes": (selectinload(Programme.agency), selectinload(Programme.field).selectinload(Field.agreement)),
    "progress_entries": (selectinload(ProgressEntry.programme).selectinload(Programme.agency),),
    "agencies": (selectinload(Agency.party),),
    "attachments": (selectinload(Attachment.agreement),
                    selectinload(Attachment.progress_entry).selectinload(ProgressEntry.programme)),
}


@dataclass
class Archived:
    kind: str  # a key of MODELS
    record: Any
    archived_at: datetime


def _rows(kind: str, model) -> Select:
    return select(
        literal(kind, String).label("kind"), model.id.label("id"), model.archived_at.label("archived_at")
    ).where(model.archived_at.is_not(None))


def archived_rows(user) -> Select:
    """``(kind, id, archived_at)`` of what ``user`` may restore, newest archive first."""
    admin = user.role == "admin"
    in_agreements = Field.agreement_id.in_(select(Agreement.id).where(agreement_scope(user)))
    parts = [
        _rows("agreements", Agreement).where(agreement_scope(user) if admin else false()),
        _rows("programmes", Programme).join(Field, Programme.field_id == Field.id)
        .where(in_agreements, agency_work_scope(user)),
        _rows("progress_entries", ProgressEntry).join(Programme, ProgressEntry.programme_id == Programme.id)
        .join(Field, Programme.field_id == Field.id).where(in_agreements, agency_work_scope(user)),
        _rows("agencies", Agency).where(Agency.party_id == user.party_id if admin else false()),
        # Evidence of progress entries (as the entries), and an agreement's documents (its admins).
        _rows("attachments", Attachment).join(ProgressEntry, Attachment.progress_entry_id == ProgressEntry.id)
        .join(Programme, ProgressEntry.programme_id == Programme.id)
        .join(Field, Programme.field_id == Field.id).where(in_agreements, agency_work_scope(user)),
        _rows("attachments", Attachment).where(
            Attachment.agreement_id.in_(select(Agreement.id).where(agreement_scope(user))) if admin else false()),
    ]
    rows = union_all(*parts).subquery("archived")
    return select(rows.c.kind, rows.c.id, rows.c.archived_at).order_by(
        rows.c.archived_at.desc(), rows.c.kind, rows.c.id.desc())


def load_items(rows) -> list[Archived]:
    """The records behind ``(kind, id, archived_at)`` rows, one query per kind, in row order."""
    wanted: dict[str, list[int]] = {}
    for kind, record_id, _archived_at in rows:
        wanted.setdefault(kind, []).append(record_id)
    records = {}
    for kind, ids in wanted.items():
        model = MODELS[kind]
        for record in db.session.scalars(select(model).where(model.id.in_(ids)).options(*LOADS[kind])):
            records[kind, record.id] = record
    return [Archived(kind, records[kind, record_id], archived_at)
            for kind, record_id, archived_at in rows if (kind, record_id) in records]


class ArchivePage(Pagination):
    """One page of :func:`archived_rows` (``select=``), each row loaded as an :class:`Archived`."""

    def _query_items(self) -> list[Archived]:
        query = self._query_args["select"].limit(self.per_page).offset(self._query_offset)
        return load_items(db.session.execute(query).all())

    def _query_count(self) -> int:
        query = self._query_args["select"].order_by(None).subquery()
        return db.session.scalar(select(func.count()).select_from(query))
