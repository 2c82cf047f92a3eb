"""Operational state: the scheduler's heartbeat, read by /healthz."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.core.clock import utcnow
from tracker.core.models import UTCDateTime
from tracker.extensions import db


class Heartbeat(db.Model):
    """Last sign of life of a background process (e.g. the scheduler leader)."""

    __tablename__ = "heartbeats"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    beat_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
