"""Reminder rule "monev overdue": coordinators and lead agencies, then leaders after some days."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from sqlalchemy import or_, select

from tracker.agreements.models import Agreement, AgreementParty, Field, Responsibility
from tracker.monev.services import due_after, last_evaluated_ends
from tracker.parties.models import Agency
from tracker.reminders.engine import ReminderPass
from tracker.reminders.recipients import unique


def monev_overdue(state: ReminderPass, wanted: set) -> None:
    """A party whose next monev of a live agreement is past due (per party: each side evaluates)."""
    today = state.today
    stmt = (
        select(Agreement)
        .where(Agreement.archived_at.is_(None), Agreement.signed_on.is_not(None),
               or_(Agreement.terminated_on.is_(None), Agreement.terminated_on > today))
        .order_by(Agreement.id)
    )
    for rows in state.stream(stmt):
        agreements = [row[0] for row in rows]
        ids = [a.id for a in agreements]
        lasts = last_evaluated_ends(ids)
        parties, leads = _parties_and_leads(state, ids)
        seen = state.history(("monev_overdue",), "agreement", ids)
        for agreement in agreements:
            for pid in parties[agreement.id]:
                due = due_after(agreement, lasts.get((agreement.id, pid)), today)
                if due is None or due >= today:
                    continue
                _offer(state, agreement, pid, due, leads[(agreement.id, pid)], seen)


def _offer(state: ReminderPass, agreement, pid: int, due, lead_agencies, seen) -> None:
    s = state.settings(pid)
    proto = {"rule": "monev_overdue", "record_type": "agreement", "record_id": agreement.id,
             "episode": f"due:{due}", "title": agreement.title,
             "facts": {"due_on": due.isoformat(), "days_late": (state.today - due).days}}
    people = unique(state.directory.admins(pid)
                    + [p for aid in sorted(lead_agencies) for p in state.directory.agency(aid)])
    state.offer_repeating(proto, people, due + timedelta(days=s.monev_overdue_first_days),
                          s.monev_overdue_repeat_days, seen)
    state.offer_repeating(proto, state.directory.leaders(pid), due + timedelta(days=s.monev_overdue_leader_days),
                          s.monev_overdue_repeat_days, seen)


def _parties_and_leads(state: ReminderPass, ids: list[int]):
    parties, leads = defaultdict(list), defaultdict(set)
    for aid, pid in state.session.execute(
        select(AgreementParty.agreement_id, AgreementParty.party_id)
        .where(AgreementParty.agreement_id.in_(ids)).order_by(AgreementParty.position)
    ):
        parties[aid].append(pid)
    for aid, agency_id, pid in state.session.execute(
        select(Field.agreement_id, Responsibility.agency_id, Agency.party_id)
        .join(Responsibility, Responsibility.field_id == Field.id)
        .join(Agency, Agency.id == Responsibility.agency_id)
        .where(Field.agreement_id.in_(ids), Field.archived_at.is_(None), Responsibility.archived_at.is_(None),
               Responsibility.role == "lead")
    ):
        leads[(aid, pid)].add(agency_id)
    return parties, leads
