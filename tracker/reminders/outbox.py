"""Deliver the outbox over SMTP: claim rows so no mail goes twice, retry with backoff."""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta

from flask import current_app
from flask_mailman import EmailMultiAlternatives
from sqlalchemy import select, update

from tracker.core.clock import utcnow
from tracker.extensions import db, mail
from tracker.reminders.models import OutboxMail

log = logging.getLogger("tracker.reminders")
# The message itself was refused: count an attempt. Anything else means SMTP is away: wait.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)
STALE_CLAIM = timedelta(minutes=15)


def _setting(name: str, default: int) -> int:
    return int(current_app.config.get(name, default))


def claim(now: datetime, batch: int) -> list[int]:
    """Mark up to ``batch`` due rows 'sending' and return their ids (committed)."""
    due = (OutboxMail.status == "queued", OutboxMail.next_attempt_at <= now)
    if db.session.get_bind().dialect.name == "postgresql":
        rows = db.session.scalars(
            select(OutboxMail).where(*due).order_by(OutboxMail.id).limit(batch)
            .with_for_update(skip_locked=True)
        ).all()
        for row in rows:
            row.status, row.claimed_at = "sending", now
        db.session.commit()
        return [row.id for row in rows]
    claimed = []
    for row_id in db.session.scalars(select(OutboxMail.id).where(*due).order_by(OutboxMail.id).limit(batch)).all():
        # The conditional UPDATE is the claim: only one runner sees rowcount 1.
        result = db.session.execute(
            update(OutboxMail).where(OutboxMail.id == row_id, OutboxMail.status == "queued")
            .values(status="sending", claimed_at=now)
        )
        if result.rowcount == 1:
            claimed.append(row_id)
    db.session.commit()
    return claimed


def requeue_stale(now: datetime) -> None:
    """Rows left 'sending' by a runner that died go back to the queue."""
    db.session.execute(
        update(OutboxMail).where(OutboxMail.status == "sending", OutboxMail.claimed_at < now - STALE_CLAIM)
        .values(status="queued")
    )
    db.session.commit()


def deliver_outbox(now: datetime | None = None, batch: int = 50) -> dict[str, int]:
    """Send what is due; SMTP trouble leaves mails queued, never lost, never raised."""
    now = now or utcnow()
    counts = {"sent": 0, "retry": 0, "failed": 0, "waiting": 0}
    requeue_stale(now)
    while True:
        ids = claim(now, batch)
        if not ids:
            return counts
        if not _send_batch(ids, now, counts):
            return counts


def _send_batch(ids: list[int], now: datetime, counts: dict) -> bool:
    try:
        connection = mail.get_connection(fail_silently=False)
        connection.open()
    except Exception as error:  # noqa: BLE001 (SMTP away: everything waits)
        _release(ids, error, counts)
        return False
    try:
        for position, row_id in enumerate(ids):
            row = db.session.get(OutboxMail, row_id)
            try:
                _message(row, connection).send()
            except MESSAGE_ERRORS as error:
                _attempt_failed(row, error, now, counts)
            except Exception as error:  # noqa: BLE001
                _release(ids[position:], error, counts)
                return False
            else:
                row.status, row.sent_at, row.attempts, row.last_error = "sent", now, row.attempts + 1, None
                counts["sent"] += 1
            # One commit per mail: a crash never makes an already sent mail go again.
            db.session.commit()
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001, S110 (closing a dead connection)
            pass
    return True


def _message(row: OutboxMail, connection) -> EmailMultiAlternatives:
    domain = current_app.config["BASE_URL"].split("://")[-1].split("/")[0].split(":")[0] or "sinergi"
    headers = {**(row.headers or {}), "Message-ID": f"<sinergi-reminder-{row.id}@{domain}>"}
    message = EmailMultiAlternatives(
        subject=row.subject, body=row.text, from_email=current_app.config.get("MAIL_DEFAULT_SENDER"),
        to=[row.recipient], headers=headers, connection=connection,
    )
    if row.html:
        message.attach_alternative(row.html, "text/html")
    return message


def _attempt_failed(row: OutboxMail, error: Exception, now: datetime, counts: dict) -> None:
    row.attempts += 1
    row.last_error = str(error)[:1000]
    if row.attempts >= _setting("REMINDER_MAIL_MAX_ATTEMPTS", 6):
        row.status = "failed"
        counts["failed"] += 1
        log.error("Mail %s to %s failed after %s attempts: %s", row.id, row.recipient, row.attempts, error)
        return
    base = _setting("REMINDER_MAIL_BACKOFF_SECONDS", 60)
    row.status, row.next_attempt_at = "queued", now + timedelta(seconds=base * 2 ** (row.attempts - 1))
    counts["retry"] += 1


def _release(ids: list[int], error: Exception, counts: dict) -> None:
    db.session.rollback()
    db.session.execute(
        update(OutboxMail).where(OutboxMail.id.in_(ids), OutboxMail.status == "sending")
        .values(status="queued", last_error=str(error)[:1000])
    )
    db.session.commit()
    counts["waiting"] += len(ids)
    log.warning("SMTP unavailable, %s mails wait for the next run: %s", len(ids), error)
