"""Edits of a shared agreement by the other parties, shown to each party until read."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

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


def unread_edits(agreement: Agreement, user, limit: int = 10) -> list[AuditEvent]:
    """What the other parties changed since this user last marked the notice read."""
    link = next((link for link in agreement.parties if link.party_id == user.party_id), None)
    if link is None:
        return []
    read = db.session.scalar(select(EditNoticeRead.read_at).where(
        EditNoticeRead.agreement_id == agreement.id, EditNoticeRead.user_id == user.id))
    # Nothing from before the user's account or its party's joining counts as news to it.
    since = max(t for t in (read, link.joined_at, user.created_at) if t is not None)
    return list(db.session.scalars(others_edits([agreement.id], user.party_id, since).limit(limit)))


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
