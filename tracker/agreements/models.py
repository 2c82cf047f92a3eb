"""Agreements (naskah kerja sama), their parties, fields and responsibilities."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.clock import utcnow
from tracker.core.models import ArchiveMixin, TimestampMixin, UTCDateTime, VersionMixin
from tracker.extensions import db

if TYPE_CHECKING:
    from tracker.attachments.models import Attachment
    from tracker.parties.models import Agency, Party
    from tracker.programs.models import Programme

AGREEMENT_KINDS = ("KB", "PKS", "NK", "ADDENDUM")
KINDS_WITH_PARENT = ("PKS", "ADDENDUM")
RESPONSIBILITY_ROLES = ("lead", "support")


class Agreement(TimestampMixin, ArchiveMixin, VersionMixin, db.Model):
    """A cooperation document: KB, PKS (implements a KB), NK or addendum."""

    __tablename__ = "agreements"
    __table_args__ = (
        CheckConstraint(f"kind IN {AGREEMENT_KINDS}", name="kind"),
        CheckConstraint(
            "valid_until IS NULL OR valid_from IS NULL OR valid_until >= valid_from",
            name="validity_order",
        ),
        CheckConstraint(
            f"kind NOT IN {KINDS_WITH_PARENT} OR parent_id IS NOT NULL",
            name="parent_required",
        ),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        CheckConstraint(
            "terminated_on IS NULL OR termination_reason IS NOT NULL",
            name="termination_reason",
        ),
        Index("ix_agreements_valid_until", "valid_until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(500))
    government_affair: Mapped[str | None] = mapped_column(String(100))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agreements.id"), index=True)
    signed_on: Mapped[date | None] = mapped_column(Date)
    signed_place: Mapped[str | None] = mapped_column(String(200))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    dprd_approval_required: Mapped[bool] = mapped_column(Boolean, default=False)
    dprd_approved_on: Mapped[date | None] = mapped_column(Date)
    terminated_on: Mapped[date | None] = mapped_column(Date)
    termination_reason: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    parent: Mapped[Agreement | None] = relationship(
        remote_side=[id], back_populates="children"
    )
    children: Mapped[list[Agreement]] = relationship(back_populates="parent")
    parties: Mapped[list[AgreementParty]] = relationship(
        back_populates="agreement",
        order_by="AgreementParty.position",
        cascade="all, delete-orphan",
    )
    fields: Mapped[list[Field]] = relationship(
        back_populates="agreement", order_by="Field.position"
    )
    extensions: Mapped[list[AgreementExtension]] = relationship(
        back_populates="agreement", order_by="AgreementExtension.decided_on"
    )
    attachments: Mapped[list[Attachment]] = relationship(back_populates="agreement")

    @property
    def active_fields(self) -> list[Field]:
        return [f for f in self.fields if f.archived_at is None]

    def __repr__(self) -> str:
        return f"<Agreement {self.kind} {self.id} {self.title[:30]!r}>"


class AgreementParty(db.Model):
    """One party's side of an agreement: role, its own document number, signatory."""

    __tablename__ = "agreement_parties"
    __table_args__ = (
        UniqueConstraint("agreement_id", "party_id"),
        # A party's own numbers are unique (checked where that party types them); a partner may
        # have typed one too, and refusing it would tell the partner about an agreement it cannot see.
        Index("ix_agreement_parties_party_number", "party_id", "document_number"),
        CheckConstraint("position >= 1", name="position_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    party_id: Mapped[int] = mapped_column(
        ForeignKey("parties.id", ondelete="RESTRICT"), index=True
    )
    position: Mapped[int] = mapped_column(default=1)
    document_number: Mapped[str | None] = mapped_column(String(120))
    signatory_name: Mapped[str | None] = mapped_column(String(200))
    signatory_title: Mapped[str | None] = mapped_column(String(200))
    # A party added after the agreement was recorded sees the other parties' programmes and
    # evidence from when it joined, never what was written before; the founding parties have NULL.
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    agreement: Mapped[Agreement] = relationship(back_populates="parties")
    party: Mapped[Party] = relationship()


class AgreementExtension(db.Model):
    """A recorded decision to extend validity; the old end date stays here."""

    __tablename__ = "agreement_extensions"
    __table_args__ = (
        CheckConstraint("new_valid_until >= decided_on", name="new_end_after_decision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    decided_on: Mapped[date] = mapped_column(Date)
    previous_valid_until: Mapped[date | None] = mapped_column(Date)
    new_valid_until: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    agreement: Mapped[Agreement] = relationship(back_populates="extensions")


class Field(TimestampMixin, ArchiveMixin, VersionMixin, db.Model):
    """One line of an agreement's scope (bidang / ruang lingkup)."""

    __tablename__ = "fields"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="RESTRICT"), index=True
    )
    position: Mapped[int] = mapped_column(default=1)
    title: Mapped[str] = mapped_column(String(500))
    government_affair: Mapped[str | None] = mapped_column(String(100))
    # A PKS field names the field of its KB that it carries out; the KB's figures include it.
    implements_field_id: Mapped[int | None] = mapped_column(
        ForeignKey("fields.id", ondelete="SET NULL"), index=True
    )

    agreement: Mapped[Agreement] = relationship(back_populates="fields")
    implements: Mapped[Field | None] = relationship(remote_side=[id])
    responsibilities: Mapped[list[Responsibility]] = relationship(
        back_populates="field"
    )
    programmes: Mapped[list[Programme]] = relationship(back_populates="field")

    def __repr__(self) -> str:
        return f"<Field {self.id} {self.title[:30]!r}>"


class Responsibility(TimestampMixin, ArchiveMixin, db.Model):
    """Which agency leads or supports a field (penanggung jawab): an office, not a person."""

    __tablename__ = "responsibilities"
    __table_args__ = (
        UniqueConstraint("field_id", "agency_id"),
        CheckConstraint(f"role IN {RESPONSIBILITY_ROLES}", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    field_id: Mapped[int] = mapped_column(
        ForeignKey("fields.id", ondelete="CASCADE"), index=True
    )
    agency_id: Mapped[int] = mapped_column(
        ForeignKey("agencies.id", ondelete="RESTRICT"), index=True
    )
    role: Mapped[str] = mapped_column(String(10), default="lead")

    field: Mapped[Field] = relationship(back_populates="responsibilities")
    agency: Mapped[Agency] = relationship()


class EditNoticeRead(db.Model):
    """Until when a user has read the other parties' edits of a shared agreement."""

    __tablename__ = "edit_notice_reads"
    __table_args__ = (UniqueConstraint("agreement_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
