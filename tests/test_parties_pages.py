"""Parties (regions with codes, third parties) and agencies with their office emails."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tracker.audit.models import AuditEvent
from tracker.parties.models import Agency, Party
from tracker.parties.services import load_regions, region


@pytest.fixture
def regions(db):
    load_regions()
    db.session.commit()
    return region("62.02"), region("62.07")


@pytest.fixture
def admin(make, regions):
    return make.user("admin", party=regions[0])


def test_list_groups_regions_by_province_with_codes_and_searches(client, login, admin):
    login(admin)
    page = client.get("/parties/?q=Kotawaringin").get_data(as_text=True)
    assert "Kalimantan Tengah" in page
    assert "62.02" in page and "Kabupaten Kotawaringin Timur" in page
    assert "Kabupaten Seruyan" not in page
    by_code = client.get("/parties/?q=62.07").get_data(as_text=True)
    assert "Kabupaten Seruyan" in by_code
    first = client.get("/parties/").get_data(as_text=True)
    assert "Aceh" in first and "page=2" in first


def test_admin_adds_a_third_party_that_can_then_be_picked(client, login, admin, db):
    login(admin)
    assert "Nama wajib diisi." in client.post("/parties/add", data={"name": ""}).get_data(as_text=True)
    response = client.post("/parties/add", data={"name": "Universitas Palangka Raya", "address": "Palangka Raya"})
    assert response.status_code == 302
    party = db.session.scalar(select(Party).where(Party.kind == "pihak_ketiga"))
    assert party.name == "Universitas Palangka Raya"
    form = client.get("/agreements/add").get_data(as_text=True)
    assert "Universitas Palangka Raya" in form and "Pihak ketiga" in form


def test_region_name_stays_official_when_admin_edits_address(client, login, admin, regions, db):
    kotim = regions[0]
    login(admin)
    response = client.post(f"/parties/{kotim.id}/edit", data={"name": "Nama lain", "address": "Jl. Jend. Sudirman, Sampit"})
    assert response.status_code == 302
    db.session.expire_all()
    kotim = db.session.get(Party, kotim.id)
    assert kotim.name == "Kabupaten Kotawaringin Timur" and kotim.address == "Jl. Jend. Sudirman, Sampit"


def test_admin_manages_own_agencies_with_office_email(client, login, admin, regions, db):
    kotim = regions[0]
    login(admin)
    response = client.post(
        f"/parties/{kotim.id}/agencies/add",
        data={"name": "Dinas Pendidikan", "short_name": "Disdik", "email": "Disdik@Kotim.example"},
    )
    assert response.status_code == 302
    agency = db.session.scalar(select(Agency))
    assert agency.email == "disdik@kotim.example"
    page = client.get(f"/parties/{kotim.id}").get_data(as_text=True)
    assert "Dinas Pendidikan" in page and "disdik@kotim.example" in page
    dup = client.post(f"/parties/{kotim.id}/agencies/add", data={"name": "Dinas Pendidikan"}).get_data(as_text=True)
    assert "Perangkat daerah dengan nama ini sudah ada." in dup
    bad = client.post(f"/agencies/{agency.id}/edit", data={"name": "Dinas Pendidikan", "email": "bukan-email"})
    assert "Alamat email tidak valid." in bad.get_data(as_text=True) and "bukan-email" in bad.get_data(as_text=True)
    client.post(f"/agencies/{agency.id}/edit", data={"name": "Dinas Pendidikan", "email": "baru@kotim.example"})
    assert client.post(f"/agencies/{agency.id}/archive").status_code == 302
    db.session.expire_all()
    agency = db.session.get(Agency, agency.id)
    assert agency.archived_at is not None and agency.email == "baru@kotim.example"
    actions = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.entity_type == "agencies")))
    assert actions == {"create", "update", "archive"}
    assert "Dinas Pendidikan" not in client.get("/agreements/add").get_data(as_text=True)


def test_admin_cannot_change_another_pemdas_agencies(client, login, admin, regions, make):
    seruyan = regions[1]
    agency = make.agency(seruyan, "Dinas Perikanan")
    login(admin)
    assert client.get(f"/parties/{seruyan.id}/agencies/add").status_code == 403
    assert client.post(f"/agencies/{agency.id}/edit", data={"name": "x"}).status_code == 403
    assert client.post(f"/agencies/{agency.id}/archive").status_code == 403
    assert client.get(f"/parties/{seruyan.id}/edit").status_code == 403


@pytest.mark.parametrize("role", ["officer", "leader"])
def test_officers_and_leaders_may_view_but_not_change(client, login, make, regions, role):
    kotim = regions[0]
    agency = make.agency(kotim, "Dinas Perikanan", email="perikanan@kotim.example")
    login(make.user(role, party=kotim))
    assert client.get("/parties/").status_code == 200
    page = client.get(f"/parties/{kotim.id}").get_data(as_text=True)
    assert "Dinas Perikanan" in page and "Tambah perangkat daerah" not in page
    assert client.get("/parties/add").status_code == 403
    assert client.post("/parties/add", data={"name": "PT Contoh"}).status_code == 403
    assert client.get(f"/parties/{kotim.id}/agencies/add").status_code == 403
    assert client.post(f"/agencies/{agency.id}/edit", data={"name": "x"}).status_code == 403
    assert client.post(f"/agencies/{agency.id}/archive").status_code == 403
