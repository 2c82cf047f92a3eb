"""The public pages: index by province and Pemda, one region, search, one agreement."""

from __future__ import annotations

import re

from flask import abort, request
from sqlalchemy import select

from tracker.core.clock import today as current_day
from tracker.core.inputs import query_text
from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.parties.models import Party
from tracker.publication import queries, reading, web
from tracker.publication.blueprint import bp
from tracker.publication.blueprint import page as _page

REGION_CODE = re.compile(r"^\d{2}(\.\d{2})?$")
PER_PAGE = 20
LATEST = 10


def page_number() -> int:
    """?page= as a sane page number (a typed 10**30 must not reach the database as an offset)."""
    return min(max(request.args.get("page", 1, type=int), 1), 100_000)


def _listing(query):
    page = db.paginate(query, page=page_number(), per_page=PER_PAGE, error_out=False)
    items = list(page.items)
    return page, reading.realisation_for(items, current_day()), reading.publications_for([a.id for a in items])


@bp.route("/")
def index():
    """Every province with published agreements, and the latest published agreements."""
    provinces = web.memo("provinces", lambda: db.session.execute(queries.provinces_with_publications()).all())
    ids = list(db.session.scalars(queries.latest_published(LATEST)))
    latest = reading.agreements_by_id(ids)
    return _page("public/index.html", provinces=provinces, latest=latest,
                 figures=reading.realisation_for(latest, current_day()))


@bp.route("/daerah/<code>")
def region(code: str):
    """The published agreements of one Pemda, or of a province with its regencies and cities."""
    party = db.session.scalar(select(Party).where(Party.region_code == code)) if REGION_CODE.match(code) else None
    if party is None:
        abort(404)
    members = []
    if party.kind == "provinsi":
        members = db.session.execute(queries.regions_of_province(party.region_code)).all()
    page, figures, publications = _listing(queries.of_region(queries.public_agreements(), party))
    return _page("public/region.html", party=party, members=members, page=page, figures=figures,
                 publications=publications)


@bp.route("/cari")
def search():
    """Published agreements whose title, field, party or programme contains the words."""
    text = query_text("q", 100)
    page = figures = publications = None
    message = None
    if len(text) >= 2:
        page, figures, publications = _listing(queries.matching(queries.public_agreements(), text))
    elif text:
        message = _("Tulis paling sedikit dua huruf.")
    return _page("public/search.html", text=text, page=page, figures=figures, publications=publications,
                 message=message)


@bp.route("/kerja-sama/<int:agreement_id>")
def detail(agreement_id: int):
    """One published agreement: parties, fields, programmes, realisation, timeline, public photos."""
    page = reading.load(agreement_id, current_day())
    if page is None:
        abort(404)
    return _page("public/detail.html", page=page, agreement=page.agreement, publication=page.publication,
                 timeline_limit=queries.TIMELINE_LIMIT)
