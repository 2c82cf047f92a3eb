"""Who receives what: responsibility belongs to offices, so recipients are resolved per run."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from tracker.parties.models import Agency
from tracker.users.models import User


@dataclass(frozen=True)
class Recipient:
    """An address that gets reminders, with the role it receives them in."""

    email: str
    party_id: int
    audience: str  # officer, agency (office email), admin, leader
    user_id: int | None = None
    name: str = ""
    locale: str = "id"


class Directory:
    """Active users and agency office emails, loaded once per pass (small next to the work data)."""

    def __init__(self, session) -> None:
        self._by_role: dict[tuple[str, int], list[Recipient]] = defaultdict(list)
        self._officers: dict[int, list[Recipient]] = defaultdict(list)
        self._agencies: dict[int, tuple[int, str | None]] = {}
        self.users: dict[int, Recipient] = {}
        rows = session.execute(
            select(User.id, User.email, User.name, User.role, User.party_id, User.agency_id, User.locale)
            .where(User.active.is_(True))
            .order_by(User.id)
        )
        for uid, email, name, role, party_id, agency_id, locale in rows:
            person = Recipient(email.lower(), party_id, role, uid, name, locale or "id")
            self.users[uid] = person
            if role == "officer" and agency_id is not None:
                self._officers[agency_id].append(person)
            else:
                self._by_role[(role, party_id)].append(person)
        for aid, party_id, email in session.execute(
            select(Agency.id, Agency.party_id, Agency.email).where(Agency.archived_at.is_(None))
        ):
            self._agencies[aid] = (party_id, email)

    def admins(self, party_id: int) -> list[Recipient]:
        return self._by_role.get(("admin", party_id), [])

    def leaders(self, party_id: int) -> list[Recipient]:
        return self._by_role.get(("leader", party_id), [])

    def all_leaders(self) -> list[Recipient]:
        return [p for (role, _party), people in self._by_role.items() if role == "leader" for p in people]

    def officers(self) -> list[Recipient]:
        return [person for people in self._officers.values() for person in people]

    def officers_by_agency(self) -> dict[int, list[Recipient]]:
        """Active officers per agency id."""
        return {agency_id: people for agency_id, people in self._officers.items() if people}

    def agency_party(self, agency_id: int) -> int | None:
        known = self._agencies.get(agency_id)
        return known[0] if known else None

    def agency(self, agency_id: int) -> list[Recipient]:
        """Active officers of the agency, else its office email, else nobody."""
        if self._officers.get(agency_id):
            return self._officers[agency_id]
        party_id, email = self._agencies.get(agency_id, (None, None))
        if party_id is None or not email:
            return []
        return [Recipient(email.lower(), party_id, "agency", None, "")]


def unique(people: list[Recipient]) -> list[Recipient]:
    """Each address once, keeping the first role it appears in."""
    seen: dict[str, Recipient] = {}
    for person in people:
        seen.setdefault(person.email, person)
    return list(seen.values())
