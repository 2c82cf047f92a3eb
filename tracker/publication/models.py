"""What the parties chose to publish about an agreement, and which photos may be public."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.agreements.models import Agreement
from tracker.attachments.models import Attachment
from tracker.core.clock import utcnow
from tracker.core.models import TimestampMixin, UTCDateTime
from tracker.extensions import db

# The choices coordinators make, with the defaults (budgets shown unless hidden).
CHOICES = {"show_programmes": True, "show_progress": True, "show_photos": False, "show_budgets": True}


class Publication(TimestampMixin, db.Model):
    """An agreement on the public pages (publikasi): since when, and what is shown."""

    __tablename__ = "publications"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), unique=True
    )
    # None: not public (never published, or unpublished); the row keeps the last choices.
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    show_programmes: Mapped[bool] = mapped_column(Boolean, default=True)
    show_progress: Mapped[bool] = mapped_column(Boolean, default=True)
    show_photos: Mapped[bool] = mapped_column(Boolean, default=False)
    show_budgets: Mapped[bool] = mapped_column(Boolean, default=True)

    agreement: Mapped[Agreement] = relationship()

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def choices(self) -> dict:
        return {name: getattr(self, name) for name in CHOICES}


class PublicPhoto(db.Model):
    """A photo the reporting officer marked as fit for the public pages (foto publik)."""

    __tablename__ = "public_photos"

    attachment_id: Mapped[int] = mapped_column(
        ForeignKey("attachments.id", ondelete="CASCADE"), primary_key=True
    )
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    attachment: Mapped[Attachment] = relationship()
