"""Approved targets: an officer's change of target, baseline or unit waits for its coordinator.

The change is a consent request (kind "programme_targets") decided by the coordinators of the
programme's agency's party; until they accept, the programme keeps its approved values, so every
figure reads them. A coordinator's own edit takes effect at once.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tracker.audit import services as audit
from tracker.consent import services as consent
from tracker.consent.models import ChangeRequest
from tracker.extensions import db
from tracker.i18n import format_number
from tracker.i18n import gettext as _
from tracker.i18n import lazy_gettext as _l
from tracker.programs.models import Programme

KIND = "programme_targets"
TARGET_FIELDS = ("target", "baseline", "unit")


def _text(value: Any) -> str:
    return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)


def _value(name: str, text: str):
    return text if name == "unit" else Decimal(text)


def hold_back(programme: Programme, values: dict, user: Any) -> dict:
    """Take an officer's changed target, baseline and unit out of ``values``; returns them as text."""
    if getattr(user, "role", None) != "officer":
        return {}
    held = {}
    for name in TARGET_FIELDS:
        if name in values and _text(values[name]) != _text(getattr(programme, name)):
            held[name] = _text(values.pop(name))
    return held


def propose(programme: Programme, held: dict, user: Any) -> ChangeRequest | None:
    """Ask the coordinators of the programme's party to approve ``held`` (a newer ask replaces an older)."""
    if not held:
        return None
    for older in consent.pending_for(programme):
        if older.kind == KIND:
            consent.cancel(older, by=user)
    before = {name: _text(getattr(programme, name)) for name in held}
    return consent.propose(KIND, subject=programme, agreement=programme.field.agreement, by=user,
                           payload={"programme_id": programme.id, "before": before, "after": held})


def pending(programme: Programme) -> list[ChangeRequest]:
    """The programme's target changes waiting for approval."""
    return [r for r in consent.pending_for(programme) if r.kind == KIND]


def _apply(request: ChangeRequest) -> None:
    programme = db.session.get(Programme, request.payload["programme_id"])
    values = {name: _value(name, text) for name, text in request.payload["after"].items()}
    changes = audit.apply_changes(programme, values)
    if changes:
        audit.record("update", programme, changes, summary=str(_l("Perubahan target disetujui")), user=None)
        db.session.flush()


def _deciders(request: ChangeRequest) -> list[int]:
    programme = db.session.get(Programme, request.payload["programme_id"])
    return [programme.agency.party_id]


def _describe(request: ChangeRequest) -> str:
    programme = db.session.get(Programme, request.payload["programme_id"])
    names = {"target": _("Target"), "baseline": _("Kondisi awal"), "unit": _("Satuan")}
    before, after = request.payload["before"], request.payload["after"]

    def shown(name, text):
        return text if name == "unit" else format_number(Decimal(text))

    parts = [f"{names[n]} {shown(n, before[n])} → {shown(n, after[n])}" for n in after]
    return _("%(programme)s: %(changes)s", programme=programme.name if programme else "?",
             changes="; ".join(parts))


consent.register(KIND, label=_l("Perubahan target program"), apply=_apply, deciders=_deciders,
                 describe=_describe)
