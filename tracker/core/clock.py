"""Time in the deployment's timezone: 'today' is the WIB date, not the server's."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context


def utcnow() -> datetime:
    """Aware UTC timestamp, the callable default for created/updated columns."""
    return datetime.now(UTC)


def local_zone() -> ZoneInfo:
    """The configured zone (TRACKER_TIMEZONE, default Asia/Jakarta)."""
    name = "Asia/Jakarta"
    if has_app_context():
        name = current_app.config.get("TRACKER_TIMEZONE", name)
    return ZoneInfo(name)


def local_now(now: datetime | None = None) -> datetime:
    """The given (or current) instant in the configured zone."""
    now = now or utcnow()
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now.astimezone(local_zone())


def today(now: datetime | None = None) -> date:
    """Today's date in the configured zone."""
    return local_now(now).date()
