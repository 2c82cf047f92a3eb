"""Reading proposals: the list a user may see, the stuck ones, and the pipeline per stage."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from tracker.extensions import db
from tracker.permissions import proposal_scope
from tracker.proposals.models import STAGES, Proposal, ProposalStage


def _current_stage():
    """Correlated: the position of the proposal's first stage neither done nor skipped."""
    return (select(func.min(ProposalStage.position))
            .where(ProposalStage.proposal_id == Proposal.id, ProposalStage.done_on.is_(None),
                   ProposalStage.skipped_reason.is_(None))
            .correlate(Proposal).scalar_subquery())

def open_clauses() -> list:
    """Proposals still moving: not withdrawn, not declined, some stage still ahead."""
    return [Proposal.archived_at.is_(None), Proposal.answer != "declined", _current_stage().is_not(None)]

def visible_proposals(user, *, stage: str | None = None, party_id: int | None = None,
                      open_only: bool = False) -> Select:
    """Proposals the user may see, newest first, narrowed to one current stage or one party."""
    query = (select(Proposal).where(proposal_scope(user), Proposal.archived_at.is_(None))
             .options(selectinload(Proposal.stages), selectinload(Proposal.proposer),
                      selectinload(Proposal.counterpart))
             .order_by(Proposal.created_at.desc(), Proposal.id.desc()))
    if open_only or stage:
        query = query.where(*open_clauses())
    if stage in STAGES:
        query = query.where(_current_stage() == STAGES.index(stage) + 1)
    if party_id:
        query = query.where(or_(Proposal.proposer_party_id == party_id, Proposal.counterpart_party_id == party_id))
    return query

def current_stages(user, today: date) -> Select:
    """(proposal id, stage, started_on, due_on) of each open proposal's current stage."""
    return (
        select(ProposalStage.proposal_id, ProposalStage.stage, ProposalStage.started_on, ProposalStage.due_on,
               Proposal.proposer_party_id, Proposal.counterpart_party_id)
        .join(Proposal, Proposal.id == ProposalStage.proposal_id)
        .where(proposal_scope(user), *open_clauses(), ProposalStage.position == _current_stage())
    )

def pipeline(user, today: date) -> list[dict]:
    """Per stage: open proposals in it, how many past due, the oldest age in days."""

    rows = db.session.execute(current_stages(user, today)).all()
    result = []
    for key in STAGES:
        here = [r for r in rows if r.stage == key]
        ages = [(today - r.started_on).days for r in here if r.started_on]
        result.append({"stage": key, "count": len(here),
                       "overdue": sum(1 for r in here if r.due_on and r.due_on < today),
                       "oldest": max(ages) if ages else None})
    return result

def stuck_count_by_party(user, today: date) -> dict[int, int]:
    """Open proposals whose current stage is past due, per party on either side."""

    counts: dict[int, int] = {}
    for row in db.session.execute(current_stages(user, today).where(
            and_(ProposalStage.due_on.is_not(None), ProposalStage.due_on < today))):
        for party_id in {row.proposer_party_id, row.counterpart_party_id}:
            counts[party_id] = counts.get(party_id, 0) + 1
    return counts
