"""Reading for the reminder pages: the log of one Pemda and whether people acted since."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from tracker.extensions import db
from tracker.progress.models import ProgressEntry
from tracker.reminders.models import Acknowledgement, ReminderLog, ReminderSettings


def settings_for(party_id: int) -> ReminderSettings:
    """Saved settings of a party, or unsaved defaults."""
    saved = db.session.scalar(select(ReminderSettings).where(ReminderSettings.party_id == party_id))
    return saved or ReminderSettings.defaults(party_id)


def log_for_party(party_id: int) -> Select:
    """Reminders sent to the people of one Pemda, newest first."""
    return (select(ReminderLog).where(ReminderLog.party_id == party_id)
            .options(selectinload(ReminderLog.outbox))
            .order_by(ReminderLog.fired_on.desc(), ReminderLog.id.desc()))


def answers_for_party(party_id: int) -> Select:
    return (select(Acknowledgement).where(Acknowledgement.party_id == party_id)
            .order_by(Acknowledgement.created_at.desc(), Acknowledgement.id.desc()))


def acted_since(logs: list[ReminderLog]) -> dict[int, str]:
    """Per log id: 'answered' or 'progress' when someone acted on the item after the reminder."""
    acted: dict[int, str] = {}
    by_item = defaultdict(list)
    for entry in logs:
        by_item[(entry.rule, entry.record_type, entry.record_id)].append(entry)
    for (rule, record_type, record_id), entries in by_item.items():
        latest_answer = db.session.scalar(
            select(func.max(Acknowledgement.created_at)).where(
                Acknowledgement.rule == rule, Acknowledgement.record_type == record_type,
                Acknowledgement.record_id == record_id)
        )
        latest_progress = None
        if record_type == "programme":
            latest_progress = db.session.scalar(
                select(func.max(ProgressEntry.created_at)).where(
                    ProgressEntry.programme_id == record_id, ProgressEntry.archived_at.is_(None))
            )
        for entry in entries:
            if latest_answer and _aware(latest_answer) >= entry.created_at:
                acted[entry.id] = "answered"
            elif latest_progress and _aware(latest_progress) >= entry.created_at:
                acted[entry.id] = "progress"
    return acted


def _aware(value):
    from datetime import UTC

    return value if value.tzinfo else value.replace(tzinfo=UTC)
