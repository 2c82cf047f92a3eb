"""Realisation of programmes: aggregate queries shared by pages, dashboards and the API."""

from __future__ import annotations

from sqlalchemy import Subquery, func, select

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
