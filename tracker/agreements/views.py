"""Agreement pages."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import login_required

from tracker.agreements.queries import visible_agreements
from tracker.extensions import db
from flask_login import current_user

bp = Blueprint("agreements", __name__, url_prefix="/agreements")


@bp.route("/")
@login_required
def list():
    search = request.args.get("q", "").strip()[:200]
    page = db.paginate(
        visible_agreements(current_user, search=search or None),
        per_page=20,
        error_out=False,
    )
    return render_template("agreements/list.html", page=page, search=search)
