"""Reading the audit trail."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from tracker.audit.models import AuditEvent
from tracker.audit.services import entity_name
from tracker.core.clock import local_zone
from tracker.extensions import db

if TYPE_CHECKING:
    from tracker.audit.forms import AuditFilterForm


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


def _local_midnight_utc(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=local_zone()).astimezone(UTC)


def filtered_events(party_id: int, form: AuditFilterForm) -> Select:
    """The Pemda's events narrowed by the valid filters, newest first."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.party_id == party_id)
        .options(selectinload(AuditEvent.user))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    )
    if form.user.data:
        query = query.where(AuditEvent.user_id == form.user.data)
    if form.record_type.data:
        query = query.where(AuditEvent.entity_type == form.record_type.data)
    if form.date_from.data:
        query = query.where(AuditEvent.occurred_at >= _local_midnight_utc(form.date_from.data))
    if form.date_to.data:
        end = _local_midnight_utc(form.date_to.data + timedelta(days=1))
        query = query.where(AuditEvent.occurred_at < end)
    return query
