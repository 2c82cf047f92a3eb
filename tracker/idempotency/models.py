"""Submission keys (kunci kiriman): which key already created which record."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tracker.core.clock import utcnow
from tracker.core.models import UTCDateTime
from tracker.extensions import db


class SubmissionKey(db.Model):
    """One use of a one-time key; the unique constraint makes a concurrent second use fail."""

    __tablename__ = "submission_keys"
    __table_args__ = (UniqueConstraint("user_id", "endpoint", "key", name="uq_submission_keys_use"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    endpoint: Mapped[str] = mapped_column(String(100))
    record_type: Mapped[str | None] = mapped_column(String(50))
    record_id: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True), default=utcnow)
