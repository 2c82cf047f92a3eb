"""Dashboard filters (party, agreement, field, agency, period) read from the query string."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, timedelta

from sqlalchemy import or_, select

from tracker.agreements.models import Agreement, AgreementParty, Field, Responsibility
from tracker.core.inputs import query_date, query_id
from tracker.programs.models import Programme
from tracker.programs.queries import counts_toward_agreement, fields_toward


@dataclass(frozen=True)
class Filters:
    """What the leader narrowed the dashboard to; unknown or malformed values are ignored."""

    party_id: int | None = None
    agreement_id: int | None = None
    field_id: int | None = None
    agency_id: int | None = None
    start: date | None = None
    end: date | None = None
    # Words in the agreement's title: the filter form's search field when the list is long.
    search: str | None = None

    @classmethod
    def from_args(cls, args) -> Filters:
        start, end = query_date("start", args), query_date("end", args)
        if start and end and end < start:
            start, end = end, start
        return cls(
            party_id=query_id("party_id", args),
            agreement_id=query_id("agreement_id", args),
            field_id=query_id("field_id", args),
            agency_id=query_id("agency_id", args),
            start=start,
            end=end,
            search=(args.get("q") or "").replace("\x00", "").strip()[:100] or None,
        )

    def args(self, **extra) -> dict:
        """Query-string arguments that reproduce these filters (plus ``extra``)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}
        values["q"] = values.pop("search")
        values.update(extra)
        return {k: v for k, v in values.items() if v is not None}

    def programme_args(self, **extra) -> dict:
        """Arguments understood by programs.list (no party or period there)."""
        keys = ("agreement_id", "field_id", "agency_id")
        values = {k: getattr(self, k) for k in keys}
        values.update(extra)
        return {k: v for k, v in values.items() if v is not None}

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) is not None for f in fields(self))

    def period(self, today: date, default_days: int = 30) -> tuple[date, date]:
        """The period for counting progress entries: the chosen one, else the last 30 days."""
        end = self.end or today
        start = self.start or (end - timedelta(days=default_days - 1))
        return start, end

    def agreement_clauses(self, rolled_up: bool = False) -> list:
        """WHERE clauses on Agreement for the party, agreement, field and agency filters.

        ``rolled_up`` (programme queries joined to Field): a KB's agreement or field filter also
        keeps the programmes of the PKS fields that implement it (programs.queries.counts_toward)."""
        if rolled_up and (self.agreement_id or self.field_id):
            narrowed = replace(self, agreement_id=None, field_id=None)
            extra = [counts_toward_agreement(self.agreement_id)] if self.agreement_id else []
            return [*narrowed.agreement_clauses(), *extra]
        clauses = []
        if self.party_id:
            clauses.append(
                Agreement.id.in_(select(AgreementParty.agreement_id).where(AgreementParty.party_id == self.party_id))
            )
        if self.agreement_id:
            clauses.append(Agreement.id == self.agreement_id)
        if self.search:
            escaped = self.search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            clauses.append(Agreement.title.ilike(f"%{escaped}%", escape="\\"))
        if self.field_id:
            clauses.append(Agreement.id.in_(select(Field.agreement_id).where(Field.id == self.field_id)))
        if self.agency_id:
            clauses.append(Agreement.id.in_(_agency_agreements(self.agency_id)))
        return clauses

    def field_clauses(self) -> list:
        """WHERE clauses on Field (used with agreement_clauses)."""
        clauses = []
        if self.field_id:
            clauses.append(Field.id == self.field_id)
        if self.agency_id:
            clauses.append(
                or_(
                    Field.id.in_(select(Responsibility.field_id).where(Responsibility.agency_id == self.agency_id)),
                    Field.id.in_(select(Programme.field_id).where(Programme.agency_id == self.agency_id)),
                )
            )
        return clauses

    def programme_clauses(self) -> list:
        """WHERE clauses on Programme and its Field (used with agreement_clauses(rolled_up=True))."""
        clauses = []
        if self.field_id:
            clauses.append(Programme.field_id.in_(fields_toward(self.field_id)))
        if self.agency_id:
            clauses.append(Programme.agency_id == self.agency_id)
        return clauses


def _agency_agreements(agency_id: int):
    responsible = (
        select(Field.agreement_id).join(Responsibility).where(Responsibility.agency_id == agency_id)
    )
    owning = select(Field.agreement_id).join(Programme).where(Programme.agency_id == agency_id)
    return responsible.union(owning)
