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


PARTY_COLUMNS = ("name", "address")
AGENCY_COLUMNS = ("name", "short_name", "email")


def _strip(data: dict, names: tuple[str, ...]) -> dict:
    return {n: (data.get(n) or "").strip() or None for n in names if n in data}


def create_third_party(data: dict, user) -> Party:
    """Add a third party (pihak ketiga: company, university, NGO)."""
    from tracker.audit import services as audit

    party = Party(kind="pihak_ketiga", recorded_by_party_id=user.party_id, **_strip(data, PARTY_COLUMNS))
    db.session.add(party)
    db.session.flush()
    audit.record("create", party, audit.snapshot(party, ("kind", *PARTY_COLUMNS)), summary=party.name, user=user)
    return party


def update_party(party: Party, data: dict, user) -> dict:
    """Change a party's address (and a third party's name); regions keep their official name."""
    from tracker.audit import services as audit

    names = PARTY_COLUMNS if party.kind == "pihak_ketiga" else ("address",)
    changes = audit.apply_changes(party, _strip(data, names))
    db.session.flush()
    if changes:
        audit.record("update", party, changes, summary=party.name, user=user)
    return changes


def create_agency(party: Party, data: dict, user) -> Agency:
    """Add a perangkat daerah to a party."""
    from tracker.audit import services as audit

    values = _strip(data, AGENCY_COLUMNS)
    if values.get("email"):
        values["email"] = values["email"].lower()
    agency = Agency(party=party, **values)
    db.session.add(agency)
    db.session.flush()
    audit.record("create", agency, audit.snapshot(agency, AGENCY_COLUMNS), summary=agency.name, user=user)
    return agency


def update_agency(agency: Agency, data: dict, user) -> dict:
    """Rename an agency or change its office email."""
    from tracker.audit import services as audit

    values = _strip(data, AGENCY_COLUMNS)
    if values.get("email"):
        values["email"] = values["email"].lower()
    changes = audit.apply_changes(agency, values)
    db.session.flush()
    if changes:
        audit.record("update", agency, changes, summary=agency.name, user=user)
    return changes


def archive_agency(agency: Agency, user) -> None:
    """Archive an agency: it keeps its history and programmes but is no longer offered."""
    from tracker.audit import services as audit

    audit.archive(agency, agency.name, user)


def restore_agency(agency: Agency, user) -> None:
    """Offer an archived agency again for new programmes and responsibilities."""
    from tracker.audit import services as audit

    audit.restore(agency, agency.name, user)


def agency_name_taken(party_id: int, name: str, agency_id: int | None = None) -> bool:
    """True when the party already has another agency of that name."""
    query = select(Agency.id).where(Agency.party_id == party_id, Agency.name == name.strip())
    if agency_id is not None:
        query = query.where(Agency.id != agency_id)
    return db.session.scalar(query.limit(1)) is not None
