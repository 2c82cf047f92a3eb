"""Create and change accounts (audited)."""

from __future__ import annotations

from sqlalchemy import func, select

from tracker.audit import services as audit
from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.parties.models import Agency, Party
from tracker.users.models import ROLES, User, new_session_token
from tracker.users.passwords import hash_password


class UserError(ValueError):
    """A user-facing reason why an account cannot be created or changed."""


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_party(key: str) -> Party | None:
    """A party by region code (62.02) or by name, case-insensitive."""
    key = (key or "").strip()
    party = db.session.scalar(select(Party).where(Party.region_code == key))
    if party is None:
        party = db.session.scalar(select(Party).where(func.lower(Party.name) == key.lower()))
    return party


def find_agency(party: Party, name: str) -> Agency | None:
    name = (name or "").strip().lower()
    return db.session.scalar(
        select(Agency).where(
            Agency.party_id == party.id,
            func.lower(Agency.name) == name,
            Agency.archived_at.is_(None),
        )
    )


def create_user(
    *,
    email: str,
    name: str,
    role: str,
    party: Party,
    agency: Agency | None = None,
    password: str | None = None,
    locale: str = "id",
    actor: User | None = None,
) -> User:
    """Validate and add a user; the caller commits."""
    email = normalise_email(email)
    if role not in ROLES:
        raise UserError(_("Peran tidak dikenal: %(role)s.", role=role))
    if "@" not in email:
        raise UserError(_("Alamat email tidak valid."))
    if db.session.scalar(select(User.id).where(func.lower(User.email) == email)):
        raise UserError(_("Email %(email)s sudah terdaftar.", email=email))
    if role == "officer" and agency is None:
        raise UserError(_("Petugas OPD harus terhubung ke satu perangkat daerah."))
    if agency is not None and agency.party_id != party.id:
        raise UserError(_("Perangkat daerah itu bukan milik pihak ini."))
    user = User(
        email=email,
        name=name.strip(),
        role=role,
        party=party,
        agency=agency,
        locale=locale,
        password_hash=hash_password(password) if password else None,
    )
    db.session.add(user)
    db.session.flush()
    audit.record(
        "create",
        user,
        audit.snapshot(user, ("email", "name", "role", "party_id", "agency_id")),
        summary=user.email,
        user=actor,
        party_id=party.id,
    )
    return user


def set_password(user: User, password: str, actor: User | None = None) -> None:
    """Store a new password and end the user's other sessions."""
    user.password_hash = hash_password(password)
    user.session_token = new_session_token()
    audit.record("update", user, {"password": ("***", "***")}, user=actor or user)
