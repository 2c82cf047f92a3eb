"""Write audit events from the service layer, in the caller's transaction."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import has_request_context
from flask_login import current_user

from tracker.audit.models import AuditEvent
from tracker.core.clock import utcnow
from tracker.extensions import db


def _plain(value: Any) -> Any:
    """Make a column value JSON-friendly and readable in the history panel."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return value


def _actor(user: Any = None) -> Any:
    if user is not None:
        return user
    if has_request_context() and getattr(current_user, "is_authenticated", False):
        return current_user
    return None


def entity_name(obj: Any) -> str:
    return getattr(obj, "__tablename__", type(obj).__name__.lower())


def record(
    action: str,
    obj: Any,
    changes: dict | None = None,
    summary: str | None = None,
    user: Any = None,
    party_id: int | None = None,
) -> AuditEvent:
    """Add an audit event for ``obj`` (flushes so a new record has its id)."""
    db.session.flush()
    actor = _actor(user)
    event = AuditEvent(
        user_id=getattr(actor, "id", None),
        party_id=party_id if party_id is not None else getattr(actor, "party_id", None),
        action=action,
        entity_type=entity_name(obj),
        entity_id=obj.id,
        summary=(summary or "")[:300] or None,
        changes={k: [_plain(a), _plain(b)] for k, (a, b) in (changes or {}).items()},
    )
    db.session.add(event)
    return event


def snapshot(obj: Any, names: list[str] | tuple[str, ...]) -> dict:
    """The current values of ``names`` as a creation record ``{name: [None, value]}``."""
    return {n: (None, getattr(obj, n)) for n in names if getattr(obj, n) not in (None, "")}


def apply_changes(obj: Any, values: dict) -> dict:
    """Set attributes and return ``{name: (before, after)}`` for those that changed."""
    changed = {}
    for name, new in values.items():
        old = getattr(obj, name)
        if _plain(old) != _plain(new):
            changed[name] = (old, new)
            setattr(obj, name, new)
    return changed


def archive(obj: Any, summary: str | None, user: Any = None) -> None:
    """Archive ``obj``: out of lists and figures, its history kept; audited with the date."""
    if obj.archived_at is None:
        obj.archived_at = utcnow()
        record("archive", obj, {"archived_at": (None, obj.archived_at)}, summary=summary, user=user)
        db.session.flush()


def restore(obj: Any, summary: str | None, user: Any = None) -> None:
    """Bring an archived ``obj`` back as it was; audited with the date it had been archived."""
    if obj.archived_at is not None:
        archived_at, obj.archived_at = obj.archived_at, None
        record("restore", obj, {"archived_at": (archived_at, None)}, summary=summary, user=user)
        db.session.flush()
