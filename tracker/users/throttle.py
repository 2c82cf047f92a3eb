"""Login throttling with Flask-Limiter: failed attempts per IP address and per email."""

from __future__ import annotations

from flask import current_app, request
from flask_limiter.util import get_remote_address

# Defaults; LOGIN_LIMIT_PER_EMAIL / LOGIN_LIMIT_PER_IP in the config override them.
PER_EMAIL = "5 per 15 minutes"
PER_IP = "30 per 15 minutes"
RESET_PER_IP = "10 per hour"


def per_email_limit() -> str:
    return current_app.config.get("LOGIN_LIMIT_PER_EMAIL", PER_EMAIL)


def per_ip_limit() -> str:
    return current_app.config.get("LOGIN_LIMIT_PER_IP", PER_IP)


def reset_limit() -> str:
    return current_app.config.get("RESET_LIMIT_PER_IP", RESET_PER_IP)


def email_key() -> str:
    """The submitted email, normalised, so one account cannot be guessed at from many hosts."""
    email = (request.form.get("email") or "").strip().lower()[:254]
    return f"email:{email}" if email else ""


def ip_key() -> str:
    return f"ip:{get_remote_address()}"


def failed(response) -> bool:
    """Only failed attempts count: a successful login redirects."""
    return response.status_code != 302


def forgive_email(email: str) -> None:
    """Lift the lockout of ``email`` (after a successful password reset, as the message advises)."""
    from limits import parse

    from tracker.extensions import limiter

    if not limiter.enabled or not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    key = f"email:{email.strip().lower()[:254]}"
    # Flask-Limiter's bucket of the per-email limit on the login view: [prefix?, key, "<endpoint>:<scope>"].
    identifiers = [key, "users.login:login-email"]
    if limiter._key_prefix:  # noqa: SLF001 - Flask-Limiter puts it first, as in its own checks
        identifiers.insert(0, limiter._key_prefix)  # noqa: SLF001
    limiter.limiter.clear(parse(per_email_limit()), *identifiers)
