"""Dashboard pages: leader overview, per agreement, agencies, expiry, trends, officer's work."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker import permissions
from tracker.agreements.models import Agreement
from tracker.core import cache as page_cache
from tracker.core.clock import today as current_day
from tracker.core.inputs import page_number
from tracker.dashboards import breakdowns, overview, queries
from tracker.dashboards.charts import Bar, bar_chart, timeline
from tracker.dashboards.filters import Filters
from tracker.extensions import db
from tracker.i18n import format_month
from tracker.i18n import gettext as _
from tracker.labels import EXPIRY_BUCKET
from tracker.monev.followup import overdue_for
from tracker.proposals.queries import pipeline as proposal_pipeline
from tracker.reports import dashboard_exports as exports

bp = Blueprint("dashboards", __name__)
PER_PAGE = 25


def _leaders_only() -> None:
    if not permissions.may_view_dashboards(current_user):
        abort(403)


def _wants_csv() -> bool:
    """``?format=csv``: every row of the page's list (all pages), same filters, as a download."""
    return request.args.get("format") == "csv"


def _page(query, per_page: int = PER_PAGE) -> dict:
    """Rows of one page of a column select, with the total (two statements, whatever the data)."""
    total = db.session.scalar(queries.count_of(query))
    number = min(page_number(), max((total + per_page - 1) // per_page, 1))
    rows = db.session.execute(query.limit(per_page).offset((number - 1) * per_page)).all()
    return {"rows": rows, "total": total, "page": number, "pages": max((total + per_page - 1) // per_page, 1)}


@bp.route("/dashboard")
@login_required
def leader():
    """The leader's overview: what is moving and what is stuck."""
    _leaders_only()
    page_cache.version()  # before any data is read: a write from now on gives a new version
    today, filters = current_day(), Filters.from_args(request.args)
    body = page_cache.fragment("dashboard", current_user, (filters, today), lambda: _leader_body(filters, today))
    return render_template("_partials/page.html", page_title=_("Dasbor pimpinan"), body=body)


def _leader_body(filters: Filters, today: date) -> str:
    results = page_cache.remember("dashboard-figures", current_user, (filters, today),
                                  lambda: overview.leader_figures(current_user, filters, today))
    monev_overdue = [(a, due, (today - due).days)
                     for a, due in overdue_for(current_user, queries.agreement_clauses(current_user, filters), today)]
    return render_template(
        "dashboards/leader.html",
        monev_overdue=monev_overdue,
        filters=filters,
        options=overview.filter_options(current_user, filters),
        agreements=results["agreements"],
        summary=results["programmes"],
        no_follow_up=results["no_follow_up_count"],
        attention=overview.attention_list(results, today),
        chart=overview.health_chart(results["programmes"], filters),
        period=filters.period(today),
        pipeline=proposal_pipeline(current_user, today),
    )


@bp.route("/dashboard/fields")
@login_required
def fields():
    """The fields behind 'no follow-up yet'."""
    _leaders_only()
    today, filters = current_day(), Filters.from_args(request.args)
    query = queries.fields_without_follow_up(current_user, filters, today)
    if _wants_csv():
        return exports.fields_csv(db.session.execute(query).all(), today)
    page = _page(query)
    return render_template("dashboards/fields.html", filters=filters, page=page, today=today)


@bp.route("/dashboard/entries")
@login_required
def entries():
    """The progress entries behind 'entries in the period'."""
    _leaders_only()
    today, filters = current_day(), Filters.from_args(request.args)
    query = breakdowns.entries_in_period(current_user, filters, today)
    if _wants_csv():
        return exports.entries_csv(db.session.execute(query).all())
    page = _page(query)
    return render_template("dashboards/entries.html", filters=filters, page=page, period=filters.period(today))


@bp.route("/dashboard/agreements/<int:agreement_id>")
@login_required
def agreement(agreement_id: int):
    """One agreement: each field's progress, both parties side by side, the timeline."""
    _leaders_only()
    record = db.session.scalar(
        select(Agreement).where(Agreement.id == agreement_id, permissions.agreement_scope(current_user),
                                Agreement.archived_at.is_(None))
    )
    if record is None:
        abort(404)
    today = current_day()
    fields = db.session.execute(breakdowns.fields_of_agreement(current_user, agreement_id, today)).all()
    agencies = db.session.execute(breakdowns.agencies_of_agreement(current_user, agreement_id, today)).all()
    sides = [(link, [a for a in agencies if a.party_id == link.party_id]) for link in record.parties]
    start = record.valid_from or record.signed_on or today
    end = record.valid_until or date(max(today.year, start.year) + 1, 12, 31)
    months = db.session.execute(
        breakdowns.entries_by_month(current_user, Filters(agreement_id=agreement_id), start, end)
    ).all()
    return render_template(
        "dashboards/agreement.html", agreement=record, fields=fields, sides=sides, months=months,
        timeline=timeline(start, end, today, [(m.month, m.entries) for m in months]),
        start=start, end=end,
    )


@bp.route("/dashboard/agencies")
@login_required
def agencies():
    """Per agency: responsiveness, so leaders see which office needs a push."""
    _leaders_only()
    today, filters = current_day(), Filters.from_args(request.args)
    rows = db.session.execute(breakdowns.agency_responsiveness(current_user, filters, today)).all()
    if _wants_csv():
        return exports.agencies_csv(rows, today)
    return render_template("dashboards/agencies.html", rows=rows, filters=filters, today=today,
                           options=overview.filter_options(current_user, filters))


@bp.route("/dashboard/expiry")
@login_required
def expiry():
    """Agreements by time left before the end of validity."""
    _leaders_only()
    today, filters = current_day(), Filters.from_args(request.args)
    bucket = request.args.get("bucket")
    bucket = bucket if bucket in breakdowns.EXPIRY_BUCKETS else None
    query = breakdowns.expiry_list(current_user, filters, today, bucket)
    labels = {key: str(text) for key, text in EXPIRY_BUCKET.items()}
    if _wants_csv():
        return exports.expiry_csv(db.session.scalars(query), today, labels)
    counts = dict(db.session.execute(breakdowns.expiry_counts(current_user, filters, today)).all())
    page = db.paginate(query, per_page=PER_PAGE, error_out=False)
    chart = bar_chart([Bar(labels[key], counts.get(key, 0), f"bar-{key}") for key in breakdowns.EXPIRY_BUCKETS],
                      width=480, height=200)
    return render_template("dashboards/expiry.html", counts=counts, labels=labels, bucket=bucket, page=page,
                           chart=chart, filters=filters, today=today,
                           options=overview.filter_options(current_user, filters))


@bp.route("/dashboard/trends")
@login_required
def trends():
    """Progress entries and realisation added, per month."""
    _leaders_only()
    filters = Filters.from_args(request.args)
    start, end, months = overview.trend_months(current_user, filters, current_day())
    if _wants_csv():
        return exports.trends_csv(months)
    chart = bar_chart([Bar(format_month(m["month"], short=True), m["entries"], "bar-entries") for m in months], width=640, height=220)
    return render_template("dashboards/trends.html", months=months, chart=chart, filters=filters,
                           start=start, end=end, options=overview.filter_options(current_user, filters))


@bp.route("/my-work")
@login_required
def officer():
    """The officer's home: its agency's programmes, what needs doing first at the top."""
    if not permissions.may_view_my_work(current_user):
        abort(403)
    query = breakdowns.officer_work(current_user, current_day())
    if _wants_csv():
        return exports.work_csv(db.session.execute(query).all())
    page = _page(query)
    from tracker.monev.followup import open_inputs

    monev_inputs = db.session.scalars(open_inputs(current_user.agency_id)).all()
    return render_template("dashboards/officer.html", page=page, filters=Filters(), monev_inputs=monev_inputs)


@bp.context_processor
def _links() -> dict:
    """Drill-down URLs to other features' pages, tolerant of pages not built yet."""
    from flask import current_app, url_for

    def link(endpoint: str, **args) -> str | None:
        return url_for(endpoint, **args) if endpoint in current_app.view_functions else None

    def programmes_link(filters: Filters, **extra) -> str | None:
        return link("programs.list", **filters.programme_args(**extra))

    def programme_link(programme_id: int) -> str | None:
        return link("programs.detail", programme_id=programme_id)

    def agreement_link(agreement_id: int) -> str | None:
        return link("agreements.detail", agreement_id=agreement_id)

    return {"link": link, "programmes_link": programmes_link, "programme_link": programme_link,
            "agreement_link": agreement_link, "pct": overview.percent}
