"""The admin audit page: read-only, filterable, scoped to the admin's Pemda."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from tracker import permissions
from tracker.audit.forms import RECORD_TYPES, AuditFilterForm
from tracker.audit.models import AuditEvent
from tracker.core.clock import local_zone
from tracker.extensions import db
from tracker.users.models import User

bp = Blueprint("audit", __name__, url_prefix="/audit")


def _local_midnight_utc(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=local_zone()).astimezone(UTC)


def filtered_events(party_id: int, form: AuditFilterForm) -> Select:
    """The Pemda's events narrowed by the valid filters, newest first."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.party_id == party_id)
        .options(selectinload(AuditEvent.user))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    )
    if form.user.data:
        query = query.where(AuditEvent.user_id == form.user.data)
    if form.record_type.data:
        query = query.where(AuditEvent.entity_type == form.record_type.data)
    if form.date_from.data:
        query = query.where(AuditEvent.occurred_at >= _local_midnight_utc(form.date_from.data))
    if form.date_to.data:
        end = _local_midnight_utc(form.date_to.data + timedelta(days=1))
        query = query.where(AuditEvent.occurred_at < end)
    return query


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
        for field in (form.user, form.record_type, form.date_from, form.date_to):
            if field.errors:
                field.data = None
    page = db.paginate(
        filtered_events(current_user.party_id, form),
        per_page=current_app.config.get("PAGE_SIZE", 20),
        error_out=False,
    )
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("audit/list.html", form=form, page=page, args=args, record_types=RECORD_TYPES)
