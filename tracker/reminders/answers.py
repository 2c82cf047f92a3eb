"""Answers to reminders (tanggapan): acknowledge with a reason, snooze, unsubscribe from digests."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from tracker.audit import services as audit
from tracker.extensions import db
from tracker.reminders.models import Acknowledgement, ReminderLog
from tracker.users.models import User


def item_title(payload: dict) -> str:
    """The title the reminder carried, from the log."""
    return db.session.scalar(
        select(ReminderLog.title).where(
            ReminderLog.rule == payload["r"], ReminderLog.record_type == payload["t"],
            ReminderLog.record_id == payload["i"],
        ).order_by(ReminderLog.id.desc()).limit(1)
    ) or ""


def answer(payload: dict, kind: str, today: date, reason: str | None = None, days: int | None = None) -> Acknowledgement:
    """Record the answer from a signed link; it stops the item repeating for the recipient's Pemda."""
    user = db.session.get(User, payload["u"]) if payload.get("u") else None
    ack = Acknowledgement(
        kind=kind, rule=payload["r"], record_type=payload["t"], record_id=payload["i"],
        episode=payload["e"], title=item_title(payload)[:500], recipient=payload["m"],
        user_id=user.id if user else None, party_id=payload["p"], reason=(reason or "").strip() or None,
        until=today + timedelta(days=days) if kind == "snooze" and days else None,
    )
    db.session.add(ack)
    audit.record("acknowledge", ack, summary=f"{kind}: {ack.title}"[:300], user=user, party_id=payload["p"])
    db.session.flush()
    return ack
