"""Reading parties for the list page and its CSV."""

from __future__ import annotations

from sqlalchemy import Select, func, or_, select

from tracker.extensions import db
from tracker.parties.models import Party


def listed_parties(search: str | None = None, kind: str | None = None) -> Select:
    """Live parties matching the search and kind: regions under their province, then third parties."""
    query = select(Party).where(Party.archived_at.is_(None))
    if search:
        pattern = f"%{search}%"
        query = query.where(or_(Party.name.ilike(pattern), Party.region_code.ilike(f"{search}%")))
    if kind:
        query = query.where(Party.kind == kind)
    return query.order_by(
        Party.region_code.is_(None),
        func.coalesce(Party.province_code, Party.region_code),
        Party.province_code.is_not(None),
        Party.region_code,
        Party.name,
        Party.id,  # a stable order for pagination
    )


def province_names() -> dict[str, str]:
    """``{region_code: name}`` of the provinces, for grouping regions."""
    return dict(db.session.execute(select(Party.region_code, Party.name).where(Party.kind == "provinsi")).all())
