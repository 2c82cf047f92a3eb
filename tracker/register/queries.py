"""The register of one Pemda: every agreement it is party to, numbered ones first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.agreements.models import Agreement, AgreementParty
from tracker.agreements.status import agreement_status
from tracker.extensions import db
from tracker.register.models import RegisterEntry


@dataclass
class RegisterRow:
    """One line of the register book."""

    agreement: Agreement
    entry: RegisterEntry | None
    status: str

    @property
    def number(self) -> str:
        return self.entry.label if self.entry else ""


def register_rows(party_id: int, today: date, *, year: int | None = None, kind: str | None = None,
                  status: str | None = None) -> list[RegisterRow]:
    """The party's agreements with their register entries, by year and number (unnumbered last)."""
    query = (select(Agreement, RegisterEntry)
             .join(AgreementParty, AgreementParty.agreement_id == Agreement.id)
             .outerjoin(RegisterEntry, (RegisterEntry.agreement_id == Agreement.id)
                        & (RegisterEntry.party_id == party_id))
             .where(AgreementParty.party_id == party_id, Agreement.archived_at.is_(None))
             .options(selectinload(Agreement.parties).selectinload(AgreementParty.party))
             .order_by(RegisterEntry.year.is_(None), RegisterEntry.year, RegisterEntry.number,
                       Agreement.signed_on, Agreement.id))
    if kind:
        query = query.where(Agreement.kind == kind)
    if year:
        query = query.where(RegisterEntry.year == year)
    rows = [RegisterRow(a, e, agreement_status(a, today)) for a, e in db.session.execute(query)]
    return [r for r in rows if status is None or r.status == status]
