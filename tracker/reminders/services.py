"""One reminder pass: what is due becomes one outbox mail per recipient, with its dedupe records."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tracker.core.clock import local_zone, utcnow
from tracker.extensions import db
from tracker.reminders.compose import compose
from tracker.reminders.engine import RULES, DueItem, due_items
from tracker.reminders.models import OutboxMail, ReminderLog

log = logging.getLogger("tracker.reminders")


def group_by_recipient(items: list[DueItem]) -> dict[str, list[DueItem]]:
    """Items per address, each dedupe key once, in a stable order."""
    groups: dict[str, dict[str, DueItem]] = defaultdict(dict)
    for item in items:
        groups[item.recipient.email].setdefault(item.dedupe_key, item)
    return {email: list(found.values()) for email, found in sorted(groups.items())}


def plan(today: date, rules: tuple[str, ...] = RULES) -> dict[str, list[DueItem]]:
    """What would go to whom today; writes nothing."""
    groups = group_by_recipient(due_items(db.session, today, rules))
    db.session.rollback()
    return groups


def run_reminders(today: date, rules: tuple[str, ...] = RULES, simulated: bool = False) -> int:
    """Queue today's reminders (``simulated``: a pass for another day); returns the mails queued."""
    groups = plan(today, rules)
    queued = sum(queue_mail(items, today, simulated) for items in groups.values())
    log.info("Reminder pass for %s: %s mails queued for %s recipients", today, queued, len(groups))
    return queued


def queue_mail(items: list[DueItem], today: date, simulated: bool = False) -> bool:
    """Write the outbox mail and its dedupe records in one transaction; a concurrent pass loses cleanly."""
    while items:
        message = compose(items, today)
        outbox = OutboxMail(recipient=items[0].recipient.email, next_attempt_at=_due_at(today),
                            simulated_on=today if simulated else None, **message)
        db.session.add(outbox)
        db.session.flush()
        db.session.add_all(_log(item, outbox, today) for item in items)
        try:
            db.session.commit()
            return True
        except IntegrityError:
            # Another runner recorded some of these keys first: send only what is left.
            db.session.rollback()
            keys = [item.dedupe_key for item in items]
            taken = set(db.session.scalars(select(ReminderLog.dedupe_key).where(ReminderLog.dedupe_key.in_(keys))))
            if not taken:
                raise
            items = [item for item in items if item.dedupe_key not in taken]
    return False


def _due_at(today: date) -> datetime:
    """Due at once; a simulated earlier day (``--today``) makes it due from that day."""
    return min(utcnow(), datetime.combine(today, time(0), local_zone()))


def _log(item: DueItem, outbox: OutboxMail, today: date) -> ReminderLog:
    person = item.recipient
    return ReminderLog(
        dedupe_key=item.dedupe_key, rule=item.rule, record_type=item.record_type, record_id=item.record_id,
        recipient=person.email, episode=item.episode, occurrence=item.occurrence, audience=person.audience,
        title=item.title[:500], user_id=person.user_id, party_id=person.party_id, outbox_id=outbox.id,
        fired_on=today,
    )
