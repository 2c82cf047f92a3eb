"""The landing page: each role's home."""

from flask import Blueprint, redirect, url_for
from flask_login import current_user

bp = Blueprint("home", __name__)


@bp.route("/")
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("users.login"))
    return redirect(url_for("agreements.list"))
