"""The public blueprint (/publik/): no login, no session cookie, cacheable, rate-limited per address."""

from __future__ import annotations

from flask import Blueprint, current_app, make_response, render_template
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import HTTPException

from tracker.extensions import limiter
from tracker.publication import web

bp = Blueprint(web.BLUEPRINT, __name__, url_prefix="/publik")
limiter.limit(lambda: current_app.config["PUBLIC_RATE_LIMIT"], key_func=get_remote_address)(bp)


@bp.record_once
def _no_session_cookie(state) -> None:
    web.install(state.app)


@bp.context_processor
def _helpers() -> dict:
    return {"public_url": web.public_url, "switch_url": web.switch_url}


@bp.errorhandler(HTTPException)
def _error(error: HTTPException):
    """Error pages of their own: the shared one carries the session-writing language form."""
    response = make_response(render_template("public/error.html", code=error.code), error.code)
    if error.code == 429:
        response.headers["Retry-After"] = "60"
    return response


def page(template: str, **context):
    """A rendered public page with its ETag and Cache-Control."""
    return web.cacheable(make_response(render_template(template, **context)))
