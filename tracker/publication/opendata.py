"""Open data (data terbuka): published agreements as JSON and CSV; schema in docs/open-data.md."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date

from flask import Response, abort, jsonify, request, stream_with_context, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.agreements.models import Agreement, AgreementParty
from tracker.agreements.status import agreement_status
from tracker.core.clock import today as current_day
from tracker.core.inputs import query_id, query_text
from tracker.extensions import db
from tracker.parties.models import Party
from tracker.publication import queries, reading, web
from tracker.publication.blueprint import bp, page
from tracker.publication.views import page_number

SCHEMA = "sinergi-open-data/1"
CHUNK = 200
CSV_COLUMNS = (
    "agreement_id", "agreement_url", "kind", "title", "status", "signed_on", "valid_from", "valid_until",
    "parties", "region_codes", "field_position", "field_title", "programme_id", "programme", "agency",
    "indicator", "unit", "baseline", "target", "realised", "realisation_percent", "programme_status",
    "start_on", "due_on", "last_progress_on", "budget", "funding_source",
)


def percent(realised, target, status) -> float | None:
    """One programme's realisation as the dashboard counts it: capped at 100, none without a target."""
    if not target or status == "cancelled":
        return None
    return round(min(float(realised) / float(target), 1.0) * 100, 1)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _number(value):
    return None if value is None else float(value)


def _filtered():
    """Published agreements, narrowed by ?agreement_id= or ?daerah= (a Kemendagri code)."""
    query = queries.public_agreements()
    agreement_id = query_id("agreement_id")  # one an id column can hold, else ignored
    if agreement_id:
        query = query.where(Agreement.id == agreement_id)
    code = query_text("daerah", 13)
    if code:
        party = db.session.scalar(select(Party).where(Party.region_code == code))
        if party is None:
            abort(404)
        query = queries.of_region(query, party)
    return query


def _party(link: AgreementParty) -> dict:
    return {"name": link.party.name, "kind": link.party.kind, "region_code": link.party.region_code,
            "position": link.position, "document_number": link.document_number,
            "signatory_title": link.signatory_title}


def _programme(row, publication) -> dict:
    return {
        "id": row.id, "name": row.name, "agency": row.agency, "indicator": row.indicator, "unit": row.unit,
        "baseline": _number(row.baseline), "target": _number(row.target), "realised": _number(row.realised),
        "realisation_percent": percent(row.realised, row.target, row.status), "status": row.status,
        "start_on": _day(row.start_on), "due_on": _day(row.due_on), "last_progress_on": _day(row.last_progress_on),
        "budget": row.budget if publication.show_budgets else None,
        "funding_source": row.funding_source if publication.show_budgets else None,
    }


def _entry(row, page) -> dict:
    return {
        "date": _day(row.reported_on), "programme_id": row.programme_id, "quantity": _number(row.quantity),
        "location": row.location, "description": row.description if page.publication.show_progress else None,
        "photos": [url_for("public.photo", attachment_id=i, size="besar", _external=True)
                   for i in page.photos.get(row.id, [])],
    }


def agreement_document(page: reading.PublicAgreement, today: date) -> dict:
    """One agreement in the open-data JSON (docs/open-data.md)."""
    agreement, publication = page.agreement, page.publication
    shown = publication.show_programmes
    return {
        "id": agreement.id, "url": url_for("public.detail", agreement_id=agreement.id, _external=True),
        "kind": agreement.kind, "title": agreement.title, "government_affair": agreement.government_affair,
        "status": agreement_status(agreement, today), "signed_on": _day(agreement.signed_on),
        "signed_place": agreement.signed_place, "valid_from": _day(agreement.valid_from),
        "valid_until": _day(agreement.valid_until), "published_at": publication.published_at.isoformat(),
        "published": {"programmes": shown, "progress": publication.show_progress,
                      "photos": publication.show_photos, "budgets": publication.show_budgets},
        "parties": [_party(link) for link in agreement.parties],
        "realisation_percent": _number(page.summary.realisation) if shown else None,
        "fields": [{
            "id": item.row.id, "position": item.row.position, "title": item.row.title,
            "followed_up": bool(item.row.followed_up),
            "responsible_agencies": [a.name for a in item.agencies],
            "realisation_percent": _number(item.row.realisation) if shown else None,
            "programmes": [_programme(p, publication) for p in item.programmes],
        } for item in page.fields],
        "progress": [_entry(row, page) for row in page.timeline],
    }


@bp.route("/data.json")
def data_json():
    """Published agreements with fields, programmes, realisation and progress, a page at a time."""
    per_page = min(max(request.args.get("per_page", 20, type=int), 1), 100)
    number = page_number()
    listing = db.paginate(_filtered(), page=number, per_page=per_page, error_out=False)
    today = current_day()
    pages = [reading.load(a.id, today, timeline_limit=None) for a in listing.items]
    args = {k: v for k, v in request.args.items() if k != "page"}
    body = {
        "schema": SCHEMA, "documentation": url_for("public.open_data", _external=True),
        "generated_on": today.isoformat(), "page": number, "per_page": per_page, "total": listing.total,
        "next": url_for("public.data_json", **args, page=number + 1, _external=True) if listing.has_next else None,
        "agreements": [agreement_document(p, today) for p in pages if p is not None],
    }
    return web.cacheable(jsonify(body))


def _csv_rows(ids: list[int], today: date):
    agreements = db.session.scalars(
        select(Agreement).where(Agreement.id.in_(ids)).options(
            selectinload(Agreement.parties).selectinload(AgreementParty.party)).order_by(Agreement.id)).all()
    publications = reading.publications_for(ids)
    shown = [i for i in ids if publications[i].show_programmes]
    programmes = defaultdict(list)
    for row in db.session.execute(queries.programmes_of_chunk(shown, today)) if shown else ():
        programmes[row.field_id].append(row)
    fields = defaultdict(list)
    for row in db.session.execute(queries.fields_of_chunk(ids)):
        fields[row.agreement_id].append(row)
    for agreement in agreements:
        head = [agreement.id, url_for("public.detail", agreement_id=agreement.id, _external=True),
                agreement.kind, agreement.title, agreement_status(agreement, today), _day(agreement.signed_on),
                _day(agreement.valid_from), _day(agreement.valid_until),
                " | ".join(link.party.name for link in agreement.parties),
                " | ".join(link.party.region_code or "" for link in agreement.parties)]
        publication = publications[agreement.id]
        for field in fields[agreement.id]:
            for p in programmes.get(field.id) or [None]:
                yield head + [field.position, field.title] + (_csv_programme(p, publication) if p else [None] * 15)


def _csv_programme(p, publication) -> list:
    budget = [p.budget, p.funding_source] if publication.show_budgets else [None, None]
    return [p.id, p.name, p.agency, p.indicator, p.unit, _number(p.baseline), _number(p.target),
            _number(p.realised), percent(p.realised, p.target, p.status), p.status, _day(p.start_on),
            _day(p.due_on), _day(p.last_progress_on), *budget]


@bp.route("/data.csv")
def data_csv():
    """One row per programme (or per field without one) of every published agreement, streamed."""
    query = _filtered().with_only_columns(Agreement.id).order_by(None).order_by(Agreement.id)
    ids = list(db.session.scalars(query))
    today = current_day()

    def generate():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly
        writer.writerow(CSV_COLUMNS)
        for start in range(0, len(ids), CHUNK):
            for row in _csv_rows(ids[start:start + CHUNK], today):
                writer.writerow(row)
            # No transaction stays open while a slow reader takes its time (or stops reading).
            db.session.rollback()
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        db.session.rollback()
        yield buffer.getvalue()

    response = Response(stream_with_context(generate()), mimetype="text/csv")
    response.headers["Content-Disposition"] = f"attachment; filename=sinergi-kerja-sama-{today.isoformat()}.csv"
    response.headers["Cache-Control"] = f"public, max-age={web.max_age()}"
    return response


@bp.route("/data-terbuka")
def open_data():
    """What the open data holds and how to read it (the human side of docs/open-data.md)."""
    return page("public/open_data.html", columns=CSV_COLUMNS, schema=SCHEMA)
