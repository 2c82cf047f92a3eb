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


def recorded_answer(payload: dict) -> Acknowledgement | None:
    """The answer already given through this link (same item, occurrence and recipient), if any."""
    return db.session.scalar(
        select(Acknowledgement).where(
            Acknowledgement.rule == payload["r"], Acknowledgement.record_type == payload["t"],
            Acknowledgement.record_id == payload["i"], Acknowledgement.episode == payload["e"],
            Acknowledgement.recipient == payload["m"],
        ).order_by(Acknowledgement.id).limit(1)
    )


def recipient_may_answer(payload: dict) -> bool:
    """A link mailed to an account answers only while that account is active."""
    if not payload.get("u"):
        return True  # an office address, not a person's account
    user = db.session.get(User, payload["u"])
    return user is not None and user.active


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
