"""Synthetic national data: 552 regions, agreements, fields, programmes, progress entries.

Rows are plain dicts inserted with Core executemany in chunks, so memory stays flat
and no ORM object is built. Ids are assigned here, which keeps inserts RETURNING-free.
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, date, datetime, timedelta

import click
from sqlalchemy import func, select, text

from tracker.agreements.models import Agreement, AgreementParty, Field, Responsibility
from tracker.parties.models import Agency, Party
from tracker.parties.services import read_regions
from tracker.programs.models import Programme
from tracker.progress.models import ProgressEntry

BASE = {"agreements": 10_000, "fields": 40_000, "programmes": 100_000, "entries": 1_000_000}
AGENCIES_PER_PARTY = 8
AGENCY_NAMES = ["Dinas Pendidikan", "Dinas Kesehatan", "Dinas Perikanan", "BPBD", "Dinas Damkar",
                "Dinas PUPR", "Dinas Sosial", "Bappeda"]
STATUSES = ["planned"] * 10 + ["running"] * 60 + ["done"] * 20 + ["cancelled"] * 10
CHUNK = 20_000


def counts(scale: float) -> dict[str, int]:
    """How many rows of each kind at ``scale`` (1 = the national figure)."""
    return {name: max(1, round(value * scale)) for name, value in BASE.items()}



def is_pks(agreement_id: int) -> bool:
    """Every tenth synthetic agreement implements the one before it."""
    return agreement_id % 10 == 0 and agreement_id > 1

class Generator:
    """Writes one data set through ``conn`` (a Core connection inside a transaction)."""

    def __init__(self, conn, scale: float, today: date, seed: int = 2025):
        self.conn, self.today, self.rng = conn, today, random.Random(seed)
        self.n = counts(scale)
        self.rows = 0
        self.now = datetime.now(UTC)

    def insert(self, table, rows: list[dict], stamped: bool = False) -> None:
        """Executemany of plain dicts; ``stamped`` tables get their timestamps from the database."""
        if rows:
            statement = table.insert()
            if stamped:
                # One SQL expression instead of converting two datetimes per row in Python.
                statement = statement.values(created_at=func.current_timestamp(), updated_at=func.current_timestamp())
            self.conn.execute(statement, rows)
            self.rows += len(rows)

    def stamp(self, **row) -> dict:
        row.setdefault("created_at", self.now)
        row.setdefault("updated_at", self.now)
        row.setdefault("archived_at", None)
        return row

    def run(self) -> int:
        """Generate everything; returns the number of rows written."""
        self.parties()
        self.agreements()
        self.fields()
        self.programmes()
        self.entries()
        from tracker.progress.totals import rebuild

        rebuild(self.conn)  # the kept totals, as the progress services would have left them
        return self.rows

    def parties(self) -> None:
        regions = read_regions()
        self.insert(Party.__table__, [
            self.stamp(id=i, kind=r["kind"], name=r["name"], region_code=r["code"],
                       province_code=r["province_code"] or None, address=None)
            for i, r in enumerate(regions, start=1)
        ])
        self.party_ids = list(range(1, len(regions) + 1))
        self.insert(Agency.__table__, [
            self.stamp(id=(p - 1) * AGENCIES_PER_PARTY + k + 1, party_id=p, name=name, short_name=None,
                       email=f"opd{k}@{p}.example")
            for p in self.party_ids for k, name in enumerate(AGENCY_NAMES)
        ])

    def agency_of(self, party_id: int) -> int:
        return (party_id - 1) * AGENCIES_PER_PARTY + self.rng.randrange(AGENCIES_PER_PARTY) + 1

    def agreements(self) -> None:
        rng, rows, links = self.rng, [], []
        self.agreement_info = []  # (signed_on, party ids)
        for agreement_id in range(1, self.n["agreements"] + 1):
            parties = rng.sample(self.party_ids, 2)
            signed = self.today - timedelta(days=rng.randrange(5 * 365))
            until = signed + timedelta(days=rng.randrange(365, 5 * 365))
            terminated = signed + timedelta(days=200) if rng.random() < 0.02 else None
            # Every tenth agreement is a PKS of the one before it, so the KB → PKS roll-up is measured.
            pks = is_pks(agreement_id)
            if pks:
                (signed, parties), until = self.agreement_info[-1], rows[-1]["valid_until"]
            rows.append(self.stamp(
                id=agreement_id, kind="PKS" if pks else "KB", title=f"Kesepakatan Bersama sintetis {agreement_id}",
                government_affair="lainnya", parent_id=agreement_id - 1 if pks else None, signed_on=signed, signed_place="Sampit",
                valid_from=signed, valid_until=until, dprd_approval_required=False, dprd_approved_on=None,
                terminated_on=terminated, termination_reason="Sintetis" if terminated else None, notes=None,
                created_by_id=None, version=1,
                archived_at=self.now if rng.random() < 0.01 else None,
            ))
            for position, party_id in enumerate(parties, start=1):
                links.append({"id": len(links) + 1, "agreement_id": agreement_id, "party_id": party_id,
                              "position": position, "document_number": f"KS/{agreement_id}/{position}",
                              "signatory_name": "Bupati", "signatory_title": "Bupati"})
            self.agreement_info.append((signed, parties))
        self.insert(Agreement.__table__, rows)
        self.insert(AgreementParty.__table__, links)

    def fields(self) -> None:
        rows, duties = [], []
        self.field_info = []  # (agreement index, signed_on, party ids)
        for field_id in range(1, self.n["fields"] + 1):
            index = (field_id - 1) % len(self.agreement_info)
            signed, parties = self.agreement_info[index]
            # A PKS field implements the same-position field of its KB (the agreement before it).
            implements = field_id - 1 if is_pks(index + 1) else None
            rows.append(self.stamp(id=field_id, agreement_id=index + 1, position=field_id, title=f"Bidang {field_id}",
                                   government_affair=None, version=1, implements_field_id=implements))
            for party_id in parties:
                duties.append(self.stamp(id=len(duties) + 1, field_id=field_id, agency_id=self.agency_of(party_id),
                                         role="lead"))
            self.field_info.append((signed, parties))
        self.insert(Field.__table__, rows)
        self.insert(Responsibility.__table__, duties)

    def programmes(self) -> None:
        rng, rows = self.rng, []
        self.programme_info = []  # (id, start_on, last possible report day, target)
        # A quarter of the fields get no programme: the "no follow-up yet" the leaders look for.
        followed = max(1, len(self.field_info) * 3 // 4)
        for programme_id in range(1, self.n["programmes"] + 1):
            field_index = rng.randrange(followed)
            signed, parties = self.field_info[field_index]
            start = signed + timedelta(days=rng.randrange(180))
            due = start + timedelta(days=rng.randrange(180, 720))
            target = rng.randrange(10, 1000)
            rows.append(self.stamp(
                id=programme_id, field_id=field_index + 1, agency_id=self.agency_of(rng.choice(parties)),
                name=f"Program sintetis {programme_id}", description=None, indicator="Keluaran", unit="unit",
                baseline=0, target=target, budget=rng.randrange(10, 500) * 1_000_000,
                funding_source="apbd_kabupaten", start_on=start, due_on=due, status=rng.choice(STATUSES),
                status_note=None, version=1, archived_at=self.now if rng.random() < 0.01 else None,
            ))
            # Reports fall between the start and today (a programme starting later reports on its first day).
            last = max(min(self.today, due + timedelta(days=60)), start) if start <= self.today else start
            self.programme_info.append((programme_id, min(start, self.today), min(last, self.today), target))
            if len(rows) >= CHUNK:
                self.insert(Programme.__table__, rows)
                rows = []
        self.insert(Programme.__table__, rows)

    def entry_counts(self) -> list[int]:
        """Entries per programme: the total spread unevenly, some programmes quiet."""
        rng, total, size = self.rng, self.n["entries"], len(self.programme_info)
        per = [total // size + (1 if i < total % size else 0) for i in range(size)]
        for _ in range(size // 2):
            a, b = rng.randrange(size), rng.randrange(size)
            moved = rng.randrange(per[a] + 1)
            per[a] -= moved
            per[b] += moved
        return per

    def entries(self) -> None:
        # Written programme by programme, so the (programme_id, reported_on) index grows at its end.
        rng, rows, total = self.rng, [], self.n["entries"]
        entry_id = 0
        with click.progressbar(length=total, label="Laporan kemajuan", file=sys.stderr) as bar:
            for (programme_id, start, last, target), count in zip(self.programme_info, self.entry_counts(), strict=True):
                span = max((last - start).days, 0)
                for _ in range(count):
                    entry_id += 1
                    rows.append({
                        "id": entry_id, "programme_id": programme_id,
                        "reported_on": start + timedelta(days=rng.randrange(span + 1)),
                        "description": "Kegiatan sintetis", "quantity": rng.randrange(0, max(target // 5, 2)),
                        "location": None, "reported_by_id": None, "version": 1,
                    })
                if len(rows) >= CHUNK:
                    self.insert(ProgressEntry.__table__, rows, stamped=True)
                    bar.update(len(rows))
                    rows = []
            self.insert(ProgressEntry.__table__, rows, stamped=True)
            bar.update(len(rows))


def reset_sequences(conn) -> None:
    """PostgreSQL: move each id sequence past the ids written by hand."""
    if conn.dialect.name != "postgresql":
        return
    for table in (Party, Agency, Agreement, AgreementParty, Field, Responsibility, Programme, ProgressEntry):
        name = table.__tablename__
        highest = conn.execute(select(func.max(table.__table__.c.id))).scalar() or 1
        conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), :v)"), {"v": highest})


def busiest_party(conn) -> int:
    """The Pemda in the most agreements: the leader whose dashboard is timed."""
    return conn.execute(
        select(AgreementParty.party_id).group_by(AgreementParty.party_id)
        .order_by(func.count().desc(), AgreementParty.party_id).limit(1)
    ).scalar_one()
