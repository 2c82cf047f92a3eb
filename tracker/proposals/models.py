"""A proposal (usulan kerja sama), its intended fields, its stages and their documents."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.clock import utcnow
from tracker.core.models import ArchiveMixin, TimestampMixin, UTCDateTime
from tracker.extensions import db

if TYPE_CHECKING:
    from tracker.agreements.models import Agreement
    from tracker.parties.models import Agency, Party

# PP 28/2018 Pasal 6(1), the stages before pelaksanaan, in their order.
STAGES = (
    "persiapan", "penawaran", "penyusunan_kb", "penandatanganan_kb",
    "persetujuan_dprd", "penyusunan_pks", "penandatanganan_pks",
)
ANSWERS = ("pending", "proceed", "declined")
DOCUMENT_KINDS = ("offer_letter", "draft_kb", "draft_pks", "tkksd_minutes", "dprd_letter", "other")
COOPERATION_TYPES = ("wajib", "sukarela")


class Proposal(TimestampMixin, ArchiveMixin, db.Model):
    """An intended cooperation of the proposing Pemda with a counterpart (usulan kerja sama)."""

    __tablename__ = "proposals"
    __table_args__ = (
        CheckConstraint(f"answer IN {ANSWERS}", name="answer"),
        CheckConstraint("proposer_party_id <> counterpart_party_id", name="two_sides"),
        CheckConstraint("answer <> 'declined' OR answer_reason IS NOT NULL", name="decline_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    proposer_party_id: Mapped[int] = mapped_column(ForeignKey("parties.id", ondelete="RESTRICT"), index=True)
    counterpart_party_id: Mapped[int] = mapped_column(ForeignKey("parties.id", ondelete="RESTRICT"), index=True)
    government_affair: Mapped[str | None] = mapped_column(String(100))
    cooperation_type: Mapped[str | None] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text)
    expected_benefit: Mapped[str] = mapped_column(Text)
    dprd_required: Mapped[bool] = mapped_column(Boolean, default=False)
    offered_on: Mapped[date | None] = mapped_column(Date)  # the counterpart sees it from then
    answer: Mapped[str] = mapped_column(String(10), default="pending")
    answer_reason: Mapped[str | None] = mapped_column(Text)
    answered_on: Mapped[date | None] = mapped_column(Date)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kb_agreement_id: Mapped[int | None] = mapped_column(ForeignKey("agreements.id", ondelete="SET NULL"))
    pks_agreement_id: Mapped[int | None] = mapped_column(ForeignKey("agreements.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    proposer: Mapped[Party] = relationship(foreign_keys=[proposer_party_id])
    counterpart: Mapped[Party] = relationship(foreign_keys=[counterpart_party_id])
    fields: Mapped[list[ProposalField]] = relationship(
        back_populates="proposal", order_by="ProposalField.position", cascade="all, delete-orphan")
    stages: Mapped[list[ProposalStage]] = relationship(
        back_populates="proposal", order_by="ProposalStage.position", cascade="all, delete-orphan")
    documents: Mapped[list[ProposalDocument]] = relationship(
        back_populates="proposal", order_by="ProposalDocument.id", cascade="all, delete-orphan")
    kb_agreement: Mapped[Agreement | None] = relationship(foreign_keys=[kb_agreement_id])
    pks_agreement: Mapped[Agreement | None] = relationship(foreign_keys=[pks_agreement_id])

    @property
    def party_ids(self) -> tuple[int, int]:
        return (self.proposer_party_id, self.counterpart_party_id)

    @property
    def current_stage(self) -> ProposalStage | None:
        """The first stage neither done nor skipped (None: every stage is behind it)."""
        return next((s for s in self.stages if s.status == "open"), None)

    @property
    def closed(self) -> bool:
        return self.answer == "declined" or self.archived_at is not None or self.current_stage is None

    def stage(self, key: str) -> ProposalStage | None:
        return next((s for s in self.stages if s.stage == key), None)

    def __repr__(self) -> str:
        return f"<Proposal {self.id} {self.title[:30]!r}>"


class ProposalField(db.Model):
    """One intended field of the cooperation; it becomes a field of the KB."""

    __tablename__ = "proposal_fields"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    title: Mapped[str] = mapped_column(String(500))
    government_affair: Mapped[str | None] = mapped_column(String(100))

    proposal: Mapped[Proposal] = relationship(back_populates="fields")


class ProposalStage(db.Model):
    """One stage of Pasal 6(1) for one proposal: due, done or skipped with a reason, who answers for it."""

    __tablename__ = "proposal_stages"
    __table_args__ = (
        UniqueConstraint("proposal_id", "stage"),
        CheckConstraint(f"stage IN {STAGES}", name="stage"),
        CheckConstraint("done_on IS NULL OR skipped_reason IS NULL", name="done_or_skipped"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(30))
    position: Mapped[int] = mapped_column(default=1)
    started_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    skipped_reason: Mapped[str | None] = mapped_column(Text)
    responsible_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id", ondelete="SET NULL"))
    responsible_person: Mapped[str | None] = mapped_column(String(200))
    place: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)

    proposal: Mapped[Proposal] = relationship(back_populates="stages")
    responsible_agency: Mapped[Agency | None] = relationship()
    documents: Mapped[list[ProposalDocument]] = relationship(back_populates="stage_row")

    @property
    def status(self) -> str:
        if self.done_on is not None:
            return "done"
        return "skipped" if self.skipped_reason else "open"

    def overdue(self, today: date) -> bool:
        return self.status == "open" and self.due_on is not None and self.due_on < today


class ProposalDocument(db.Model):
    """A file of a proposal (offer letter, draft KB/PKS version, TKKSD minutes, DPRD letter)."""

    __tablename__ = "proposal_documents"
    __table_args__ = (
        CheckConstraint(f"kind IN {DOCUMENT_KINDS}", name="kind"),
        UniqueConstraint("proposal_id", "kind", "version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    stage_id: Mapped[int | None] = mapped_column(ForeignKey("proposal_stages.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(default=1)  # drafts: 1, 2, … the revision history
    note: Mapped[str | None] = mapped_column(Text)
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="documents")
    stage_row: Mapped[ProposalStage | None] = relationship(back_populates="documents")
