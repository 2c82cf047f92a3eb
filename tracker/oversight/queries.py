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


def _monev(user, party: Party, today: date) -> tuple[int, int]:
    """(agreements in force old enough to need a monev, those with one submitted in the last interval)."""
    months = int(current_app.config.get("MONEV_INTERVAL_MONTHS", 6))
    since = add_months(today, -months)
    due = (select(Agreement.id).join(AgreementParty, AgreementParty.agreement_id == Agreement.id)
           .where(AgreementParty.party_id == party.id, agreement_scope(user), Agreement.archived_at.is_(None),
                  dashboard.in_force(today), func.coalesce(Agreement.valid_from, Agreement.signed_on) <= since))
    on_time = (select(func.count(func.distinct(Monev.agreement_id)))
               .where(Monev.agreement_id.in_(due), Monev.party_id == party.id,
                      Monev.status.in_(("submitted", "reviewed")), Monev.period_end >= since))
    return db.session.scalar(dashboard.count_of(due)) or 0, db.session.scalar(on_time) or 0


def region_rows(user, today: date) -> list[RegionRow]:
    """The comparison table: each kab/kota's agreements, follow-up, programmes, monev, proposals."""
    stuck = stuck_count_by_party(user, today)
    rows = []
    for party in regions_of(user):
        filters = Filters(party_id=party.id)
        agreements = db.session.execute(dashboard.agreement_summary(user, filters, today)).one()
        programmes = db.session.execute(dashboard.programme_summary(user, filters, today)).one()
        bare = db.session.scalar(dashboard.count_of(dashboard.fields_without_follow_up(user, filters, today)))
        due, on_time = _monev(user, party, today)
        rows.append(RegionRow(party, agreements.active or 0, bare or 0, programmes.overdue or 0, due, on_time,
                              stuck.get(party.id, 0)))
    return rows
