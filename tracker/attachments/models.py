"""Metadata of uploaded files; the bytes live outside any static folder."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.models import ArchiveMixin, TimestampMixin
from tracker.extensions import db

if TYPE_CHECKING:
    from tracker.agreements.models import Agreement
    from tracker.progress.models import ProgressEntry


class Attachment(TimestampMixin, ArchiveMixin, db.Model):
    """A document scan or evidence file of an agreement or a progress entry."""

    __tablename__ = "attachments"
    __table_args__ = (
        CheckConstraint(
            "(agreement_id IS NULL) <> (progress_entry_id IS NULL)", name="one_owner"
        ),
        CheckConstraint("size_bytes >= 0", name="size_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreements.id", ondelete="RESTRICT"), index=True
    )
    progress_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("progress_entries.id", ondelete="RESTRICT"), index=True
    )
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    agreement: Mapped[Agreement | None] = relationship(back_populates="attachments")
    progress_entry: Mapped[ProgressEntry | None] = relationship(
        back_populates="attachments"
    )
