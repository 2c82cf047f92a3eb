"""A shared agreement that both sides own: no party rewrites, ends or hands over the other's part alone."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from tests.factories import Factories
from tests.samples import PNG
from tests.test_agreement_form import form_data
from tests.test_api import bearer
from tests.test_import import kb, upload, workbook
from tracker.agreements.models import Agreement, Responsibility
from tracker.attachments.services import store_upload
from tracker.consent import services as consent
from tracker.consent.models import ChangeRequest
from tracker.core.clock import today
from tracker.parties.models import Party
from tracker.programs.models import Programme
from tracker.progress.models import ProgressEntry
from tracker.reminders.models import OutboxMail
from tracker.reminders.services import run_reminders

KOTIM_NUMBER = "000.3/01/KSD/XI/2025"


def _client(app, user):
    """A browser of its own for ``user``, signed in through the login form."""
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": Factories.PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def kb_world(app, db, make):
    """The founding KB recorded by Kotim (Seruyan had no coordinator yet), then Seruyan's coordinator arrives."""
    kotim = make.party("Kabupaten Kotawaringin Timur", "62.02")
    seruyan = make.party("Kabupaten Seruyan", "62.07")
    kapuas = make.party("Kabupaten Kapuas", "62.03")
    w = {"kotim": kotim, "seruyan": seruyan, "kapuas": kapuas,
         "ka": [make.agency(kotim, f"Dinas Kotim {i}") for i in range(4)],
         "sa": [make.agency(seruyan, f"Dinas Seruyan {i}") for i in range(4)]}
    w["kotim_admin"] = make.user("admin", kotim)
    assert _client(app, w["kotim_admin"]).post("/agreements/add", data=form_data(w)).status_code == 302
    w["agreement"] = agreement = db.session.scalar(select(Agreement))
    w["seruyan_admin"] = make.user("admin", seruyan)
    w["kapuas_admin"] = make.user("admin", kapuas)
    w["officer"] = make.user("officer", kotim, agency=w["ka"][0])
    w["programme"] = programme = make.programme(agreement.fields[0], w["ka"][0], target=150)
    entry = make.progress(programme, quantity=80)
    w["photo"] = store_upload(_png(), progress_entry=entry, user=w["officer"])
    db.session.commit()
    return w


def _png():
    return FileStorage(io.BytesIO(PNG), "bukti-kotim.png")


def _edit(w, **overrides):
    """The edit form as Seruyan's coordinator would post it: everything as stored, then the overrides."""
    data = form_data(w, version=str(w["agreement"].version))
    data.update({f"fields-{i}-id": str(f.id) for i, f in enumerate(w["agreement"].active_fields)})
    data.update(overrides)
    return data


def test_partner_cannot_replace_a_party_in_one_save(app, db, kb_world):
    w = kb_world
    seruyan = _client(app, w["seruyan_admin"])
    kapuas_id = str(w["kapuas"].id)
    hijack = _edit(w, **{"parties-0-party_id": kapuas_id, "parties-0-document_number": "",
                         **{f"fields-{i}-agencies-0-agency_id": "" for i in range(4)}})
    page = seruyan.post(f"/agreements/{w['agreement'].id}/edit", data=hijack)
    assert page.status_code == 200
    assert "Kabupaten Kotawaringin Timur tidak dapat dihapus dari naskah" in page.get_data(as_text=True)
    db.session.expire_all()
    assert [link.party.name for link in w["agreement"].parties] == [
        "Kabupaten Kotawaringin Timur", "Kabupaten Seruyan"]
    kotim = _client(app, w["kotim_admin"])
    assert kotim.get(f"/agreements/{w['agreement'].id}").status_code == 200
    assert kotim.get(f"/programmes/{w['programme'].id}").status_code == 200
    kapuas = _client(app, w["kapuas_admin"])
    assert kapuas.get(f"/programmes/{w['programme'].id}").status_code == 404
    assert kapuas.get(f"/files/{w['photo'].id}").status_code == 404


def test_a_new_party_waits_for_consent_and_never_sees_earlier_work(app, db, kb_world):
    w = kb_world
    seruyan = _client(app, w["seruyan_admin"])
    added = _edit(w, **{"parties-2-party_id": str(w["kapuas"].id)})
    response = seruyan.post(f"/agreements/{w['agreement'].id}/edit", data=added, follow_redirects=True)
    assert "Menunggu persetujuan pihak lain: Menambah Kabupaten Kapuas sebagai pihak" in response.get_data(as_text=True)
    db.session.expire_all()
    assert len(w["agreement"].parties) == 2
    kapuas = _client(app, w["kapuas_admin"])
    assert kapuas.get(f"/agreements/{w['agreement'].id}").status_code == 404
    request = db.session.scalar(select(ChangeRequest).where(ChangeRequest.kind == "agreement_add_party"))
    consent.respond(request, by=w["kotim_admin"], accept=True)
    db.session.commit()
    db.session.expire_all()
    assert [link.party.name for link in w["agreement"].parties][-1] == "Kabupaten Kapuas"
    page = kapuas.get(f"/agreements/{w['agreement'].id}").get_data(as_text=True)
    assert w["programme"].name not in page  # written before Kapuas joined
    assert kapuas.get(f"/programmes/{w['programme'].id}").status_code == 404
    assert kapuas.get(f"/files/{w['photo'].id}").status_code == 404
    assert kapuas.get("/programmes/").get_data(as_text=True).count(w["programme"].name) == 0


@pytest.mark.parametrize("action, data", [
    ("archive", {"confirm": "y"}),
    ("terminate", {"terminated_on": "2026-06-01", "reason": "Keputusan sepihak", "confirm": "y"}),
    ("extend", {"new_valid_until": "2035-11-02", "reason": "Diperpanjang sepihak"}),
])
def test_one_side_cannot_end_archive_or_extend_alone(app, db, kb_world, action, data):
    w = kb_world
    seruyan = _client(app, w["seruyan_admin"])
    response = seruyan.post(f"/agreements/{w['agreement'].id}/{action}", data=data, follow_redirects=True)
    assert "Usulan dikirim ke pihak lain; berlaku setelah semua pihak menyetujui" in response.get_data(as_text=True)
    db.session.expire_all()
    agreement = w["agreement"]
    assert agreement.archived_at is None and agreement.terminated_on is None
    assert agreement.valid_until == date(2030, 11, 2)
    page = _client(app, w["kotim_admin"]).get(f"/agreements/{agreement.id}").get_data(as_text=True)
    assert "Usulan perubahan menunggu persetujuan" in page and ">Putuskan<" in page


def test_partner_cannot_change_the_other_sides_number_signatory_or_agencies(app, db, kb_world):
    w = kb_world
    seruyan = _client(app, w["seruyan_admin"])
    changed = _edit(w, **{"parties-0-document_number": "PALSU/1", "parties-0-signatory_name": "Orang Lain",
                          "fields-0-agencies-0-agency_id": str(w["ka"][3].id),
                          "parties-1-signatory_name": "Wakil Bupati Seruyan",
                          "title": "KB Kotim–Seruyan (judul baru)"})
    assert seruyan.post(f"/agreements/{w['agreement'].id}/edit", data=changed).status_code == 302
    db.session.expire_all()
    kotim_link, seruyan_link = w["agreement"].parties
    assert (kotim_link.document_number, kotim_link.signatory_name) == (KOTIM_NUMBER, "Halikinnor")
    assert seruyan_link.signatory_name == "Wakil Bupati Seruyan"
    assert w["agreement"].title == "KB Kotim–Seruyan (judul baru)"  # a shared fact
    leads = db.session.scalars(select(Responsibility.agency_id).where(
        Responsibility.field_id == w["agreement"].fields[0].id, Responsibility.archived_at.is_(None))).all()
    assert w["ka"][0].id in leads and w["ka"][3].id not in leads


def test_the_other_sides_edit_shows_until_read(app, db, kb_world):
    w = kb_world
    seruyan = _client(app, w["seruyan_admin"])
    seruyan.post(f"/agreements/{w['agreement'].id}/edit", data=_edit(w, signed_place="Kuala Pembuang"))
    kotim = _client(app, w["kotim_admin"])
    page = kotim.get(f"/agreements/{w['agreement'].id}").get_data(as_text=True)
    assert "Perubahan oleh pihak lain" in page and "Tempat penandatanganan" in page
    assert "Perubahan oleh pihak lain" not in seruyan.get(f"/agreements/{w['agreement'].id}").get_data(as_text=True)
    kotim.post(f"/agreements/{w['agreement'].id}/notices/read")
    assert "Perubahan oleh pihak lain" not in kotim.get(f"/agreements/{w['agreement'].id}").get_data(as_text=True)


def test_while_the_partner_has_no_coordinator_the_creator_changes_everything(app, db, make):
    kotim, seruyan = make.party("Kabupaten Kotawaringin Timur", "62.02"), make.party("Kabupaten Seruyan", "62.07")
    w = {"kotim": kotim, "seruyan": seruyan, "ka": [make.agency(kotim) for _ in range(4)],
         "sa": [make.agency(seruyan) for _ in range(4)]}
    admin = make.user("admin", kotim)
    client = _client(app, admin)
    client.post("/agreements/add", data=form_data(w))
    agreement = db.session.scalar(select(Agreement))
    w["agreement"] = agreement
    page = client.get(f"/agreements/{agreement.id}/edit").get_data(as_text=True)
    assert "Pihak mitra belum memiliki koordinator di Sinergi; perubahan langsung berlaku" in page
    client.post(f"/agreements/{agreement.id}/edit", data=_edit(w, valid_until="2031-12-31",
                                                               **{"parties-1-signatory_name": "Pj. Bupati"}))
    db.session.expire_all()
    assert agreement.valid_until == date(2031, 12, 31) and agreement.parties[1].signatory_name == "Pj. Bupati"


def test_third_party_belongs_to_the_pemda_that_recorded_it(app, db, kb_world):
    w = kb_world
    kotim = _client(app, w["kotim_admin"])
    kotim.post("/parties/add", data={"name": "Universitas Palangka Raya"})
    party = db.session.scalar(select(Party).where(Party.name == "Universitas Palangka Raya"))
    seruyan = _client(app, w["seruyan_admin"])
    assert seruyan.post(f"/parties/{party.id}/edit", data={"name": "Nama Lain"}).status_code == 403
    assert seruyan.get(f"/parties/{party.id}").status_code == 200  # every Pemda may still pick it
    assert kotim.post(f"/parties/{party.id}/edit", data={"name": "Universitas Palangka Raya (UPR)"}).status_code == 302
    db.session.expire_all()
    assert party.name == "Universitas Palangka Raya (UPR)"


def _archive(db, w):
    request = consent.propose("agreement_archive", subject=w["agreement"], agreement=w["agreement"],
                              by=w["kotim_admin"])
    consent.respond(request, by=w["seruyan_admin"], accept=True)
    db.session.commit()
    assert w["agreement"].archived_at is not None


def test_archived_agreement_is_read_only_on_pages(app, db, kb_world):
    w = kb_world
    _archive(db, w)
    officer = _client(app, w["officer"])
    field, programme = w["agreement"].fields[0], w["programme"]
    response = officer.post(f"/fields/{field.id}/programmes/add", data={"name": "Baru"})
    assert response.status_code == 409 and "sudah diarsipkan dan hanya dapat dibaca" in response.get_data(as_text=True)
    assert officer.get(f"/programmes/{programme.id}/progress/add").status_code == 409
    response = officer.post(f"/programmes/{programme.id}/progress/add",
                            data={"reported_on": "2026-04-01", "description": "Tetap", "quantity": "5"})
    assert response.status_code == 409
    assert officer.post(f"/programmes/{programme.id}/edit", data={"name": "Ubah"}).status_code == 409
    assert db.session.query(ProgressEntry).count() == 1


def test_archived_agreement_is_read_only_in_the_api(app, db, kb_world):
    w = kb_world
    _archive(db, w)
    client = app.test_client()
    headers = bearer(db, w["officer"])
    response = client.post(f"/api/v1/fields/{w['agreement'].fields[0].id}/programmes", headers=headers,
                           json={"name": "Baru", "indicator": "x", "unit": "anak", "target": 1})
    assert response.status_code in (404, 409) and "error" in response.json
    response = client.post(f"/api/v1/programmes/{w['programme'].id}/progress", headers=headers,
                           data={"reported_on": "2026-04-01", "description": "Tetap", "quantity": "5"},
                           content_type="multipart/form-data")
    assert response.status_code in (404, 409) and "error" in response.json
    response = client.patch(f"/api/v1/programmes/{w['programme'].id}", headers=headers, json={"name": "Ubah"})
    assert response.status_code in (404, 409) and "error" in response.json
    assert db.session.query(ProgressEntry).count() == 1
    assert db.session.scalar(select(Programme.name).where(Programme.id == w["programme"].id)) != "Ubah"


def test_reimport_of_an_archived_agreement_is_refused_by_name(app, db, kb_world):
    w = kb_world
    _archive(db, w)
    kotim = _client(app, w["kotim_admin"])
    data = workbook([kb(number=KOTIM_NUMBER, title="Ditulis ulang", partner="62.03")])
    page = kotim.get(upload(kotim, data).headers["Location"]).get_data(as_text=True)
    assert "sudah diarsipkan" in page and w["agreement"].title in page
    db.session.expire_all()
    assert w["agreement"].title != "Ditulis ulang" and len(w["agreement"].parties) == 2


def _seruyan_first(w, **overrides) -> dict:
    """A new agreement recorded by Seruyan with Kotim as Pihak Kedua."""
    data = form_data(w, **{"parties-0-party_id": str(w["seruyan"].id), "parties-1-party_id": str(w["kotim"].id)})
    for i in range(4):
        data[f"fields-{i}-agencies-0-agency_id"] = str(w["sa"][i].id)
        data[f"fields-{i}-agencies-1-agency_id"] = str(w["ka"][i].id)
    data.update(overrides)
    return data


def test_document_numbers_are_checked_within_the_own_party_only(app, db, kb_world, make):
    w = kb_world
    # Kotim and Kapuas have an agreement Seruyan cannot see, numbered by Kotim.
    hidden = make.agreement([w["kotim"], w["kapuas"]], title="Rahasia Kotim–Kapuas")
    hidden_number = hidden.parties[0].document_number
    seruyan = _client(app, w["seruyan_admin"])
    data = _seruyan_first(w, title="KB baru", **{"parties-0-document_number": "SRY/9",
                                                  "parties-1-document_number": hidden_number})
    response = seruyan.post("/agreements/add", data=data)
    assert response.status_code == 302
    assert "sudah dipakai" not in response.get_data(as_text=True)
    # A party's own number twice is refused, with the message.
    again = _seruyan_first(w, title="KB lain", **{"parties-0-document_number": "SRY/9",
                                                   "parties-1-document_number": ""})
    page = seruyan.post("/agreements/add", data=again).get_data(as_text=True)
    assert "Nomor naskah ini sudah dipakai oleh pihak yang sama untuk naskah lain." in page


def test_coordinators_digest_names_the_partners_edits_and_waiting_decisions(app, db, kb_world):
    w = kb_world
    seruyan = _client(app, w["seruyan_admin"])
    seruyan.post(f"/agreements/{w['agreement'].id}/edit", data=_edit(w, signed_place="Kuala Pembuang"))
    seruyan.post(f"/agreements/{w['agreement'].id}/archive", data={"confirm": "y"})
    monday = today() + timedelta(days=7 - today().weekday())
    run_reminders(monday, ("partner_edits",))
    mails = {m.recipient: m.text for m in db.session.scalars(select(OutboxMail).where(
        OutboxMail.subject.contains("Perubahan oleh pihak mitra")))}
    kotim_mail = mails[w["kotim_admin"].email.lower()]
    assert "Kabupaten Seruyan mengubah Tempat penandatanganan" in kotim_mail
    assert "Usulan perubahan menunggu keputusan Anda: 1" in kotim_mail
    assert w["seruyan_admin"].email.lower() not in mails  # its own edit is no news to it
    assert run_reminders(monday, ("partner_edits",)) == 0  # once a week
