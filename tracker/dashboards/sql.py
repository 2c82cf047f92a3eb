"""Dialect-neutral SQL pieces: day numbers, months, and programme health as a CASE."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Date, Float, Integer, String, and_, case, literal, not_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from tracker.programs import status as programme_status


class day_number(FunctionElement):  # noqa: N801  (reads like a SQL function)
    """A date as a number of days, so that two of them subtract to a day count."""

    type = Float()
    inherit_cache = True
    name = "day_number"


@compiles(day_number)
def _day_number_default(element, compiler, **kw):
    return f"({compiler.process(element.clauses, **kw)} - DATE '1970-01-01')"


@compiles(day_number, "sqlite")
def _day_number_sqlite(element, compiler, **kw):
    return f"julianday({compiler.process(element.clauses, **kw)})"


class month_of(FunctionElement):  # noqa: N801
    """'YYYY-MM' of a date column."""

    type = String()
    inherit_cache = True
    name = "month_of"


@compiles(month_of)
def _month_default(element, compiler, **kw):
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM')"


@compiles(month_of, "sqlite")
def _month_sqlite(element, compiler, **kw):
    return f"strftime('%Y-%m', {compiler.process(element.clauses, **kw)})"


def thresholds() -> tuple[int, int]:
    """(stalled days, due-soon days): the same settings tracker.programs.status reads."""
    return (
        programme_status._setting("PROGRAMME_STALLED_DAYS", 30),
        programme_status._setting("PROGRAMME_DUE_SOON_DAYS", 14),
    )


def date_value(value: date):
    return literal(value, Date())


def health_case(row, today: date):
    """programme_health() of tracker.programs.status, as SQL over a row with
    status, target, start_on, due_on, realised and last_progress_on columns."""
    stalled_days, due_soon_days = thresholds()
    tolerance = float(programme_status.AT_RISK_TOLERANCE)
    target, realised = row.target, row.realised
    reached = and_(target > 0, realised >= target)
    since = case((row.last_progress_on.is_not(None), row.last_progress_on), else_=row.start_on)
    elapsed = day_number(date_value(today)) - day_number(row.start_on)
    span = day_number(row.due_on) - day_number(row.start_on)
    behind = case(
        (target > 0, elapsed * target > (realised + tolerance * target) * span),
        else_=elapsed > tolerance * span,
    )
    return case(
        (row.status.not_in(("planned", "running")), None),
        (and_(row.due_on.is_not(None), row.due_on < date_value(today), not_(reached)), "overdue"),
        (
            and_(
                row.status == "running",
                since.is_not(None),
                since <= date_value(today - timedelta(days=stalled_days)),
            ),
            "stalled",
        ),
        (reached, "on_track"),
        (
            and_(row.due_on.is_not(None), row.due_on <= date_value(today + timedelta(days=due_soon_days))),
            "at_risk",
        ),
        (and_(row.start_on.is_not(None), row.due_on > row.start_on, behind), "at_risk"),
        else_="on_track",
    )


SEVERITY = {"overdue": 1, "stalled": 2, "at_risk": 3, "on_track": 4}


def severity_case(health):
    """Sort key: what needs doing first (overdue, stalled, at risk, on track, closed)."""
    return case(*[(health == name, rank) for name, rank in SEVERITY.items()], else_=9).cast(Integer)
