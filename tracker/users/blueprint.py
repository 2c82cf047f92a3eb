"""The users blueprint, shared by the account views and the admin views."""

from flask import Blueprint, g

bp = Blueprint("users", __name__)


@bp.before_app_request
def _forget_previous_user() -> None:
    # Each request loads its user afresh. In production every request has its own app
    # context anyway; a test (or job) holding one open would otherwise reuse the last user.
    g.pop("_login_user", None)
