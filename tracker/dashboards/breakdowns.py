"""Aggregates for the per-agreement, per-agency, expiry, trend and officer pages."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Select, and_, case, func, or_, select, union

from tracker.agreements.models import Agreement, Field, Responsibility
from tracker.dashboards.filters import Filters
from tracker.dashboards.queries import LIVE, agreement_clauses, followed_up, health_columns, programme_facts
from tracker.dashboards.sql import date_value, month_of, severity_case
from tracker.parties.models import Agency, Party
from tracker.programs.models import Programme
from tracker.programs.queries import counts_toward
from tracker.progress.models import ProgressEntry

EXPIRY_BUCKETS = ("overdue", "d0_30", "d31_90", "d91_180")


def fields_of_agreement(user, agreement_id: int, today: date) -> Select:
    """Per field of one agreement: programme counts by health, realisation, entries, follow-up."""
    ph = programme_facts(user, Filters(agreement_id=agreement_id), today)
    return (
        select(Field.id, Field.title, Field.position, followed_up().label("followed_up"), *health_columns(ph))
        .outerjoin(ph, counts_toward(Field.id, ph.c.field_id, ph.c.implements_field_id))
        .where(Field.agreement_id == agreement_id, Field.archived_at.is_(None))
        .group_by(Field.id, Field.title, Field.position)
        .order_by(Field.position, Field.id)
    )


def agencies_of_agreement(user, agreement_id: int, today: date) -> Select:
    """Per agency responsible for or working on one agreement: what it has done."""
    ph = programme_facts(user, Filters(agreement_id=agreement_id), today)
    responsible = (
        select(Responsibility.agency_id.label("agency_id"))
        .join(Field, Field.id == Responsibility.field_id)
        .where(Field.agreement_id == agreement_id, Field.archived_at.is_(None), Responsibility.archived_at.is_(None))
    )
    involved = union(responsible, select(ph.c.agency_id)).subquery("involved")
    return (
        select(Agency.id, Agency.name, Agency.party_id, *health_columns(ph))
        .select_from(involved)
        .join(Agency, Agency.id == involved.c.agency_id)
        .outerjoin(ph, ph.c.agency_id == Agency.id)
        .group_by(Agency.id, Agency.name, Agency.party_id)
        .order_by(Agency.name, Agency.id)
    )


def entries_by_month(user, filters: Filters, start: date, end: date) -> Select:
    """Per month: progress entries and realisation added (percentage points of the average target)."""
    counted = and_(Programme.target > 0, Programme.status != "cancelled")
    share = case((counted, ProgressEntry.quantity * 100.0 / Programme.target), else_=0)
    month = month_of(ProgressEntry.reported_on)
    query = select(month.label("month"), func.count(ProgressEntry.id).label("entries"), func.sum(share).label("points"))
    return _live_entries(query, user, filters, start, end).group_by(month).order_by(month)


def _live_entries(query: Select, user, filters: Filters, start: date, end: date) -> Select:
    """Restrict ``query`` to the live progress entries of the period that the user may count."""
    return (
        query.join(Programme, Programme.id == ProgressEntry.programme_id)
        .join(Field, Field.id == Programme.field_id)
        .join(Agreement, Agreement.id == Field.agreement_id)
        .where(
            ProgressEntry.archived_at.is_(None),
            Programme.archived_at.is_(None),
            Field.archived_at.is_(None),
            ProgressEntry.reported_on >= date_value(start),
            ProgressEntry.reported_on <= date_value(end),
            *agreement_clauses(user, filters, rolled_up=True),
            *filters.programme_clauses(),
        )
    )


def agency_responsiveness(user, filters: Filters, today: date) -> Select:
    """Per agency: live, overdue, stalled and on-track programmes, last progress, entries in the period."""
    ph = programme_facts(user, filters, today)
    last = func.max(ph.c.last_progress_on)
    return (
        select(Agency.id, Agency.name, Party.id.label("party_id"), Party.name.label("party"), *health_columns(ph))
        .select_from(ph)
        .join(Agency, Agency.id == ph.c.agency_id)
        .join(Party, Party.id == Agency.party_id)
        .group_by(Agency.id, Agency.name, Party.id, Party.name)
        .order_by(last.is_not(None), last, Agency.name, Agency.id)
    )


def expiry_bucket(today: date):
    """Which expiry window an agreement's end of validity falls into (None: later or open-ended)."""
    end = Agreement.valid_until
    return case(
        (end < date_value(today), "overdue"),
        (end <= date_value(today + timedelta(days=30)), "d0_30"),
        (end <= date_value(today + timedelta(days=90)), "d31_90"),
        (end <= date_value(today + timedelta(days=180)), "d91_180"),
    )


def _expiry_clauses(user, filters: Filters, today: date) -> list:
    return [
        *agreement_clauses(user, filters),
        Agreement.signed_on.is_not(None),
        or_(Agreement.terminated_on.is_(None), Agreement.terminated_on > date_value(today)),
        Agreement.valid_until <= date_value(today + timedelta(days=180)),
    ]


def expiry_counts(user, filters: Filters, today: date) -> Select:
    """Agreements not terminated per expiry window: overdue review, 0–30, 31–90, 91–180 days."""
    bucket = expiry_bucket(today)
    return select(bucket.label("bucket"), func.count(Agreement.id)).where(
        *_expiry_clauses(user, filters, today)
    ).group_by(bucket)


def expiry_list(user, filters: Filters, today: date, bucket: str | None) -> Select:
    """The agreements behind an expiry count, the soonest ending first."""
    query = select(Agreement).where(*_expiry_clauses(user, filters, today))
    if bucket in EXPIRY_BUCKETS:
        query = query.where(expiry_bucket(today) == bucket)
    return query.order_by(Agreement.valid_until, Agreement.id)


def officer_work(user, today: date) -> Select:
    """The officer's agency's live programmes, what needs doing first at the top."""
    ph = programme_facts(user, Filters(agency_id=user.agency_id), today)
    return (
        select(ph, Programme.name, Programme.unit, Field.title.label("field"), Agreement.id.label("agreement"),
               Agreement.title.label("agreement_title"))
        .join(Programme, Programme.id == ph.c.id)
        .join(Field, Field.id == ph.c.field_id)
        .join(Agreement, Agreement.id == ph.c.agreement_id)
        .where(ph.c.status.in_(LIVE))
        .order_by(severity_case(ph.c.health), ph.c.due_on.is_(None), ph.c.due_on, ph.c.id)
    )


def entries_in_period(user, filters: Filters, today: date) -> Select:
    """The progress entries behind the 'entries in the period' figure, newest first."""
    start, end = filters.period(today)
    query = select(
        ProgressEntry.id, ProgressEntry.reported_on, ProgressEntry.quantity, ProgressEntry.description,
        Programme.id.label("programme_id"), Programme.name, Programme.unit, Agency.name.label("agency"),
    )
    return (
        _live_entries(query, user, filters, start, end)
        .join(Agency, Agency.id == Programme.agency_id)
        .order_by(ProgressEntry.reported_on.desc(), ProgressEntry.id.desc())
    )
