"""Create and change accounts (audited)."""

from __future__ import annotations

from sqlalchemy import func, select

from tracker.api.services import revoke_token, tokens_of
from tracker.audit import services as audit
from tracker.calendar.services import live_feed, revoke_feed
from tracker.core.clock import utcnow
from tracker.core.inputs import email_error
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
    if email_error(email):
        raise UserError(email_error(email))
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


def set_password(user: User, password: str, actor: User | None = None) -> int:
    """Store a new password, end the user's other sessions and revoke its API tokens and calendar URL.

    Returns how many tokens and URLs were revoked, so the page can say so and offer new ones.
    """
    user.password_hash = hash_password(password)
    user.session_token = new_session_token()
    audit.record(
        "update", user, {"password": ("***", "***")}, summary=user.email, user=actor or user,
        party_id=user.party_id,
    )
    revoked = revoke_credentials(user)
    db.session.flush()
    return revoked


def revoke_credentials(user: User) -> int:
    """Revoke every live API token and calendar URL of ``user``: they die with its password."""
    live = [token for token in tokens_of(user) if token.revoked_at is None]
    for token in live:
        revoke_token(token, user)
    feed = live_feed(user)
    revoke_feed(user)
    return len(live) + (feed is not None)


def fresh_invitation(user: User) -> None:
    """Rotate the account's fingerprint so only the newest invitation link sets a password."""
    user.session_token = new_session_token()
    db.session.flush()


MIN_PASSWORD_LENGTH = 10
EDITABLE = ("name", "role", "agency_id")


def check_password_strength(password: str, user: User | None = None) -> str | None:
    """An Indonesian reason why ``password`` is too weak, or None."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        return _("Kata sandi minimal %(n)s karakter.", n=MIN_PASSWORD_LENGTH)
    if user is not None and password.strip().lower() == user.email.lower():
        return _("Kata sandi tidak boleh sama dengan email.")
    return None


def update_user(user: User, values: dict, actor: User) -> dict:
    """Change name, role or agency of an account managed by ``actor``; the caller commits."""
    role = values.get("role", user.role)
    agency_id = values.get("agency_id", user.agency_id)
    if role not in ROLES:
        raise UserError(_("Peran tidak dikenal: %(role)s.", role=role))
    if role == "officer" and agency_id is None:
        raise UserError(_("Petugas OPD harus terhubung ke satu perangkat daerah."))
    if agency_id is not None:
        agency = db.session.get(Agency, agency_id)
        if agency is None or agency.party_id != user.party_id:
            raise UserError(_("Perangkat daerah itu bukan milik Pemda pengguna ini."))
    if user.id == actor.id and role != user.role:
        raise UserError(_("Anda tidak dapat mengubah peran akun Anda sendiri."))
    changes = audit.apply_changes(user, {k: v for k, v in values.items() if k in EDITABLE})
    if changes:
        audit.record("update", user, changes, summary=user.email, user=actor, party_id=user.party_id)
    db.session.flush()
    return changes


def _set_active(user: User, active: bool, action: str, actor: User) -> None:
    """Switch ``user`` on or off; either way its sessions and mailed links end."""
    if user.active == active:
        return
    user.active = active
    user.session_token = new_session_token()
    audit.record(action, user, {"active": (not active, active)}, summary=user.email, user=actor,
                 party_id=user.party_id)
    if not active:  # so a later reactivation does not bring old tokens and calendar URLs back
        revoke_credentials(user)
    db.session.flush()


def deactivate_user(user: User, actor: User) -> None:
    """Refuse future logins and end every open session of ``user``; the caller commits."""
    if user.id == actor.id:
        raise UserError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
    _set_active(user, False, "deactivate", actor)


def reactivate_user(user: User, actor: User) -> None:
    """Let a deactivated account sign in again (old links and sessions stay dead); the caller commits."""
    _set_active(user, True, "reactivate", actor)


def invitation_resent(user: User, actor: User) -> None:
    """Note in the audit trail that ``actor`` mailed ``user`` a new invitation; the caller commits."""
    audit.record("invite", user, summary=user.email, user=actor, party_id=user.party_id)


def set_locale(user: User, locale: str) -> None:
    """The user's interface language (id or en)."""
    changes = audit.apply_changes(user, {"locale": locale})
    if changes:
        audit.record("update", user, changes, summary=user.email, user=user, party_id=user.party_id)
    db.session.flush()


def record_login(user: User) -> None:
    """Remember when the user last signed in (user list) and keep it in the audit trail."""
    user.last_login_at = utcnow()
    audit.record("login", user, summary=user.email, user=user, party_id=user.party_id)
