"""What the agreement detail page shows per field, computed from already-loaded data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from tracker.agreements.models import Agreement, Field, Responsibility
from tracker.programs.models import Programme
from tracker.programs.queries import programmes_toward, totals_for
from tracker.programs.status import field_has_follow_up, percent, programme_health


@dataclass
class ProgrammeRow:
    programme: Programme
    realised: Decimal
    percent: Decimal | None
    health: str | None
    last_progress_on: date | None


@dataclass
class FieldRow:
    field: Field
    # One list of responsibilities per party of the agreement, in party order.
    by_party: list[list[Responsibility]]
    programmes: list[ProgrammeRow] = field(default_factory=list)
    followed_up: bool = False


def field_rows(agreement: Agreement, today: date, visible=lambda programme: True) -> list[FieldRow]:
    """Fields with their agencies side by side and programmes with realisation (one aggregate query)."""
    fields = agreement.active_fields
    live = {f.id: [p for p in f.programmes if p.archived_at is None and visible(p)] for f in fields}
    # Only a PKS child can implement this agreement's fields: no such child, no extra query.
    if any(c.kind == "PKS" and c.archived_at is None for c in agreement.children):
        for programme, field_id in programmes_toward(list(live), own=False):
            if visible(programme):
                live[field_id].append(programme)
    totals = totals_for([p.id for programmes in live.values() for p in programmes])
    rows = []
    for f in fields:
        responsibilities = [r for r in f.responsibilities if r.archived_at is None]
        by_party = [
            sorted(
                (r for r in responsibilities if r.agency.party_id == link.party_id),
                key=lambda r: (r.role != "lead", r.agency.name),
            )
            for link in agreement.parties
        ]
        row = FieldRow(field=f, by_party=by_party, followed_up=field_has_follow_up(live[f.id]))
        for programme in live[f.id]:
            realised, last, _count = totals.get(programme.id, (Decimal(0), None, 0))
            row.programmes.append(
                ProgrammeRow(
                    programme=programme,
                    realised=realised,
                    percent=percent(realised, programme.target),
                    health=programme_health(programme, today, realised, last),
                    last_progress_on=last,
                )
            )
        rows.append(row)
    return rows
