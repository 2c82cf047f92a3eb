"""Progress entries (laporan kemajuan): what was done, how much, where, by whom."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Numeric, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.models import ArchiveMixin, TimestampMixin, VersionMixin
from tracker.extensions import db

if TYPE_CHECKING:
    from tracker.attachments.models import Attachment
    from tracker.programs.models import Programme
    from tracker.users.models import User


class ProgressEntry(TimestampMixin, ArchiveMixin, VersionMixin, db.Model):
    """A dated record of work done towards a programme's target."""

    __tablename__ = "progress_entries"
    __table_args__ = (
        CheckConstraint("quantity >= 0", name="quantity_not_negative"),
        Index("ix_progress_entries_programme_date", "programme_id", "reported_on"),
        Index("ix_progress_entries_reported_on", "reported_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="RESTRICT")
    )
    reported_on: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text)
    quantity: Mapped[Decimal] = mapped_column(Numeric(16, 2), default=Decimal(0))
    location: Mapped[str | None] = mapped_column(String(300))
    # The officer confirmed that this entry takes the realisation past the target.
    over_target: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    reported_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    # Where it happened, from the phone's GPS when the officer agreed to share it.
    latitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    longitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    position_accuracy_m: Mapped[int | None] = mapped_column()

    programme: Mapped[Programme] = relationship(back_populates="entries")
    reported_by: Mapped[User | None] = relationship()
    attachments: Mapped[list[Attachment]] = relationship(back_populates="progress_entry")
