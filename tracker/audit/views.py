"""The admin audit page: read-only, filterable, scoped to the admin's Pemda."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker import permissions
from tracker.audit.forms import RECORD_TYPES, AuditFilterForm
from tracker.audit.models import AuditEvent
from tracker.audit.queries import filtered_events
from tracker.extensions import db
from tracker.reports.exports import audit_csv
from tracker.users.models import User

bp = Blueprint("audit", __name__, url_prefix="/audit")


def _filter_form() -> AuditFilterForm:
    party_id = current_user.party_id
    users = db.session.scalars(select(User).where(User.party_id == party_id).order_by(User.name))
    types = db.session.scalars(
        select(AuditEvent.entity_type).where(AuditEvent.party_id == party_id).distinct()
    )
    return AuditFilterForm(list(users), sorted(types), formdata=request.args)


@bp.route("/", endpoint="list")
@login_required
def list_events():
    if not permissions.may_view_audit(current_user):
        abort(403)
    form = _filter_form()
    valid = form.validate()
    if not valid:
        # Keep what was typed, drop only the filters that are wrong.
        for field in (form.user, form.record_type, form.action, form.date_from, form.date_to):
            if field.errors:
                field.data = None
    if request.args.get("format") == "csv":  # every page
        return audit_csv(db.session.scalars(filtered_events(current_user.party_id, form)))
    page = db.paginate(
        filtered_events(current_user.party_id, form),
        per_page=current_app.config.get("PAGE_SIZE", 20),
        error_out=False,
    )
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("audit/list.html", form=form, page=page, args=args, record_types=RECORD_TYPES)
