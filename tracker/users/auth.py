"""Login sessions: the user loader and what an anonymous visitor is told."""

from __future__ import annotations

from flask_login import LoginManager
from sqlalchemy.orm import joinedload

from tracker.extensions import db
from tracker.i18n import lazy_gettext as _l
from tracker.users.models import User


def load_user(user_id: str) -> User | None:
    """Sessions carry ``id:token``; a rotated token (deactivation, new password) ends them."""
    raw_id, _, token = user_id.partition(":")
    if not raw_id.isdigit():
        return None
    # Party and agency ride along: every page's header and permission check reads them.
    user = db.session.get(User, int(raw_id), options=[joinedload(User.party), joinedload(User.agency)])
    if user is None or not user.active or user.session_token != token:
        return None
    return user


def configure_login(manager: LoginManager) -> None:
    manager.user_loader(load_user)
    manager.login_view = "users.login"
    manager.login_message = _l("Silakan masuk untuk membuka halaman ini.")
    manager.login_message_category = "warning"
    manager.session_protection = "strong"
