"""Reading agreements: selects shared by pages, exports and the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, not_, or_, select
from sqlalchemy.orm import joinedload, selectinload

from tracker.agreements.models import (
    Agreement,
    AgreementExtension,
    AgreementParty,
    Field,
    Responsibility,
)
from tracker.agreements.status import STATUSES, expiring_days
from tracker.extensions import db
from tracker.parties.models import Agency, Party
from tracker.permissions import agreement_scope
from tracker.programs.models import Programme


@dataclass
class AgreementFilters:
    """What the list page narrows by; every value is optional."""

    search: str | None = None
    kind: str | None = None
    status: str | None = None
    party_id: int | None = None
    expiring_within: int | None = None


def status_condition(status: str, today: date, notice_days: int | None = None) -> ColumnElement[bool]:
    """SQL twin of ``agreement_status``: the rows whose derived status is ``status`` today."""
    notice = expiring_days() if notice_days is None else notice_days
    horizon = today + timedelta(days=notice)
    terminated = and_(Agreement.terminated_on.is_not(None), Agreement.terminated_on <= today)
    live = not_(terminated)
    start = func.coalesce(Agreement.valid_from, Agreement.signed_on)
    started = and_(live, Agreement.signed_on.is_not(None), start <= today)
    far_end = or_(Agreement.valid_until.is_(None), Agreement.valid_until > horizon)
    extended = exists().where(AgreementExtension.agreement_id == Agreement.id)
    conditions = {
        "terminated": terminated,
        "draft": and_(live, Agreement.signed_on.is_(None)),
        "signed": and_(live, Agreement.signed_on.is_not(None), start > today),
        "expired": and_(started, Agreement.valid_until < today),
        "expiring": and_(started, Agreement.valid_until >= today, Agreement.valid_until <= horizon),
        "extended": and_(started, far_end, extended),
        "active": and_(started, far_end, not_(extended)),
    }
    return conditions.get(status, false())


def _search_condition(search: str) -> ColumnElement[bool]:
    pattern = f"%{search.strip()}%"
    return or_(
        Agreement.title.ilike(pattern),
        Agreement.id.in_(
            select(AgreementParty.agreement_id)
            .join(Party)
            .where(or_(AgreementParty.document_number.ilike(pattern), Party.name.ilike(pattern)))
        ),
        Agreement.id.in_(
            select(Field.agreement_id).where(Field.title.ilike(pattern), Field.archived_at.is_(None))
        ),
    )


def visible_agreements(
    user, search: str | None = None, kind: str | None = None, filters: AgreementFilters | None = None, today: date | None = None
) -> Select:
    """Agreements the user may see, newest signing first, with parties and fields loaded."""
    from tracker.core.clock import today as clock_today

    filters = filters or AgreementFilters(search=search, kind=kind)
    today = today or clock_today()
    query = (
        select(Agreement)
        .where(agreement_scope(user), Agreement.archived_at.is_(None))
        .options(
            selectinload(Agreement.parties).selectinload(AgreementParty.party),
            selectinload(Agreement.fields),
            selectinload(Agreement.extensions),
        )
        .order_by(Agreement.signed_on.desc().nulls_first(), Agreement.id.desc())
    )
    if filters.kind:
        query = query.where(Agreement.kind == filters.kind)
    if filters.search:
        query = query.where(_search_condition(filters.search))
    if filters.status in STATUSES:
        query = query.where(status_condition(filters.status, today))
    if filters.party_id:
        query = query.where(
            Agreement.id.in_(
                select(AgreementParty.agreement_id).where(AgreementParty.party_id == filters.party_id)
            )
        )
    if filters.expiring_within is not None:
        query = query.where(
            not_(status_condition("terminated", today)),
            Agreement.valid_until >= today,
            Agreement.valid_until <= today + timedelta(days=filters.expiring_within),
        )
    return query


def partner_parties(user) -> list[Party]:
    """Parties that appear in the agreements the user sees (for the party filter)."""
    in_scope = select(AgreementParty.agreement_id).join(Agreement).where(agreement_scope(user))
    return list(
        db.session.scalars(
            select(Party)
            .where(Party.id.in_(select(AgreementParty.party_id).where(AgreementParty.agreement_id.in_(in_scope))))
            .order_by(Party.name)
        )
    )


def agreement_for_detail(agreement_id: int) -> Agreement | None:
    """One agreement with everything the detail page shows, in a fixed number of queries.

    Many-to-one hops ride along as joins; each collection is one statement (eight in all).
    """
    return db.session.scalar(
        select(Agreement)
        .where(Agreement.id == agreement_id)
        .options(
            joinedload(Agreement.parent),
            selectinload(Agreement.parties).joinedload(AgreementParty.party),
            selectinload(Agreement.fields)
            .selectinload(Field.responsibilities)
            .joinedload(Responsibility.agency)
            .joinedload(Agency.party),
            selectinload(Agreement.fields).selectinload(Field.programmes).joinedload(Programme.agency),
            selectinload(Agreement.extensions),
            selectinload(Agreement.attachments),
            selectinload(Agreement.children),
        )
    )


def parent_candidates(user, exclude_id: int | None = None) -> list[Agreement]:
    """Agreements a PKS or addendum may point to: the user's visible, unarchived ones."""
    query = (
        select(Agreement)
        .where(agreement_scope(user), Agreement.archived_at.is_(None))
        .order_by(Agreement.signed_on.desc().nulls_first(), Agreement.id.desc())
    )
    if exclude_id is not None:
        query = query.where(Agreement.id != exclude_id)
    return list(db.session.scalars(query))


def party_choices(user) -> list[Party]:
    """Every live party to pick from, the user's own party first, then regions by code, then third parties."""
    parties = list(
        db.session.scalars(
            select(Party)
            .where(Party.archived_at.is_(None))
            .order_by(Party.region_code.is_(None), Party.region_code, Party.name)
        )
    )
    own = [p for p in parties if p.id == user.party_id]
    return own + [p for p in parties if p.id != user.party_id]


def agencies_by_party(party_ids: list[int]) -> dict[int, list[Agency]]:
    """Live agencies of the given parties, in one query."""
    result: dict[int, list[Agency]] = {pid: [] for pid in party_ids}
    if not party_ids:
        return result
    rows = db.session.scalars(
        select(Agency)
        .where(Agency.party_id.in_(party_ids), Agency.archived_at.is_(None))
        .order_by(Agency.name)
    )
    for agency in rows:
        result[agency.party_id].append(agency)
    return result


def document_number_taken(party_id: int, number: str, agreement_id: int | None) -> bool:
    """True when the party already used this document number on another agreement."""
    query = select(AgreementParty.id).where(
        AgreementParty.party_id == party_id, AgreementParty.document_number == number
    )
    if agreement_id is not None:
        query = query.where(AgreementParty.agreement_id != agreement_id)
    return db.session.scalar(query.limit(1)) is not None
