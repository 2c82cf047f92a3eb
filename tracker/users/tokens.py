"""Signed, single-use links for setting a password (reset and invitation)."""

from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from tracker.extensions import db
from tracker.i18n import ngettext
from tracker.users.models import User

SALT = "sinergi-password"
RESET = "reset"
INVITE = "invite"
# How long each kind of link works, in seconds; settings override the defaults.
MAX_AGE = {RESET: ("PASSWORD_RESET_MAX_AGE", 3600), INVITE: ("INVITE_MAX_AGE", 7 * 24 * 3600)}


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _fingerprint(user: User) -> str:
    # Changes whenever the password is set or sessions are rotated, so a used link dies.
    raw = f"{user.password_hash or ''}|{user.session_token}|{int(user.active)}"
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def max_age(purpose: str) -> int:
    key, default = MAX_AGE[purpose]
    return int(current_app.config.get(key, default))


def validity(purpose: str) -> str:
    """How long a link works, in words of the reader's language: "7 hari", "1 jam", "30 menit"."""
    seconds = max(60, max_age(purpose))
    if seconds % 86400 == 0:
        return ngettext("%(num)d hari", "%(num)d hari", seconds // 86400)
    if seconds % 3600 == 0:
        return ngettext("%(num)d jam", "%(num)d jam", seconds // 3600)
    minutes = -(-seconds // 60)
    return ngettext("%(num)d menit", "%(num)d menit", minutes)


def make_token(user: User, purpose: str = RESET) -> str:
    """A URL-safe token naming ``user``, bound to its current password and sessions."""
    return _serializer().dumps({"u": user.id, "f": _fingerprint(user), "p": purpose})


def read_token(token: str) -> User | None:
    """The active user a still-valid, unused token names, or None."""
    try:
        data = _serializer().loads(token, max_age=max(max_age(p) for p in MAX_AGE))
        purpose = data.get("p") if isinstance(data, dict) else None
        if purpose not in MAX_AGE:
            return None
        _serializer().loads(token, max_age=max_age(purpose))
    except (SignatureExpired, BadSignature):
        return None
    user = db.session.get(User, data.get("u")) if isinstance(data.get("u"), int) else None
    if user is None or not user.active or data.get("f") != _fingerprint(user):
        return None
    return user
