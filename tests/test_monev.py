"""Monev workflow (draft → submitted → returned / reviewed), permissions and renewal decisions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tracker.agreements.models import Responsibility
from tracker.audit.models import AuditEvent
from tracker.core.clock import today
from tracker.monev import services
from tracker.monev.models import Monev, RenewalDecision

ASPECTS = {
    "period_label": "Semester I 2026",
    "period_start": "2026-01-01",
    "period_end": "2026-06-30",
    "purpose_fit": "Sesuai maksud kerja sama",
    "timeliness": "Tepat waktu",
    "partner_contribution": "Seruyan menyediakan lahan",
    "coordination": "Rapat bulanan",
    "indicator_achievement": "",
    "impact": "Anak kembali sekolah",
    "obstacles": "Anggaran terbatas",
    "recommendation": "continue",
}
CONFIRM = {"confirm_empty": "1"}  # submit although agency rows are empty (issue 13 asks first)


@pytest.fixture
def world(make, db):
    """Kotim and Seruyan with one agreement, two fields, lead agencies, a programme and users."""
    kotim = make.party("Kabupaten Kotawaringin Timur", "62.02")
    seruyan = make.party("Kabupaten Seruyan", "62.07")
    disdik = make.agency(kotim, "Dinas Pendidikan")
    bpbd = make.agency(kotim, "BPBD")
    perikanan = make.agency(seruyan, "Dinas Perikanan")
    agreement = make.agreement([kotim, seruyan], title="KB Kotim Seruyan", fields=["Anak tidak sekolah", "Bencana"])
    ats, bencana = agreement.fields
    ats.responsibilities = [Responsibility(agency=disdik, role="lead"), Responsibility(agency=perikanan, role="lead")]
    bencana.responsibilities = [Responsibility(agency=bpbd, role="lead")]
    db.session.commit()
    programme = make.programme(ats, disdik, name="Pendataan ATS", target=200, unit="anak")
    make.progress(programme, quantity=50)
    other = make.party("Kabupaten Lain", "62.99")
    return {
        "agreement": agreement, "kotim": kotim, "seruyan": seruyan, "programme": programme,
        "admin": make.user("admin", party=kotim), "leader": make.user("leader", party=kotim),
        "disdik": make.user("officer", agency=disdik), "bpbd": make.user("officer", agency=bpbd),
        "seruyan_admin": make.user("admin", party=seruyan),
        "outsider": make.user("admin", party=other),
    }


def _draft(client, login, world, **changes) -> Monev:
    login(world["admin"])
    data = {**ASPECTS, **changes}
    response = client.post(f"/agreements/{world['agreement'].id}/monev/add", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    client.post("/logout")
    return _latest()


def _latest() -> Monev:
    from tracker.extensions import db

    return db.session.scalars(select(Monev).order_by(Monev.id.desc())).first()


def _actions(monev: Monev) -> list[str]:
    from tracker.extensions import db

    return list(db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.entity_type == "monevs", AuditEvent.entity_id == monev.id)
        .order_by(AuditEvent.id)
    ))


def test_add_page_prefills_period_and_indicator_achievement(client, login, world):
    login(world["admin"])
    page = client.get(f"/agreements/{world['agreement'].id}/monev/add").get_data(as_text=True)
    assert "Semester I" in page or "Semester II" in page
    assert "Pendataan ATS: 50 dari 200 anak (25%)" in page
    assert "Belum ada tindak lanjut" in page  # the disaster field has no programme yet


def test_draft_creates_rows_for_own_responsible_agencies(client, login, world, db):
    monev = _draft(client, login, world)
    assert monev.status == "draft" and monev.party_id == world["kotim"].id
    # Kotim's two lead agencies, not Seruyan's Dinas Perikanan.
    assert sorted(i.agency.name for i in monev.inputs) == ["BPBD", "Dinas Pendidikan"]
    assert "Pendataan ATS: 50 dari 200 anak" in monev.indicator_achievement
    assert _actions(monev) == ["create"]


def test_draft_submit_return_review_with_audit_trail(client, login, world, db):
    monev = _draft(client, login, world)
    login(world["admin"])
    assert client.post(f"/monev/{monev.id}/submit", data=CONFIRM).status_code == 302
    client.post("/logout")

    login(world["leader"])
    page = client.get(f"/monev/{monev.id}").get_data(as_text=True)
    assert "Telaah pimpinan" in page
    client.post(f"/monev/{monev.id}/return", data={"note": "Lengkapi data kontribusi mitra"})
    db.session.expire_all()
    assert monev.status == "draft" and monev.return_note == "Lengkapi data kontribusi mitra"
    client.post("/logout")

    login(world["admin"])
    page = client.get(f"/monev/{monev.id}").get_data(as_text=True)
    assert "Lengkapi data kontribusi mitra" in page
    edit = client.get(f"/monev/{monev.id}/edit").get_data(as_text=True)
    assert 'name="version"' in edit
    data = {**ASPECTS, "partner_contribution": "Seruyan menyediakan lahan dan benih", "version": monev.version}
    assert client.post(f"/monev/{monev.id}/edit", data=data).status_code == 302
    client.post(f"/monev/{monev.id}/submit", data=CONFIRM)
    client.post("/logout")

    login(world["leader"])
    client.post(f"/monev/{monev.id}/review", data={"note": "Lanjutkan"})
    db.session.expire_all()
    assert monev.status == "reviewed" and monev.reviewed_by_id == world["leader"].id
    assert _actions(monev) == ["create", "submit", "return", "update", "submit", "review"]
    page = client.get(f"/monev/{monev.id}").get_data(as_text=True)
    for word in ("mengajukan", "mengembalikan", "menelaah", "Lengkapi data kontribusi mitra"):
        assert word in page
    assert "Ditelaah oleh" in page


def test_submit_needs_a_recommendation(client, login, world, db):
    monev = _draft(client, login, world, recommendation="")
    login(world["admin"])
    page = client.post(f"/monev/{monev.id}/submit", follow_redirects=True).get_data(as_text=True)
    assert "Pilih rekomendasi sebelum mengajukan monev." in page
    db.session.expire_all()
    assert monev.status == "draft"


def test_return_without_note_is_refused_next_to_the_field(client, login, world, db):
    monev = _draft(client, login, world)
    login(world["admin"])
    client.post(f"/monev/{monev.id}/submit", data=CONFIRM)
    client.post("/logout")
    login(world["leader"])
    response = client.post(f"/monev/{monev.id}/return", data={"note": "  "})
    assert response.status_code == 400
    assert "Tuliskan catatan apa yang perlu diperbaiki." in response.get_data(as_text=True)
    db.session.expire_all()
    assert monev.status == "submitted"


def test_responsible_officer_fills_own_field_input_only(client, login, world, db):
    monev = _draft(client, login, world)
    own = next(i for i in monev.inputs if i.agency.name == "Dinas Pendidikan")
    other = next(i for i in monev.inputs if i.agency.name == "BPBD")
    login(world["disdik"])
    assert client.get(f"/monev/inputs/{other.id}/edit").status_code == 403
    response = client.post(f"/monev/inputs/{own.id}/edit",
                           data={"achievement": "50 anak kembali sekolah", "obstacles": "Jarak sekolah", "version": own.version})
    assert response.status_code == 302
    page = client.get(f"/monev/{monev.id}").get_data(as_text=True)
    assert "50 anak kembali sekolah" in page and "Jarak sekolah" in page
    assert client.post(f"/monev/{monev.id}/submit").status_code == 403


def test_field_input_is_locked_once_submitted(client, login, world):
    monev = _draft(client, login, world)
    item = next(i for i in monev.inputs if i.agency.name == "Dinas Pendidikan")
    login(world["admin"])
    client.post(f"/monev/{monev.id}/submit", data=CONFIRM)
    client.post("/logout")
    login(world["disdik"])
    assert client.get(f"/monev/inputs/{item.id}/edit").status_code == 403


def test_stale_edit_shows_conflict_and_keeps_typing(client, login, world, db):
    monev = _draft(client, login, world)
    login(world["admin"])
    stale = monev.version
    client.post(f"/monev/{monev.id}/edit", data={**ASPECTS, "impact": "Versi pertama", "version": stale})
    response = client.post(f"/monev/{monev.id}/edit", data={**ASPECTS, "impact": "Versi kedua", "version": stale})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "baru saja diubah oleh orang lain" in page and "Versi kedua" in page
    db.session.expire_all()
    assert monev.impact == "Versi pertama"


@pytest.mark.parametrize(
    "who, method, path, expected",
    [
        ("leader", "get", "/monev/{id}/edit", 403),
        ("leader", "post", "/monev/{id}/submit", 403),
        ("disdik", "get", "/monev/{id}/edit", 403),
        ("disdik", "get", "/agreements/{agreement}/monev/add", 403),
        ("admin", "post", "/monev/{id}/review", 403),
        ("seruyan_admin", "get", "/monev/{id}", 200),
        ("seruyan_admin", "get", "/monev/{id}/edit", 403),
        ("outsider", "get", "/monev/{id}", 404),
        ("outsider", "get", "/agreements/{agreement}/monev/add", 404),
        ("outsider", "get", "/agreements/{agreement}/renewal", 404),
        ("disdik", "get", "/monev/{id}", 200),
    ],
)
def test_permissions_per_role(client, login, world, who, method, path, expected):
    monev = _draft(client, login, world)
    login(world[who])
    url = path.format(id=monev.id, agreement=world["agreement"].id)
    assert getattr(client, method)(url).status_code == expected


def test_leader_review_is_refused_on_a_draft(client, login, world):
    monev = _draft(client, login, world)
    login(world["leader"])
    assert client.post(f"/monev/{monev.id}/review").status_code == 403


def test_outsider_does_not_see_monev_in_list_or_csv(client, login, world):
    _draft(client, login, world)
    login(world["outsider"])
    assert "KB Kotim Seruyan" not in client.get("/monev/").get_data(as_text=True)
    assert "KB Kotim Seruyan" not in client.get("/monev/?format=csv").get_data(as_text=True)


def test_next_monev_due_follows_the_six_month_rhythm(app, make, db):
    agreement = make.agreement(signed_on=date(2025, 11, 3), valid_until=date(2027, 2, 1))
    party = agreement.parties[0].party
    assert services.next_monev_due(agreement, date(2026, 1, 1)) == date(2026, 5, 3)
    db.session.add(Monev(agreement=agreement, party=party, period_label="Semester I 2026",
                         period_start=date(2026, 1, 1), period_end=date(2026, 6, 30), status="submitted"))
    db.session.add(Monev(agreement=agreement, party=party, period_label="Semester II 2026",
                         period_end=date(2026, 12, 31), status="draft"))  # a draft does not count
    db.session.commit()
    assert services.next_monev_due(agreement, date(2026, 7, 1)) == date(2026, 12, 30)
    app.config["MONEV_INTERVAL_MONTHS"] = 3
    assert services.next_monev_due(agreement, date(2026, 7, 1)) == date(2026, 9, 30)
    app.config["MONEV_INTERVAL_MONTHS"] = 12
    assert services.next_monev_due(agreement, date(2026, 7, 1)) == date(2027, 2, 1)  # the end of validity
    agreement.terminated_on, agreement.termination_reason = date(2026, 8, 1), "Tidak dilanjutkan"
    assert services.next_monev_due(agreement, date(2026, 9, 1)) is None


def test_renewal_prompt_and_decision_recorded_with_who_and_when(client, login, world, make, db):
    agreement = world["agreement"]
    agreement.valid_until = today() + timedelta(days=120)
    db.session.commit()
    login(world["leader"])
    page = client.get(f"/monev/?agreement={agreement.id}").get_data(as_text=True)
    assert "Tinjau dan putuskan" in page
    form = client.get(f"/agreements/{agreement.id}/renewal").get_data(as_text=True)
    assert "Pendataan ATS" in form and "Diperpanjang" in form
    refused = client.post(f"/agreements/{agreement.id}/renewal", data={"decision": "extend", "reason": ""})
    assert refused.status_code == 400 and "Tuliskan alasan keputusan." in refused.get_data(as_text=True)
    client.post(f"/agreements/{agreement.id}/renewal", data={"decision": "extend", "reason": "Program berjalan baik"})
    decision = db.session.scalars(select(RenewalDecision)).one()
    assert (decision.decision, decision.decided_by_id, decision.decided_on) == ("extend", world["leader"].id, today())
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "decide")).one()
    assert (event.entity_type, event.entity_id) == ("agreements", agreement.id)
    assert "Tinjau dan putuskan" not in client.get(f"/monev/?agreement={agreement.id}").get_data(as_text=True)
    assert "Program berjalan baik" in client.get(f"/agreements/{agreement.id}/renewal").get_data(as_text=True)


def test_no_renewal_prompt_long_before_the_end_and_officers_cannot_decide(client, login, world, db):
    agreement = world["agreement"]
    login(world["disdik"])
    assert "Tinjau dan putuskan" not in client.get(f"/monev/?agreement={agreement.id}").get_data(as_text=True)
    response = client.post(f"/agreements/{agreement.id}/renewal", data={"decision": "expire", "reason": "x"})
    assert response.status_code == 403
