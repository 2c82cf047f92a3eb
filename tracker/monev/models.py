"""Monev (monitoring dan evaluasi) per agreement and period, field inputs, renewal decisions."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.clock import utcnow
from tracker.core.models import TimestampMixin, UTCDateTime, VersionMixin
from tracker.extensions import db

if TYPE_CHECKING:
    from tracker.agreements.models import Agreement, Field
    from tracker.parties.models import Agency, Party
    from tracker.users.models import User

MONEV_STATUSES = ("draft", "submitted", "reviewed")
RECOMMENDATIONS = ("continue", "expand", "stop")  # dilanjutkan / diperluas / dihentikan
RENEWAL_DECISIONS = ("extend", "amend", "expire", "terminate")
# The narrative aspects of an evaluation, in the order the form and the reports show them.
ASPECTS = (
    "purpose_fit",
    "timeliness",
    "partner_contribution",
    "coordination",
    "indicator_achievement",
    "impact",
    "obstacles",
)


class Monev(TimestampMixin, VersionMixin, db.Model):
    """One party's evaluation of one agreement over one period, reviewed by a leader."""

    __tablename__ = "monevs"
    __table_args__ = (
        CheckConstraint(f"status IN {MONEV_STATUSES}", name="status"),
        CheckConstraint(
            f"recommendation IS NULL OR recommendation IN {RECOMMENDATIONS}", name="recommendation"
        ),
        CheckConstraint(
            "period_end IS NULL OR period_start IS NULL OR period_end >= period_start",
            name="period_order",
        ),
        Index("ix_monevs_agreement_period", "agreement_id", "period_end"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="RESTRICT"))
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id", ondelete="RESTRICT"), index=True)
    period_label: Mapped[str] = mapped_column(String(100))
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    purpose_fit: Mapped[str | None] = mapped_column(Text)
    timeliness: Mapped[str | None] = mapped_column(Text)
    partner_contribution: Mapped[str | None] = mapped_column(Text)
    coordination: Mapped[str | None] = mapped_column(Text)
    indicator_achievement: Mapped[str | None] = mapped_column(Text)
    impact: Mapped[str | None] = mapped_column(Text)
    obstacles: Mapped[str | None] = mapped_column(Text)
    recommendation: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default="draft")
    return_note: Mapped[str | None] = mapped_column(Text)
    review_note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The figures as submitted (per field and programme), so a reviewed monev does not drift.
    snapshot: Mapped[dict | None] = mapped_column(JSON)

    agreement: Mapped[Agreement] = relationship()
    party: Mapped[Party] = relationship()
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    inputs: Mapped[list[MonevFieldInput]] = relationship(
        back_populates="monev", cascade="all, delete-orphan", order_by="MonevFieldInput.id"
    )

    def __repr__(self) -> str:
        return f"<Monev {self.id} {self.period_label!r} {self.status}>"


class MonevFieldInput(TimestampMixin, VersionMixin, db.Model):
    """What one responsible agency reports for one field in a monev."""

    __tablename__ = "monev_field_inputs"
    __table_args__ = (UniqueConstraint("monev_id", "field_id", "agency_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    monev_id: Mapped[int] = mapped_column(ForeignKey("monevs.id", ondelete="CASCADE"), index=True)
    field_id: Mapped[int] = mapped_column(ForeignKey("fields.id", ondelete="RESTRICT"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="RESTRICT"), index=True)
    achievement: Mapped[str | None] = mapped_column(Text)
    obstacles: Mapped[str | None] = mapped_column(Text)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    monev: Mapped[Monev] = relationship(back_populates="inputs")
    field: Mapped[Field] = relationship()
    agency: Mapped[Agency] = relationship()

    @property
    def is_filled(self) -> bool:
        return bool((self.achievement or "").strip() or (self.obstacles or "").strip())


class RenewalDecision(db.Model):
    """A party's decision before an agreement ends: extend, amend, let expire or terminate."""

    __tablename__ = "renewal_decisions"
    __table_args__ = (CheckConstraint(f"decision IN {RENEWAL_DECISIONS}", name="decision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id", ondelete="RESTRICT"), index=True)
    decision: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text)
    decided_on: Mapped[date] = mapped_column(Date)
    # The end of validity the decision was about: an extension opens a new decision window.
    valid_until: Mapped[date | None] = mapped_column(Date)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    agreement: Mapped[Agreement] = relationship()
    party: Mapped[Party] = relationship()
    decided_by: Mapped[User | None] = relationship()
