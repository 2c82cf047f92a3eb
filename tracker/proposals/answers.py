"""The counterpart's answer to an offer, through the shared consent step (kind "proposal_answer").

The counterpart's coordinator accepts (proceed) or rejects with a reason on the consent pages;
accepting applies :func:`_proceed`, a rejection is mirrored onto the proposal when the request
closes, so the proposal shows its answer wherever it was given.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from tracker.audit import services as audit
from tracker.consent import services as consent
from tracker.consent.models import ChangeRequest
from tracker.core.clock import today as clock_today
from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.i18n import lazy_gettext as _l
from tracker.proposals.models import Proposal
from tracker.users.models import User

KIND = "proposal_answer"


def _proposal(request: ChangeRequest) -> Proposal | None:
    with db.session.no_autoflush:
        return db.session.get(Proposal, request.subject_id)


def _decider(request: ChangeRequest, proposal: Proposal):
    return request.decision_of(proposal.counterpart_party_id)


def _proceed(request: ChangeRequest) -> None:
    """Every decider accepted (or the counterpart has no coordinator yet): the proposal goes on."""
    proposal = _proposal(request)
    decision = _decider(request, proposal)
    by = db.session.get(User, decision.decided_by_id) if decision and decision.decided_by_id else None
    changes = audit.apply_changes(proposal, {"answer": "proceed", "answered_on": clock_today(),
                                             "answered_by_id": by.id if by else None})
    changes.pop("answered_by_id", None)
    if by is not None:
        changes["answered_by"] = (None, by.name)  # a name reads better than an id in Riwayat
    db.session.flush()
    audit.record("answer", proposal, changes, summary=proposal.title,
                 party_id=proposal.counterpart_party_id if decision else proposal.proposer_party_id)


def _describe(request: ChangeRequest) -> str:
    proposal = _proposal(request)
    if proposal is None:
        return str(_l("Jawaban atas usulan kerja sama"))
    return _("Penawaran kerja sama \u201c%(title)s\u201d dari %(party)s: lanjutkan atau tolak",
             title=proposal.title, party=proposal.proposer.name)


def register() -> None:
    consent.register(KIND, label=_l("Jawaban atas usulan kerja sama"), apply=_proceed,
                     deciders=lambda request: [_proposal(request).counterpart_party_id], describe=_describe)


def offer(proposal: Proposal, by: Any) -> ChangeRequest:
    """Ask the counterpart's coordinator for its answer (mailed by the consent step)."""
    reason = _("Alasan: %(reason)s. Manfaat yang diharapkan: %(benefit)s",
               reason=proposal.reason, benefit=proposal.expected_benefit)
    return consent.propose(KIND, subject=proposal, by=by, payload={"proposal_id": proposal.id}, reason=reason[:2000])


def may_offer_again(proposal: Proposal) -> bool:
    """Offered, still unanswered, and its answer request lapsed or was withdrawn."""
    if proposal.offered_on is None or proposal.answer != "pending":
        return False
    requests = requests_of(proposal)
    return bool(requests) and not any(r.is_pending or r.status == "applied" for r in requests)


def requests_of(proposal: Proposal) -> list[ChangeRequest]:
    """Every answer request of the proposal, newest first."""
    return list(db.session.scalars(db.select(ChangeRequest).where(
        ChangeRequest.kind == KIND, ChangeRequest.subject_type == "proposals",
        ChangeRequest.subject_id == proposal.id).order_by(ChangeRequest.id.desc())))


@event.listens_for(ChangeRequest.status, "set")
def _mirror_rejection(request: ChangeRequest, value: str, old: Any, initiator: Any) -> None:
    """A rejected answer request declines the proposal, with the counterpart's reason."""
    if request.kind != KIND or value != "rejected" or old == "rejected":
        return
    proposal = _proposal(request)
    decision = _decider(request, proposal) if proposal is not None else None
    if proposal is None or decision is None:
        return
    proposal.answer, proposal.answer_reason = "declined", decision.reason or "-"
    proposal.answered_on, proposal.answered_by_id = clock_today(), decision.decided_by_id
