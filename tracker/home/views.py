"""The landing page: each role's home."""

from flask import Blueprint, current_app, redirect, request, url_for
from flask_login import current_user

from tracker.core.inputs import safe_path
from tracker.extensions import db
from tracker.i18n import get_locale
from tracker.users.services import set_locale

bp = Blueprint("home", __name__)

HOMES = {"leader": "dashboards.leader", "officer": "dashboards.officer", "admin": "agreements.list"}


@bp.route("/")
def index():
    """Leaders land on the dashboard, officers on their work list, admins on the agreements."""
    if not current_user.is_authenticated:
        return redirect(url_for("users.login"))
    return redirect(url_for(HOMES.get(current_user.role, "agreements.list")))


@bp.post("/language")
def language():
    """Switch the interface language: a cookie for everyone, the account setting when signed in."""
    chosen = request.form.get("lang", "")
    # Only a path on this site, so the form cannot be used to redirect elsewhere.
    response = redirect(safe_path(request.form.get("next")) or url_for("home.index"))
    if chosen in current_app.config["LANGUAGES"]:
        response.set_cookie("lang", chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
        if current_user.is_authenticated:
            set_locale(current_user, chosen)
            db.session.commit()
    return response


@bp.app_context_processor
def locale_helpers() -> dict:
    """``get_locale()`` in every template: <html lang> and the language switcher."""
    return {"get_locale": get_locale}
