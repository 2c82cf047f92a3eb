"""Bulk import (admin): upload → preview every row with its errors → confirm, all or nothing."""

from __future__ import annotations

import secrets
import time
import zipfile
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SubmitField

from tracker.core.forms import FlaskForm
from tracker.extensions import db
from tracker.i18n import format_number
from tracker.i18n import gettext as _
from tracker.i18n import lazy_gettext as _l
from tracker.idempotency import web as once
from tracker.idempotency.forms import OnceMixin
from tracker.imports import limits, services, sheets
from tracker.imports.template import template_workbook

bp = Blueprint("imports", __name__, url_prefix="/import")
SESSION_KEY = "import_upload"
KEEP_SECONDS = 24 * 3600


class UploadForm(FlaskForm):
    file = FileField(_l("Berkas Excel atau CSV"), validators=[
        FileRequired(_l("Pilih berkas .xlsx atau .csv.")),
        FileAllowed(["xlsx", "csv"], _l("Hanya berkas .xlsx atau .csv yang dapat diimpor."))])
    submit = SubmitField(_l("Unggah dan pratinjau"))


class ConfirmForm(OnceMixin, FlaskForm):
    """Only the CSRF token and the one-time key."""


@bp.before_request
@login_required
def admins_only():
    if current_user.role != "admin":
        abort(403)


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():  # uploads nobody confirmed are not kept
        if old.stat().st_mtime < time.time() - KEEP_SECONDS:
            old.unlink(missing_ok=True)
    return folder


def _stored() -> Path | None:
    info = session.get(SESSION_KEY) or {}
    if not info.get("id") or info.get("user_id") != current_user.id:
        return None
    path = _folder() / f"{info['id']}{info['ext']}"
    return path if path.exists() else None


def _read(path: Path):
    try:
        rows = sheets.read_file(path)
    except Exception:  # noqa: BLE001  (any unreadable file gets the same plain answer)
        current_app.logger.info("Unreadable import file %s", path.name)
        return None, None
    return rows, services.check(rows, current_user)


def _within_row_cap(form: UploadForm, saved: Path) -> bool:
    """Refuse (and drop) an upload over IMPORT_MAX_ROWS before any of it is parsed."""
    limit = limits.max_rows(current_app.config)
    try:
        count = limits.row_count(saved)
    except (OSError, KeyError, zipfile.BadZipFile):
        return True  # not a workbook after all: reading it says so in the usual way
    if count <= limit:
        return True
    saved.unlink(missing_ok=True)
    form.file.errors = [_("Berkas memuat %(count)s baris, lebih dari batas %(limit)s baris per impor. "
                          "Bagi menjadi beberapa berkas lalu unggah satu per satu.",
                          count=format_number(count), limit=format_number(limit))]
    return False


@bp.route("/", methods=["GET", "POST"])
@login_required
def upload():
    form = UploadForm()
    if form.validate_on_submit():
        ext = Path(form.file.data.filename or "").suffix.lower()
        upload_id = secrets.token_hex(16)
        saved = _folder() / f"{upload_id}{ext}"
        form.file.data.save(saved)
        if not _within_row_cap(form, saved):
            return render_template("imports/upload.html", form=form), 400
        session[SESSION_KEY] = {"id": upload_id, "ext": ext, "user_id": current_user.id,
                                "name": form.file.data.filename[:200]}
        return redirect(url_for("imports.preview"))
    return render_template("imports/upload.html", form=form)


@bp.get("/preview")
@login_required
def preview():
    path = _stored()
    if path is None:
        flash(_("Unggah berkas terlebih dahulu."), "warning")
        return redirect(url_for("imports.upload"))
    rows, _ctx = _read(path)
    if rows is None:
        flash(_("Berkas tidak dapat dibaca. Pakai templat .xlsx atau CSV dengan baris judul kolom."), "danger")
        return redirect(url_for("imports.upload"))
    bad = [r for r in rows if r.errors]
    return render_template("imports/preview.html", rows=rows, bad=bad, form=ConfirmForm(),
                           name=session[SESSION_KEY]["name"])


def _imported(_record_id: int) -> str:
    return url_for("agreements.list")


@bp.post("/confirm")
@login_required
def confirm():
    if done := once.replay_form("imports.confirm", _imported, _l("Impor ini sudah tersimpan.")):
        return done
    form, path = ConfirmForm(), _stored()
    if not form.validate_on_submit() or path is None:
        flash(_("Unggah berkas terlebih dahulu."), "warning")
        return redirect(url_for("imports.upload"))
    rows, ctx = _read(path)
    if rows is None or not rows or any(r.errors for r in rows):
        flash(_("Masih ada baris bermasalah; tidak ada yang disimpan."), "danger")
        return redirect(url_for("imports.preview"))
    slot = once.claim_form("imports.confirm")
    if slot.replay:
        return once.replayed(slot, _imported, _l("Impor ini sudah tersimpan."))
    try:
        counts = services.apply(rows, ctx)
        once.bind(slot, record_type="import")
        db.session.commit()
    except Exception:
        db.session.rollback()
        current_app.logger.exception("Import failed; nothing was stored")
        flash(_("Impor gagal dan tidak ada yang disimpan. Periksa berkas lalu coba lagi."), "danger")
        return redirect(url_for("imports.preview"))
    path.unlink(missing_ok=True)
    session.pop(SESSION_KEY, None)
    flash(_("Impor selesai: %(created)s data baru, %(updated)s diperbarui.",
            created=counts["create"], updated=counts["update"]), "success")
    return redirect(url_for("agreements.list"))


@bp.get("/template.xlsx")
@login_required
def template():
    return template_workbook(current_user), 200, {
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": 'attachment; filename="templat-impor-sinergi.xlsx"'}
