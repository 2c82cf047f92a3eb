"""Aggregate reads behind the leader dashboard: every figure is a GROUP BY in the database.

All queries are scoped with permissions.agreement_scope(user), leave archived
records out and honour the dashboard Filters. Programme health is the SQL twin
of tracker.programs.status.programme_health (see sql.health_case).
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import Select, and_, case, func, or_, select, true
from sqlalchemy.orm import aliased

from tracker.agreements.models import Agreement, Field
from tracker.dashboards.filters import Filters
from tracker.dashboards.sql import date_value, health_case, thresholds
from tracker.extensions import db
from tracker.permissions import agreement_scope
from tracker.programs.models import Programme
from tracker.progress.models import ProgressEntry
from tracker.progress.totals import ProgrammeTotals

LIVE = ("planned", "running")
pks = aliased(Agreement, name="pks")
ATTENTION_LIMIT = 8


def agreement_clauses(user, filters: Filters, rolled_up: bool = False) -> list:
    """Agreements the user may see, not archived, narrowed by the filters (see Filters.agreement_clauses)."""
    return [agreement_scope(user), Agreement.archived_at.is_(None), *filters.agreement_clauses(rolled_up)]


def in_force(today: date):
    """Signed, started, not ended and not terminated: the agreement counts as active."""
    return and_(
        Agreement.signed_on.is_not(None),
        or_(Agreement.terminated_on.is_(None), Agreement.terminated_on > date_value(today)),
        func.coalesce(Agreement.valid_from, Agreement.signed_on) <= date_value(today),
        or_(Agreement.valid_until.is_(None), Agreement.valid_until >= date_value(today)),
    )


def still_open(today: date):
    """Signed and neither terminated nor expired: its fields still need follow-up."""
    return and_(
        Agreement.signed_on.is_not(None),
        or_(Agreement.terminated_on.is_(None), Agreement.terminated_on > date_value(today)),
        or_(Agreement.valid_until.is_(None), Agreement.valid_until >= date_value(today)),
    )


def programme_facts(user, filters: Filters, today: date):
    """Per visible live programme: realised, last progress, entries (all and in the period), health.

    The one definition of the per-programme facts: every dashboard figure, the officer's list
    and the per-agreement page group this subquery by their own key (field, agency, agreement).
    Realised, entries and last progress are the kept totals (tracker.progress.totals); only the
    entries of the period are counted, through the (programme_id, reported_on) index.
    """
    start, end = filters.period(today)
    kept = ProgrammeTotals.__table__
    period_entries = (
        select(func.count(ProgressEntry.id))
        .where(ProgressEntry.programme_id == Programme.id, ProgressEntry.archived_at.is_(None),
               ProgressEntry.reported_on >= date_value(start), ProgressEntry.reported_on <= date_value(end))
        .correlate(Programme)
        .scalar_subquery()
    )
    facts = (
        select(
            Programme.id,
            Programme.agency_id,
            Programme.field_id,
            # The KB field a PKS programme also counts toward (programs.queries.counts_toward).
            Field.implements_field_id,
            Field.agreement_id,
            Programme.status,
            Programme.target,
            Programme.start_on,
            Programme.due_on,
            func.coalesce(kept.c.realised, 0).label("realised"),
            kept.c.last_progress_on.label("last_progress_on"),
            func.coalesce(kept.c.entries, 0).label("entries"),
            period_entries.label("period_entries"),
        )
        .join(Field, Programme.field_id == Field.id)
        .join(Agreement, Field.agreement_id == Agreement.id)
        .outerjoin(kept, kept.c.programme_id == Programme.id)
        .where(
            Programme.archived_at.is_(None),
            Field.archived_at.is_(None),
            *agreement_clauses(user, filters, rolled_up=True),
            *filters.programme_clauses(),
        )
        # Materialised once: the health CASE reads realised and last_progress_on many times,
        # and the leader's overview reads the facts twice (summary and troubled list).
        .cte("pf")
        .prefix_with("MATERIALIZED")
    )
    return select(facts, health_case(facts.c, today).label("health")).subquery("ph")


def ratio(ph):
    """Realisation of one programme as a share of its target, capped at 1 (None: no target or cancelled)."""
    return case(
        (
            and_(ph.c.target > 0, ph.c.status != "cancelled"),
            case((ph.c.realised >= ph.c.target, 1.0), else_=ph.c.realised * 1.0 / ph.c.target),
        ),
    )


def _count_where(condition):
    return func.count(case((condition, 1)))


def health_columns(ph) -> list:
    """Counts and realisation over a programme-health subquery, for use in any GROUP BY."""
    return [
        func.count(ph.c.id).label("programmes"),
        _count_where(ph.c.status.in_(LIVE)).label("live"),
        _count_where(ph.c.status == "done").label("done"),
        _count_where(ph.c.health == "overdue").label("overdue"),
        _count_where(ph.c.health == "stalled").label("stalled"),
        _count_where(ph.c.health == "at_risk").label("at_risk"),
        _count_where(ph.c.health == "on_track").label("on_track"),
        (func.avg(ratio(ph)) * 100).label("realisation"),
        func.count(ratio(ph)).label("with_target"),
        _count_where(ratio(ph) >= 1.0).label("reached"),
        func.coalesce(func.sum(ph.c.entries), 0).label("entries"),
        func.coalesce(func.sum(ph.c.period_entries), 0).label("period_entries"),
        func.max(ph.c.last_progress_on).label("last_progress_on"),
    ]


def programme_summary(user, filters: Filters, today: date) -> Select:
    """One row: programme counts by health, realisation against targets, entries in the period."""
    ph = programme_facts(user, filters, today)
    return select(*health_columns(ph)).select_from(ph)


def agreement_summary(user, filters: Filters, today: date) -> Select:
    """One row: visible agreements, and how many are in force today."""
    return select(
        func.count(Agreement.id).label("agreements"),
        _count_where(in_force(today)).label("active"),
    ).where(*agreement_clauses(user, filters))


def followed_up():
    """EXISTS a programme, neither archived nor cancelled, counting toward the field (its own or a PKS's)."""
    pks_field = aliased(Field)
    own = select(Programme.id).where(
        Programme.field_id == Field.id, Programme.archived_at.is_(None), Programme.status != "cancelled"
    )
    through_pks = (
        select(Programme.id)
        .join(pks_field, pks_field.id == Programme.field_id)
        .join(pks, pks.id == pks_field.agreement_id)
        .where(
            pks_field.implements_field_id == Field.id, pks_field.archived_at.is_(None),
            pks.archived_at.is_(None), Programme.archived_at.is_(None), Programme.status != "cancelled",
        )
    )
    return or_(own.exists(), through_pks.exists())


def fields_without_follow_up(user, filters: Filters, today: date) -> Select:
    """Fields of open agreements with no live programme, oldest signing first."""
    return (
        select(Field.id, Field.title, Agreement.id.label("agreement_id"), Agreement.title.label("agreement_title"),
               Agreement.signed_on)
        .join(Agreement, Field.agreement_id == Agreement.id)
        .where(
            Field.archived_at.is_(None),
            still_open(today),
            *agreement_clauses(user, filters),
            *filters.field_clauses(),
            ~followed_up(),
        )
        .order_by(Agreement.signed_on, Field.agreement_id, Field.position, Field.id)
    )


def count_of(query: Select) -> Select:
    return select(func.count()).select_from(query.order_by(None).subquery())


def troubled_programmes(user, filters: Filters, today: date, limit: int = ATTENTION_LIMIT, ph=None) -> Select:
    """Overdue then stalled programmes, the longest-waiting first (over ``ph`` when given)."""
    ph = programme_facts(user, filters, today) if ph is None else ph
    waiting_since = case(
        (ph.c.health == "overdue", ph.c.due_on),
        else_=func.coalesce(ph.c.last_progress_on, ph.c.start_on),
    )
    tier = case((ph.c.health == "overdue", 1), else_=2)
    return (
        select(ph.c.id, ph.c.health, ph.c.due_on, waiting_since.label("since"), Programme.name,
               Field.title.label("field"), tier.label("tier"))
        .join(Programme, Programme.id == ph.c.id)
        .join(Field, Field.id == ph.c.field_id)
        .where(ph.c.health.in_(("overdue", "stalled")))
        .order_by(tier, waiting_since, ph.c.id)
        .limit(limit)
    )


def programme_overview(user, filters: Filters, today: date) -> Select:
    """The programme summary and the troubled programmes in one statement: the facts evaluated once.

    Each row carries the summary's columns; rows with an ``id`` are the troubled programmes.
    """
    ph = programme_facts(user, filters, today)
    summary = select(*health_columns(ph)).select_from(ph).subquery("summary")
    troubled = troubled_programmes(user, filters, today, ph=ph).subquery("troubled")
    return (
        select(summary, troubled)
        .select_from(summary.outerjoin(troubled, true()))
        .order_by(troubled.c.tier, troubled.c.since, troubled.c.id)
    )


def expiring_agreements(user, filters: Filters, today: date, days: int = 30, limit: int = ATTENTION_LIMIT) -> Select:
    """Agreements past their end with no decision yet, or ending within ``days``."""
    return (
        select(Agreement.id, Agreement.kind, Agreement.title, Agreement.valid_until)
        .where(
            *agreement_clauses(user, filters),
            Agreement.signed_on.is_not(None),
            or_(Agreement.terminated_on.is_(None), Agreement.terminated_on > date_value(today)),
            Agreement.valid_until <= date_value(today + timedelta(days=days)),
            Agreement.valid_until >= date_value(today - timedelta(days=365)),
        )
        .order_by(Agreement.valid_until, Agreement.id)
        .limit(limit)
    )


def leader_statements(user, filters: Filters, today: date) -> dict[str, Select]:
    """Every aggregate the leader dashboard runs, by name (the bench times these alone).

    Built once per scope (party, role, agency), filters and day in each process and reused.
    """
    key = (getattr(user, "party_id", None), getattr(user, "role", None), getattr(user, "agency_id", None),
           filters, today, thresholds())
    built = current_app.extensions.setdefault("sinergi.leader_statements", OrderedDict())
    statements = built.get(key)
    if statements is None:
        statements = {
            "agreements": agreement_summary(user, filters, today),
            "overview": programme_overview(user, filters, today),
            "no_follow_up_count": count_of(fields_without_follow_up(user, filters, today)),
            "no_follow_up": fields_without_follow_up(user, filters, today).limit(ATTENTION_LIMIT),
            "expiring": expiring_agreements(user, filters, today),
        }
        built[key] = statements
        while len(built) > BUILT_LIMIT:
            built.popitem(last=False)
    return statements


# Built statements kept per app and (party, role, agency, filters, day, health thresholds):
# the scope depends on nothing else of the user.
BUILT_LIMIT = 256


def run(statements: dict[str, Select]) -> dict:
    """Execute named statements: one-row summaries as a row, the rest as lists.

    ``overview`` becomes ``programmes`` (its summary row) and ``troubled`` (its programme rows).
    """
    results = {}
    for name, statement in statements.items():
        rows = db.session.execute(statement).all()
        if name == "overview":
            results["programmes"] = rows[0] if rows else None
            results["troubled"] = [row for row in rows if row.id is not None]
            continue
        single = name in ("agreements", "programmes", "no_follow_up_count")
        results[name] = (rows[0] if rows else None) if single else rows
    return results
