"""Mails about proposed changes, queued in the reminders outbox in the proposing transaction."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from sqlalchemy import select

from tracker.consent import labels
from tracker.consent.models import ChangeRequest
from tracker.consent.registry import describe
from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.reminders.links import external_url
from tracker.reminders.models import OutboxMail
from tracker.users.models import User


def coordinators(party_ids: list[int]) -> list[User]:
    """Active coordinator accounts of these parties."""
    if not party_ids:
        return []
    return list(db.session.scalars(
        select(User).where(User.party_id.in_(party_ids), User.role == "admin", User.active.is_(True))
        .order_by(User.id)
    ))


def queue_request(request: ChangeRequest) -> int:
    """Tell every deciding party's coordinators that a decision waits for them."""
    people = coordinators([d.party_id for d in request.decisions if d.decision == "pending"])
    for person in people:
        _queue(person, request, "waiting")
    return len(people)


def queue_outcome(request: ChangeRequest) -> int:
    """Tell the proposing party's coordinators (and the proposer) how it ended."""
    people = {p.id: p for p in coordinators([request.party_id])}
    if request.proposed_by is not None and request.proposed_by.active:
        people.setdefault(request.proposed_by.id, request.proposed_by)
    for person in people.values():
        _queue(person, request, "outcome")
    return len(people)


def _queue(person: User, request: ChangeRequest, template: str) -> None:
    with force_locale(person.locale or "id"):
        context = {"person": person, "request": request, "what": describe(request),
                   "link": external_url("consent.detail", request_id=request.id),
                   "title": request.agreement.title if request.agreement is not None else "",
                   "consent_status": labels.status, "consent_decision": labels.decision}
        subject = (_("Usulan perubahan menunggu keputusan Anda: %(what)s", what=context["what"])
                   if template == "waiting" else
                   _("Usulan perubahan selesai: %(what)s", what=context["what"]))
        text = render_template(f"mail/consent_{template}.txt", **context)
        html = render_template(f"mail/consent_{template}.html", **context)
    db.session.add(OutboxMail(recipient=person.email, subject=str(subject)[:300], text=text, html=html))
