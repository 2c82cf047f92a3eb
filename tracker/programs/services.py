"""Writing programmes: validate, audit, flush; the caller commits."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select

from tracker import permissions
from tracker.agreements.models import Field, Responsibility
from tracker.audit import services as audit
from tracker.core.archived import ensure_live
from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.parties.models import Agency
from tracker.programs import targets
from tracker.programs.models import FUNDING_SOURCES, PROGRAMME_STATUSES, Programme

FIELDS = ("name", "description", "agency_id", "indicator", "unit", "baseline", "target",
          "budget", "funding_source", "start_on", "due_on")


class ProgrammeError(ValueError):
    """Refused programme data; ``errors`` maps a form field name to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def agency_choices(field: Field, user: Any) -> list[Agency]:
    """Agencies the user may pick as owner: responsible ones of its Pemda first."""
    if user.role == "officer":
        return [user.agency] if user.agency is not None else []
    if user.role != "admin":
        return []
    responsible = set(db.session.scalars(
        select(Responsibility.agency_id).where(Responsibility.field_id == field.id)))
    agencies = db.session.scalars(
        select(Agency).where(Agency.party_id == user.party_id, Agency.archived_at.is_(None))
        .order_by(Agency.name))
    return sorted(agencies, key=lambda agency: agency.id not in responsible)


def _clean(data: dict, user: Any) -> dict:
    """Normalise and check values; raise ProgrammeError with per-field messages."""
    values = {name: data.get(name) for name in FIELDS}
    errors = {}
    for name in ("name", "indicator", "unit"):
        values[name] = (values[name] or "").strip()
        if not values[name]:
            errors[name] = _("Wajib diisi.")
    values["description"] = (values["description"] or "").strip() or None
    values["baseline"] = Decimal(values["baseline"] or 0)
    if values["target"] is None or Decimal(values["target"]) <= 0:
        errors["target"] = _("Target harus lebih dari nol.")
    values["budget"] = int(values["budget"] or 0)
    if values["baseline"] < 0:
        errors["baseline"] = _("Nilai tidak boleh negatif.")
    if values["budget"] < 0:
        errors["budget"] = _("Nilai tidak boleh negatif.")
    if values["funding_source"] not in FUNDING_SOURCES:
        errors["funding_source"] = _("Pilih salah satu sumber dana.")
    if values["start_on"] and values["due_on"] and values["due_on"] < values["start_on"]:
        errors["due_on"] = _("Tenggat tidak boleh sebelum tanggal mulai.")
    agency = db.session.get(Agency, values["agency_id"]) if values["agency_id"] else None
    if agency is None or not permissions.may_pick_agency(user, agency):
        errors["agency_id"] = _("Anda hanya dapat memilih perangkat daerah Anda sendiri.")
    if errors:
        raise ProgrammeError(errors)
    values["target"] = Decimal(values["target"])
    return values


def create_programme(field: Field, data: dict, user: Any) -> Programme:
    """Create a programme under ``field`` (status planned), audited."""
    ensure_live(field)
    values = _clean(data, user)
    programme = Programme(field=field, status="planned", **values)
    db.session.add(programme)
    db.session.flush()
    audit.record("create", programme, audit.snapshot(programme, FIELDS), summary=programme.name,
                 user=user)
    return programme


def update_programme(programme: Programme, data: dict, user: Any) -> dict:
    """Apply edited values; returns what changed (audited when anything did).

    An officer's new target, baseline or unit is proposed for approval instead (programs.targets)."""
    ensure_live(programme)
    values = _clean(data, user)
    held = targets.hold_back(programme, values, user)
    changes = audit.apply_changes(programme, values)
    if changes:
        audit.record("update", programme, changes, summary=programme.name, user=user)
        db.session.flush()
    targets.propose(programme, held, user)
    return changes


def change_status(programme: Programme, status: str, note: str | None, user: Any) -> dict:
    """Record a status decision with its note."""
    ensure_live(programme)
    if status not in PROGRAMME_STATUSES:
        raise ProgrammeError({"status": _("Status tidak dikenal.")})
    note = (note or "").strip() or None
    if status == "cancelled" and not note:
        raise ProgrammeError({"note": _("Tuliskan alasan pembatalan.")})
    changes = audit.apply_changes(programme, {"status": status, "status_note": note})
    if changes:
        audit.record("update", programme, changes, summary=note, user=user)
        db.session.flush()
    return changes


def start_if_planned(programme: Programme, user: Any) -> None:
    """The first progress report means the programme is under way."""
    if programme.status == "planned":
        changes = audit.apply_changes(programme, {"status": "running"})
        audit.record("update", programme, changes, summary=_("Laporan kemajuan pertama"), user=user)


def archive_programme(programme: Programme, user: Any) -> None:
    """Hide a programme from lists and counts; its history stays."""
    audit.archive(programme, programme.name, user)


def restore_programme(programme: Programme, user: Any) -> None:
    """Bring an archived programme back into lists and counts."""
    audit.restore(programme, programme.name, user)
