"""Reminder settings, the dedupe log, the outbox and acknowledgements (pengingat)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.clock import utcnow
from tracker.core.models import UTCDateTime
from tracker.extensions import db

OUTBOX_STATUSES = ("queued", "sending", "sent", "failed")
ACK_KINDS = ("ack", "snooze", "unsubscribe")
SETTING_DEFAULTS = {
    "field_first_days": 30,
    "field_repeat_days": 30,
    "field_leader_days": 60,
    "kb_followup_days": 90,
    "due_soon_days": "14,7,1",
    "overdue_first_days": 1,
    "overdue_repeat_days": 7,
    "overdue_leader_days": 14,
    "stalled_days": 30,
    "stalled_leader_days": 60,
    "expiring_days": "180,90,30,7,0",
    "weekly_digest": True,
    "monthly_summary": True,
    "monev_overdue_first_days": 1,
    "monev_overdue_repeat_days": 7,
    "monev_overdue_leader_days": 14,
    "proposal_repeat_days": 7,
    "proposal_leader_days": 14,
}


class ReminderSettings(db.Model):
    """Thresholds of every reminder rule for one party; defaults from DESIGN.md."""

    __tablename__ = "reminder_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(
        ForeignKey("parties.id", ondelete="CASCADE"), unique=True
    )
    field_first_days: Mapped[int] = mapped_column(default=30)
    field_repeat_days: Mapped[int] = mapped_column(default=30)
    field_leader_days: Mapped[int] = mapped_column(default=60)
    kb_followup_days: Mapped[int] = mapped_column(default=90)
    due_soon_days: Mapped[str] = mapped_column(String(60), default="14,7,1")
    overdue_first_days: Mapped[int] = mapped_column(default=1)
    overdue_repeat_days: Mapped[int] = mapped_column(default=7)
    overdue_leader_days: Mapped[int] = mapped_column(default=14)
    stalled_days: Mapped[int] = mapped_column(default=30)
    stalled_leader_days: Mapped[int] = mapped_column(default=60)
    expiring_days: Mapped[str] = mapped_column(String(60), default="180,90,30,7,0")
    weekly_digest: Mapped[bool] = mapped_column(default=True)
    monthly_summary: Mapped[bool] = mapped_column(default=True)
    monev_overdue_first_days: Mapped[int] = mapped_column(default=1, server_default="1")
    monev_overdue_repeat_days: Mapped[int] = mapped_column(default=7, server_default="7")
    monev_overdue_leader_days: Mapped[int] = mapped_column(default=14, server_default="14")
    # A proposal stage past its due date (tracker/proposals/reminders.py).
    proposal_repeat_days: Mapped[int] = mapped_column(default=7, server_default="7")
    proposal_leader_days: Mapped[int] = mapped_column(default=14, server_default="14")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @classmethod
    def defaults(cls, party_id: int | None = None) -> ReminderSettings:
        """Unsaved settings holding the defaults (columns defaults apply only on insert)."""
        return cls(party_id=party_id, **SETTING_DEFAULTS)

    @staticmethod
    def series(text: str) -> list[int]:
        """'14,7,1' → [14, 7, 1] (largest first)."""
        return sorted({int(part) for part in text.split(",") if part.strip()}, reverse=True)


class OutboxMail(db.Model):
    """A mail waiting for (or done with) SMTP delivery; written with its dedupe records."""

    __tablename__ = "outbox_mails"
    __table_args__ = (
        CheckConstraint(f"status IN {OUTBOX_STATUSES}", name="status"),
        Index("ix_outbox_mails_status_next", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    headers: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The day a `reminders run --today` pass simulated; sent_at stays the real send time.
    simulated_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    logs: Mapped[list[ReminderLog]] = relationship(back_populates="outbox")


class ReminderLog(db.Model):
    """One reminder fired for one item and one recipient; the unique key stops repeats."""

    __tablename__ = "reminder_logs"
    __table_args__ = (
        Index("ix_reminder_logs_item", "rule", "record_type", "record_id"),
        Index("ix_reminder_logs_party_fired", "party_id", "fired_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # rule:record_type:record_id:recipient:occurrence
    dedupe_key: Mapped[str] = mapped_column(String(500), unique=True)
    rule: Mapped[str] = mapped_column(String(30))
    record_type: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[int] = mapped_column()
    recipient: Mapped[str] = mapped_column(String(254))
    episode: Mapped[str] = mapped_column(String(60))
    occurrence: Mapped[str] = mapped_column(String(80))
    audience: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(500))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id", ondelete="CASCADE"))
    outbox_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox_mails.id", ondelete="SET NULL"), index=True
    )
    fired_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    outbox: Mapped[OutboxMail | None] = relationship(back_populates="logs")


class Acknowledgement(db.Model):
    """A recipient's answer to a reminder: acknowledged with a reason, snoozed, or unsubscribed."""

    __tablename__ = "reminder_acknowledgements"
    __table_args__ = (
        CheckConstraint(f"kind IN {ACK_KINDS}", name="kind"),
        Index("ix_reminder_acknowledgements_item", "rule", "record_type", "record_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    rule: Mapped[str] = mapped_column(String(30))
    record_type: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[int] = mapped_column()
    episode: Mapped[str] = mapped_column(String(60), default="")
    title: Mapped[str] = mapped_column(String(500), default="")
    recipient: Mapped[str] = mapped_column(String(254))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    party_id: Mapped[int | None] = mapped_column(
        ForeignKey("parties.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str | None] = mapped_column(Text)
    until: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def silences(self, today: date) -> bool:
        """An acknowledgement stops the item for good, a snooze until its date."""
        return self.kind != "snooze" or (self.until is not None and today < self.until)
