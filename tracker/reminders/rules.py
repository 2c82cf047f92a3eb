"""The reminder rules of DESIGN.md, each streaming its records chunk by chunk."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import or_, select

from tracker.agreements.models import Agreement, AgreementParty, Field, Responsibility
from tracker.parties.models import Agency
from tracker.programs.models import Programme
from tracker.programs.queries import fields_toward, progress_totals
from tracker.reminders.engine import ReminderPass, latest_after, latest_before
from tracker.reminders.recipients import unique


def _live_agreements(today):
    return (
        Agreement.archived_at.is_(None),
        Agreement.signed_on.is_not(None),
        or_(Agreement.terminated_on.is_(None), Agreement.terminated_on > today),
    )


def _parties_of(state: ReminderPass, agreement_ids: list[int]) -> dict[int, list[int]]:
    parties = defaultdict(list)
    for aid, pid in state.session.execute(
        select(AgreementParty.agreement_id, AgreementParty.party_id)
        .where(AgreementParty.agreement_id.in_(agreement_ids))
        .order_by(AgreementParty.position)
    ):
        parties[aid].append(pid)
    return parties


def _agency_people(state: ReminderPass, agency_ids) -> list:
    return [person for aid in agency_ids for person in state.directory.agency(aid)]


def fields_without_programme(state: ReminderPass, wanted: set) -> None:
    """A field with no programme of a party: that party's admins and lead agencies, leaders later."""
    today = state.today
    stmt = (
        select(Field.id, Field.title, Agreement.id, Agreement.title, Agreement.signed_on)
        .join(Agreement, Agreement.id == Field.agreement_id)
        .where(
            Field.archived_at.is_(None),
            *_live_agreements(today),
            Agreement.signed_on <= today - timedelta(days=state.smallest("field_first_days")),
            or_(Agreement.valid_until.is_(None), Agreement.valid_until >= today),
        )
        .order_by(Field.id)
    )
    for rows in state.stream(stmt):
        field_ids = [r[0] for r in rows]
        parties = _parties_of(state, list({r[2] for r in rows}))
        leads, involved, followed = defaultdict(list), defaultdict(set), defaultdict(set)
        for fid, aid, role, pid in state.session.execute(
            select(Responsibility.field_id, Responsibility.agency_id, Responsibility.role, Agency.party_id)
            .join(Agency, Agency.id == Responsibility.agency_id)
            .where(Responsibility.field_id.in_(field_ids), Responsibility.archived_at.is_(None))
        ):
            involved[fid].add(pid)
            if role == "lead":
                leads[(fid, pid)].append(aid)
        # A KB field is also followed up by the programmes of the PKS fields implementing it.
        for fid, kb_fid, pid in state.session.execute(
            select(Programme.field_id, Field.implements_field_id, Agency.party_id)
            .join(Agency, Agency.id == Programme.agency_id)
            .join(Field, Field.id == Programme.field_id)
            .where(
                Programme.field_id.in_(fields_toward(field_ids)),
                Programme.archived_at.is_(None),
                Programme.status != "cancelled",
            )
            .distinct()
        ):
            followed[fid].add(pid)
            if kb_fid is not None:
                followed[kb_fid].add(pid)
        seen = state.history(("field_no_programme",), "field", field_ids)
        for fid, title, aid, agreement_title, signed_on in rows:
            proto = {
                "rule": "field_no_programme", "record_type": "field", "record_id": fid,
                "episode": f"signed:{signed_on}", "title": title,
                "facts": {"agreement_id": aid, "agreement_title": agreement_title,
                          "signed_on": signed_on.isoformat(), "days": (today - signed_on).days},
            }
            for pid in parties[aid]:
                # A party is asked when it has no programme itself and either shares
                # responsibility for the field or nobody has followed it up at all.
                if pid in followed[fid] or (followed[fid] and pid not in involved[fid]):
                    continue
                s = state.settings(pid)
                people = unique(state.directory.admins(pid) + _agency_people(state, leads[(fid, pid)]))
                state.offer_repeating(proto, people, signed_on + timedelta(days=s.field_first_days),
                                      s.field_repeat_days, seen)
                state.offer_repeating(proto, state.directory.leaders(pid),
                                      signed_on + timedelta(days=s.field_leader_days), s.field_repeat_days, seen)


def kb_without_followup(state: ReminderPass, wanted: set) -> None:
    """A KB with neither a PKS nor any programme some time after signing: admins and leaders."""
    today = state.today
    stmt = (
        select(Agreement.id, Agreement.title, Agreement.signed_on)
        .where(
            Agreement.kind == "KB",
            *_live_agreements(today),
            Agreement.signed_on <= today - timedelta(days=state.smallest("kb_followup_days")),
        )
        .order_by(Agreement.id)
    )
    for rows in state.stream(stmt):
        ids = [r[0] for r in rows]
        with_pks = set(state.session.scalars(
            select(Agreement.parent_id).where(
                Agreement.parent_id.in_(ids), Agreement.kind == "PKS", Agreement.archived_at.is_(None)
            )
        ))
        with_programme = set(state.session.scalars(
            select(Field.agreement_id)
            .join(Programme, Programme.field_id == Field.id)
            .where(Field.agreement_id.in_(ids), Programme.archived_at.is_(None),
                   Programme.status != "cancelled")
            .distinct()
        ))
        parties = _parties_of(state, ids)
        seen = state.history(("kb_no_followup",), "agreement", ids)
        for aid, title, signed_on in rows:
            if aid in with_pks or aid in with_programme:
                continue
            episode = f"signed:{signed_on}"
            proto = {"rule": "kb_no_followup", "record_type": "agreement", "record_id": aid,
                     "episode": episode, "title": title,
                     "facts": {"signed_on": signed_on.isoformat(), "days": (today - signed_on).days}}
            for pid in parties[aid]:
                s = state.settings(pid)
                if today < signed_on + timedelta(days=s.kb_followup_days):
                    continue
                people = unique(state.directory.admins(pid) + state.directory.leaders(pid))
                state.offer(proto, people, f"{episode}@{s.kb_followup_days}", seen)


def programmes(state: ReminderPass, wanted: set) -> None:
    """Due soon, overdue and stalled programmes, in one streamed pass over programmes."""
    totals = progress_totals()
    stmt = (
        select(
            Programme.id, Programme.name, Programme.agency_id, Programme.status, Programme.target,
            Programme.start_on, Programme.due_on, totals.c.realised, totals.c.last_progress_on,
            Agency.party_id,
        )
        .join(Agency, Agency.id == Programme.agency_id)
        .outerjoin(totals, totals.c.programme_id == Programme.id)
        .where(Programme.archived_at.is_(None), Programme.status.in_(("planned", "running")))
        .order_by(Programme.id)
    )
    for rows in state.stream(stmt):
        seen = state.history(tuple(wanted), "programme", [r[0] for r in rows])
        for row in rows:
            _programme(state, wanted, row, seen)


def _programme(state: ReminderPass, wanted: set, row, seen: dict) -> None:
    pid_, name, agency_id, status, target, start_on, due_on, realised, last_on, party_id = row
    today, s = state.today, state.settings(party_id)
    officers = state.directory.agency(agency_id)
    realised = Decimal(str(realised or 0))
    reached = target is not None and target > 0 and realised >= target
    facts = {"due_on": due_on.isoformat() if due_on else None, "realised": str(realised),
             "target": str(target), "last_progress_on": last_on.isoformat() if last_on else None}
    base = {"record_type": "programme", "record_id": pid_, "title": name}
    if due_on and not reached:
        days_left = (due_on - today).days
        if "due_soon" in wanted and days_left >= 0:
            threshold = latest_before(days_left, state.series(party_id, "due_soon_days"))
            if threshold is not None:
                episode = f"due:{due_on}"
                proto = {**base, "rule": "due_soon", "episode": episode,
                         "facts": {**facts, "days_left": days_left}}
                state.offer(proto, officers, f"{episode}@{threshold}", seen)
        if "overdue" in wanted and days_left < 0:
            proto = {**base, "rule": "overdue", "episode": f"due:{due_on}",
                     "facts": {**facts, "days_late": -days_left}}
            state.offer_repeating(proto, officers, due_on + timedelta(days=s.overdue_first_days),
                                  s.overdue_repeat_days, seen)
            state.offer_repeating(proto, state.directory.leaders(party_id),
                                  due_on + timedelta(days=s.overdue_leader_days), s.overdue_repeat_days, seen)
    since = last_on or start_on
    if "stalled" in wanted and status == "running" and since and not reached:
        elapsed = (today - since).days
        episode = f"since:{since}"
        proto = {**base, "rule": "stalled", "episode": episode, "facts": {**facts, "days_quiet": elapsed}}
        threshold = latest_after(elapsed, [s.stalled_days, s.stalled_leader_days])
        if threshold is not None:
            state.offer(proto, officers, f"{episode}@{threshold}", seen)
        if elapsed >= s.stalled_leader_days:
            state.offer(proto, state.directory.leaders(party_id), f"{episode}@{s.stalled_leader_days}", seen)


def expiring(state: ReminderPass, wanted: set) -> None:
    """Agreements nearing the end of validity: admins, leaders and lead agencies of each party."""
    today = state.today
    grace = 7  # the "0 days" notice is still caught up a week after a missed end date
    stmt = (
        select(Agreement.id, Agreement.title, Agreement.valid_until)
        .where(
            *_live_agreements(today),
            Agreement.valid_until.is_not(None),
            Agreement.valid_until >= today - timedelta(days=grace),
            Agreement.valid_until <= today + timedelta(days=state.largest_series("expiring_days")),
        )
        .order_by(Agreement.id)
    )
    for rows in state.stream(stmt):
        ids = [r[0] for r in rows]
        parties = _parties_of(state, ids)
        leads = defaultdict(set)
        for aid, agency_id, pid in state.session.execute(
            select(Field.agreement_id, Responsibility.agency_id, Agency.party_id)
            .join(Responsibility, Responsibility.field_id == Field.id)
            .join(Agency, Agency.id == Responsibility.agency_id)
            .where(Field.agreement_id.in_(ids), Field.archived_at.is_(None),
                   Responsibility.archived_at.is_(None), Responsibility.role == "lead")
        ):
            leads[(aid, pid)].add(agency_id)
        seen = state.history(("expiring",), "agreement", ids)
        for aid, title, valid_until in rows:
            days_left = (valid_until - today).days
            episode = f"until:{valid_until}"
            proto = {"rule": "expiring", "record_type": "agreement", "record_id": aid,
                     "episode": episode, "title": title,
                     "facts": {"valid_until": valid_until.isoformat(), "days_left": days_left}}
            for pid in parties[aid]:
                threshold = latest_before(days_left, state.series(pid, "expiring_days"))
                if threshold is None:
                    continue
                people = unique(
                    state.directory.admins(pid) + state.directory.leaders(pid)
                    + _agency_people(state, sorted(leads[(aid, pid)]))
                )
                state.offer(proto, people, f"{episode}@{threshold}", seen)
