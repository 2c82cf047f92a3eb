"""People who use Sinergi: admins (koordinator), officers (petugas OPD), leaders."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.models import TimestampMixin, UTCDateTime
from tracker.extensions import db

if TYPE_CHECKING:
    from tracker.parties.models import Agency, Party

ROLES = ("admin", "officer", "leader")


def new_session_token() -> str:
    return secrets.token_hex(16)


class User(UserMixin, TimestampMixin, db.Model):
    """An account belonging to one party (Pemda); officers also to one agency."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(f"role IN {ROLES}", name="role"),
        CheckConstraint("role <> 'officer' OR agency_id IS NOT NULL", name="officer_agency"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(10))
    party_id: Mapped[int] = mapped_column(
        ForeignKey("parties.id", ondelete="RESTRICT"), index=True
    )
    agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("agencies.id", ondelete="RESTRICT"), index=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str] = mapped_column(String(5), default="id")
    # Rotated on password change or deactivation, which ends every open session.
    session_token: Mapped[str] = mapped_column(String(32), default=new_session_token)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    party: Mapped[Party] = relationship(back_populates="users")
    agency: Mapped[Agency | None] = relationship(back_populates="users")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return bool(self.active)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"
