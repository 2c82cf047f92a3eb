"""Rule proposal_stuck: a proposal's current stage past its due date (usulan macet).

To the responsible agency and the proposing Pemda's coordinators from the day after the due
date, repeated; to its leaders once the stage is late by the Pemda's escalation setting.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from tracker.proposals.models import Proposal, ProposalStage
from tracker.reminders.engine import ReminderPass
from tracker.reminders.recipients import unique


def _current_position():
    return (select(func.min(ProposalStage.position))
            .where(ProposalStage.proposal_id == Proposal.id, ProposalStage.done_on.is_(None),
                   ProposalStage.skipped_reason.is_(None))
            .correlate(Proposal).scalar_subquery())


def stuck_proposals(state: ReminderPass, wanted: set) -> None:
    """Open proposals whose current stage is past due."""
    today = state.today
    stmt = (
        select(Proposal.id, Proposal.title, Proposal.proposer_party_id, ProposalStage.stage,
               ProposalStage.due_on, ProposalStage.responsible_agency_id)
        .join(ProposalStage, ProposalStage.proposal_id == Proposal.id)
        .where(Proposal.archived_at.is_(None), Proposal.answer != "declined",
               ProposalStage.position == _current_position(), ProposalStage.due_on < today)
        .order_by(Proposal.id)
    )
    for rows in state.stream(stmt):
        seen = state.history(("proposal_stuck",), "proposal", [r[0] for r in rows])
        for pid, title, party_id, stage, due_on, agency_id in rows:
            episode = f"{stage}:{due_on}"  # a new stage or a new due date starts over
            proto = {"rule": "proposal_stuck", "record_type": "proposal", "record_id": pid, "episode": episode,
                     "title": title, "facts": {"stage": stage, "due_on": due_on.isoformat(),
                                               "days_late": (today - due_on).days}}
            s = state.settings(party_id)
            agency = state.directory.agency(agency_id) if agency_id else []
            state.offer_repeating(proto, unique(state.directory.admins(party_id) + agency),
                                  due_on + timedelta(days=1), s.proposal_repeat_days, seen)
            state.offer_repeating(proto, state.directory.leaders(party_id),
                                  due_on + timedelta(days=s.proposal_leader_days), s.proposal_repeat_days, seen)
