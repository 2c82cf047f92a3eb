"""Edits of a shared agreement by the other parties, shown to each party until read."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from tracker.agreements.models import Agreement, AgreementParty, EditNoticeRead
from tracker.audit.models import AuditEvent
from tracker.core.clock import utcnow
from tracker.extensions import db

NOTICE_ACTIONS = ("update", "terminate", "extend")


def others_edits(agreement_ids, party_id: int, since: datetime):
    """Audited edits of these agreements made by any other party after ``since`` (a select)."""
    return (
        select(AuditEvent)
        .where(AuditEvent.entity_type == Agreement.__tablename__, AuditEvent.entity_id.in_(agreement_ids),
               AuditEvent.action.in_(NOTICE_ACTIONS), AuditEvent.party_id.is_not(None),
               AuditEvent.party_id != party_id, AuditEvent.occurred_at > since)
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    )


def unread_edits(agreement_id: int, user, limit: int = 10) -> list[dict]:
    """What the other parties changed since this user last marked the notice read (one statement)."""
    read = (select(EditNoticeRead.read_at)
            .where(EditNoticeRead.agreement_id == agreement_id, EditNoticeRead.user_id == user.id)
            .scalar_subquery())
    link = (select(AgreementParty.joined_at)
            .where(AgreementParty.agreement_id == agreement_id, AgreementParty.party_id == user.party_id))
    # Nothing from before the user's account, its last reading or its party's joining is news to it.
    query = others_edits([agreement_id], user.party_id, user.created_at).where(
        link.exists(),
        AuditEvent.occurred_at > func.coalesce(read, user.created_at),
        AuditEvent.occurred_at > func.coalesce(link.scalar_subquery(), user.created_at),
    ).limit(limit)
    return [{"occurred_at": e.occurred_at, "changes": dict(e.changes or {}), "summary": e.summary}
            for e in db.session.scalars(query)]


def mark_read(agreement: Agreement, user) -> None:
    """The user has seen the other parties' edits up to now."""
    row = db.session.scalar(select(EditNoticeRead).where(
        EditNoticeRead.agreement_id == agreement.id, EditNoticeRead.user_id == user.id))
    if row is None:
        db.session.add(EditNoticeRead(agreement_id=agreement.id, user_id=user.id, read_at=utcnow()))
    else:
        row.read_at = utcnow()
    db.session.flush()


def party_agreement_ids(party_id: int):
    """The agreements a party is in (a select of ids), for the coordinators' digest."""
    return select(AgreementParty.agreement_id).where(AgreementParty.party_id == party_id)
