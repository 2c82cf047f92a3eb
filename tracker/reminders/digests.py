"""Weekly officer digest (Monday) and monthly leader summary (the 1st)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta
from types import SimpleNamespace

from sqlalchemy import func, or_, select

from tracker.agreements.models import Agreement, AgreementParty, Field
from tracker.parties.models import Agency
from tracker.programs.models import Programme
from tracker.programs.queries import progress_totals
from tracker.programs.status import percent, programme_health
from tracker.reminders.engine import CHUNK, ReminderPass
from tracker.reminders.models import Acknowledgement

DIGEST_EPISODE = "digest"  # an unsubscribe answer silences this episode for good
DIGEST_ROWS = 25
_SEVERITY = {"overdue": 0, "stalled": 1, "at_risk": 2, "on_track": 3}


def weekly_digest(state: ReminderPass, wanted: set) -> None:
    """Each officer, once per week from Monday: the state of its agency's programmes."""
    monday = state.today - timedelta(days=state.today.weekday())
    officers = [p for p in state.directory.officers() if state.settings(p.party_id).weekly_digest]
    seen = state.history(("weekly_digest",), "user", [p.user_id for p in officers])
    by_agency = defaultdict(list)
    agency_of = _officer_agencies(state, [p.user_id for p in officers])
    for person in officers:
        by_agency[agency_of[person.user_id]].append(person)
    agency_ids = sorted(by_agency)
    for start in range(0, len(agency_ids), CHUNK):
        chunk = agency_ids[start:start + CHUNK]
        for agency_id, summary in _agency_summaries(state, chunk).items():
            for person in by_agency[agency_id]:
                proto = {"rule": "weekly_digest", "record_type": "user", "record_id": person.user_id,
                         "episode": DIGEST_EPISODE, "title": summary["agency"],
                         "facts": {**summary, "week_of": monday.isoformat()}}
                state.offer(proto, [person], f"week:{monday}", seen)


def _officer_agencies(state: ReminderPass, user_ids: list[int]) -> dict[int, int]:
    from tracker.users.models import User

    found = {}
    for start in range(0, len(user_ids), CHUNK):
        ids = user_ids[start:start + CHUNK]
        found.update(state.session.execute(select(User.id, User.agency_id).where(User.id.in_(ids))).all())
    return found


def _agency_summaries(state: ReminderPass, agency_ids: list[int]) -> dict[int, dict]:
    totals = progress_totals()
    rows = state.session.execute(
        select(Programme.id, Programme.name, Programme.status, Programme.target, Programme.start_on,
               Programme.due_on, Programme.agency_id, Agency.name, totals.c.realised, totals.c.last_progress_on)
        .join(Agency, Agency.id == Programme.agency_id)
        .outerjoin(totals, totals.c.programme_id == Programme.id)
        .where(Programme.agency_id.in_(agency_ids), Programme.archived_at.is_(None),
               Programme.status.in_(("planned", "running")))
    )
    summaries: dict[int, dict] = {}
    for pid, name, status, target, start_on, due_on, agency_id, agency, realised, last_on in rows:
        programme = SimpleNamespace(status=status, target=target, start_on=start_on, due_on=due_on)
        health = programme_health(programme, state.today, realised or 0, last_on)
        summary = summaries.setdefault(agency_id, {"agency": agency, "counts": Counter(), "programmes": []})
        summary["counts"][health] += 1
        summary["programmes"].append({
            "id": pid, "name": name, "health": health, "due_on": due_on.isoformat() if due_on else None,
            "percent": str(percent(realised or 0, target)) if target else None,
        })
    for summary in summaries.values():
        summary["programmes"].sort(key=lambda p: (_SEVERITY.get(p["health"], 9), p["due_on"] or "9999"))
        summary["total"] = len(summary["programmes"])
        summary["programmes"] = summary["programmes"][:DIGEST_ROWS]
        summary["counts"] = dict(summary["counts"])
    return summaries


def monthly_summary(state: ReminderPass, wanted: set) -> None:
    """Each leader, once per month from the 1st: the picture of its Pemda."""
    first = state.today.replace(day=1)
    leaders = [p for p in state.directory.all_leaders() if state.settings(p.party_id).monthly_summary]
    seen = state.history(("monthly_summary",), "user", [p.user_id for p in leaders])
    cache: dict[int, dict] = {}
    for person in leaders:
        if person.party_id not in cache:
            cache[person.party_id] = party_summary(state, person.party_id)
        proto = {"rule": "monthly_summary", "record_type": "user", "record_id": person.user_id,
                 "episode": DIGEST_EPISODE, "title": f"{first:%Y-%m}",
                 "facts": {**cache[person.party_id], "month": first.isoformat()}}
        state.offer(proto, [person], f"month:{first:%Y-%m}", seen)


def party_summary(state: ReminderPass, party_id: int) -> dict:
    """Counts a leader reads first: agreements, fields without follow-up, late or stalled work."""
    today, s = state.today, state.settings(party_id)
    session = state.session
    mine = Agreement.id.in_(select(AgreementParty.agreement_id).where(AgreementParty.party_id == party_id))
    live = (mine, Agreement.archived_at.is_(None), Agreement.signed_on.is_not(None),
            or_(Agreement.terminated_on.is_(None), Agreement.terminated_on > today),
            or_(Agreement.valid_until.is_(None), Agreement.valid_until >= today))
    active = session.scalar(select(func.count(Agreement.id)).where(*live))
    expiring = session.scalar(select(func.count(Agreement.id)).where(
        *live, Agreement.valid_until <= today + timedelta(days=180)))
    followed = select(Programme.field_id).where(Programme.archived_at.is_(None), Programme.status != "cancelled")
    bare_fields = session.scalar(
        select(func.count(Field.id)).join(Agreement, Agreement.id == Field.agreement_id)
        .where(*live, Field.archived_at.is_(None), Field.id.not_in(followed)))
    totals = progress_totals()
    base = (select(func.count(Programme.id)).join(Agency, Agency.id == Programme.agency_id)
            .outerjoin(totals, totals.c.programme_id == Programme.id)
            .where(Agency.party_id == party_id, Programme.archived_at.is_(None),
                   Programme.status.in_(("planned", "running"))))
    overdue = session.scalar(base.where(
        Programme.due_on < today, func.coalesce(totals.c.realised, 0) < Programme.target))
    stalled = session.scalar(base.where(
        Programme.status == "running",
        func.coalesce(totals.c.last_progress_on, Programme.start_on) <= today - timedelta(days=s.stalled_days)))
    answers = session.scalars(
        select(Acknowledgement).where(Acknowledgement.party_id == party_id,
                                      Acknowledgement.kind != "unsubscribe")
        .order_by(Acknowledgement.created_at.desc()).limit(10))
    return {"active": active, "expiring": expiring, "bare_fields": bare_fields,
            "overdue": overdue, "stalled": stalled,
            "answers": [{"title": a.title, "kind": a.kind, "reason": a.reason,
                         "until": a.until.isoformat() if a.until else None} for a in answers]}
