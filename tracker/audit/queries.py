"""Reading the audit trail."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from tracker import labels
from tracker.audit.models import AuditEvent
from tracker.audit.services import entity_name
from tracker.core.clock import local_zone
from tracker.extensions import db

if TYPE_CHECKING:
    from tracker.audit.forms import AuditFilterForm


# Sign-ins are in the audit page; a record's Riwayat panel keeps to its changes, or a
# daily sign-in would push an account's role changes out of its latest fifty.
NOT_IN_HISTORY = ("login",)


def history_query(entity_type: str, entity_id: int) -> Select:
    return (
        select(AuditEvent)
        .where(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id,
               AuditEvent.action.not_in(NOT_IN_HISTORY))
        .options(selectinload(AuditEvent.user))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    )


def history_for(obj: Any, limit: int = 50) -> list[AuditEvent]:
    """The latest events of one record, newest first (for the Riwayat panel)."""
    return list(db.session.scalars(history_query(entity_name(obj), obj.id).limit(limit)))


def _id_columns() -> dict:
    from tracker.agreements.models import Agreement, Field
    from tracker.parties.models import Agency, Party

    return {"agency_id": (Agency, "name"), "party_id": (Party, "name"),
            "parent_id": (Agreement, "title"), "field_id": (Field, "title")}


def change_value(name: str, value: Any) -> str:
    """A before/after value for the reader: a linked record by its name, codes as words, local dates."""
    columns = _id_columns()
    if name in columns and isinstance(value, int) and not isinstance(value, bool):
        model, attribute = columns[name]
        record = db.session.get(model, value)  # the identity map answers repeats within a page
        if record is not None:
            return getattr(record, attribute)
    return labels.change_value(name, value)


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
    if form.action.data:
        query = query.where(AuditEvent.action == form.action.data)
    if form.date_from.data:
        query = query.where(AuditEvent.occurred_at >= _local_midnight_utc(form.date_from.data))
    if form.date_to.data:
        end = _local_midnight_utc(form.date_to.data + timedelta(days=1))
        query = query.where(AuditEvent.occurred_at < end)
    return query
