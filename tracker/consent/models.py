"""A proposed change (usulan perubahan) and each deciding party's answer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.clock import utcnow
from tracker.core.models import UTCDateTime
from tracker.extensions import db

REQUEST_STATUSES = ("pending", "applied", "rejected", "lapsed", "cancelled")
DECISIONS = ("pending", "accepted", "rejected")


class ChangeRequest(db.Model):
    """A change proposed by one party that takes effect once every deciding party accepts."""

    __tablename__ = "change_requests"
    __table_args__ = (
        CheckConstraint(f"status IN {REQUEST_STATUSES}", name="status"),
        Index("ix_change_requests_subject", "subject_type", "subject_id"),
        Index("ix_change_requests_status_expires", "status", "expires_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(60))
    subject_id: Mapped[int]
    agreement_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id", ondelete="RESTRICT"), index=True)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    reason: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    applied_directly: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    party = relationship("Party")
    proposed_by = relationship("User")
    agreement = relationship("Agreement")
    decisions: Mapped[list[ChangeDecision]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="ChangeDecision.id"
    )

    @property
    def is_pending(self) -> bool:
        return self.status == "pending"

    def decision_of(self, party_id: int | None) -> ChangeDecision | None:
        return next((d for d in self.decisions if d.party_id == party_id), None)


class ChangeDecision(db.Model):
    """One deciding party's answer to a proposed change."""

    __tablename__ = "change_decisions"
    __table_args__ = (
        UniqueConstraint("request_id", "party_id"),
        CheckConstraint(f"decision IN {DECISIONS}", name="decision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("change_requests.id", ondelete="CASCADE"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id", ondelete="RESTRICT"), index=True)
    decision: Mapped[str] = mapped_column(String(10), default="pending")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    request: Mapped[ChangeRequest] = relationship(back_populates="decisions")
    party = relationship("Party")
    decided_by = relationship("User")
