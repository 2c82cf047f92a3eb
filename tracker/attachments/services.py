"""Storing uploads: checked by content and size, written atomically outside static."""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from tracker.attachments.detect import detect
from tracker.attachments.models import Attachment
from tracker.audit import services as audit
from tracker.core import inputs
from tracker.core.archived import ensure_live
from tracker.extensions import db
from tracker.i18n import gettext as _

PENDING_KEY = "tracker_written_uploads"


class UploadError(ValueError):
    """A refused upload; ``message`` is shown to the user (Indonesian by default)."""

    def __init__(self, message: str, filename: str | None = None):
        super().__init__(message)
        self.message = message
        self.filename = filename


@dataclass
class CheckedFile:
    """An upload that passed the checks, held in memory until it is written."""

    original_name: str
    extension: str
    content_type: str
    data: bytes
    sha256: str


def max_upload_bytes() -> int:
    return int(current_app.config.get("MAX_UPLOAD_MB", 10)) * 1024 * 1024


def allowed_kinds_text() -> str:
    return _("foto (JPEG, PNG, WebP, HEIC), PDF, dan dokumen Office (Word, Excel, PowerPoint)")


def clean_filename(name: str | None, extension: str | None = None) -> str:
    """A display/download name without paths, control or bidi characters, or quotes."""
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = inputs.clean_filename(name)  # U+202E would show "gpj.exe" as "exe.jpg"
    name = re.sub(r"[\x00-\x1f\x7f\"';<>`|*?:]", "", name).strip(" .") or "berkas"
    stem, dot, ext = name.rpartition(".")
    stem = (stem if dot else name)[:150]
    return f"{stem}.{extension or ext}" if (extension or dot) else stem


def check_upload(file_storage: Any) -> CheckedFile:
    """Read and check one upload (size, then type by content); raise UploadError."""
    name = clean_filename(getattr(file_storage, "filename", None))
    limit = max_upload_bytes()
    stream = file_storage.stream
    data = stream.read(limit + 1)
    try:
        stream.seek(0)
    except (AttributeError, OSError):
        pass
    if len(data) > limit:
        raise UploadError(
            _("Berkas %(name)s terlalu besar. Batas ukuran per berkas %(limit)s MB.",
              name=name, limit=current_app.config.get("MAX_UPLOAD_MB", 10)), name)
    if not data:
        raise UploadError(_("Berkas %(name)s kosong.", name=name), name)
    kind = detect(data)
    if kind is None:
        raise UploadError(
            _("Jenis berkas %(name)s tidak diizinkan. Yang diterima: %(kinds)s.",
              name=name, kinds=allowed_kinds_text()), name)
    extension, mime = kind
    return CheckedFile(clean_filename(name, extension), extension, mime, data,
                       hashlib.sha256(data).hexdigest())


def upload_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


def path_of(attachment: Attachment) -> Path:
    return upload_folder() / attachment.stored_name


def _write_atomically(data: bytes, target: Path) -> None:
    """Temp file in the same folder, fsync, rename: readers never see half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".upload-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def save_checked(
    checked: CheckedFile, *, agreement: Any = None, progress_entry: Any = None, user: Any = None
) -> Attachment:
    """Write a checked upload under a random name and record it (audited, flushed)."""
    stored_name = f"{secrets.token_hex(16)}.{checked.extension}"
    target = upload_folder() / stored_name
    try:
        _write_atomically(checked.data, target)
    except OSError as error:
        current_app.logger.error("Could not store upload %s: %s", checked.original_name, error)
        raise UploadError(
            _("Berkas %(name)s tidak dapat disimpan di server. Coba lagi nanti.",
              name=checked.original_name), checked.original_name) from error
    # Deleted again if the transaction rolls back, so no orphan file stays behind.
    db.session.info.setdefault(PENDING_KEY, []).append(target)
    attachment = Attachment(
        agreement=agreement,
        progress_entry=progress_entry,
        original_name=checked.original_name,
        stored_name=stored_name,
        content_type=checked.content_type,
        size_bytes=len(checked.data),
        sha256=checked.sha256,
        uploaded_by_id=getattr(user, "id", None),
    )
    db.session.add(attachment)
    audit.record("create", attachment, audit.snapshot(
        attachment, ("original_name", "content_type", "size_bytes", "sha256")),
        summary=checked.original_name, user=user)
    return attachment


def store_upload(file_storage: Any, *, agreement: Any = None, progress_entry: Any = None,
                 user: Any = None) -> Attachment:
    """Check one upload and store it for an agreement or a progress entry."""
    if (agreement is None) == (progress_entry is None):
        raise ValueError("an attachment belongs to exactly one agreement or progress entry")
    ensure_live(agreement or progress_entry)
    return save_checked(check_upload(file_storage), agreement=agreement,
                        progress_entry=progress_entry, user=user)


def archive_attachment(attachment: Attachment, user: Any = None) -> None:
    """Hide an attachment from pages; the bytes stay for the record (audited)."""
    audit.archive(attachment, attachment.original_name, user)


def restore_attachment(attachment: Attachment, user: Any = None) -> None:
    """Show an archived attachment with its record again (audited)."""
    audit.restore(attachment, attachment.original_name, user)


def discard_written(paths: list[Path]) -> None:
    for path in paths:
        Path(path).unlink(missing_ok=True)


@event.listens_for(Session, "after_commit")
def _forget_written(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)


@event.listens_for(Session, "after_soft_rollback")
def _remove_written(session: Session, previous_transaction) -> None:
    if getattr(previous_transaction, "nested", False):
        return  # a savepoint rolled back; the outer transaction may still commit the files
    discard_written(session.info.pop(PENDING_KEY, []))
