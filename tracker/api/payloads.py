"""Turn records into the plain dicts the response schemas dump (derived values included)."""

from __future__ import annotations

from typing import Any

from flask import abort
from sqlalchemy import Select

from tracker.agreements.models import Agreement
from tracker.agreements.status import agreement_status
from tracker.api.schemas import MAX_PER_PAGE
from tracker.core.clock import today
from tracker.extensions import db
from tracker.programs.models import Programme
from tracker.programs.queries import programmes_toward, totals_for
from tracker.programs.status import field_has_follow_up, percent, programme_health


def paginate(query: Select, args: dict, convert=lambda items: items) -> dict:
    """One page of ``query`` as {"items": [...], "meta": {...}}."""
    page = db.paginate(query, page=args["page"], per_page=args["per_page"],
                       max_per_page=MAX_PER_PAGE, error_out=False)
    return {
        "items": convert(list(page.items)),
        "meta": {"page": page.page, "per_page": page.per_page, "total": page.total or 0,
                 "pages": page.pages},
    }


def programmes(items: list[Programme]) -> list[dict]:
    """Programmes with realisation and health, totals fetched in one query."""
    totals = totals_for([p.id for p in items])
    now = today()
    result = []
    for programme in items:
        realised, last_on, _count = totals.get(programme.id, (0, None, 0))
        data = {c.key: getattr(programme, c.key) for c in Programme.__table__.columns}
        data.update(
            agreement_id=programme.field.agreement_id,
            agency_name=programme.agency.name,
            realised=realised,
            realised_percent=percent(realised, programme.target),
            health=programme_health(programme, now, realised, last_on),
            last_progress_on=last_on,
        )
        result.append(data)
    return result


def agreement(item: Agreement, *, detail: bool = False) -> dict:
    """An agreement with its derived status; with fields and programmes when ``detail``."""
    data: dict[str, Any] = {c.key: getattr(item, c.key) for c in Agreement.__table__.columns}
    data["status"] = agreement_status(item, today())
    data["parties"] = item.parties
    if detail:
        live = item.active_fields
        # A KB field also lists the programmes of the PKS fields that implement it (one roll-up rule).
        toward = {f.id: [] for f in live}
        for programme, field_id in programmes_toward(list(toward)):
            toward[field_id].append(programme)
        by_id = {p["id"]: p for p in programmes([p for ps in toward.values() for p in ps])}
        data["fields"] = [
            {
                "id": f.id, "position": f.position, "title": f.title,
                "government_affair": f.government_affair,
                "implements_field_id": f.implements_field_id,
                "has_follow_up": field_has_follow_up(toward[f.id]),
                "responsibilities": [r for r in f.responsibilities if r.archived_at is None],
                "programmes": [by_id[p.id] for p in toward[f.id]],
            }
            for f in live
        ]
    return data


def agreements(items: list[Agreement]) -> list[dict]:
    return [agreement(item) for item in items]


def get_visible(model, ident: int, user) -> Any:
    """The record or 404: another Pemda's record must not even be confirmed to exist."""
    from tracker import permissions

    if not 0 < ident < 2**31:  # larger ids cannot exist and overflow the database's integer
        abort(404)
    obj = db.session.get(model, ident)
    if obj is None or getattr(obj, "archived_at", None) is not None:
        abort(404)
    if not permissions.can(user, permissions.VIEW, obj):
        abort(404)
    return obj
