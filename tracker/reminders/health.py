"""The outbox's figures for /healthz: backlog and the oldest mail that failed for good."""

from __future__ import annotations

from sqlalchemy import func, select

from tracker.core.clock import utcnow
from tracker.extensions import db
from tracker.reminders.models import OutboxMail


def _age(moment) -> int | None:
    return None if moment is None else round((utcnow() - moment).total_seconds())


def outbox_health() -> dict:
    """Mails waiting (queued or being sent), the oldest waiting one, and failed mails."""
    waiting = (OutboxMail.status.in_(("queued", "sending")),)
    backlog, oldest_waiting = db.session.execute(
        select(func.count(OutboxMail.id), func.min(OutboxMail.created_at)).where(*waiting)
    ).one()
    failed, oldest_failed = db.session.execute(
        select(func.count(OutboxMail.id), func.min(OutboxMail.created_at)).where(OutboxMail.status == "failed")
    ).one()
    return {
        "outbox_backlog": backlog,
        "outbox_oldest_waiting_age_s": _age(oldest_waiting),
        "outbox_failed": failed,
        "outbox_oldest_failed_age_s": _age(oldest_failed),
    }
