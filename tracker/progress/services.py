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
from tracker.progress import totals
from tracker.progress.models import ProgressEntry
from tracker.progress.outcome import outcome

FIELDS = ("reported_on", "description", "quantity", "location")
AUDITED = (*FIELDS, "over_target")


class ProgressError(ValueError):
    """Refused entry data; ``errors`` maps a form field name to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class OverTargetError(ProgressError):
    """The entry takes the realisation past the target and was not confirmed yet."""


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


def _over_target(programme: Programme, values: dict, confirmed: bool,
                 entry: ProgressEntry | None = None) -> bool:
    """Whether the entry goes past the target; refused until the officer confirms it."""
    result = outcome(programme, values["quantity"], entry)
    if result.over_target and not confirmed:
        raise OverTargetError({"quantity": _(
            "%(sentence)s Itu melebihi target. Jika jumlah ini memang ditambahkan, centang konfirmasi "
            "di bawah lalu kirim lagi; jika Anda menulis total berjalan, tulis hanya tambahannya.",
            sentence=result.sentence())})
    return result.over_target


def create_entry(programme: Programme, *, reported_on: date, description: str, quantity: Any,
                 location: str | None = None, user: Any, files: Iterable[Any] = (),
                 latitude: Any = None, longitude: Any = None, accuracy: Any = None,
                 confirm_over_target: bool = False) -> ProgressEntry:
    """Record progress with evidence; a planned programme becomes running (audited)."""
    ensure_live(programme)
    values = _clean(reported_on, description, quantity, location)
    values.update(_position(latitude, longitude, accuracy))
    values["over_target"] = _over_target(programme, values, confirm_over_target)
    checked = _check_all(files)
    entry = ProgressEntry(programme=programme, reported_by_id=getattr(user, "id", None), **values)
    db.session.add(entry)
    db.session.flush()
    audit.record("create", entry, audit.snapshot(entry, AUDITED), summary=programme.name, user=user)
    start_if_planned(programme, user)
    for upload in checked:
        attachments.save_checked(upload, progress_entry=entry, user=user)
    db.session.flush()
    totals.refresh(programme.id)
    return entry


def update_entry(entry: ProgressEntry, *, reported_on: date, description: str, quantity: Any,
                 location: str | None = None, user: Any, files: Iterable[Any] = (),
                 latitude: Any = None, longitude: Any = None, accuracy: Any = None,
                 confirm_over_target: bool = False) -> dict:
    """Correct an entry and add evidence; returns what changed."""
    ensure_live(entry)
    values = _clean(reported_on, description, quantity, location)
    values.update(_position(latitude, longitude, accuracy))
    values["over_target"] = _over_target(entry.programme, values, confirm_over_target, entry)
    checked = _check_all(files)
    changes = audit.apply_changes(entry, values)
    if changes:
        audit.record("update", entry, changes, summary=entry.programme.name, user=user)
    for upload in checked:
        attachments.save_checked(upload, progress_entry=entry, user=user)
    db.session.flush()
    if changes.keys() & {"quantity", "reported_on"}:
        totals.refresh(entry.programme_id)
    return changes


def archive_entry(entry: ProgressEntry, user: Any) -> None:
    """Take an entry out of the realisation; it stays in the history."""
    audit.archive(entry, entry.programme.name, user)
    totals.refresh(entry.programme_id)


def restore_entry(entry: ProgressEntry, user: Any) -> None:
    """Count an archived entry in the realisation again."""
    audit.restore(entry, entry.programme.name, user)
    totals.refresh(entry.programme_id)
