"""Issuing and revoking the secret calendar URL; a new one replaces the old."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tracker.api.models import hash_secret, new_secret
from tracker.audit import services as audit
from tracker.calendar.models import CalendarFeed
from tracker.core.clock import utcnow
from tracker.extensions import db


def live_feed(user: Any) -> CalendarFeed | None:
    return db.session.scalar(select(CalendarFeed).where(
        CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None)))


def create_feed(user: Any) -> tuple[CalendarFeed, str]:
    """A new secret URL token for ``user``; any previous one stops working."""
    revoke_feed(user)
    secret = new_secret("cal_")
    feed = CalendarFeed(user=user, token_hash=hash_secret(secret), prefix=secret[:10])
    db.session.add(feed)
    db.session.flush()
    audit.record("create", feed, summary=feed.prefix, user=user)
    return feed, secret


def revoke_feed(user: Any) -> None:
    feed = live_feed(user)
    if feed is not None:
        feed.revoked_at = utcnow()
        audit.record("revoke", feed, summary=feed.prefix, user=user)
        db.session.flush()


def feed_for_secret(secret: str) -> CalendarFeed | None:
    """The live feed of an active user with this secret."""
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == hash_secret(secret)))
    if feed is None or feed.revoked_at is not None or not feed.user.is_active:
        return None
    return feed
