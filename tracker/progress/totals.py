"""Kept totals per programme: realised quantity, number of live entries, last entry date.

The progress services call ``refresh`` in the transaction of every write, correction, archive
and restore, so pages read one row per programme instead of summing its entries. ``rebuild``
recounts everything (``flask totals rebuild``, the migration, the bench generator).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, Numeric, Subquery, delete, func, insert, select, update
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.programs.models import Programme
from tracker.progress.models import ProgressEntry


class ProgrammeTotals(db.Model):
    """One row per programme with at least one entry ever counted; absent means nothing realised."""

    __tablename__ = "programme_totals"

    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True
    )
    # Wider than an entry's Numeric(16, 2): a sum of many entries.
    realised: Mapped[Decimal] = mapped_column(Numeric(20, 2), default=Decimal(0))
    entries: Mapped[int] = mapped_column(Integer, default=0)
    last_progress_on: Mapped[date | None] = mapped_column(Date)


def recount(programme_ids=None):
    """The full recount from the live entries, grouped per programme (optionally for some only)."""
    query = (
        select(
            ProgressEntry.programme_id.label("programme_id"),
            func.coalesce(func.sum(ProgressEntry.quantity), 0).label("realised"),
            func.count(ProgressEntry.id).label("entries"),
            func.max(ProgressEntry.reported_on).label("last_progress_on"),
        )
        .where(ProgressEntry.archived_at.is_(None))
        .group_by(ProgressEntry.programme_id)
    )
    if programme_ids is not None:
        query = query.where(ProgressEntry.programme_id.in_(programme_ids))
    return query


def refresh(programme_id: int) -> None:
    """Recount one programme's totals inside the caller's transaction (after its flush).

    The programme row is locked first (FOR NO KEY UPDATE: no conflict with the foreign-key
    checks of entry inserts), so two reports on one programme serialise here and the second
    recount, a new statement under READ COMMITTED, sees the first one's committed entry.
    """
    session = db.session
    session.flush()
    session.execute(select(Programme.id).where(Programme.id == programme_id).with_for_update(key_share=True))
    row = session.execute(recount([programme_id])).first()
    values = {"realised": row.realised, "entries": row.entries, "last_progress_on": row.last_progress_on} if row \
        else {"realised": Decimal(0), "entries": 0, "last_progress_on": None}
    table = ProgrammeTotals.__table__
    changed = session.execute(update(table).where(table.c.programme_id == programme_id).values(**values))
    if changed.rowcount == 0:
        session.execute(insert(table).values(programme_id=programme_id, **values))


def rebuild(connection) -> int:
    """Replace every kept total by a full recount; returns the number of programmes with entries."""
    table = ProgrammeTotals.__table__
    connection.execute(delete(table))
    counted = recount().subquery()
    connection.execute(
        insert(table).from_select(
            ["programme_id", "realised", "entries", "last_progress_on"],
            select(counted.c.programme_id, counted.c.realised, counted.c.entries, counted.c.last_progress_on),
        )
    )
    return connection.execute(select(func.count()).select_from(table)).scalar_one()


def drift(connection) -> list[tuple]:
    """Programmes whose kept totals differ from a full recount: ``[(id, kept, counted)]``."""
    counted = recount().subquery()
    table = ProgrammeTotals.__table__
    kept = {r.programme_id: (Decimal(r.realised), r.entries, r.last_progress_on)
            for r in connection.execute(select(table)) if r.entries or r.realised}
    truth = {r.programme_id: (Decimal(r.realised), r.entries, r.last_progress_on)
             for r in connection.execute(select(counted))}
    return [(pid, kept.get(pid), truth.get(pid)) for pid in sorted(set(kept) | set(truth))
            if kept.get(pid) != truth.get(pid)]


def kept_totals() -> Subquery:
    """Per programme: realised, last_progress_on, entries (the kept row; outer-join it, coalesce)."""
    table = ProgrammeTotals.__table__
    return select(
        table.c.programme_id.label("programme_id"),
        table.c.realised.label("realised"),
        table.c.last_progress_on.label("last_progress_on"),
        table.c.entries.label("entries"),
    ).subquery("progress_totals")


def totals_for(programme_ids) -> dict[int, tuple]:
    """``{programme_id: (realised, last_progress_on, entries)}`` in one query over the kept rows."""
    ids = list(programme_ids)
    if not ids:
        return {}
    table = ProgrammeTotals.__table__
    rows = db.session.execute(
        select(table.c.programme_id, table.c.realised, table.c.last_progress_on, table.c.entries)
        .where(table.c.programme_id.in_(ids))
    )
    return {pid: (realised, last, count) for pid, realised, last, count in rows}
