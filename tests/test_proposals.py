"""A proposal from the first idea to the signed KB and PKS, seen and answered from both sides."""

from __future__ import annotations

import io
from datetime import UTC, date, timedelta

from sqlalchemy import select

from tests.samples import PNG
from tracker.agreements.models import Agreement
from tracker.audit.models import AuditEvent
from tracker.core.clock import today
from tracker.proposals.models import Proposal
from tracker.reminders.models import OutboxMail


def _sides(make):
    kotim = make.party("Kabupaten Kotawaringin Timur", "62.02")
    seruyan = make.party("Kabupaten Seruyan", "62.07")
    agency = make.agency(kotim, "Dinas Pendidikan")
    return kotim, seruyan, agency, make.user("admin", kotim), make.user("admin", seruyan)


def _propose(client, seruyan, agency, **extra):
    data = {"title": "Kerja sama penanganan anak tidak sekolah", "counterpart_party_id": str(seruyan.id),
            "government_affair": "pendidikan", "cooperation_type": "wajib",
            "fields_text": "Penanganan anak tidak sekolah\nPembudidayaan ikan nila\n",
            "reason": "Banyak anak di perbatasan putus sekolah", "expected_benefit": "Anak kembali sekolah",
            "responsible_agency_id": str(agency.id)}
    data.update(extra)
    return client.post("/usulan/add", data=data)


def _answer_request(db):
    from tracker.consent.models import ChangeRequest

    return db.session.scalar(select(ChangeRequest).where(ChangeRequest.kind == "proposal_answer"))


def _stage_id(proposal, key):
    return proposal.stage(key).id


def _done(client, proposal, key, **extra):
    data = {"done-done_on": today().isoformat(), **{f"done-{k}": v for k, v in extra.items()}}
    return client.post(f"/usulan/{proposal.id}/stages/{_stage_id(proposal, key)}/complete", data=data)


def test_a_proposal_becomes_the_kb_then_the_pks_without_retyping(app, make, client, db):
    kotim, seruyan, agency, kotim_admin, seruyan_admin = _sides(make)
    other = app.test_client()
    client.post("/login", data={"email": kotim_admin.email, "password": make.PASSWORD})
    other.post("/login", data={"email": seruyan_admin.email, "password": make.PASSWORD})

    response = _propose(client, seruyan, agency)
    assert response.status_code == 302
    proposal = db.session.scalar(select(Proposal))
    assert [f.title for f in proposal.fields] == ["Penanganan anak tidak sekolah", "Pembudidayaan ikan nila"]
    # Preparation is the proposing Pemda's own business: the counterpart does not see it yet.
    assert other.get(f"/usulan/{proposal.id}").status_code == 404
    assert proposal.stage("persiapan").due_on == today() + timedelta(days=30)

    assert _done(client, proposal, "persiapan").status_code == 302
    upload = client.post(f"/usulan/{proposal.id}/documents", data={
        "doc-kind": "offer_letter", "doc-file": (io.BytesIO(PNG), "surat-penawaran.png")})
    assert upload.status_code == 302
    _done(client, proposal, "penawaran")
    # The counterpart's coordinator is mailed through the consent step and sees the offer.
    mail = db.session.scalar(select(OutboxMail).where(OutboxMail.recipient == seruyan_admin.email))
    request = _answer_request(db)
    assert "Kerja sama penanganan anak tidak sekolah" in mail.text and f"/usulan-perubahan/{request.id}" in mail.text
    page = other.get(f"/usulan/{proposal.id}").get_data(as_text=True)
    assert f"/usulan-perubahan/{request.id}" in page and "surat-penawaran.png" in page

    # Drafting the KB waits for the answer.
    _done(client, proposal, "penyusunan_kb")
    db.session.expire_all()
    assert proposal.stage("penyusunan_kb").done_on is None
    other.post(f"/usulan-perubahan/{request.id}/respond", data={"decision": "accept"})
    db.session.expire_all()
    assert proposal.answer == "proceed"
    assert db.session.scalar(select(OutboxMail).where(OutboxMail.recipient == kotim_admin.email))

    # Both sides add draft versions: the revision history.
    for side, name in ((client, "rancangan-1.png"), (other, "rancangan-2.png")):
        side.post(f"/usulan/{proposal.id}/documents", data={
            "doc-kind": "draft_kb", "doc-note": "revisi", "doc-file": (io.BytesIO(PNG), name)})
    db.session.expire_all()
    assert sorted(d.version for d in proposal.documents if d.kind == "draft_kb") == [1, 2]

    _done(client, proposal, "penyusunan_kb")
    signed = _done(client, proposal, "penandatanganan_kb", place="Sampit", proposer_number="100/KB/2025",
                   counterpart_number="07/KB/2025")
    db.session.expire_all()
    kb = proposal.kb_agreement
    assert signed.headers["Location"].endswith(f"/agreements/{kb.id}")
    assert (kb.kind, kb.title, kb.signed_place, kb.signed_on) == (
        "KB", "Kerja sama penanganan anak tidak sekolah", "Sampit", today())
    assert [link.party_id for link in kb.parties] == [kotim.id, seruyan.id]
    assert [link.document_number for link in kb.parties] == ["100/KB/2025", "07/KB/2025"]
    assert [f.title for f in kb.fields] == ["Penanganan anak tidak sekolah", "Pembudidayaan ikan nila"]
    assert {f.government_affair for f in kb.fields} == {"pendidikan"} and kb.government_affair == "pendidikan"
    # The DPRD stage was skipped with its reason (no approval needed); PKS drafting is current.
    assert proposal.stage("persetujuan_dprd").status == "skipped"
    assert proposal.current_stage.stage == "penyusunan_pks"
    # The counterpart sees each stage and the KB it is party to.
    page = other.get(f"/usulan/{proposal.id}").get_data(as_text=True)
    assert "Sampit" in page and other.get(f"/agreements/{kb.id}").status_code == 200

    _done(client, proposal, "penyusunan_pks")
    _done(client, proposal, "penandatanganan_pks", place="Kuala Pembuang")
    db.session.expire_all()
    pks = proposal.pks_agreement
    assert (pks.kind, pks.parent_id, pks.signed_place) == ("PKS", kb.id, "Kuala Pembuang")
    assert [f.title for f in pks.fields] == [f.title for f in kb.fields]
    assert proposal.current_stage is None
    actions = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.entity_type == "proposals")))
    assert {"create", "stage_done", "answer", "document", "signed_kb", "signed_pks"} <= actions
    assert db.session.scalar(select(Agreement).where(Agreement.kind == "PKS")).id == pks.id


def test_a_decline_needs_its_reason_and_stops_the_proposal(app, make, client, db):
    kotim, seruyan, agency, kotim_admin, seruyan_admin = _sides(make)
    client.post("/login", data={"email": kotim_admin.email, "password": make.PASSWORD})
    _propose(client, seruyan, agency)
    proposal = db.session.scalar(select(Proposal))
    _done(client, proposal, "persiapan")
    _done(client, proposal, "penawaran")
    other = app.test_client()
    other.post("/login", data={"email": seruyan_admin.email, "password": make.PASSWORD})
    request = _answer_request(db)
    assert other.post(f"/usulan-perubahan/{request.id}/respond", data={"decision": "reject"}).status_code == 422
    db.session.expire_all()
    assert proposal.answer == "pending"
    other.post(f"/usulan-perubahan/{request.id}/respond", data={"decision": "reject", "reason": "Belum dianggarkan"})
    db.session.expire_all()
    assert (proposal.answer, proposal.answer_reason) == ("declined", "Belum dianggarkan")
    assert "Belum dianggarkan" in client.get(f"/usulan/{proposal.id}").get_data(as_text=True)
    assert db.session.scalar(select(OutboxMail).where(OutboxMail.recipient == kotim_admin.email))
    assert _done(client, proposal, "penyusunan_kb").status_code == 403


def test_without_a_coordinator_on_the_other_side_the_offer_goes_on_directly(make, client, login, db):
    kotim, seruyan, agency, kotim_admin, seruyan_admin = _sides(make)
    seruyan_admin.active = False
    db.session.commit()
    login(kotim_admin)
    _propose(client, seruyan, agency)
    proposal = db.session.scalar(select(Proposal))
    _done(client, proposal, "persiapan")
    _done(client, proposal, "penawaran")
    db.session.expire_all()
    assert proposal.answer == "proceed" and _answer_request(db).applied_directly


def test_bad_input_keeps_what_was_typed(make, client, login, db):
    kotim, seruyan, agency, kotim_admin, _ = _sides(make)
    login(kotim_admin)
    response = _propose(client, seruyan, agency, fields_text="", title="Usulan saya")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Isi sedikitnya satu bidang." in page and "Usulan saya" in page
    response = _propose(client, kotim, agency)
    assert "Pilih mitra kerja sama dari daftar." in response.get_data(as_text=True)
    assert db.session.scalar(select(Proposal)) is None


def test_skipping_needs_a_reason_and_the_offer_cannot_be_skipped(make, client, login, db):
    kotim, seruyan, agency, kotim_admin, _ = _sides(make)
    login(kotim_admin)
    _propose(client, seruyan, agency)
    proposal = db.session.scalar(select(Proposal))
    url = f"/usulan/{proposal.id}/stages/{_stage_id(proposal, 'persiapan')}/skip"
    assert "Alasan wajib diisi." in client.post(url, data={}, follow_redirects=True).get_data(as_text=True)
    client.post(url, data={"skip-reason": "Sudah dibahas tahun lalu"})
    url = f"/usulan/{proposal.id}/stages/{_stage_id(proposal, 'penawaran')}/skip"
    page = client.post(url, data={"skip-reason": "x"}, follow_redirects=True).get_data(as_text=True)
    assert "Tahap ini tidak dapat dilewati." in page
    db.session.expire_all()
    assert proposal.current_stage.stage == "penawaran" and proposal.stage("penawaran").due_on is not None


def test_signing_needs_a_place_and_no_future_date(make, client, login, db):
    kotim, seruyan, agency, kotim_admin, _ = _sides(make)
    login(kotim_admin)
    _propose(client, seruyan, agency)
    proposal = db.session.scalar(select(Proposal))
    tomorrow = (today() + timedelta(days=1)).isoformat()
    url = f"/usulan/{proposal.id}/stages/{_stage_id(proposal, 'persiapan')}/complete"
    page = client.post(url, data={"done-done_on": tomorrow}, follow_redirects=True).get_data(as_text=True)
    assert "Tanggal selesai tidak boleh di masa depan." in page
    assert date.fromisoformat(tomorrow) > today()


def test_a_resent_proposal_or_file_is_stored_once(make, client, login, db):
    kotim, seruyan, agency, kotim_admin, _ = _sides(make)
    login(kotim_admin)
    assert 'name="submission_key"' in client.get("/usulan/add").get_data(as_text=True)
    first = _propose(client, seruyan, agency, submission_key="kunci-usulan-0000000001")
    again = _propose(client, seruyan, agency, submission_key="kunci-usulan-0000000001")
    assert again.headers["Location"] == first.headers["Location"]
    proposal = db.session.scalar(select(Proposal))
    assert db.session.query(Proposal).count() == 1
    assert 'name="submission_key"' in client.get(f"/usulan/{proposal.id}").get_data(as_text=True)
    upload = {"doc-kind": "draft_kb", "submission_key": "kunci-berkas-0000000001"}
    client.post(f"/usulan/{proposal.id}/documents", data={**upload, "doc-file": (io.BytesIO(PNG), "a.png")})
    client.post(f"/usulan/{proposal.id}/documents", data={**upload, "doc-file": (io.BytesIO(PNG), "a.png")})
    db.session.expire_all()
    assert len(proposal.documents) == 1


def test_a_lapsed_answer_request_can_be_offered_again(app, make, client, login, db):
    from datetime import datetime

    from tracker.consent import services as consent
    from tracker.consent.models import ChangeRequest

    kotim, seruyan, agency, kotim_admin, seruyan_admin = _sides(make)
    login(kotim_admin)
    _propose(client, seruyan, agency)
    proposal = db.session.scalar(select(Proposal))
    _done(client, proposal, "persiapan")
    _done(client, proposal, "penawaran")
    assert "Kirim ulang penawaran" not in client.get(f"/usulan/{proposal.id}").get_data(as_text=True)
    client.post(f"/usulan/{proposal.id}/offer")  # still pending: refused
    assert db.session.query(ChangeRequest).count() == 1
    consent.lapse_due(datetime.now(UTC) + timedelta(days=31))
    db.session.commit()
    assert "Kirim ulang penawaran" in client.get(f"/usulan/{proposal.id}").get_data(as_text=True)
    client.post(f"/usulan/{proposal.id}/offer")
    requests = db.session.scalars(select(ChangeRequest).order_by(ChangeRequest.id)).all()
    assert [r.status for r in requests] == ["lapsed", "pending"]
