"""The shared world of the permission matrix: two Pemda, their agencies and users, an
agreement between them with a field, programmes and progress, and another Pemda's agreement.

Use it from any test: ``from tests.route_rules.world import build_world`` inside an app
context, or the ``world`` fixture from tests/conftest.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from argon2 import PasswordHasher
from flask import current_app, url_for

from tests.route_rules import KINDS
from tracker.agreements.models import Agreement, AgreementParty, Field, Responsibility
from tracker.core.clock import utcnow
from tracker.parties.models import Agency, Party
from tracker.programs.models import Programme
from tracker.progress import totals
from tracker.progress.models import ProgressEntry
from tracker.users.models import User

PASSWORD = "matriks-rahasia"
# Cheap argon2 parameters: verifying hundreds of logins stays fast; the format is the real one.
_HASH = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)


@dataclass
class World:
    """Records by role in the story; ``users[kind]`` for each kind in KINDS except anon."""

    db: Any
    own: Party
    other: Party
    third: Party
    own_agency: Agency
    own_other_agency: Agency
    other_agency: Agency
    other_other_agency: Agency
    agreement: Agreement  # own ↔ other
    field: Field
    programme: Programme  # owned by own_agency
    entry: ProgressEntry
    other_programme: Programme  # same field, owned by other_agency
    other_entry: ProgressEntry
    foreign_agreement: Agreement  # other ↔ third: the own Pemda is not in it
    foreign_field: Field
    foreign_programme: Programme
    foreign_entry: ProgressEntry
    colleague: User  # a leader of the own Pemda: the target of user management rules
    stranger: User  # a leader of the other Pemda
    users: dict[str, User] = field(default_factory=dict)
    me: User | None = None  # the signed-in user of the current case (None: anonymous)
    password: str = PASSWORD

    def url(self, endpoint: str, **values) -> str:
        """url_for outside a request."""
        with current_app.test_request_context():
            return url_for(endpoint, **values)


def _user(email: str, role: str, party: Party, agency: Agency | None) -> User:
    return User(email=email, name=f"Uji {email.split('@')[0]}", role=role, party=party,
                agency=agency, password_hash=_HASH)


def _agreement(title: str, parties: list[Party], n: int) -> tuple[Agreement, Field]:
    agreement = Agreement(kind="KB", title=title, signed_on=date(2025, 11, 3),
                          valid_from=date(2025, 11, 3), valid_until=date(2030, 11, 2))
    agreement.parties = [
        AgreementParty(party=p, position=i, document_number=f"KB/{n}/{i}")
        for i, p in enumerate(parties, start=1)
    ]
    fld = Field(title=f"Bidang {title}", position=1)
    agreement.fields = [fld]
    return agreement, fld


def _programme(fld: Field, agency: Agency, name: str) -> tuple[Programme, ProgressEntry]:
    programme = Programme(field=fld, agency=agency, name=name, indicator="Anak kembali sekolah",
                          unit="orang", target=Decimal(100), baseline=Decimal(0), budget=1_000_000,
                          start_on=date(2026, 1, 1), due_on=date(2026, 12, 31), status="running")
    entry = ProgressEntry(programme=programme, quantity=Decimal(10), reported_on=date(2026, 3, 1),
                          description=f"Kegiatan {name}")
    return programme, entry


def build_world(db) -> World:
    """Create the world in one transaction and return it (call inside an app context)."""
    own = Party(kind="kabupaten", name="Kabupaten Kotawaringin Timur", region_code="62.02")
    other = Party(kind="kabupaten", name="Kabupaten Seruyan", region_code="62.07")
    third = Party(kind="kabupaten", name="Kabupaten Katingan", region_code="62.06")
    agencies = {
        key: Agency(party=party, name=name, email=f"{key}@uji.example")
        for key, party, name in (
            ("own_agency", own, "Dinas Pendidikan"), ("own_other_agency", own, "BPBD"),
            ("other_agency", other, "Dinas Perikanan"), ("other_other_agency", other, "Damkar"),
            ("third_agency", third, "Dinas Sosial"),
        )
    }
    agreement, fld = _agreement("Kotim–Seruyan", [own, other], 1)
    fld.responsibilities = [Responsibility(agency=agencies["own_agency"], role="lead"),
                            Responsibility(agency=agencies["other_agency"], role="lead")]
    programme, entry = _programme(fld, agencies["own_agency"], "Program Kotim")
    other_programme, other_entry = _programme(fld, agencies["other_agency"], "Program Seruyan")
    foreign, foreign_field = _agreement("Seruyan–Katingan", [other, third], 2)
    foreign_programme, foreign_entry = _programme(foreign_field, agencies["other_agency"], "Program luar")
    users = {}
    for kind in KINDS[1:]:
        role, pemda, agency = (part.split("-")[0] for part in kind.split("/"))
        party = own if pemda == "own" else other
        key = ("own" if pemda == "own" else "other") + ("_agency" if agency == "own" else "_other_agency")
        slug = kind.replace("/", ".").replace("-pemda", "").replace("-agency", "")
        users[kind] = _user(f"{slug}@uji.example", role, party, agencies[key])
    colleague = _user("rekan@uji.example", "leader", own, None)
    stranger = _user("tetangga@uji.example", "leader", other, None)
    db.session.add_all([own, other, third, *agencies.values(), agreement, foreign, programme,
                        entry, other_programme, other_entry, foreign_programme, foreign_entry,
                        *users.values(), colleague, stranger])
    db.session.flush()
    for counted in (programme, other_programme, foreign_programme):
        totals.refresh(counted.id)  # as the progress services keep them
    db.session.commit()
    return World(
        db=db, own=own, other=other, third=third,
        own_agency=agencies["own_agency"], own_other_agency=agencies["own_other_agency"],
        other_agency=agencies["other_agency"], other_other_agency=agencies["other_other_agency"],
        agreement=agreement, field=fld, programme=programme, entry=entry,
        other_programme=other_programme, other_entry=other_entry,
        foreign_agreement=foreign, foreign_field=foreign_field,
        foreign_programme=foreign_programme, foreign_entry=foreign_entry,
        colleague=colleague, stranger=stranger, users=users,
    )


def archived(target):
    """For a rule's ``url``: archive ``target(w)`` first (a restore needs something to bring back)."""

    def archive(w):
        record = target(w)
        record.archived_at = utcnow()
        w.db.session.commit()
        return record

    return archive


def sign_in(client, user: User) -> None:
    """Log ``user`` in through the real login form."""
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, f"could not sign in {user.email}: {response.status_code}"
