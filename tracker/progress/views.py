"""Reporting progress ("Laporkan kemajuan"), correcting and archiving entries."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import RequestEntityTooLarge

from tracker import permissions
from tracker.archive.restoring import restore_and_redirect
from tracker.attachments.services import UploadError
from tracker.core.locking import is_stale, take_conflict
from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.idempotency import web as once
from tracker.offline import replies
from tracker.programs.models import Programme
from tracker.programs.views import agreement_url, load
from tracker.progress import services
from tracker.progress.forms import ACCEPT, ProgressForm, chosen_files
from tracker.progress.models import ProgressEntry
from tracker.progress.outcome import outcome, realised_without
from tracker.publication import services as publication

bp = Blueprint("progress", __name__)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """The whole request is over MAX_CONTENT_LENGTH: back to the form with a message."""
    total = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    flash(_("Ukuran seluruh berkas yang dikirim melebihi %(total)s MB. Setiap berkas paling besar "
            "%(limit)s MB; kirim sebagian berkas, lalu tambahkan sisanya lewat tombol Ubah.",
            total=total, limit=current_app.config["MAX_UPLOAD_MB"]), "danger")
    return redirect(request.path, code=303)


def _form_errors(form, error: Exception) -> None:
    if isinstance(error, services.OverTargetError):
        form.confirm_over_target.errors = [_("Centang ini untuk mengirim laporan yang melebihi target.")]
    if isinstance(error, UploadError):
        form.files.errors = [*form.files.errors, error.message,
                             _("Pilih ulang berkas yang ingin dikirim; isian lain tetap tersimpan di formulir.")]
    else:
        for name, message in error.errors.items():
            getattr(form, name).errors = [*getattr(form, name).errors, message]


def _values(form) -> dict:
    return {"reported_on": form.reported_on.data, "description": form.description.data,
            "quantity": form.quantity.data, "location": form.location.data,
            "files": chosen_files(form.files), "user": current_user,
            "latitude": form.latitude.data, "longitude": form.longitude.data, "accuracy": form.accuracy.data,
            "confirm_over_target": bool(form.confirm_over_target.data)}


def _render(form, programme, entry=None, conflict_rows=None):
    before = realised_without(programme, entry)
    typed = outcome(programme, form.quantity.data, entry) if form.quantity.data is not None else None
    return render_template(
        "progress/form.html", form=form, programme=programme, entry=entry,
        conflict_rows=conflict_rows, accept=ACCEPT, field=programme.field,
        realised_before=before, outcome=typed if request.method == "POST" else None,
        ask_over_target=bool(form.confirm_over_target.errors or form.confirm_over_target.data),
        max_bytes=current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024,
        max_total=current_app.config["MAX_CONTENT_LENGTH"],
        agreement_url=agreement_url(programme.field.agreement_id))


def _entry_url(entry_id: int) -> str:
    entry = db.session.get(ProgressEntry, entry_id)
    if entry is None:
        return url_for("dashboards.officer")
    return url_for("programs.detail", programme_id=entry.programme_id, _anchor=f"entry-{entry_id}")


@bp.route("/programmes/<int:programme_id>/progress/add", methods=["GET", "POST"])
@login_required
def add(programme_id: int):
    programme = load(Programme, programme_id, permissions.ADD)
    form = ProgressForm()
    if request.method == "POST" and (done := once.replay_form("progress.add", _entry_url)):
        return done
    if form.validate_on_submit():
        slot = once.claim_form("progress.add")
        if slot.replay:
            return once.replayed(slot, _entry_url)
        try:
            entry = services.create_entry(programme, **_values(form))
            once.bind(slot, entry)
            publication.set_public_photos(entry, form.public_photo.data, current_user)
            db.session.commit()
        except (UploadError, services.ProgressError) as error:
            db.session.rollback()
            _form_errors(form, error)
        else:
            flash(_("Laporan kemajuan tersimpan. Terima kasih!"), "success")
            return once.created(_entry_url(entry.id))
    return replies.refused(form) or _render(form, programme)


@bp.route("/progress/<int:entry_id>/edit", methods=["GET", "POST"])
@login_required
def edit(entry_id: int):
    entry = load(ProgressEntry, entry_id, permissions.EDIT)
    form = ProgressForm(obj=entry)
    if request.method == "GET":
        form.version.data = entry.version
        form.public_photo.data = publication.entry_photos_public(entry)
    conflict_rows = None
    if form.validate_on_submit():
        if is_stale(entry, request.form.get("version")):
            conflict_rows = take_conflict(form, entry, services.FIELDS)
            return _render(form, entry.programme, entry, conflict_rows)
        try:
            services.update_entry(entry, **_values(form))
            publication.set_public_photos(entry, form.public_photo.data, current_user)
            db.session.commit()
        except (UploadError, services.ProgressError) as error:
            db.session.rollback()
            _form_errors(form, error)
        except StaleDataError:
            db.session.rollback()
            flash(_("Data ini baru saja diubah oleh orang lain. Muat ulang lalu coba lagi."), "warning")
        else:
            flash(_("Laporan kemajuan diperbarui."), "success")
            return redirect(url_for("programs.detail", programme_id=entry.programme_id,
                                    _anchor=f"entry-{entry.id}"))
    return _render(form, entry.programme, entry, conflict_rows)


@bp.route("/progress/<int:entry_id>/archive", methods=["POST"])
@login_required
def archive(entry_id: int):
    entry = load(ProgressEntry, entry_id, permissions.EDIT)
    services.archive_entry(entry, current_user)
    db.session.commit()
    flash(_("Laporan kemajuan diarsipkan."), "success")
    return redirect(url_for("programs.detail", programme_id=entry.programme_id))


@bp.route("/progress/<int:entry_id>/restore", methods=["POST"])
@login_required
def restore(entry_id: int):
    entry = load(ProgressEntry, entry_id, permissions.EDIT, archived=True)
    done = _("Laporan kemajuan dipulihkan.")
    if entry.programme.archived_at is not None:
        done += " " + _("Programnya masih diarsipkan; pulihkan program itu agar laporan ini dihitung lagi.")
    return restore_and_redirect(services.restore_entry, entry, done,
                                url_for("programs.detail", programme_id=entry.programme_id,
                                        _anchor=f"entry-{entry.id}"))
