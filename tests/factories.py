"""Test data builders: plain functions with sensible defaults, committed at once."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from tracker.agreements.models import Agreement, AgreementParty, Field, Responsibility
from tracker.parties.models import Agency, Party
from tracker.programs.models import Programme
from tracker.progress import totals
from tracker.progress.models import ProgressEntry
from tracker.users.models import User
from tracker.users.passwords import hash_password

_counter = itertools.count(1)
_HASHES: dict[str, str] = {}


def _n() -> int:
    return next(_counter)


class Factories:
    PASSWORD = "rahasia-123"

    def __init__(self, db):
        self.db = db

    def _save(self, obj):
        self.db.session.add(obj)
        self.db.session.commit()
        return obj

    def party(self, name: str | None = None, code: str | None = None, kind: str = "kabupaten") -> Party:
        n = _n()
        code = code or (None if kind == "pihak_ketiga" else f"99.{n:02d}")
        return self._save(Party(name=name or f"Kabupaten Uji {n}", region_code=code, kind=kind))

    def agency(self, party: Party | None = None, name: str | None = None, email: str | None = None) -> Agency:
        party = party or self.party()
        n = _n()
        return self._save(Agency(party=party, name=name or f"Dinas Uji {n}", email=email or f"dinas{n}@uji.example"))

    def user(
        self,
        role: str = "admin",
        party: Party | None = None,
        agency: Agency | None = None,
        email: str | None = None,
        password: str = PASSWORD,
        **extra,
    ) -> User:
        if agency is not None and party is None:
            party = agency.party
        party = party or self.party()
        if role == "officer" and agency is None:
            agency = self.agency(party)
        if password not in _HASHES:
            _HASHES[password] = hash_password(password)
        user = User(
            email=email or f"{role}{_n()}@uji.example",
            name=f"Pengguna {role}",
            role=role,
            party=party,
            agency=agency,
            password_hash=_HASHES[password],
            **extra,
        )
        return self._save(user)

    def agreement(
        self,
        parties: list[Party] | None = None,
        *,
        kind: str = "KB",
        title: str | None = None,
        signed_on: date | None = date(2025, 11, 3),
        valid_from: date | None = None,
        valid_until: date | None = date(2030, 11, 2),
        fields: int | list[str] = 0,
        parent: Agreement | None = None,
        **extra,
    ) -> Agreement:
        parties = parties or [self.party(), self.party()]
        n = _n()
        agreement = Agreement(
            kind=kind,
            title=title or f"Kesepakatan uji {n}",
            signed_on=signed_on,
            valid_from=valid_from or signed_on,
            valid_until=valid_until,
            parent=parent,
            **extra,
        )
        agreement.parties = [
            AgreementParty(party=p, position=i, document_number=f"NOMOR/{n}/{i}")
            for i, p in enumerate(parties, start=1)
        ]
        titles = [f"Bidang {i}" for i in range(1, fields + 1)] if isinstance(fields, int) else fields
        agreement.fields = [Field(title=t, position=i) for i, t in enumerate(titles, start=1)]
        return self._save(agreement)

    def field(self, agreement: Agreement | None = None, title: str = "Bidang uji", lead: Agency | None = None) -> Field:
        agreement = agreement or self.agreement()
        field = Field(agreement=agreement, title=title, position=len(agreement.fields) + 1)
        if lead is not None:
            field.responsibilities = [Responsibility(agency=lead, role="lead")]
        return self._save(field)

    def programme(
        self,
        field: Field | None = None,
        agency: Agency | None = None,
        *,
        target: Decimal | int = 100,
        start_on: date | None = date(2026, 1, 1),
        due_on: date | None = date(2026, 12, 31),
        status: str = "running",
        **extra,
    ) -> Programme:
        field = field or self.field()
        agency = agency or self.agency(field.agreement.parties[0].party)
        programme = Programme(
            field=field,
            agency=agency,
            name=extra.pop("name", f"Program uji {_n()}"),
            indicator=extra.pop("indicator", "Indikator uji"),
            unit=extra.pop("unit", "orang"),
            target=Decimal(target),
            baseline=Decimal(extra.pop("baseline", 0)),
            budget=extra.pop("budget", 1_000_000),
            start_on=start_on,
            due_on=due_on,
            status=status,
            **extra,
        )
        return self._save(programme)

    def progress(
        self, programme: Programme | None = None, *, quantity: Decimal | int = 10, reported_on: date = date(2026, 3, 1), **extra
    ) -> ProgressEntry:
        programme = programme or self.programme()
        entry = ProgressEntry(
            programme=programme,
            quantity=Decimal(quantity),
            reported_on=reported_on,
            description=extra.pop("description", "Kegiatan uji"),
            **extra,
        )
        self._save(entry)
        # As the progress services do: the programme's kept totals follow its entries.
        totals.refresh(entry.programme_id)
        self.db.session.commit()
        return entry
