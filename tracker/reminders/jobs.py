"""Scheduler jobs as plain functions of ``today``/``now``: the scheduler and tests call them alike."""

from __future__ import annotations

from datetime import date, datetime

from tracker.consent.services import lapse_due
from tracker.core.clock import today as local_today
from tracker.core.clock import utcnow
from tracker.extensions import db
from tracker.reminders.engine import DIGEST_RULES, RULES
from tracker.reminders.outbox import deliver_outbox
from tracker.reminders.services import run_reminders


def rules_job(today: date | None = None) -> int:
    """Daily: queue every reminder whose window has been reached, then try to send."""
    queued = run_reminders(today or local_today(), tuple(r for r in RULES if r not in DIGEST_RULES))
    deliver_outbox()
    return queued


def digests_job(today: date | None = None) -> int:
    """Monday and the 1st: queue the weekly digests and monthly summaries."""
    queued = run_reminders(today or local_today(), DIGEST_RULES)
    deliver_outbox()
    return queued


def consent_job(now: datetime | None = None) -> int:
    """Hourly: proposed changes past their date lapse (their mails go out with the outbox)."""
    lapsed = lapse_due(now or utcnow())
    db.session.commit()
    return lapsed


def outbox_job(now: datetime | None = None) -> dict:
    """Every minute: deliver what is due in the outbox."""
    return deliver_outbox(now or utcnow())
