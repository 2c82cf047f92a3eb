"""Reading agreements: selects shared by pages, exports and the API."""

from __future__ import annotations

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload

from tracker.agreements.models import Agreement, AgreementParty, Field
from tracker.parties.models import Party
from tracker.permissions import agreement_scope


def visible_agreements(user, search: str | None = None, kind: str | None = None) -> Select:
    """Agreements the user may see, newest signing first, with parties and fields loaded."""
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
    if kind:
        query = query.where(Agreement.kind == kind)
    if search:
        pattern = f"%{search.strip()}%"
        query = query.where(
            or_(
                Agreement.title.ilike(pattern),
                Agreement.id.in_(
                    select(AgreementParty.agreement_id)
                    .join(Party)
                    .where(or_(AgreementParty.document_number.ilike(pattern), Party.name.ilike(pattern)))
                ),
                Agreement.id.in_(select(Field.agreement_id).where(Field.title.ilike(pattern))),
            )
        )
    return query
