"""Serving and archiving uploaded files, only to users allowed to see their record."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, send_file, url_for
from flask_login import current_user, login_required

from tracker import permissions
from tracker.archive.restoring import restore_and_redirect
from tracker.attachments import services, thumbnails
from tracker.attachments.models import Attachment
from tracker.extensions import db
from tracker.i18n import gettext as _

bp = Blueprint("attachments", __name__, url_prefix="/attachments")


@bp.app_context_processor
def _thumbnail_types() -> dict:
    """Which evidence pages show as pictures (the progress entries' thumbnails)."""
    return {"thumbnail_types": sorted(thumbnails.IMAGE_TYPES)}


def _visible_or_404(attachment_id: int) -> Attachment:
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or not permissions.can(current_user, permissions.VIEW, attachment):
        abort(404)
    return attachment


def owner_url(attachment: Attachment) -> str:
    """The page an attachment is shown on (progress entry's programme, or its agreement)."""
    if attachment.progress_entry is not None:
        return url_for("programs.detail", programme_id=attachment.progress_entry.programme_id)
    if "agreements.detail" in current_app.view_functions:
        return url_for("agreements.detail", agreement_id=attachment.agreement_id)
    return url_for("agreements.list")


@bp.route("/<int:attachment_id>")
@login_required
def download(attachment_id: int):
    attachment = _visible_or_404(attachment_id)
    path = services.path_of(attachment)
    if attachment.archived_at is not None or not path.is_file():
        abort(404)
    response = send_file(
        path,
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=services.clean_filename(attachment.original_name),
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _shown_or_404(attachment_id: int) -> Attachment:
    """A visible, not archived picture: the same checks as the file itself."""
    attachment = _visible_or_404(attachment_id)
    if attachment.archived_at is not None or not thumbnails.has_thumbnail(attachment):
        abort(404)
    return attachment


@bp.route("/<int:attachment_id>/thumbnail/<any(small, large):size>.jpg")
@login_required
def thumbnail(attachment_id: int, size: str):
    """The photo shrunk by the server: upright, without EXIF."""
    path = thumbnails.thumbnail_of(_shown_or_404(attachment_id), size)
    if path is None:
        abort(404)
    response = send_file(path, mimetype="image/jpeg", max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Private: a shared cache must not hand one Pemda's evidence to another.
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


@bp.route("/<int:attachment_id>/view")
@login_required
def view(attachment_id: int):
    """A page with the photo large, a link back to its record and to the original file."""
    attachment = _shown_or_404(attachment_id)
    return render_template("attachments/view.html", attachment=attachment, back=owner_url(attachment))


@bp.route("/<int:attachment_id>/archive", methods=["POST"])
@login_required
def archive(attachment_id: int):
    attachment = _visible_or_404(attachment_id)
    if not permissions.can(current_user, permissions.EDIT, attachment):
        abort(403)
    services.archive_attachment(attachment, user=current_user)
    db.session.commit()
    flash(_("Berkas %(name)s diarsipkan.", name=attachment.original_name), "success")
    return redirect(owner_url(attachment))


@bp.route("/<int:attachment_id>/restore", methods=["POST"])
@login_required
def restore(attachment_id: int):
    attachment = _visible_or_404(attachment_id)
    if not permissions.can(current_user, permissions.EDIT, attachment):
        abort(403)
    done = _("Berkas %(name)s dipulihkan.", name=attachment.original_name)
    return restore_and_redirect(services.restore_attachment, attachment, done, owner_url(attachment))
