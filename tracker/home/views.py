"""The landing page: each role's home."""

from flask import Blueprint, redirect, url_for
from flask_login import current_user

bp = Blueprint("home", __name__)

HOMES = {"leader": "dashboards.leader", "officer": "dashboards.officer", "admin": "agreements.list"}


@bp.route("/")
def index():
    """Leaders land on the dashboard, officers on their work list, admins on the agreements."""
    if not current_user.is_authenticated:
        return redirect(url_for("users.login"))
    return redirect(url_for(HOMES.get(current_user.role, "agreements.list")))
