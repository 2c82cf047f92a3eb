"""Column types and mixins shared by the feature models."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, TypeDecorator
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from tracker.core.clock import utcnow


class UTCDateTime(TypeDecorator):
    """Stores UTC and always hands back aware datetimes, on SQLite too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )


class ArchiveMixin:
    """Deleting is archiving: history hangs off these records."""

    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class VersionMixin:
    """Optimistic locking: a stale save raises StaleDataError instead of overwriting."""

    version: Mapped[int] = mapped_column(default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}
