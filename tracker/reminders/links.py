"""Absolute links for mails, built against BASE_URL without a request context."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app
from itsdangerous import URLSafeTimedSerializer
from werkzeug.routing import BuildError

# The contract of notes/endpoints.md, used while another helper's page is not registered yet.
CONTRACT_PATHS = {
    "agreements.detail": "/agreements/{agreement_id}",
    "programs.detail": "/programmes/{programme_id}",
    "programs.add": "/fields/{field_id}/programmes/add",
    "progress.add": "/programmes/{programme_id}/progress/add",
    "reminders.act": "/r/{token}",
    "reminders.list": "/reminders/",
    "dashboards.officer": "/my-work",
    "dashboards.leader": "/dashboard",
}
TOKEN_SALT = "sinergi-reminder-action"  # noqa: S105 (a salt, not a secret)


def external_url(endpoint: str, **values) -> str:
    """``BASE_URL`` + the endpoint's path: jobs run from the CLI and the scheduler."""
    base = current_app.config["BASE_URL"].rstrip("/")
    parts = urlsplit(base)
    adapter = current_app.url_map.bind(parts.netloc or "localhost", script_name=parts.path or "/",
                                       url_scheme=parts.scheme or "http")
    try:
        path = adapter.build(endpoint, values)
    except BuildError:
        if endpoint not in CONTRACT_PATHS:
            raise
        path = (parts.path or "") + CONTRACT_PATHS[endpoint].format(**values)
    return f"{parts.scheme}://{parts.netloc}{path}"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def make_token(item) -> str:
    """Signed answer link payload for one item and one recipient."""
    person = item.recipient
    return _serializer().dumps({
        "r": item.rule, "t": item.record_type, "i": item.record_id, "e": item.episode,
        "m": person.email, "u": person.user_id, "p": person.party_id,
    })


def read_token(token: str) -> dict:
    """The payload, or itsdangerous.BadSignature / SignatureExpired."""
    days = int(current_app.config.get("REMINDER_LINK_MAX_AGE_DAYS", 30))
    return _serializer().loads(token, max_age=days * 86400)
