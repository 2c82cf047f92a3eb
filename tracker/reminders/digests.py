"""Weekly officer digest (Monday) and monthly leader summary (the 1st)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from types import SimpleNamespace

from sqlalchemy import Date, case, func, literal, or_, select

from tracker.agreements.models import Agreement, AgreementParty, Field
from tracker.parties.models import Agency
from tracker.programs.models import Programme
from tracker.programs.queries import followed_field_ids, progress_totals
from tracker.programs.status import _setting as health_setting
from tracker.programs.status import percent, programme_health
from tracker.reminders.engine import ReminderPass
from tracker.reminders.models import Acknowledgement, ReminderSettings
from tracker.users.models import User

DIGEST_EPISODE = "digest"  # an unsubscribe answer silences this episode for good
DIGEST_ROWS = 25
ANSWER_ROWS = 10
_SEVERITY = {"overdue": 0, "stalled": 1, "at_risk": 2, "on_track": 3}


def weekly_digest(state: ReminderPass, wanted: set) -> None:
    """Each officer, once per week from Monday: the state of its agency's programmes."""
    monday = state.today - timedelta(days=state.today.weekday())
    by_agency = {
        agency_id: people
        for agency_id, officers in state.directory.officers_by_agency().items()
        if (people := [p for p in officers if state.settings(p.party_id).weekly_digest])
    }
    seen = state.history(("weekly_digest",), "user", [p.user_id for people in by_agency.values() for p in people])
    for agency_id, summary in _agency_summaries(state, by_agency):
        for person in by_agency[agency_id]:
            proto = {"rule": "weekly_digest", "record_type": "user", "record_id": person.user_id,
                     "episode": DIGEST_EPISODE, "title": summary["agency"],
                     "facts": {**summary, "week_of": monday.isoformat()}}
            state.offer(proto, [person], f"week:{monday}", seen)


def _agency_summaries(state: ReminderPass, wanted: dict):
    """(agency id, summary) for each wanted agency with live programmes, streamed agency by agency.

    One statement ordered by agency, so progress is aggregated once for the whole pass
    and only one agency's programmes are held at a time.
    """
    totals = progress_totals()
    stmt = (
        select(Programme.id, Programme.name, Programme.status, Programme.target, Programme.start_on,
               Programme.due_on, Programme.agency_id, Agency.name, totals.c.realised, totals.c.last_progress_on)
        .join(Agency, Agency.id == Programme.agency_id)
        .outerjoin(totals, totals.c.programme_id == Programme.id)
        .where(Programme.archived_at.is_(None), Programme.status.in_(("planned", "running")),
               Programme.agency_id.in_(select(User.agency_id).where(User.active.is_(True), User.role == "officer")))
        .order_by(Programme.agency_id)
    )
    # Read once: programme_health would look both up in the config for every programme.
    limits = {"stalled_days": health_setting("PROGRAMME_STALLED_DAYS", 30),
              "due_soon_days": health_setting("PROGRAMME_DUE_SOON_DAYS", 14)}
    current, summary = None, None
    for rows in state.stream(stmt):
        for pid, name, status, target, start_on, due_on, agency_id, agency, realised, last_on in rows:
            if agency_id not in wanted:
                continue
            if agency_id != current:
                if summary is not None:
                    yield current, _finish(summary)
                current, summary = agency_id, {"agency": agency, "counts": Counter(), "programmes": []}
            programme = SimpleNamespace(status=status, target=target, start_on=start_on, due_on=due_on)
            health = programme_health(programme, state.today, realised or 0, last_on, **limits)
            summary["counts"][health] += 1
            summary["programmes"].append({
                "id": pid, "name": name, "health": health, "due_on": due_on.isoformat() if due_on else None,
                "percent": str(percent(realised or 0, target)) if target else None,
            })
    if summary is not None:
        yield current, _finish(summary)


def _finish(summary: dict) -> dict:
    summary["programmes"].sort(key=lambda p: (_SEVERITY.get(p["health"], 9), p["due_on"] or "9999"))
    summary["total"] = len(summary["programmes"])
    summary["programmes"] = summary["programmes"][:DIGEST_ROWS]
    summary["counts"] = dict(summary["counts"])
    return summary


def monthly_summary(state: ReminderPass, wanted: set) -> None:
    """Each leader, once per month from the 1st: the picture of its Pemda."""
    first = state.today.replace(day=1)
    leaders = [p for p in state.directory.all_leaders() if state.settings(p.party_id).monthly_summary]
    if not leaders:
        return
    seen = state.history(("monthly_summary",), "user", [p.user_id for p in leaders])
    summaries = party_summaries(state)
    for person in leaders:
        proto = {"rule": "monthly_summary", "record_type": "user", "record_id": person.user_id,
                 "episode": DIGEST_EPISODE, "title": f"{first:%Y-%m}",
                 "facts": {**summaries(person.party_id), "month": first.isoformat()}}
        state.offer(proto, [person], f"month:{first:%Y-%m}", seen)


def party_summaries(state: ReminderPass):
    """Counts a leader reads first, for every Pemda at once: one grouped query per figure.

    Returns a function party id -> summary (agreements, fields without follow-up,
    late or stalled work, latest answers).
    """
    today, session = state.today, state.session
    counts: dict[int, dict] = {}

    def add(key, rows):
        for party_id, value in rows:
            counts.setdefault(party_id, {})[key] = value or 0

    live = (Agreement.archived_at.is_(None), Agreement.signed_on.is_not(None),
            or_(Agreement.terminated_on.is_(None), Agreement.terminated_on > today),
            or_(Agreement.valid_until.is_(None), Agreement.valid_until >= today))
    soon = Agreement.valid_until <= today + timedelta(days=180)
    rows = session.execute(
        select(AgreementParty.party_id, func.count(func.distinct(Agreement.id)),
               func.count(func.distinct(case((soon, Agreement.id)))))
        .join(Agreement, Agreement.id == AgreementParty.agreement_id)
        .where(*live).group_by(AgreementParty.party_id)
    ).all()
    add("active", [(p, a) for p, a, _e in rows])
    add("expiring", [(p, e) for p, _a, e in rows])
    followed = followed_field_ids()  # a KB field counts as followed up through its PKS's programmes
    add("bare_fields", session.execute(
        select(AgreementParty.party_id, func.count(func.distinct(Field.id)))
        .join(Agreement, Agreement.id == AgreementParty.agreement_id)
        .join(Field, Field.agreement_id == Agreement.id)
        .where(*live, Field.archived_at.is_(None), Field.id.not_in(followed))
        .group_by(AgreementParty.party_id)
    ))
    totals = progress_totals()
    overdue = (Programme.due_on < today) & (func.coalesce(totals.c.realised, 0) < Programme.target)
    stalled = (Programme.status == "running") & (
        func.coalesce(totals.c.last_progress_on, Programme.start_on) <= _stalled_cutoff(state))
    rows = session.execute(
        select(Agency.party_id, func.sum(case((overdue, 1), else_=0)), func.sum(case((stalled, 1), else_=0)))
        .select_from(Programme).join(Agency, Agency.id == Programme.agency_id)
        .outerjoin(totals, totals.c.programme_id == Programme.id)
        .where(Programme.archived_at.is_(None), Programme.status.in_(("planned", "running")))
        .group_by(Agency.party_id)
    ).all()
    add("overdue", [(p, o) for p, o, _s in rows])
    add("stalled", [(p, s) for p, _o, s in rows])
    answers = _latest_answers(session)

    def summary(party_id: int) -> dict:
        found = counts.get(party_id, {})
        return {"active": found.get("active", 0), "expiring": found.get("expiring", 0),
                "bare_fields": found.get("bare_fields", 0), "overdue": found.get("overdue", 0),
                "stalled": found.get("stalled", 0), "answers": answers.get(party_id, [])}

    return summary


def _stalled_cutoff(state: ReminderPass):
    """Per party, the last progress date that counts as stalled (saved settings, else the default)."""
    default = state.today - timedelta(days=ReminderSettings.defaults().stalled_days)
    custom = {party_id: state.today - timedelta(days=s.stalled_days)
              for party_id, s in state.saved_settings().items()
              if s.stalled_days != ReminderSettings.defaults().stalled_days}
    if not custom:
        return literal(default, Date)
    return case({party_id: literal(day, Date) for party_id, day in custom.items()},
                value=Agency.party_id, else_=literal(default, Date))


def _latest_answers(session) -> dict[int, list[dict]]:
    """The latest answers (not unsubscribes) of every party, newest first."""
    ranked = (
        select(Acknowledgement.party_id, Acknowledgement.title, Acknowledgement.kind, Acknowledgement.reason,
               Acknowledgement.until,
               func.row_number().over(partition_by=Acknowledgement.party_id,
                                      order_by=(Acknowledgement.created_at.desc(), Acknowledgement.id.desc()))
               .label("position"))
        .where(Acknowledgement.kind != "unsubscribe", Acknowledgement.party_id.is_not(None))
        .subquery()
    )
    found: dict[int, list[dict]] = {}
    for party_id, title, kind, reason, until, _position in session.execute(
        select(ranked).where(ranked.c.position <= ANSWER_ROWS).order_by(ranked.c.party_id, ranked.c.position)
    ):
        found.setdefault(party_id, []).append(
            {"title": title, "kind": kind, "reason": reason, "until": until.isoformat() if until else None})
    return found
