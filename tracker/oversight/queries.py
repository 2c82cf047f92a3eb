"""Figures per regency or city of a province, reusing the leader dashboard's queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import func, select

from tracker.agreements.models import Agreement, AgreementParty
from tracker.dashboards import queries as dashboard
from tracker.dashboards.filters import Filters
from tracker.extensions import db
from tracker.monev.models import Monev
from tracker.monev.services import add_months
from tracker.parties.models import Party
from tracker.permissions import agreement_scope, province_code_of
from tracker.proposals.queries import stuck_count_by_party


@dataclass
class RegionRow:
    """One kab/kota on the province dashboard."""

    party: Party
    in_force: int
    no_follow_up: int
    overdue: int
    monev_due: int
    monev_on_time: int
    stuck_proposals: int

    @property
    def monev_share(self) -> int | None:
        return round(100 * self.monev_on_time / self.monev_due) if self.monev_due else None


def regions_of(user) -> list[Party]:
    """The regencies and cities of the user's province (62.xx of 62), by code."""
    code = province_code_of(user)
    if code is None:
        return []
    return list(db.session.scalars(select(Party).where(Party.region_code.like(f"{code}.%"), Party.archived_at.is_(None))
                                   .order_by(Party.region_code)))


def _per_region(code: str):
    """(agreement id, kab/kota party id) of every agreement a kab/kota of the province is in."""
    return (select(AgreementParty.agreement_id.label("agreement_id"), AgreementParty.party_id.label("party_id"))
            .join(Party, Party.id == AgreementParty.party_id)
            .where(Party.region_code.like(f"{code}.%")).subquery("regional"))


def _grouped(query) -> dict[int, int]:
    return {party_id: count or 0 for party_id, count in db.session.execute(query)}


def _in_force(user, regional, today: date) -> dict[int, int]:
    return _grouped(select(regional.c.party_id, func.count(func.distinct(Agreement.id)))
                    .join(Agreement, Agreement.id == regional.c.agreement_id)
                    .where(*dashboard.agreement_clauses(user, Filters()), dashboard.in_force(today))
                    .group_by(regional.c.party_id))


def _no_follow_up(user, regional, today: date) -> dict[int, int]:
    bare = dashboard.fields_without_follow_up(user, Filters(), today).order_by(None).subquery("bare")
    return _grouped(select(regional.c.party_id, func.count(func.distinct(bare.c.id)))
                    .join(bare, bare.c.agreement_id == regional.c.agreement_id).group_by(regional.c.party_id))


def _overdue(user, regional, today: date) -> dict[int, int]:
    ph = dashboard.programme_facts(user, Filters(), today)
    return _grouped(select(regional.c.party_id, func.count(func.distinct(ph.c.id)))
                    .join(ph, ph.c.agreement_id == regional.c.agreement_id)
                    .where(ph.c.health == "overdue").group_by(regional.c.party_id))


def _monev(user, regional, today: date) -> tuple[dict[int, int], dict[int, int]]:
    """Per kab/kota: agreements in force old enough to need a monev, and those it evaluated in time."""
    months = int(current_app.config.get("MONEV_INTERVAL_MONTHS", 6))
    since = add_months(today, -months)
    due = (select(regional.c.party_id, regional.c.agreement_id)
           .join(Agreement, Agreement.id == regional.c.agreement_id)
           .where(agreement_scope(user), Agreement.archived_at.is_(None), dashboard.in_force(today),
                  func.coalesce(Agreement.valid_from, Agreement.signed_on) <= since).subquery("due"))
    counted = _grouped(select(due.c.party_id, func.count()).group_by(due.c.party_id))
    on_time = _grouped(
        select(due.c.party_id, func.count(func.distinct(Monev.agreement_id)))
        .join(Monev, (Monev.agreement_id == due.c.agreement_id) & (Monev.party_id == due.c.party_id))
        .where(Monev.status.in_(("submitted", "reviewed")), Monev.period_end >= since)
        .group_by(due.c.party_id))
    return counted, on_time


def region_rows(user, today: date) -> list[RegionRow]:
    """The comparison table: each kab/kota's agreements, follow-up, programmes, monev, proposals.

    One grouped query per figure (the leader dashboard's queries with no party filter, counted per
    kab/kota), so the page costs the same for a province of 5 or of 38 kab/kota.
    """
    code = province_code_of(user)
    regions = regions_of(user)
    if code is None or not regions:
        return []
    regional = _per_region(code)
    in_force, bare, overdue = (_in_force(user, regional, today), _no_follow_up(user, regional, today),
                               _overdue(user, regional, today))
    due, on_time = _monev(user, regional, today)
    stuck = stuck_count_by_party(user, today)
    return [RegionRow(p, in_force.get(p.id, 0), bare.get(p.id, 0), overdue.get(p.id, 0), due.get(p.id, 0),
                      on_time.get(p.id, 0), stuck.get(p.id, 0)) for p in regions]


def overseen_agreements(user, limit: int = 20):
    """The latest signed agreements of the province's kab/kota (for the dashboard's list)."""
    from sqlalchemy.orm import selectinload

    from tracker.permissions import oversight_scope

    code = province_code_of(user)
    if code is None:
        return []
    return list(db.session.scalars(
        select(Agreement).where(oversight_scope(code), Agreement.archived_at.is_(None))
        .options(selectinload(Agreement.parties).selectinload(AgreementParty.party))
        .order_by(Agreement.signed_on.desc().nulls_last(), Agreement.id.desc()).limit(limit)))
