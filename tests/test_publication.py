"""Publishing by decision: every party's coordinator agrees; unpublishing is at once; public photos."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from tests.samples import JPEG, PNG
from tracker.audit.models import AuditEvent
from tracker.consent import services as consent
from tracker.core.clock import today
from tracker.publication import services
from tracker.publication.models import PublicPhoto


@pytest.fixture
def shared(make):
    """Kotim and Seruyan with a coordinator each, their KB with one field, and a Kotim officer."""
    kotim, seruyan = make.party("Kabupaten Kotawaringin Timur", "62.02"), make.party("Kabupaten Seruyan", "62.07")
    agreement = make.agreement([kotim, seruyan], title="KB Kotim Seruyan", fields=["Benih ikan nila"])
    agency = make.agency(kotim, "Dinas Perikanan")
    programme = make.programme(agreement.fields[0], agency, name="Penyaluran benih nila")
    return {"agreement": agreement, "kotim": make.user("admin", kotim), "seruyan": make.user("admin", seruyan),
            "officer": make.user("officer", agency=agency), "programme": programme}


def _public(client, agreement) -> int:
    return client.get(f"/publik/kerja-sama/{agreement.id}").status_code


def test_published_only_after_every_other_coordinator_accepts(client, login, db, shared):
    agreement = shared["agreement"]
    login(shared["kotim"])
    response = client.post(f"/agreements/{agreement.id}/publication",
                           data={"show_programmes": "y", "show_budgets": "y", "reason": "Keterbukaan informasi"})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Usulan publikasi dikirim" in page and "Belum tampil di halaman publik" in page
    assert "Menampilkan naskah di halaman publik (program dan capaian, anggaran)" in page
    assert _public(client, agreement) == 404
    (request,) = services.pending_requests(agreement)
    consent.respond(request, by=shared["seruyan"], accept=True)
    db.session.commit()
    assert _public(client, agreement) == 200
    record = services.publication_of(agreement)
    assert record.choices() == {"show_programmes": True, "show_progress": False, "show_photos": False,
                                "show_budgets": True}
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "publish")).entity_type == "publications"


def test_a_rejection_keeps_it_off_the_public_pages(client, db, shared):
    request = services.propose_publication(shared["agreement"], {}, by=shared["kotim"])
    consent.respond(request, by=shared["seruyan"], accept=False, reason="Data belum diverifikasi")
    db.session.commit()
    assert request.status == "rejected" and _public(client, shared["agreement"]) == 404


def test_without_a_partner_coordinator_it_is_published_at_once(client, db, make):
    kotim = make.party("Kabupaten Kotawaringin Timur", "62.02")
    agreement = make.agreement([kotim, make.party("Kabupaten Seruyan", "62.07")], fields=1)
    request = services.propose_publication(agreement, {}, by=make.user("admin", kotim))
    db.session.commit()
    assert request.status == "applied" and request.applied_directly and _public(client, agreement) == 200


def test_either_party_unpublishes_at_once_and_a_second_proposal_waits_for_the_first(client, login, db, shared):
    agreement = shared["agreement"]
    services.publish(agreement)
    db.session.commit()
    login(shared["seruyan"])
    response = client.post(f"/agreements/{agreement.id}/publication/unpublish")
    assert response.status_code == 303 and _public(client, agreement) == 404
    services.propose_publication(agreement, {}, by=shared["kotim"])
    db.session.commit()
    page = client.post(f"/agreements/{agreement.id}/publication", data={"show_programmes": "y"})
    assert "Sudah ada usulan publikasi yang menunggu" in page.get_data(as_text=True)
    assert len(services.pending_requests(agreement)) == 1


def test_officers_and_leaders_may_not_publish(client, login, make, shared):
    login(shared["officer"])
    assert client.get(f"/agreements/{shared['agreement'].id}/publication").status_code == 403


def test_the_coordinator_sees_the_publication_button_on_the_agreement(client, login, shared):
    login(shared["kotim"])
    page = client.get(f"/agreements/{shared['agreement'].id}").get_data(as_text=True)
    assert f"/agreements/{shared['agreement'].id}/publication" in page


def test_officer_marks_the_photos_of_a_report_public_and_takes_it_back(client, login, db, shared):
    login(shared["officer"])
    data = {"reported_on": today().isoformat(), "description": "Penyaluran benih", "quantity": "10",
            "public_photo": "y", "files": [(io.BytesIO(JPEG), "benih.jpg"), (io.BytesIO(PNG), "peta.png")]}
    response = client.post(f"/programmes/{shared['programme'].id}/progress/add", data=data,
                           content_type="multipart/form-data")
    assert response.status_code == 302
    marked = db.session.scalars(select(PublicPhoto)).all()
    assert len(marked) == 2 and {p.marked_by_id for p in marked} == {shared["officer"].id}
    entry = marked[0].attachment.progress_entry
    form = client.get(f"/progress/{entry.id}/edit").get_data(as_text=True)
    assert 'name="public_photo"' in form and "checked" in form.split('name="public_photo"')[0][-200:] + \
        form.split('name="public_photo"')[1][:100]
    client.post(f"/progress/{entry.id}/edit", data={"reported_on": today().isoformat(), "description": "Penyaluran",
                                                   "quantity": "10", "version": str(entry.version)})
    assert db.session.scalars(select(PublicPhoto)).all() == []
    changes = [e.changes for e in db.session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "attachments",
                                                                             AuditEvent.action == "update"))]
    assert changes.count({"public_photo": [False, True]}) == 2 and changes.count({"public_photo": [True, False]}) == 2


def test_a_photo_not_marked_public_stays_private(client, login, db, shared):
    login(shared["officer"])
    data = {"reported_on": today().isoformat(), "description": "Penyaluran benih", "quantity": "10",
            "files": [(io.BytesIO(JPEG), "benih.jpg")]}
    client.post(f"/programmes/{shared['programme'].id}/progress/add", data=data, content_type="multipart/form-data")
    assert db.session.scalars(select(PublicPhoto)).all() == []
