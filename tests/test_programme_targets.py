"""Issue 13: an officer's change of target, baseline or unit waits for a coordinator of its party."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tracker.audit.models import AuditEvent
from tracker.consent.models import ChangeRequest
from tracker.programs.models import Programme


@pytest.fixture
def world(make, db):
    kotim, seruyan = make.party("Kotim", "62.02"), make.party("Seruyan", "62.07")
    kb = make.agreement([kotim, seruyan], fields=["ATS"], valid_until=date(2099, 1, 1))
    disdik = make.agency(kotim, "Dinas Pendidikan")
    programme = make.programme(kb.fields[0], disdik, target=150, unit="anak", status="running",
                               start_on=date(2026, 1, 1), due_on=date(2099, 12, 31))
    make.progress(programme, quantity=110, reported_on=date(2026, 3, 1))
    return {"programme": programme, "officer": make.user("officer", agency=disdik),
            "admin": make.user("admin", party=kotim), "other_admin": make.user("admin", party=seruyan),
            "kotim": kotim}


def form(programme, **changes):
    data = {"name": programme.name, "agency_id": str(programme.agency_id), "indicator": programme.indicator,
            "unit": programme.unit, "baseline": "0", "target": "150", "budget": "0",
            "funding_source": programme.funding_source, "start_on": "2026-01-01", "due_on": "2099-12-31",
            "version": str(programme.version)}
    data.update(changes)
    return data


def test_officer_lowering_the_target_waits_for_the_coordinator(client, login, world, db):
    programme = world["programme"]
    login(world["officer"])
    response = client.post(f"/programmes/{programme.id}/edit", data=form(programme, target="115"),
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "menunggu persetujuan koordinator" in page
    assert "110</span> / 150 anak" in page and "73,3%" in page  # the approved target still counts
    assert "Usulan perubahan menunggu persetujuan" in page and "Target 150 → 115" in page
    db.session.expire_all()
    assert db.session.get(Programme, programme.id).target == 150
    request = db.session.scalar(select(ChangeRequest))
    assert request.status == "pending" and [d.party_id for d in request.decisions] == [world["kotim"].id]


def test_coordinator_approves_and_the_figure_moves(client, login, world, db):
    programme = world["programme"]
    login(world["officer"])
    client.post(f"/programmes/{programme.id}/edit", data=form(programme, target="115", unit="orang"))
    request = db.session.scalar(select(ChangeRequest))
    client.post("/logout")
    login(world["other_admin"])  # the other Pemda does not decide another party's targets
    assert client.post(f"/usulan-perubahan/{request.id}/respond", data={"decision": "accept"}).status_code == 403
    client.post("/logout")
    login(world["admin"])
    answer = client.post(f"/usulan-perubahan/{request.id}/respond", data={"decision": "accept"})
    assert answer.status_code == 302, answer.get_data(as_text=True)[-3000:]
    db.session.expire_all()
    stored = db.session.get(Programme, programme.id)
    assert stored.target == 115 and stored.unit == "orang"
    page = client.get(f"/programmes/{programme.id}").get_data(as_text=True)
    assert "95,7%" in page and "Usulan perubahan menunggu persetujuan" not in page
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.entity_type == "programmes")).all()
    assert "update" in actions


def test_rejected_change_leaves_the_target(client, login, world, db):
    programme = world["programme"]
    login(world["officer"])
    client.post(f"/programmes/{programme.id}/edit", data=form(programme, baseline="20"))
    request = db.session.scalar(select(ChangeRequest))
    client.post("/logout")
    login(world["admin"])
    client.post(f"/usulan-perubahan/{request.id}/respond", data={"decision": "reject", "reason": "Data belum valid"})
    db.session.expire_all()
    assert db.session.get(Programme, programme.id).baseline == 0
    assert db.session.get(ChangeRequest, request.id).status == "rejected"


def test_coordinator_edit_takes_effect_at_once(client, login, world, db):
    programme = world["programme"]
    login(world["admin"])
    client.post(f"/programmes/{programme.id}/edit", data=form(programme, target="120"))
    db.session.expire_all()
    assert db.session.get(Programme, programme.id).target == 120
    assert db.session.scalar(select(ChangeRequest)) is None


def test_other_changes_of_an_officer_apply_at_once(client, login, world, db):
    programme = world["programme"]
    login(world["officer"])
    client.post(f"/programmes/{programme.id}/edit", data=form(programme, name="Pendataan ATS 2026"))
    db.session.expire_all()
    assert db.session.get(Programme, programme.id).name == "Pendataan ATS 2026"
    assert db.session.scalar(select(ChangeRequest)) is None


def test_without_a_coordinator_the_officer_change_applies(client, login, world, db):
    world["admin"].active = False
    db.session.commit()
    programme = world["programme"]
    login(world["officer"])
    client.post(f"/programmes/{programme.id}/edit", data=form(programme, target="115"))
    db.session.expire_all()
    assert db.session.get(Programme, programme.id).target == 115
    assert db.session.scalar(select(ChangeRequest)).applied_directly is True


def test_dashboard_uses_the_approved_target(client, login, world, make, db):
    programme = world["programme"]
    login(world["officer"])
    client.post(f"/programmes/{programme.id}/edit", data=form(programme, target="115"))
    client.post("/logout")
    login(make.user("leader", party=world["kotim"]))
    html = client.get("/dashboard").get_data(as_text=True)
    assert "73,3%" in html and "95,7%" not in html
