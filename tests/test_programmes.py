"""Programmes under a field: add, edit with locking, status, list, permissions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from tracker.audit.models import AuditEvent
from tracker.programs.fields import parse_money, parse_quantity
from tracker.programs.models import Programme


@pytest.fixture
def world(make):
    """Kotim and Seruyan in one KB with a field; agencies, and users of every role."""
    kotim, seruyan, other = make.party("Kotim", "62.02"), make.party("Seruyan", "62.07"), make.party("Lain", "63.01")
    kb = make.agreement([kotim, seruyan], fields=["Penanganan anak tidak sekolah"])
    disdik, dinsos = make.agency(kotim, "Dinas Pendidikan"), make.agency(kotim, "Dinas Sosial")
    perikanan = make.agency(seruyan, "Dinas Perikanan")
    return {
        "kb": kb, "field": kb.fields[0], "disdik": disdik, "dinsos": dinsos, "perikanan": perikanan,
        "officer": make.user("officer", agency=disdik), "admin": make.user("admin", party=kotim),
        "leader": make.user("leader", party=kotim), "seruyan_admin": make.user("admin", party=seruyan),
        "outsider": make.user("admin", party=other),
    }


def form_data(agency, **overrides):
    data = {
        "name": "Pengembalian ATS ke sekolah", "agency_id": str(agency.id), "indicator": "Anak kembali sekolah",
        "unit": "anak", "baseline": "0", "target": "150", "budget": "1.250.000",
        "funding_source": "apbd_kabupaten", "start_on": "2026-01-05", "due_on": "2026-12-31",
        "description": "Pendataan dan pendampingan",
    }
    data.update(overrides)
    return data


def add_url(world):
    return f"/fields/{world['field'].id}/programmes/add"


def test_money_and_quantity_accept_indonesian_input():
    assert parse_money("1.250.000") == parse_money("1250000") == parse_money("Rp 1.250.000,-") == 1_250_000
    assert parse_money("1,5") is None and parse_money("-5") is None and parse_money("١٢") is None
    assert parse_quantity("2,5") == Decimal("2.5") and parse_quantity("1.250") == Decimal(1250)


def test_officer_adds_programme_and_sees_it_formatted(client, login, world, db):
    login(world["officer"])
    page = client.get(add_url(world)).get_data(as_text=True)
    assert "Dinas Pendidikan" in page and "Dinas Sosial" not in page  # own agency only
    response = client.post(add_url(world), data=form_data(world["disdik"]))
    assert response.status_code == 302
    programme = db.session.scalar(select(Programme))
    assert programme.budget == 1_250_000 and programme.status == "planned"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Rp 1.250.000" in page and "Pengembalian ATS ke sekolah" in page and "Riwayat" in page
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "programmes"))


def test_officer_cannot_pick_another_agency(client, login, world, db):
    login(world["officer"])
    response = client.post(add_url(world), data=form_data(world["dinsos"]))
    assert response.status_code == 200
    assert "perangkat daerah Anda sendiri" in response.get_data(as_text=True)
    assert db.session.scalar(select(Programme)) is None


def test_admin_picks_any_agency_of_its_own_pemda_only(client, login, world, db):
    login(world["admin"])
    page = client.get(add_url(world)).get_data(as_text=True)
    assert "Dinas Sosial" in page and "Dinas Perikanan" not in page
    assert client.post(add_url(world), data=form_data(world["perikanan"])).status_code == 200
    assert client.post(add_url(world), data=form_data(world["dinsos"])).status_code == 302
    assert db.session.scalar(select(Programme)).agency_id == world["dinsos"].id


def test_errors_next_to_fields_and_typed_input_kept(client, login, world, db):
    login(world["officer"])
    data = form_data(world["disdik"], name="", target="banyak sekali", budget="satu juta",
                     start_on="2026-12-31", due_on="2026-01-01", indicator="<script>x</script>")
    page = client.post(add_url(world), data=data).get_data(as_text=True)
    assert "Wajib diisi." in page
    assert "Tulis jumlah rupiah" in page and 'value="satu juta"' in page
    assert 'value="banyak sekali"' in page
    assert "Tenggat tidak boleh sebelum tanggal mulai." in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x</script>" not in page
    assert db.session.scalar(select(Programme)) is None


@pytest.mark.parametrize("role", ["leader", "outsider"])
def test_leaders_and_other_pemda_cannot_add(client, login, world, role):
    login(world[role])
    expected = 403 if role == "leader" else 404
    assert client.get(add_url(world)).status_code == expected
    assert client.post(add_url(world), data=form_data(world["disdik"])).status_code == expected


def test_concurrent_edit_is_caught_and_typed_values_kept(client, login, world, make, db):
    programme = make.programme(world["field"], world["disdik"], name="Program awal")
    login(world["officer"])
    page = client.get(f"/programmes/{programme.id}/edit").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in page or 'value="1"' in page
    # Someone else saves first.
    other = client.post(f"/programmes/{programme.id}/edit",
                        data=form_data(world["disdik"], name="Versi rekan", version="1"))
    assert other.status_code == 302
    mine = client.post(f"/programmes/{programme.id}/edit",
                       data=form_data(world["disdik"], name="Versi saya", version="1"))
    text = mine.get_data(as_text=True)
    assert mine.status_code == 200 and "baru saja diubah oleh orang lain" in text
    assert "Versi rekan" in text and 'value="Versi saya"' in text
    db.session.expire_all()
    assert db.session.get(Programme, programme.id).name == "Versi rekan"
    # Saving again after seeing the conflict goes through.
    again = client.post(f"/programmes/{programme.id}/edit",
                        data=form_data(world["disdik"], name="Versi saya", version="2"))
    assert again.status_code == 302
    db.session.expire_all()
    assert db.session.get(Programme, programme.id).name == "Versi saya"


def test_status_change_with_note_and_archive(client, login, world, make, db):
    programme = make.programme(world["field"], world["disdik"], status="running")
    login(world["admin"])
    refused = client.post(f"/programmes/{programme.id}/status", data={"status": "cancelled", "version": "1"},
                          follow_redirects=True)
    assert "Tuliskan alasan pembatalan." in refused.get_data(as_text=True)
    done = client.post(f"/programmes/{programme.id}/status",
                       data={"status": "done", "note": "Target tercapai", "version": "1"}, follow_redirects=True)
    assert "Selesai" in done.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Programme, programme.id).status_note == "Target tercapai"
    assert client.post(f"/programmes/{programme.id}/archive").status_code == 302
    db.session.expire_all()
    assert db.session.get(Programme, programme.id).archived_at is not None
    assert "Program ini sudah diarsipkan" in client.get(f"/programmes/{programme.id}").get_data(as_text=True)


def test_leader_reads_but_cannot_edit(client, login, world, make):
    programme = make.programme(world["field"], world["disdik"])
    login(world["leader"])
    page = client.get(f"/programmes/{programme.id}").get_data(as_text=True)
    assert programme.name in page and "Ubah program" not in page and "Laporkan kemajuan" not in page
    assert client.get(f"/programmes/{programme.id}/edit").status_code == 403
    assert client.post(f"/programmes/{programme.id}/status", data={"status": "done"}).status_code == 403


def test_other_agency_officer_views_but_cannot_edit(client, login, world, make):
    programme = make.programme(world["field"], world["dinsos"])
    login(world["officer"])
    assert client.get(f"/programmes/{programme.id}").status_code == 200
    assert client.get(f"/programmes/{programme.id}/edit").status_code == 403


def test_other_pemda_gets_404(client, login, world, make):
    programme = make.programme(world["field"], world["disdik"])
    login(world["outsider"])
    assert client.get(f"/programmes/{programme.id}").status_code == 404
    assert client.get(f"/programmes/{programme.id}/edit").status_code == 404


def test_list_filters_by_agency_status_and_health(client, login, world, make):
    fine = make.programme(world["field"], world["disdik"], name="Program lancar", status="planned",
                          start_on=date(2020, 1, 1), due_on=date(2099, 12, 31))
    late = make.programme(world["field"], world["dinsos"], name="Program terlambat", status="running",
                          start_on=date(2020, 1, 1), due_on=date(2021, 1, 1))
    make.programme(make.field(make.agreement()), name="Program pemda lain")
    login(world["leader"])
    page = client.get("/programmes/").get_data(as_text=True)
    assert fine.name in page and late.name in page and "Program pemda lain" not in page
    page = client.get(f"/programmes/?agency_id={world['dinsos'].id}").get_data(as_text=True)
    assert late.name in page and fine.name not in page
    page = client.get("/programmes/?health=overdue").get_data(as_text=True)
    assert late.name in page and fine.name not in page and "Terlambat" in page
    page = client.get("/programmes/?status=planned").get_data(as_text=True)
    assert fine.name in page and late.name not in page
    page = client.get(f"/programmes/?agreement_id={world['kb'].id}&field_id={world['field'].id}").get_data(as_text=True)
    assert fine.name in page
