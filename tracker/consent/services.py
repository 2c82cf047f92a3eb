"""Propose, answer, cancel and lapse changes that need the other parties' consent."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select

from tracker.audit import services as audit
from tracker.consent import mails
from tracker.consent.models import ChangeDecision, ChangeRequest
from tracker.consent.registry import KINDS, describe, kind_of, register  # noqa: F401  (the public interface)
from tracker.core.clock import utcnow
from tracker.extensions import db
from tracker.users.models import User

log = logging.getLogger("tracker.consent")


class ConsentError(ValueError):
    """A request that cannot be answered or withdrawn (already closed, not yours)."""


def lapse_days() -> int:
    return int(current_app.config.get("CONSENT_LAPSE_DAYS", 30))


def coordinators_among(party_ids: list[int]) -> set[int]:
    """Which of these parties have an active coordinator (admin) account on this deployment."""
    if not party_ids:
        return set()
    return set(db.session.scalars(
        select(User.party_id).where(User.party_id.in_(party_ids), User.role == "admin", User.active.is_(True))
        .distinct()))


def default_deciders(request: ChangeRequest) -> list[int]:
    """Every party of the agreement except the proposer's."""
    agreement = request.agreement
    if agreement is None:
        return []
    return [link.party_id for link in agreement.parties if link.party_id != request.party_id]


def deciders_for(request: ChangeRequest) -> list[int]:
    """The parties whose coordinator must accept; parties without one cannot block (yet)."""
    kind = kind_of(request)
    parties = list(dict.fromkeys((kind.deciders or default_deciders)(request)))
    present = coordinators_among(parties)
    return [p for p in parties if p in present]


def propose(kind: str, *, subject: Any, by: User, payload: dict | None = None, agreement: Any = None,
            reason: str | None = None, now: datetime | None = None) -> ChangeRequest:
    """Record a proposed change; apply it at once when nobody has to decide."""
    now = now or utcnow()
    if kind not in KINDS:
        raise LookupError(f"consent kind {kind!r} is not registered")
    same = _same_pending(kind, subject, by.party_id, payload or {})
    if same is not None:  # a resend (back button, double click) leads to the request already made
        return same
    request = ChangeRequest(
        kind=kind, subject_type=audit.entity_name(subject), subject_id=subject.id,
        agreement=agreement, agreement_id=getattr(agreement, "id", None), party_id=by.party_id,
        proposed_by_id=by.id, payload=payload or {}, reason=(reason or "").strip() or None,
        created_at=now, expires_at=now + timedelta(days=lapse_days()),
    )
    db.session.add(request)
    deciders = deciders_for(request)
    request.decisions = [ChangeDecision(party_id=p) for p in deciders]
    db.session.flush()
    audit.record("propose", request, {"kind": (None, kind), "payload": (None, request.payload)},
                 summary=describe(request), user=by)
    if not deciders:
        request.applied_directly = True
        _apply(request, now, by)
    else:
        mails.queue_request(request)
    return request


def _same_pending(kind: str, subject: Any, party_id: int, payload: dict) -> ChangeRequest | None:
    candidates = db.session.scalars(select(ChangeRequest).where(
        ChangeRequest.kind == kind, ChangeRequest.subject_type == audit.entity_name(subject),
        ChangeRequest.subject_id == subject.id, ChangeRequest.party_id == party_id,
        ChangeRequest.status == "pending"))
    return next((c for c in candidates if c.payload == payload), None)


def respond(request: ChangeRequest, *, by: User, accept: bool, reason: str | None = None,
            now: datetime | None = None) -> ChangeRequest:
    """Record one deciding party's answer; the last acceptance applies the change."""
    now = now or utcnow()
    decision = request.decision_of(by.party_id)
    if not request.is_pending or decision is None or decision.decision != "pending":
        raise ConsentError("not pending for this party")
    reason = (reason or "").strip() or None
    if not accept and not reason:
        raise ConsentError("a rejection needs a reason")
    decision.decision = "accepted" if accept else "rejected"
    decision.decided_by_id, decision.reason, decision.decided_at = by.id, reason, now
    audit.record("accept" if accept else "reject", request,
                 {"decision": ("pending", decision.decision)}, summary=reason, user=by)
    if not accept:
        _close(request, "rejected", now)
        mails.queue_outcome(request)
    elif all(d.decision == "accepted" for d in request.decisions):
        _apply(request, now, by)
        mails.queue_outcome(request)
    db.session.flush()
    return request


def cancel(request: ChangeRequest, *, by: User, now: datetime | None = None) -> ChangeRequest:
    """The proposing party withdraws its own pending request."""
    if not request.is_pending or request.party_id != by.party_id:
        raise ConsentError("only the proposing party withdraws a pending request")
    _close(request, "cancelled", now or utcnow())
    audit.record("cancel", request, {"status": ("pending", "cancelled")}, user=by)
    db.session.flush()
    return request


def lapse_due(now: datetime | None = None) -> int:
    """Job: pending requests past their date lapse (nothing is applied); returns how many."""
    now = now or utcnow()
    due = db.session.scalars(
        select(ChangeRequest).where(ChangeRequest.status == "pending", ChangeRequest.expires_at <= now)
    ).all()
    for request in due:
        _close(request, "lapsed", now)
        audit.record("lapse", request, {"status": ("pending", "lapsed")}, user=None)
        mails.queue_outcome(request)
    db.session.flush()
    if due:
        log.info("Consent: %s proposed changes lapsed", len(due))
    return len(due)


def pending_for(subject: Any) -> list[ChangeRequest]:
    """Pending requests about ``subject`` (any record), oldest first."""
    return list(db.session.scalars(
        select(ChangeRequest).where(
            ChangeRequest.subject_type == audit.entity_name(subject), ChangeRequest.subject_id == subject.id,
            ChangeRequest.status == "pending",
        ).order_by(ChangeRequest.id)
    ))


def pending_in_agreement(agreement_id: int) -> list[ChangeRequest]:
    """Pending requests shown on an agreement's page, whatever their subject."""
    return list(db.session.scalars(
        select(ChangeRequest).where(ChangeRequest.agreement_id == agreement_id, ChangeRequest.status == "pending")
        .order_by(ChangeRequest.id)
    ))


def _apply(request: ChangeRequest, now: datetime, user: Any) -> None:
    kind_of(request).apply(request)
    _close(request, "applied", now)
    audit.record("apply", request, {"status": ("pending", "applied")}, user=user)


def _close(request: ChangeRequest, status: str, now: datetime) -> None:
    request.status, request.closed_at = status, now
