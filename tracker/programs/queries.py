"""Realisation of programmes: aggregate queries shared by pages, dashboards and the API."""

from __future__ import annotations

from sqlalchemy import Subquery, func, select
from sqlalchemy.orm import selectinload

from tracker.agreements.models import Agreement, Field
from tracker.permissions import agreement_scope, programme_scope
from tracker.programs.models import Programme
from tracker.programs.status import percent, programme_health
from tracker.progress.models import ProgressEntry


def progress_totals() -> Subquery:
    """Per programme: realised quantity, last progress date, number of entries (live entries only)."""
    return (
        select(
            ProgressEntry.programme_id.label("programme_id"),
            func.coalesce(func.sum(ProgressEntry.quantity), 0).label("realised"),
            func.max(ProgressEntry.reported_on).label("last_progress_on"),
            func.count(ProgressEntry.id).label("entries"),
        )
        .where(ProgressEntry.archived_at.is_(None))
        .group_by(ProgressEntry.programme_id)
        .subquery("progress_totals")
    )


def totals_for(programme_ids: list[int]) -> dict[int, tuple]:
    """``{programme_id: (realised, last_progress_on, entries)}`` in one query."""
    from tracker.extensions import db

    if not programme_ids:
        return {}
    rows = db.session.execute(
        select(
            ProgressEntry.programme_id,
            func.coalesce(func.sum(ProgressEntry.quantity), 0),
            func.max(ProgressEntry.reported_on),
            func.count(ProgressEntry.id),
        )
        .where(ProgressEntry.archived_at.is_(None), ProgressEntry.programme_id.in_(programme_ids))
        .group_by(ProgressEntry.programme_id)
    )
    return {pid: (realised, last, count) for pid, realised, last, count in rows}


def visible_programmes(user, *, agency_id=None, status=None, field_id=None, agreement_id=None):
    """Live programmes of agreements the user may see, filtered; newest due date last."""
    query = (
        select(Programme)
        .join(Field, Programme.field_id == Field.id)
        .where(Programme.archived_at.is_(None), Field.archived_at.is_(None))
        .where(Field.agreement_id.in_(_visible_agreement_ids(agreement_scope(user))), programme_scope(user))
        .options(selectinload(Programme.agency), selectinload(Programme.field).selectinload(Field.agreement))
        .order_by(Programme.due_on.asc().nulls_last(), Programme.id)
    )
    if agency_id:
        query = query.where(Programme.agency_id == agency_id)
    if status:
        query = query.where(Programme.status == status)
    if field_id:
        query = query.where(Programme.field_id == field_id)
    if agreement_id:
        query = query.where(Field.agreement_id == agreement_id)
    return query


def _visible_agreement_ids(scope):
    return select(Agreement.id).where(scope, Agreement.archived_at.is_(None))


def summaries(programmes, today):
    """``[(programme, realised, percent, health, last_progress_on)]`` for a list of programmes."""
    totals = totals_for([p.id for p in programmes])
    rows = []
    for programme in programmes:
        realised, last, _count = totals.get(programme.id, (0, None, 0))
        health = programme_health(programme, today, realised, last)
        rows.append((programme, realised, percent(realised, programme.target), health, last))
    return rows


def listed_rows(user, today, *, health=None, **filters):
    """The programme list's rows (every page): visible programmes filtered, with realisation and health."""
    from tracker.extensions import db

    rows = summaries(db.session.scalars(visible_programmes(user, **filters)).all(), today)
    return [row for row in rows if row[3] == health] if health else rows
