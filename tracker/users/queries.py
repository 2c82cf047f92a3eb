"""Reading user accounts for the admin pages."""

from __future__ import annotations

from sqlalchemy import Select, select

from tracker import permissions
from tracker.users.models import User


def managed_users(admin) -> Select:
    """The accounts ``admin`` manages (its own Pemda's), active first, by name."""
    return select(User).where(permissions.user_scope(admin)).order_by(User.active.desc(), User.name, User.id)
