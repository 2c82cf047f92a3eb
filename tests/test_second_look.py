"""Weighty steps ask for a second look (a ticked checkbox, no script); a new account starts as an officer."""

from __future__ import annotations

import re

import pytest

from tracker.agreements.models import Agreement
from tracker.users.models import User


@pytest.fixture
def world(make):
    kotim, seruyan = make.party("Kotim", "62.02"), make.party("Seruyan", "62.07")
    agreement = make.agreement([kotim, seruyan], title="KB Kotim Seruyan", fields=["ATS"])
    return {"agreement": agreement, "admin": make.user("admin", party=kotim),
            "officer": make.user("officer", agency=make.agency(kotim, "Dinas Pendidikan"))}


def _fresh(db, model, record_id):
    db.session.expire_all()
    return db.session.get(model, record_id)


def test_archiving_an_agreement_needs_the_ticked_checkbox(client, login, world, db):
    agreement = world["agreement"]
    login(world["admin"])
    page = client.get(f"/agreements/{agreement.id}").get_data(as_text=True)
    form = re.search(rf'<form[^>]*action="/agreements/{agreement.id}/archive".*?</form>', page, re.S).group(0)
    assert re.search(r'<input[^>]*type="checkbox"[^>]*name="confirm"[^>]*required', form)
    assert "<script" not in form and "onclick" not in form and "onsubmit" not in form
    refused = client.post(f"/agreements/{agreement.id}/archive", follow_redirects=True)
    assert "centang kotak konfirmasi" in refused.get_data(as_text=True)
    assert _fresh(db, Agreement, agreement.id).archived_at is None
    assert client.post(f"/agreements/{agreement.id}/archive", data={"confirm": "y"}).status_code == 302
    assert _fresh(db, Agreement, agreement.id).archived_at is not None


def test_terminating_needs_the_ticked_checkbox(client, login, world, db):
    agreement = world["agreement"]
    login(world["admin"])
    data = {"terminated_on": "2026-01-15", "reason": "Kesepakatan para pihak"}
    response = client.post(f"/agreements/{agreement.id}/terminate", data=data)
    assert response.status_code == 200 and "Centang kotak konfirmasi dahulu." in response.get_data(as_text=True)
    assert _fresh(db, Agreement, agreement.id).terminated_on is None
    assert client.post(f"/agreements/{agreement.id}/terminate", data={**data, "confirm": "y"}).status_code == 302
    assert _fresh(db, Agreement, agreement.id).terminated_on is not None


def test_deactivating_needs_the_ticked_checkbox(client, login, world, db):
    officer = world["officer"]
    login(world["admin"])
    page = client.get(f"/users/{officer.id}/edit").get_data(as_text=True)
    assert re.search(r'name="confirm"[^>]*required', page)
    client.post(f"/users/{officer.id}/deactivate")
    assert _fresh(db, User, officer.id).active
    client.post(f"/users/{officer.id}/deactivate", data={"confirm": "y"})
    assert not _fresh(db, User, officer.id).active


def test_a_new_account_defaults_to_officer(client, login, world):
    login(world["admin"])
    page = client.get("/users/add").get_data(as_text=True)
    selected = re.findall(r'<option[^>]*selected[^>]*value="(\w+)"|<option[^>]*value="(\w+)"[^>]*selected', page)
    assert [a or b for a, b in selected][:1] == ["officer"], selected
