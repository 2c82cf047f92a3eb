"""Bearer-token authentication for the API; no cookie session is ever trusted there."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, g, request
from limits import parse
from sqlalchemy import select

from tracker.api.errors import error_response
from tracker.api.models import ApiToken, hash_secret
from tracker.core.clock import utcnow
from tracker.core.inputs import json_too_deep
from tracker.extensions import db, limiter
from tracker.i18n import lazy_gettext as _l

# Writing last_used_at on every call would turn each read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)
# Wrong bearer tokens from one address (API_GUESS_LIMIT overrides): guessing stays slow.
GUESS_LIMIT = "20 per 15 minutes"
DEEP_JSON = _l("Isi JSON bersarang terlalu dalam.")


def bearer_secret() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return secret.strip()


def find_token(secret: str, now: datetime) -> ApiToken | None:
    """The usable token with this secret, if any."""
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_secret(secret)))
    if token is None or not token.is_usable(now):
        return None
    return token


def authenticate():
    """before_request of the API blueprint: resolve the token or answer 401."""
    if request.method == "OPTIONS":
        return None
    if request.is_json and json_too_deep(request.get_data(cache=True)):
        return error_response(400, str(DEEP_JSON))
    secret = bearer_secret()
    if secret and not _bad_tokens_allowed(hit=False):
        return error_response(429)
    now = utcnow()
    token = find_token(secret, now) if secret else None
    if token is None:
        if secret:
            _bad_tokens_allowed(hit=True)
        return error_response(401)
    # flask_login reads g._login_user, so current_user is the token's owner (never stored in a cookie).
    g._login_user = token.user
    g.api_token = token
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        token.last_used_at = now
        db.session.commit()
    return None


def _bad_tokens_allowed(hit: bool) -> bool:
    """Whether this address may still try tokens; ``hit`` counts one more wrong one."""
    if not limiter.enabled or not current_app.config.get("RATELIMIT_ENABLED", True):
        return True
    item = parse(current_app.config.get("API_GUESS_LIMIT", GUESS_LIMIT))
    strategy = limiter.limiter
    key = request.remote_addr or "-"
    return strategy.hit(item, "api-bad-token", key) if hit else strategy.test(item, "api-bad-token", key)


def rate_limit_key() -> str:
    """Throttle per token (or per address when none is sent)."""
    secret = bearer_secret()
    return "token:" + hash_secret(secret)[:16] if secret else "ip:" + (request.remote_addr or "-")
