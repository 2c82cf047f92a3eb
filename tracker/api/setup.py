"""Wire the API into an app: the OpenAPI document, CSRF exemption, JSON errors, docs page."""

from __future__ import annotations

from pathlib import Path

import swagger_ui_bundle
from flask import Blueprint, Flask, current_app, render_template, send_from_directory, url_for
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from tracker.api import auth, errors, views  # noqa: F401  (views attach the routes)
from tracker.api.blueprint import blp
from tracker.extensions import csrf, limiter

API_SETTINGS = {
    "API_TITLE": "Sinergi API",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
    "API_RATE_LIMIT": "300/minute",
    "API_SPEC_OPTIONS": {
        "info": {"description": "Data kerja sama daerah untuk sistem lain. Kirim token pribadi "
                                "(menu Integrasi → Token API) sebagai `Authorization: Bearer <token>`. "
                                "Semua kesalahan berbentuk {\"error\": {code, message, details}}."},
        "security": [{"bearerAuth": []}],
        "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
    },
}


class SinergiApi(Api):
    """flask-smorest Api whose documented error body is ours; handlers live on the blueprint."""

    ERROR_SCHEMA = errors.ErrorSchema

    def _register_error_handlers(self):
        # The pages keep their HTML error handler; the API blueprint answers in JSON itself.
        return None


# Token-authenticated only, so no cookie can ride along: CSRF does not apply here.
csrf.exempt(blp)
blp.before_request(auth.authenticate)
blp.register_error_handler(HTTPException, errors.handle_http_error)
blp.register_error_handler(Exception, errors.handle_unexpected)
limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=auth.rate_limit_key)(blp)

bp = Blueprint("api_docs", __name__, url_prefix="/api/v1/docs")
ASSETS = Path(swagger_ui_bundle.swagger_ui_path)


@bp.record_once
def _init_api(state) -> None:
    app: Flask = state.app
    for key, value in API_SETTINGS.items():
        app.config.setdefault(key, value)
    api = SinergiApi(app)
    api.register_blueprint(blp)
    app.extensions["sinergi_api"] = api
    app.before_request(errors.routing_error_as_json)


@bp.get("/")
def docs():
    """Browsable API documentation (Swagger UI served from the installed package)."""
    return render_template("api/docs.html")


@bp.get("/init.js")
def docs_init():
    script = render_template("api/docs_init.js", spec_url=url_for("api-docs.openapi_json"))
    return script, 200, {"Content-Type": "text/javascript; charset=utf-8"}


@bp.get("/assets/<path:filename>")
def docs_asset(filename: str):
    if filename not in ("swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png"):
        return errors.error_response(404)
    return send_from_directory(ASSETS, filename, max_age=86400)
