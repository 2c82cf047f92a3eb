"""Programme health (on track / at risk / overdue / stalled) and realisation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import current_app, has_app_context

from tracker.programs.models import Programme

HEALTHS = ("on_track", "at_risk", "overdue", "stalled")
# How far realisation may trail elapsed time before a programme is "at risk".
AT_RISK_TOLERANCE = Decimal("0.25")


def _setting(name: str, default: int) -> int:
    if has_app_context():
        return int(current_app.config.get(name, default))
    return default


def percent(realised: Decimal | float | int, target: Decimal | float | int) -> Decimal | None:
    """Realisation as a percentage of the target (None when the target is zero)."""
    target = Decimal(str(target or 0))
    if target <= 0:
        return None
    return (Decimal(str(realised or 0)) / target * 100).quantize(Decimal("0.1"))


def programme_health(
    programme: Programme,
    today: date,
    realised: Decimal | float | int,
    last_progress_on: date | None,
    *,
    stalled_days: int | None = None,
    due_soon_days: int | None = None,
) -> str | None:
    """Health of a planned or running programme; None once it is done or cancelled."""
    if programme.status in ("done", "cancelled"):
        return None
    stalled_days = _setting("PROGRAMME_STALLED_DAYS", 30) if stalled_days is None else stalled_days
    due_soon_days = _setting("PROGRAMME_DUE_SOON_DAYS", 14) if due_soon_days is None else due_soon_days
    realised = Decimal(str(realised or 0))
    target = Decimal(str(programme.target or 0))
    reached = target > 0 and realised >= target
    if programme.due_on is not None and today > programme.due_on and not reached:
        return "overdue"
    if programme.status == "running":
        since = last_progress_on or programme.start_on
        if since is not None and (today - since).days >= stalled_days:
            return "stalled"
    if reached:
        return "on_track"
    if programme.due_on is not None and (programme.due_on - today).days <= due_soon_days:
        return "at_risk"
    if programme.start_on and programme.due_on and programme.due_on > programme.start_on:
        span = (programme.due_on - programme.start_on).days
        elapsed = Decimal(max(0, (today - programme.start_on).days)) / span
        share = realised / target if target > 0 else Decimal(0)
        if elapsed - share > AT_RISK_TOLERANCE:
            return "at_risk"
    return "on_track"


def field_has_follow_up(programmes: list[Programme]) -> bool:
    """A field is followed up once it has a programme that is neither archived nor cancelled."""
    return any(p.archived_at is None and p.status != "cancelled" for p in programmes)
