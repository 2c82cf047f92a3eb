"""Parties (pihak) and their agencies (perangkat daerah)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.models import ArchiveMixin, TimestampMixin
from tracker.extensions import db

if TYPE_CHECKING:
    from tracker.users.models import User

PARTY_KINDS = ("provinsi", "kabupaten", "kota", "pihak_ketiga")


class Party(TimestampMixin, ArchiveMixin, db.Model):
    """A regional government with its Kemendagri code, or a third party (pihak)."""

    __tablename__ = "parties"
    __table_args__ = (
        CheckConstraint(f"kind IN {PARTY_KINDS}", name="kind"),
        CheckConstraint(
            "kind = 'pihak_ketiga' OR region_code IS NOT NULL", name="region_has_code"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200), index=True)
    region_code: Mapped[str | None] = mapped_column(String(13), unique=True)
    province_code: Mapped[str | None] = mapped_column(String(13))
    address: Mapped[str | None] = mapped_column(String(300))
    # A third party belongs to the Pemda that recorded it: only its coordinators change it.
    recorded_by_party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id", ondelete="SET NULL"))

    agencies: Mapped[list[Agency]] = relationship(
        back_populates="party", order_by="Agency.name"
    )
    users: Mapped[list[User]] = relationship(back_populates="party")

    @property
    def is_region(self) -> bool:
        return self.kind != "pihak_ketiga"

    def __repr__(self) -> str:
        return f"<Party {self.region_code or '-'} {self.name}>"


class Agency(TimestampMixin, ArchiveMixin, db.Model):
    """A regional agency (perangkat daerah, OPD) of one party."""

    __tablename__ = "agencies"
    __table_args__ = (UniqueConstraint("party_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(
        ForeignKey("parties.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))

    party: Mapped[Party] = relationship(back_populates="agencies")
    users: Mapped[list[User]] = relationship(back_populates="agency")

    def __repr__(self) -> str:
        return f"<Agency {self.name}>"
