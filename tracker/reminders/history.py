"""The demo's reminder history: passes as of the demo's own dates, sent, so Pengingat shows a past."""

from __future__ import annotations

from datetime import date

from tracker.core.clock import today as local_today
from tracker.reminders.outbox import deliver_outbox
from tracker.reminders.services import run_reminders

FIRST_PASS = date(2025, 12, 1)  # four weeks after the founding KB was signed (3 November 2025)


def pass_days(start: date, end: date) -> list[date]:
    """The 1st and the 15th of every month from ``start`` up to, not including, ``end``."""
    days, day = [], start
    while day < end:
        days.append(day)
        if day.day < 15:
            day = day.replace(day=15)
        else:
            day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return days


def replay_demo_history(today: date | None = None) -> int:
    """Simulated passes on the demo's past days, then today's real pass; every mail sent. Returns mails."""
    today = today or local_today()
    queued = sum(run_reminders(day, simulated=True) for day in pass_days(FIRST_PASS, today))
    queued += run_reminders(today)
    deliver_outbox()
    return queued
