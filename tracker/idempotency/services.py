"""Claiming a one-time key: the first use creates, every later use leads to what it created."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tracker.extensions import db
from tracker.idempotency.models import SubmissionKey

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_key() -> str:
    """A fresh random key for one rendering of a form."""
    return secrets.token_urlsafe(24)


def valid(key: str | None) -> bool:
    return bool(key) and KEY_PATTERN.match(key) is not None


@dataclass
class Claim:
    """The outcome of claiming a key: fresh (create now) or a replay of an earlier create."""

    row: SubmissionKey | None = None
    replay: bool = False

    @property
    def record_id(self) -> int | None:
        return self.row.record_id if self.row is not None else None


def _find(key: str, user: Any, endpoint: str) -> SubmissionKey | None:
    return db.session.scalar(select(SubmissionKey).where(
        SubmissionKey.user_id == user.id, SubmissionKey.endpoint == endpoint, SubmissionKey.key == key))


def previous(key: str | None, user: Any, endpoint: str) -> Claim | None:
    """The earlier use of ``key`` that created a record, or None (read only)."""
    if not valid(key) or getattr(user, "id", None) is None:
        return None
    row = _find(key, user, endpoint)
    return Claim(row, replay=True) if row is not None and row.record_id is not None else None


def claim(key: str | None, user: Any, endpoint: str) -> Claim:
    """Take ``key`` for this create; a second use, even a concurrent one, gets the replay.

    The insert relies on the unique constraint: on PostgreSQL a concurrent second insert
    waits for the first transaction and then fails, so two requests never both create.
    """
    if not valid(key) or getattr(user, "id", None) is None:
        return Claim()
    row = SubmissionKey(key=key, user_id=user.id, endpoint=endpoint)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        return Claim(_find(key, user, endpoint), replay=True)
    return Claim(row)


def bind(slot: Claim, record: Any = None, *, record_type: str | None = None, record_id: int = 0) -> None:
    """Remember which record the key created (same transaction as the record)."""
    if slot.row is None or slot.replay:
        return
    slot.row.record_type = record.__tablename__ if record is not None else record_type
    slot.row.record_id = record.id if record is not None else record_id
    db.session.flush()
