"""The register of agreements of one Pemda (buku register naskah kerja sama)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.models import TimestampMixin
from tracker.extensions import db

if TYPE_CHECKING:
    from tracker.agreements.models import Agreement


class RegisterEntry(TimestampMixin, db.Model):
    """One agreement in one Pemda's register: its number there and where the signed original is kept."""

    __tablename__ = "register_entries"
    __table_args__ = (
        UniqueConstraint("party_id", "agreement_id"),
        UniqueConstraint("party_id", "year", "number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id", ondelete="CASCADE"), index=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    year: Mapped[int]
    number: Mapped[int]
    registered_on: Mapped[date] = mapped_column(Date)
    original_location: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[str | None] = mapped_column(Text)

    agreement: Mapped[Agreement] = relationship()

    @property
    def label(self) -> str:
        """Register number as written on the register page and in the exports: 007/2025."""
        return f"{self.number:03d}/{self.year}"
