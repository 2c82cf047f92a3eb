"""Turns the aggregate rows into what the dashboard pages show: attention list, options, charts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

from flask import url_for
from sqlalchemy import select

from tracker.agreements.models import Agreement, AgreementParty, Field
from tracker.dashboards.charts import Bar, bar_chart
from tracker.dashboards.filters import Filters
from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.parties.models import Agency, Party
from tracker.permissions import agreement_scope

# Tiers of the "needs attention" list, most severe first: the Bupati's worry (a field
# nobody followed up) leads, then work past its due date, then work gone quiet.
TIERS = ("no_follow_up", "overdue", "stalled", "review", "expiring")


@dataclass
class Attention:
    tier: str
    title: str
    detail: str
    href: str
    days: int


def leader_figures(user, filters: Filters, today: date) -> dict:
    """Every aggregate of the leader dashboard as plain values (they go into the shared cache)."""
    from tracker.dashboards import queries

    results = queries.run(queries.leader_statements(user, filters, today))
    plain = {name: _plain(value) for name, value in results.items()}
    plain["no_follow_up_count"] = results["no_follow_up_count"][0]
    return plain


def _plain(value):
    """Rows as attribute namespaces: picklable, and read the same way by the template."""
    if isinstance(value, list):
        return [_plain(row) for row in value]
    return SimpleNamespace(**value._asdict()) if value is not None else None


def attention_list(results: dict, today: date) -> list[Attention]:
    """Merge the attention queries into one list ordered by tier, then by days waiting."""
    items = []
    for row in results["no_follow_up"]:
        items.append(Attention("no_follow_up", row.title, row.agreement_title,
                               url_for("dashboards.agreement", agreement_id=row.agreement_id),
                               (today - row.signed_on).days))
    for row in results["troubled"]:
        items.append(Attention(row.health, row.name, row.field,
                               _programme_url(row.id), (today - row.since).days if row.since else 0))
    for row in results["expiring"]:
        tier = "review" if row.valid_until < today else "expiring"
        items.append(Attention(tier, row.title, row.kind,
                               url_for("dashboards.agreement", agreement_id=row.id),
                               (row.valid_until - today).days))
    return sorted(items, key=lambda item: (TIERS.index(item.tier), -abs(item.days)))


def _programme_url(programme_id: int) -> str:
    from flask import current_app

    if "programs.detail" in current_app.view_functions:
        return url_for("programs.detail", programme_id=programme_id)
    return url_for("dashboards.officer")


AGREEMENT_CHOICES = 40  # more visible agreements than this: a search field instead of a long list


def filter_options(user, filters: Filters) -> dict:
    """Choices for the filter form, all within the user's scope (never every agreement)."""
    scoped = select(Agreement.id).where(agreement_scope(user), Agreement.archived_at.is_(None))
    parties = db.session.execute(
        select(Party.id, Party.name).join(AgreementParty, AgreementParty.party_id == Party.id)
        .where(AgreementParty.agreement_id.in_(scoped), Party.id != user.party_id)
        .group_by(Party.id, Party.name).order_by(Party.name)
    ).all()
    agreements = db.session.execute(
        select(Agreement.id, Agreement.kind, Agreement.title).where(Agreement.id.in_(scoped))
        .order_by(Agreement.signed_on.desc(), Agreement.id.desc()).limit(AGREEMENT_CHOICES + 1)
    ).all()
    search = len(agreements) > AGREEMENT_CHOICES
    if search:  # only the chosen one stays a choice, so that it shows and can be cleared
        agreements = [a for a in db.session.execute(
            select(Agreement.id, Agreement.kind, Agreement.title)
            .where(Agreement.id == filters.agreement_id, Agreement.id.in_(scoped))
        ).all()] if filters.agreement_id else []
    agencies = db.session.execute(
        select(Agency.id, Agency.name).where(Agency.party_id == user.party_id, Agency.archived_at.is_(None))
        .order_by(Agency.name)
    ).all()
    fields = []
    if filters.agreement_id:
        fields = db.session.execute(
            select(Field.id, Field.title).where(Field.agreement_id == filters.agreement_id,
                                                Field.agreement_id.in_(scoped), Field.archived_at.is_(None))
            .order_by(Field.position)
        ).all()
    return {"parties": parties, "agreements": agreements, "agreement_search": search, "agencies": agencies,
            "fields": fields}


def health_chart(summary, filters: Filters) -> dict:
    """Bars for live programmes by health, each linking to the list behind it."""
    labels = {"overdue": _("Terlambat"), "stalled": _("Macet"), "at_risk": _("Berisiko"), "on_track": _("Sesuai rencana")}
    bars = []
    for key, label in labels.items():
        href = _list_url(filters, health=key)
        bars.append(Bar(label=label, value=getattr(summary, key) or 0, css=f"bar-{key}", href=href))
    return bar_chart(bars, width=480, height=200)


def _list_url(filters: Filters, **extra) -> str | None:
    from flask import current_app

    if "programs.list" not in current_app.view_functions:
        return None
    return url_for("programs.list", **filters.programme_args(**extra))


def percent(value) -> float | None:
    return None if value is None else round(float(value), 1)


def trend_months(user, filters: Filters, today: date) -> tuple[date, date, list[dict]]:
    """The trend period and, per month, entries and realisation added (points of the average target)."""
    from tracker.dashboards import breakdowns, queries

    end = filters.end or today
    start = filters.start or date(end.year - 1, end.month, 1)
    rows = db.session.execute(breakdowns.entries_by_month(user, filters, start, end)).all()
    summary = db.session.execute(queries.programme_summary(user, filters, today)).one()
    with_target = summary.with_target or 0
    months, cumulative = [], 0.0
    for row in rows:
        added = float(row.points or 0) / with_target if with_target else 0.0
        cumulative += added
        months.append({"month": row.month, "entries": row.entries, "added": added, "cumulative": cumulative})
    return start, end, months
