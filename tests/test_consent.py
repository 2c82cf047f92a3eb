"""The consent step: a change that touches other parties waits for every other coordinator."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tracker.agreements import changes
from tracker.consent import services as consent
from tracker.consent.models import ChangeRequest
from tracker.core.clock import utcnow
from tracker.reminders.models import OutboxMail


@pytest.fixture
def shared(make):
    """Kotim and Seruyan with one coordinator each, and their KB."""
    kotim, seruyan = make.party("Kabupaten Kotawaringin Timur", "62.02"), make.party("Kabupaten Seruyan", "62.07")
    agreement = make.agreement([kotim, seruyan], valid_until=date(2030, 11, 2))
    return agreement, make.user("admin", kotim), make.user("admin", seruyan)


def _mails(db, to):
    return db.session.scalar(select(func.count()).select_from(OutboxMail).where(OutboxMail.recipient == to))


def test_change_waits_for_the_partner_and_mails_its_coordinator_once(db, shared):
    agreement, kotim_admin, seruyan_admin = shared
    request = changes.propose("validity", agreement, seruyan_admin, {"valid_from": None, "valid_until": "2031-12-31"})
    db.session.commit()
    assert request.status == "pending" and agreement.valid_until == date(2030, 11, 2)
    assert [d.party_id for d in request.decisions] == [kotim_admin.party_id]
    assert _mails(db, kotim_admin.email) == 1 and _mails(db, seruyan_admin.email) == 0
    consent.respond(request, by=kotim_admin, accept=True)
    db.session.commit()
    assert request.status == "applied" and agreement.valid_until == date(2031, 12, 31)
    assert _mails(db, kotim_admin.email) == 1 and _mails(db, seruyan_admin.email) == 1  # the outcome


def test_applies_at_once_while_the_partner_has_no_coordinator(db, make):
    kotim, seruyan = make.party(), make.party()
    agreement = make.agreement([kotim, seruyan])
    request = changes.propose("validity", agreement, make.user("admin", kotim),
                              {"valid_from": None, "valid_until": "2032-01-31"})
    assert request.status == "applied" and request.applied_directly
    assert agreement.valid_until == date(2032, 1, 31)


def test_rejection_needs_a_reason_and_changes_nothing(db, shared):
    agreement, kotim_admin, seruyan_admin = shared
    request = changes.propose("archive", agreement, seruyan_admin, {})
    with pytest.raises(consent.ConsentError):
        consent.respond(request, by=kotim_admin, accept=False, reason=" ")
    consent.respond(request, by=kotim_admin, accept=False, reason="Masih berjalan")
    db.session.commit()
    assert request.status == "rejected" and agreement.archived_at is None
    with pytest.raises(consent.ConsentError):  # answered once
        consent.respond(request, by=kotim_admin, accept=True)


def test_the_proposer_cannot_answer_its_own_request(db, shared):
    agreement, _kotim_admin, seruyan_admin = shared
    request = changes.propose("archive", agreement, seruyan_admin, {})
    with pytest.raises(consent.ConsentError):
        consent.respond(request, by=seruyan_admin, accept=True)


def test_requests_lapse_after_the_set_days(db, app, shared):
    agreement, _kotim_admin, seruyan_admin = shared
    app.config["CONSENT_LAPSE_DAYS"] = 10
    request = changes.propose("archive", agreement, seruyan_admin, {})
    db.session.commit()
    assert consent.lapse_due(utcnow() + timedelta(days=9)) == 0
    assert consent.lapse_due(utcnow() + timedelta(days=10, minutes=1)) == 1
    db.session.commit()
    assert db.session.get(ChangeRequest, request.id).status == "lapsed" and agreement.archived_at is None


def test_pages_list_decide_and_apply(db, app, shared, login):
    agreement, kotim_admin, seruyan_admin = shared
    request = changes.propose("validity", agreement, seruyan_admin, {"valid_from": None, "valid_until": "2031-06-30"})
    db.session.commit()
    client = login(kotim_admin)
    listing = client.get("/usulan-perubahan/").get_data(as_text=True)
    assert "Menunggu keputusan pihak Anda (1)" in listing and "30 Juni 2031" in listing
    answer = client.post(f"/usulan-perubahan/{request.id}/respond", data={"decision": "reject", "reason": ""})
    assert answer.status_code == 422 and "Tuliskan alasan penolakan." in answer.get_data(as_text=True)
    answer = client.post(f"/usulan-perubahan/{request.id}/respond", data={"decision": "accept"})
    assert answer.status_code == 302
    assert db.session.get(ChangeRequest, request.id).status == "applied"
    assert "30 Juni 2031" in client.get(f"/agreements/{agreement.id}").get_data(as_text=True)


def test_another_pemda_does_not_see_the_request(db, make, shared, app):
    agreement, _kotim_admin, seruyan_admin = shared
    request = changes.propose("archive", agreement, seruyan_admin, {})
    db.session.commit()
    stranger = app.test_client()
    outsider = make.user("admin")
    stranger.post("/login", data={"email": outsider.email, "password": make.PASSWORD})
    assert stranger.get(f"/usulan-perubahan/{request.id}").status_code == 404
    assert stranger.post(f"/usulan-perubahan/{request.id}/respond", data={"decision": "accept"}).status_code == 404


def test_sending_the_same_proposal_twice_keeps_one(db, shared):
    agreement, kotim_admin, seruyan_admin = shared
    first = changes.propose("archive", agreement, seruyan_admin, {})
    db.session.commit()
    again = changes.propose("archive", agreement, seruyan_admin, {})
    db.session.commit()
    assert again.id == first.id
    assert db.session.scalar(select(func.count()).select_from(ChangeRequest)) == 1
    assert _mails(db, kotim_admin.email) == 1
