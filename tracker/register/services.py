"""Writes to the register: an agreement gets the next number of its Pemda's year, audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from tracker.agreements.models import Agreement
from tracker.audit import services as audit
from tracker.core.clock import today as clock_today
from tracker.extensions import db
from tracker.register.models import RegisterEntry


def entry_of(party_id: int, agreement_id: int) -> RegisterEntry | None:
    return db.session.scalar(select(RegisterEntry).where(RegisterEntry.party_id == party_id,
                                                         RegisterEntry.agreement_id == agreement_id))


def record(agreement: Agreement, party_id: int, user: Any, original_location: str | None = None,
           notes: str | None = None, registered_on: date | None = None) -> RegisterEntry:
    """Enter ``agreement`` in the party's register (next number of the year), or update its keeping."""
    entry = entry_of(party_id, agreement.id)
    values = {"original_location": (original_location or "").strip() or None, "notes": (notes or "").strip() or None}
    if entry is not None:
        changes = audit.apply_changes(entry, values)
        db.session.flush()
        if changes:
            audit.record("update", entry, changes, summary=agreement.title, user=user)
        return entry
    registered_on = registered_on or clock_today()
    year = registered_on.year
    number = (db.session.scalar(select(func.max(RegisterEntry.number)).where(
        RegisterEntry.party_id == party_id, RegisterEntry.year == year)) or 0) + 1
    entry = RegisterEntry(party_id=party_id, agreement_id=agreement.id, year=year, number=number,
                          registered_on=registered_on, **values)
    db.session.add(entry)
    db.session.flush()
    audit.record("register", entry, audit.snapshot(entry, ("number", "registered_on", "original_location")),
                 summary=f"{entry.label} {agreement.title}", user=user)
    return entry
