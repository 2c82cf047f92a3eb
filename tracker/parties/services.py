"""Reference regions and writes to parties and agencies."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select

from tracker.extensions import db
from tracker.parties.models import Agency, Party

REGIONS_CSV = Path(__file__).resolve().parent.parent / "data" / "regions.csv"


def read_regions(path: Path = REGIONS_CSV) -> list[dict]:
    """The 552 regional governments (Kepmendagri 300.2.2-2138/2025)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_regions(path: Path = REGIONS_CSV) -> int:
    """Insert the regions that are missing; returns how many were added. Idempotent."""
    known = set(db.session.scalars(select(Party.region_code).where(Party.region_code.is_not(None))))
    rows = [
        {
            "kind": row["kind"],
            "name": row["name"],
            "region_code": row["code"],
            "province_code": row["province_code"] or None,
        }
        for row in read_regions(path)
        if row["code"] not in known
    ]
    if rows:
        db.session.execute(Party.__table__.insert(), rows)
    return len(rows)


def region(code: str) -> Party | None:
    return db.session.scalar(select(Party).where(Party.region_code == code))


def ensure_agency(party: Party, name: str, *, short_name: str | None = None, email: str | None = None) -> Agency:
    """The party's agency of that name, created when missing."""
    agency = db.session.scalar(select(Agency).where(Agency.party_id == party.id, Agency.name == name))
    if agency is None:
        agency = Agency(party=party, name=name, short_name=short_name, email=email)
        db.session.add(agency)
        db.session.flush()
    return agency
