"""Writing progress entries (laporan kemajuan) with their evidence, all or nothing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from tracker.attachments import services as attachments
from tracker.audit import services as audit
from tracker.core.archived import ensure_live
from tracker.core.clock import today
from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.programs.fields import MAX_QUANTITY
from tracker.programs.models import Programme
from tracker.programs.services import start_if_planned
from tracker.progress.models import ProgressEntry

FIELDS = ("reported_on", "description", "quantity", "location")


class ProgressError(ValueError):
    """Refused entry data; ``errors`` maps a form field name to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def _clean(reported_on: date | None, description: str | None, quantity: Any,
           location: str | None) -> dict:
    errors = {}
    description = (description or "").strip()
    if not description:
        errors["description"] = _("Wajib diisi.")
    if reported_on is None:
        errors["reported_on"] = _("Wajib diisi.")
    elif reported_on > today():
        errors["reported_on"] = _("Tanggal kegiatan tidak boleh di masa depan.")
    try:
        quantity = Decimal(str(quantity))
    except ArithmeticError:
        quantity = None
    if quantity is None or not quantity.is_finite() or not 0 <= quantity <= MAX_QUANTITY:
        errors["quantity"] = _("Tulis angka tidak negatif.")
    if errors:
        raise ProgressError(errors)
    location = (location or "").strip()[:300] or None
    return {"reported_on": reported_on, "description": description, "quantity": quantity,
            "location": location}


def _position(latitude: Any, longitude: Any, accuracy: Any) -> dict:
    """A GPS fix the phone shared, or nothing: a bad or partial position is dropped, not refused."""
    try:
        lat, lon = Decimal(str(latitude)), Decimal(str(longitude))
    except ArithmeticError:
        return {}
    if not (lat.is_finite() and lon.is_finite() and -90 <= lat <= 90 and -180 <= lon <= 180):
        return {}
    try:
        meters = max(0, min(int(float(accuracy)), 100_000))
    except (TypeError, ValueError):
        meters = None
    return {"latitude": lat.quantize(Decimal("0.000001")), "longitude": lon.quantize(Decimal("0.000001")),
            "position_accuracy_m": meters}


def _check_all(files: Iterable[Any]) -> list[attachments.CheckedFile]:
    """Check every file before anything is written: one refusal stores nothing."""
    return [attachments.check_upload(f) for f in files if getattr(f, "filename", None)]


def create_entry(programme: Programme, *, reported_on: date, description: str, quantity: Any,
                 location: str | None = None, user: Any, files: Iterable[Any] = (),
                 latitude: Any = None, longitude: Any = None, accuracy: Any = None) -> ProgressEntry:
    """Record progress with evidence; a planned programme becomes running (audited)."""
    ensure_live(programme)
    values = _clean(reported_on, description, quantity, location)
    values.update(_position(latitude, longitude, accuracy))
    checked = _check_all(files)
    entry = ProgressEntry(programme=programme, reported_by_id=getattr(user, "id", None), **values)
    db.session.add(entry)
    db.session.flush()
    audit.record("create", entry, audit.snapshot(entry, FIELDS), summary=programme.name, user=user)
    start_if_planned(programme, user)
    for upload in checked:
        attachments.save_checked(upload, progress_entry=entry, user=user)
    db.session.flush()
    return entry


def update_entry(entry: ProgressEntry, *, reported_on: date, description: str, quantity: Any,
                 location: str | None = None, user: Any, files: Iterable[Any] = (),
                 latitude: Any = None, longitude: Any = None, accuracy: Any = None) -> dict:
    """Correct an entry and add evidence; returns what changed."""
    ensure_live(entry)
    values = _clean(reported_on, description, quantity, location)
    values.update(_position(latitude, longitude, accuracy))
    checked = _check_all(files)
    changes = audit.apply_changes(entry, values)
    if changes:
        audit.record("update", entry, changes, summary=entry.programme.name, user=user)
    for upload in checked:
        attachments.save_checked(upload, progress_entry=entry, user=user)
    db.session.flush()
    return changes


def archive_entry(entry: ProgressEntry, user: Any) -> None:
    """Take an entry out of the realisation; it stays in the history."""
    audit.archive(entry, entry.programme.name, user)


def restore_entry(entry: ProgressEntry, user: Any) -> None:
    """Count an archived entry in the realisation again."""
    audit.restore(entry, entry.programme.name, user)
