"""The leader dashboard's headline numbers, from the same queries as the page."""

from __future__ import annotations

import marshmallow as ma
from flask_login import current_user
from marshmallow import fields

from tracker.api.blueprint import blp
from tracker.core.clock import today
from tracker.extensions import db


class DashboardSummary(ma.Schema):
    today = fields.Date(required=True)
    agreements = fields.Integer(required=True)
    active_agreements = fields.Integer(required=True)
    programmes = fields.Integer(required=True)
    live = fields.Integer(required=True)
    done = fields.Integer(required=True)
    on_track = fields.Integer(required=True)
    at_risk = fields.Integer(required=True)
    overdue = fields.Integer(required=True)
    stalled = fields.Integer(required=True)
    realisation_percent = fields.Float(allow_none=True)
    progress_entries = fields.Integer(required=True)
    fields_without_follow_up = fields.Integer(required=True)


@blp.get("/dashboard/summary")
@blp.response(200, DashboardSummary)
@blp.doc(tags=["Dasbor"], summary="Ringkasan dasbor: naskah, program per kondisi, bidang tanpa tindak lanjut")
def dashboard_summary():
    from tracker.dashboards import queries
    from tracker.dashboards.filters import Filters

    now, filters = today(), Filters()
    agreements = db.session.execute(queries.agreement_summary(current_user, filters, now)).one()
    programmes = db.session.execute(queries.programme_summary(current_user, filters, now)).one()
    missing = db.session.scalar(
        queries.count_of(queries.fields_without_follow_up(current_user, filters, now)))
    realisation = programmes.realisation
    return {
        "today": now,
        "agreements": agreements.agreements or 0,
        "active_agreements": agreements.active or 0,
        "programmes": programmes.programmes or 0,
        "live": programmes.live or 0,
        "done": programmes.done or 0,
        "on_track": programmes.on_track or 0,
        "at_risk": programmes.at_risk or 0,
        "overdue": programmes.overdue or 0,
        "stalled": programmes.stalled or 0,
        "realisation_percent": round(float(realisation), 1) if realisation is not None else None,
        "progress_entries": int(programmes.entries or 0),
        "fields_without_follow_up": missing or 0,
    }
