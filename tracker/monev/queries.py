"""Reading monev data and programme realisation per field, shared by pages and reports."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date
from decimal import Decimal

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from tracker.agreements.models import Agreement, AgreementParty, Field
from tracker.extensions import db
from tracker.monev.models import Monev, MonevFieldInput
from tracker.permissions import agreement_scope
from tracker.programs.models import Programme
from tracker.programs.queries import programmes_toward, totals_for
from tracker.programs.status import field_has_follow_up, percent, programme_health


def visible_monevs(user, agreement_id: int | None = None, status: str | None = None) -> Select:
    """Monev records of the agreements the user may see, latest period first."""
    query = (
        select(Monev)
        .join(Agreement, Monev.agreement_id == Agreement.id)
        .where(agreement_scope(user))
        .options(
            selectinload(Monev.agreement).selectinload(Agreement.parties).selectinload(AgreementParty.party),
            selectinload(Monev.party),
        )
        .order_by(Monev.period_end.desc().nulls_last(), Monev.id.desc())
    )
    if agreement_id:
        query = query.where(Monev.agreement_id == agreement_id)
    if status:
        query = query.where(Monev.status == status)
    return query


def monevs_of(agreement: Agreement) -> list[Monev]:
    """An agreement's monev history, latest first."""
    return list(
        db.session.scalars(
            select(Monev)
            .where(Monev.agreement_id == agreement.id)
            .order_by(Monev.period_end.desc().nulls_last(), Monev.id.desc())
        )
    )


@dataclass
class ProgrammeRow:
    """One programme with its realisation, as pages and reports show it."""

    programme: Programme
    realised: Decimal
    percent: Decimal | None
    last_progress_on: date | None
    health: str | None
    obstacles: str | None = None


@dataclass
class FieldBlock:
    """One field of an agreement with its programmes."""

    field: Field
    rows: list[ProgrammeRow] = dc_field(default_factory=list)

    @property
    def followed_up(self) -> bool:
        return field_has_follow_up([r.programme for r in self.rows])

    @property
    def percent(self) -> Decimal | None:
        """Mean realisation of the field's programmes that have a target."""
        values = [r.percent for r in self.rows if r.percent is not None]
        if not values:
            return None
        return (sum(values) / len(values)).quantize(Decimal("0.1"))


def implementation_by_field(
    agreement: Agreement, today: date, monev: Monev | None = None
) -> list[FieldBlock]:
    """Active fields with their live programmes, realisation and (from ``monev``) obstacles."""
    fields = agreement.active_fields
    programmes = programmes_toward([f.id for f in fields])
    totals = totals_for([p.id for p, _field_id in programmes])
    obstacles = _obstacles_by_field_agency(monev)
    blocks = {f.id: FieldBlock(f) for f in fields}
    for p, field_id in programmes:
        realised, last, _count = totals.get(p.id, (Decimal(0), None, 0))
        realised = Decimal(str(realised or 0))
        blocks[field_id].rows.append(
            ProgrammeRow(
                programme=p,
                realised=realised,
                percent=percent(realised, p.target),
                last_progress_on=last,
                health=programme_health(p, today, realised, last),
                obstacles=obstacles.get((field_id, p.agency_id)) or p.status_note,
            )
        )
    return [blocks[f.id] for f in fields]


def _obstacles_by_field_agency(monev: Monev | None) -> dict[tuple[int, int], str]:
    if monev is None:
        return {}
    return {(i.field_id, i.agency_id): i.obstacles for i in monev.inputs if i.obstacles}


def inputs_for_agency(monev: Monev, agency_id: int | None) -> list[MonevFieldInput]:
    """The field rows one agency is asked to fill in a monev."""
    return [i for i in monev.inputs if i.agency_id == agency_id]
