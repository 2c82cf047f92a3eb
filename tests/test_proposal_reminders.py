"""Stuck proposals are seen: a stage past its due date reminds the responsible agency and the
coordinator, then the leaders; settings per Pemda; never twice for one occurrence."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from tracker.proposals.models import STAGES, Proposal, ProposalField, ProposalStage
from tracker.reminders.models import OutboxMail, ReminderSettings
from tracker.reminders.services import plan, run_reminders

DUE = date(2026, 3, 10)


def _stuck(make, db):
    kotim, kobar = make.party("Kabupaten Kotawaringin Timur", "62.02"), make.party("Kabupaten Kotawaringin Barat", "62.01")
    agency = make.agency(kotim, "Dinas Perikanan", email="perikanan@kotim.example")
    admin, leader = make.user("admin", kotim), make.user("leader", kotim)
    proposal = Proposal(title="Kerja sama benih ikan", proposer=kotim, counterpart=kobar, reason="r",
                        expected_benefit="b", offered_on=date(2026, 2, 1))
    proposal.fields = [ProposalField(title="Benih nila")]
    proposal.stages = [ProposalStage(stage=key, position=i, responsible_agency=agency) for i, key in
                       enumerate(STAGES, start=1)]
    proposal.stages[0].done_on = date(2026, 1, 20)
    proposal.stages[1].started_on, proposal.stages[1].due_on = date(2026, 1, 20), DUE
    db.session.add(proposal)
    db.session.commit()
    return proposal, admin, leader


def _recipients(today):
    return {email for email, items in plan(today, ("proposal_stuck",)).items()
            if any(i.rule == "proposal_stuck" for i in items)}


def test_a_stage_past_due_reminds_agency_and_coordinator_then_leaders(make, db):
    proposal, admin, leader = _stuck(make, db)
    assert _recipients(DUE) == set()
    assert _recipients(DUE + timedelta(days=1)) == {admin.email, "perikanan@kotim.example"}
    assert leader.email in _recipients(DUE + timedelta(days=14))


def test_reminders_fire_once_per_occurrence_and_repeat_after_the_setting(make, db):
    proposal, admin, leader = _stuck(make, db)
    day = DUE + timedelta(days=2)
    assert run_reminders(day, ("proposal_stuck",)) == 2
    assert run_reminders(day, ("proposal_stuck",)) == 0
    mail = db.session.scalar(select(OutboxMail).where(OutboxMail.recipient == admin.email))
    assert "Kerja sama benih ikan" in mail.text and f"/usulan/{proposal.id}" in mail.text and "Penawaran" in mail.text
    assert run_reminders(day + timedelta(days=6), ("proposal_stuck",)) == 0
    assert run_reminders(day + timedelta(days=7), ("proposal_stuck",)) == 2


def test_each_pemda_sets_its_own_escalation(make, db):
    proposal, admin, leader = _stuck(make, db)
    settings = ReminderSettings.defaults(proposal.proposer_party_id)
    settings.proposal_leader_days = 3
    db.session.add(settings)
    db.session.commit()
    assert leader.email not in _recipients(DUE + timedelta(days=2))
    assert leader.email in _recipients(DUE + timedelta(days=3))


def test_a_stage_done_stops_the_reminders(make, db):
    proposal, admin, leader = _stuck(make, db)
    proposal.stages[1].done_on = DUE
    db.session.commit()
    assert _recipients(DUE + timedelta(days=20)) == set()


def test_the_leader_dashboard_shows_the_pipeline_with_age_and_drills_down(make, db, login, client):
    from tracker.core.clock import today

    proposal, admin, leader = _stuck(make, db)
    login(leader)
    page = client.get("/dashboard").get_data(as_text=True)
    row = page[page.index('data-stage="penawaran"'):].split("</tr>")[0]
    assert ">1</a>" in row and "text-danger" in row and str((today() - date(2026, 1, 20)).days) in row
    listed = client.get("/usulan/?stage=penawaran").get_data(as_text=True)
    assert "Kerja sama benih ikan" in listed
    assert "Kerja sama benih ikan" not in client.get("/usulan/?stage=persiapan").get_data(as_text=True)
