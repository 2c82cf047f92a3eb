"""Audit events: who changed what, when, before and after. Append-only."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.clock import utcnow
from tracker.core.models import UTCDateTime
from tracker.extensions import db
from tracker.users.models import User


class AuditEvent(db.Model):
    """One create, update or archive of a record, with the fields that changed."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    party_id: Mapped[int | None] = mapped_column(
        ForeignKey("parties.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(20))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int]
    summary: Mapped[str | None] = mapped_column(String(300))
    changes: Mapped[dict] = mapped_column(JSON, default=dict)

    user: Mapped[User | None] = relationship()
