"""Follow-up programmes (program tindak lanjut) of one field, owned by one agency."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.models import ArchiveMixin, TimestampMixin, VersionMixin
from tracker.extensions import db

if TYPE_CHECKING:
    from tracker.agreements.models import Field
    from tracker.parties.models import Agency
    from tracker.progress.models import ProgressEntry

PROGRAMME_STATUSES = ("planned", "running", "done", "cancelled")
FUNDING_SOURCES = ("apbd_kabupaten", "apbd_provinsi", "apbn", "lainnya")


class Programme(TimestampMixin, ArchiveMixin, VersionMixin, db.Model):
    """Concrete follow-up of one field with indicator, target, budget and dates."""

    __tablename__ = "programmes"
    __table_args__ = (
        CheckConstraint(f"status IN {PROGRAMME_STATUSES}", name="status"),
        CheckConstraint(f"funding_source IN {FUNDING_SOURCES}", name="funding_source"),
        CheckConstraint("target >= 0", name="target_not_negative"),
        CheckConstraint("baseline >= 0", name="baseline_not_negative"),
        CheckConstraint("budget >= 0", name="budget_not_negative"),
        CheckConstraint(
            "due_on IS NULL OR start_on IS NULL OR due_on >= start_on",
            name="dates_order",
        ),
        Index("ix_programmes_agency_status", "agency_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    field_id: Mapped[int] = mapped_column(
        ForeignKey("fields.id", ondelete="RESTRICT"), index=True
    )
    agency_id: Mapped[int] = mapped_column(
        ForeignKey("agencies.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    indicator: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(50))
    baseline: Mapped[Decimal] = mapped_column(Numeric(16, 2), default=Decimal(0))
    target: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    budget: Mapped[int] = mapped_column(BigInteger, default=0)
    funding_source: Mapped[str] = mapped_column(String(20), default="apbd_kabupaten")
    start_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(12), default="planned")
    status_note: Mapped[str | None] = mapped_column(Text)

    field: Mapped[Field] = relationship(back_populates="programmes")
    agency: Mapped[Agency] = relationship()
    entries: Mapped[list[ProgressEntry]] = relationship(
        back_populates="programme", order_by="ProgressEntry.reported_on.desc()"
    )

    @property
    def live_entries(self) -> list[ProgressEntry]:
        return [e for e in self.entries if e.archived_at is None]

    def __repr__(self) -> str:
        return f"<Programme {self.id} {self.name[:30]!r}>"
