"""Programme pages: list, add under a field, detail, edit, status, archive."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError
from wtforms.fields.choices import SelectChoice

from tracker import labels, permissions
from tracker.agreements.chain import programme_warning
from tracker.agreements.models import Agreement, Field
from tracker.archive.restoring import restore_and_redirect
from tracker.audit.queries import history_for
from tracker.core import cache as page_cache
from tracker.core.archived import ensure_live
from tracker.core.clock import today
from tracker.core.inputs import page_number, query_id
from tracker.core.locking import is_stale, take_conflict
from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.i18n import lazy_gettext as _l
from tracker.idempotency import web as once
from tracker.programs import queries, services, targets
from tracker.programs.forms import ArchiveForm, ProgrammeForm, StatusForm
from tracker.programs.models import PROGRAMME_STATUSES, Programme
from tracker.programs.status import HEALTHS
from tracker.reports.exports import programmes_csv

bp = Blueprint("programs", __name__)


def agreement_url(agreement_id: int) -> str:
    """Link to the agreement page (falls back to the list while it does not exist)."""
    if "agreements.detail" in current_app.view_functions:
        return url_for("agreements.detail", agreement_id=agreement_id)
    return url_for("agreements.list")


def load(model, record_id: int, action: str = permissions.VIEW, *, archived: bool = False, options=()):
    """The record, 404 when the user may not see it, 403 when it may not ``action`` it.

    An archived record takes no change (404) unless ``archived``: restoring it.
    """
    record = db.session.get(model, record_id, options=[*options])
    if record is None or not permissions.can(current_user, permissions.VIEW, record):
        abort(404)
    if action != permissions.VIEW:
        if getattr(record, "archived_at", None) is not None and not archived:
            abort(404)
        if not archived:  # what it sits in is archived: read-only until restored
            ensure_live(record.agreement if isinstance(record, Field) else getattr(record, "field", None)
                        or getattr(record, "programme", None))
        if not permissions.can(current_user, action, record):
            abort(403)
    return record


def _fill_choices(form: ProgrammeForm, field: Field, programme: Programme | None = None) -> None:
    agencies = services.agency_choices(field, current_user)
    if programme is not None and programme.agency not in agencies:
        agencies.insert(0, programme.agency)  # the current owner stays selectable
    form.agency_id.choices = [SelectChoice(agency.id, agency.name) for agency in agencies]


def _apply_service_errors(form, error: services.ProgrammeError) -> None:
    for name, message in error.errors.items():
        getattr(form, name, form.name).errors = [*getattr(form, name, form.name).errors, message]


@bp.route("/programmes/")
@login_required
def list():
    args = request.args
    filters = {key: query_id(key) for key in ("agency_id", "field_id", "agreement_id")}
    status = args.get("status") if args.get("status") in PROGRAMME_STATUSES else None
    health = args.get("health") if args.get("health") in HEALTHS else None
    rows = queries.listed_rows(current_user, today(), status=status, health=health, **filters)
    if args.get("format") == "csv":  # the filtered rows, every page
        return programmes_csv(rows)
    size = current_app.config.get("PAGE_SIZE", 20)
    pages = max(1, -(-len(rows) // size))
    page = min(page_number(), pages)
    agencies = sorted({p.agency for p in db.session.scalars(
        queries.visible_programmes(current_user))}, key=lambda a: a.name)
    return render_template(
        "programs/list.html", rows=rows[(page - 1) * size: page * size], total=len(rows),
        page=page, pages=pages, agencies=agencies, filters=filters, status=status, health=health,
        statuses=PROGRAMME_STATUSES, healths=HEALTHS)


SAVED = _l("Program ini sudah tersimpan.")


def _programme_url(programme_id: int) -> str:
    return url_for(".detail", programme_id=programme_id)


@bp.route("/fields/<int:field_id>/programmes/add", methods=["GET", "POST"])
@login_required
def add(field_id: int):
    field = load(Field, field_id, permissions.ADD)
    form = ProgrammeForm()
    _fill_choices(form, field)
    if request.method == "GET" and current_user.agency_id:
        form.agency_id.data = current_user.agency_id
    if request.method == "POST" and (done := once.replay_form("programs.add", _programme_url, SAVED)):
        return done
    if form.validate_on_submit():
        slot = once.claim_form("programs.add")
        if slot.replay:
            return once.replayed(slot, _programme_url, SAVED)
        try:
            programme = services.create_programme(field, form.data_for_service(), current_user)
        except services.ProgrammeError as error:
            db.session.rollback()
            _apply_service_errors(form, error)
        else:
            once.bind(slot, programme)
            db.session.commit()
            flash(_("Program %(name)s tersimpan.", name=programme.name), "success")
            return redirect(url_for(".detail", programme_id=programme.id))
    return render_template("programs/form.html", form=form, field=field, programme=None,
                           agreement_url=agreement_url(field.agreement_id))


@bp.route("/programmes/<int:programme_id>")
@login_required
def detail(programme_id: int):
    page_cache.version()  # before any data is read: a write from now on gives a new version
    now = today()
    title, body = page_cache.page("programme", current_user, (programme_id, now),
                                  lambda: _detail_page(programme_id, now))
    return render_template("_partials/page.html", page_title=title, body=body)


def _detail_page(programme_id: int, now) -> tuple[str, str]:
    """Title and body of the page (404 when the user may not see it)."""
    # What the permission check reads (field, agreement, parties) in the same statement.
    programme = load(Programme, programme_id, options=[
        joinedload(Programme.field).joinedload(Field.agreement).joinedload(Agreement.parties),
        joinedload(Programme.agency)])
    (_, realised, percent, health, last), = queries.summaries([programme], now)
    status_form = StatusForm(status=programme.status, note=programme.status_note,
                             version=programme.version)
    return programme.name, render_template(
        "programs/detail.html", programme=programme, realised=realised, percent=percent,
        health=health, last_progress_on=last, status_form=status_form, archive_form=ArchiveForm(),
        entries=programme.live_entries, history=history_for(programme),
        pending_targets=targets.pending(programme), date_warning=programme_warning(programme),
        agreement_url=agreement_url(programme.field.agreement_id))


@bp.route("/programmes/<int:programme_id>/edit", methods=["GET", "POST"])
@login_required
def edit(programme_id: int):
    programme = load(Programme, programme_id, permissions.EDIT)
    form = ProgrammeForm(obj=programme)
    _fill_choices(form, programme.field, programme)
    if request.method == "GET":
        form.version.data = programme.version
    conflict_rows = None
    if form.validate_on_submit():
        if is_stale(programme, request.form.get("version")):
            conflict_rows = take_conflict(form, programme, services.FIELDS)
        else:
            try:
                services.update_programme(programme, form.data_for_service(), current_user)
                db.session.commit()
            except services.ProgrammeError as error:
                _apply_service_errors(form, error)
            except StaleDataError:
                db.session.rollback()
                flash(_("Data ini baru saja diubah oleh orang lain. Muat ulang lalu coba lagi."), "warning")
            else:
                flash(_("Perubahan tersimpan."), "success")
                if targets.pending(programme):
                    flash(_("Perubahan target, kondisi awal atau satuan menunggu persetujuan koordinator; "
                            "sampai disetujui, angka memakai nilai lama."), "info")
                return redirect(url_for(".detail", programme_id=programme.id))
    return render_template("programs/form.html", form=form, field=programme.field,
                           programme=programme, conflict_rows=conflict_rows,
                           agreement_url=agreement_url(programme.field.agreement_id))


@bp.route("/programmes/<int:programme_id>/status", methods=["POST"])
@login_required
def status(programme_id: int):
    programme = load(Programme, programme_id, permissions.EDIT)
    form = StatusForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(errors), "danger")
    elif is_stale(programme, request.form.get("version")):
        flash(_("Data ini baru saja diubah oleh orang lain. Periksa lalu ubah status lagi."), "warning")
    else:
        try:
            services.change_status(programme, form.status.data, form.note.data, current_user)
        except services.ProgrammeError as error:
            flash(" ".join(error.errors.values()), "danger")
            return redirect(url_for(".detail", programme_id=programme.id))
        db.session.commit()
        flash(_("Status program: %(status)s.",
                status=labels.label(labels.PROGRAMME_STATUS, programme.status)), "success")
    return redirect(url_for(".detail", programme_id=programme.id))


@bp.route("/programmes/<int:programme_id>/archive", methods=["POST"])
@login_required
def archive(programme_id: int):
    programme = load(Programme, programme_id, permissions.EDIT)
    if ArchiveForm().validate_on_submit():
        services.archive_programme(programme, current_user)
        db.session.commit()
        flash(_("Program %(name)s diarsipkan.", name=programme.name), "success")
    return redirect(agreement_url(programme.field.agreement_id))


@bp.route("/programmes/<int:programme_id>/restore", methods=["POST"])
@login_required
def restore(programme_id: int):
    programme = load(Programme, programme_id, permissions.EDIT, archived=True)
    done = _("Program %(name)s dipulihkan.", name=programme.name)
    if programme.field.agreement.archived_at is not None:
        done += " " + _("Naskahnya masih diarsipkan, jadi program ini belum tampil di daftar "
                        "sampai naskah itu dipulihkan.")
    elif programme.field.archived_at is not None:
        done += " " + _("Bidangnya sudah dihapus dari naskah, jadi program ini tidak tampil di daftar.")
    return restore_and_redirect(services.restore_programme, programme, done,
                                url_for(".detail", programme_id=programme_id))
