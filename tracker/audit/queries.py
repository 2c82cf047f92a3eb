"""Reading the audit trail."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from tracker.audit.models import AuditEvent
from tracker.audit.services import entity_name
from tracker.extensions import db


def history_query(entity_type: str, entity_id: int) -> Select:
    return (
        select(AuditEvent)
        .where(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id)
        .options(selectinload(AuditEvent.user))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    )


def history_for(obj: Any, limit: int = 50) -> list[AuditEvent]:
    """The latest events of one record, newest first (for the Riwayat panel)."""
    return list(db.session.scalars(history_query(entity_name(obj), obj.id).limit(limit)))
