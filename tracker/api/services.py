"""Issuing and revoking personal API tokens (audited; the secret is returned once)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from tracker.api.models import ApiToken, hash_secret, new_secret
from tracker.audit import services as audit
from tracker.core.clock import utcnow
from tracker.extensions import db

EXPIRY_CHOICES = (30, 90, 180, 365)


def create_token(user: Any, name: str, days: int) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the record and the secret to show once."""
    secret = new_secret()
    token = ApiToken(
        user=user,
        name=name.strip()[:100],
        token_hash=hash_secret(secret),
        prefix=secret[:10],
        expires_at=utcnow() + timedelta(days=days),
    )
    db.session.add(token)
    db.session.flush()
    audit.record("create", token, {"name": (None, token.name), "expires_at": (None, token.expires_at)},
                 summary=token.name, user=user)
    return token, secret


def revoke_token(token: ApiToken, user: Any) -> None:
    """Stop a token working at once."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record("revoke", token, summary=token.name, user=user)
        db.session.flush()


def tokens_of(user: Any) -> list[ApiToken]:
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc())))
