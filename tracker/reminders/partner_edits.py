"""The coordinators' weekly digest: what the other parties changed in shared agreements, and
the proposed changes waiting for the coordinator's decision (Monday, with the officers' digest)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta

from sqlalchemy import func, select

from tracker.agreements.models import Agreement, AgreementParty
from tracker.agreements.notices import NOTICE_ACTIONS
from tracker.audit.models import AuditEvent
from tracker.consent.models import ChangeDecision, ChangeRequest
from tracker.core.clock import local_zone
from tracker.parties.models import Party
from tracker.reminders.engine import ReminderPass

RULE = "partner_edits"
EDIT_ROWS = 25


def partner_edits(state: ReminderPass, wanted: set) -> None:
    """Each coordinator, once per week from Monday, when the partners changed something or a decision waits."""
    monday = state.today - timedelta(days=state.today.weekday())
    since = datetime.combine(monday - timedelta(days=7), time(0), tzinfo=local_zone())
    edits, waiting = _edits_by_party(state.session, since), _waiting_by_party(state.session)
    for party_id in sorted(set(edits) | set(waiting)):
        people = [p for p in state.directory.admins(party_id) if state.settings(party_id).weekly_digest]
        if not people:
            continue
        seen = state.history((RULE,), "user", [p.user_id for p in people])
        for person in people:
            proto = {"rule": RULE, "record_type": "user", "record_id": person.user_id, "episode": "digest",
                     "title": monday.isoformat(),
                     "facts": {"week_of": monday.isoformat(), "edits": edits.get(party_id, [])[:EDIT_ROWS],
                               "waiting": waiting.get(party_id, 0)}}
            state.offer(proto, [person], f"week:{monday}", seen)


def _edits_by_party(session, since: datetime) -> dict[int, list[dict]]:
    """Per party: the other parties' audited edits of the agreements it is in, newest first."""
    rows = session.execute(
        select(AgreementParty.party_id, AuditEvent.entity_id, Agreement.title, Party.name,
               AuditEvent.occurred_at, AuditEvent.changes)
        .join(Agreement, Agreement.id == AgreementParty.agreement_id)
        .join(AuditEvent, (AuditEvent.entity_type == Agreement.__tablename__) & (AuditEvent.entity_id == Agreement.id))
        .join(Party, Party.id == AuditEvent.party_id)
        .where(AuditEvent.action.in_(NOTICE_ACTIONS), AuditEvent.occurred_at >= since,
               AuditEvent.party_id != AgreementParty.party_id, Agreement.archived_at.is_(None))
        .order_by(AgreementParty.party_id, AuditEvent.occurred_at.desc())
    )
    found: dict[int, list[dict]] = defaultdict(list)
    for party_id, agreement_id, title, editor, at, changes in rows:
        found[party_id].append({"agreement_id": agreement_id, "title": title, "party": editor,
                                "at": at.isoformat(), "names": sorted(changes or {})})
    return found


def _waiting_by_party(session) -> dict[int, int]:
    """Per party: pending proposed changes waiting for its decision."""
    rows = session.execute(
        select(ChangeDecision.party_id, func.count())
        .join(ChangeRequest, ChangeRequest.id == ChangeDecision.request_id)
        .where(ChangeRequest.status == "pending", ChangeDecision.decision == "pending")
        .group_by(ChangeDecision.party_id)
    )
    return dict(rows.all())
