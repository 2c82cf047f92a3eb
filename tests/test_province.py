"""The Governor's oversight: a province reads its kab/kota's agreements, writes none of them,
and compares its kab/kota on its own dashboard (PP 28/2018 Pasal 44(4))."""

from __future__ import annotations

import io
from datetime import date, timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from tracker.core.clock import today
from tracker.users.models import User


def _kalteng(make):
    province = make.party("Provinsi Kalimantan Tengah", "62", kind="provinsi")
    kotim, seruyan = make.party("Kabupaten Kotawaringin Timur", "62.02"), make.party("Kabupaten Seruyan", "62.07")
    agency = make.agency(kotim, "Dinas Pendidikan")
    kb = make.agreement([kotim, seruyan], title="KB Kotim–Seruyan", fields=["Anak tidak sekolah", "Benih nila"])
    return province, kotim, seruyan, agency, kb


def _leader_from_the_cli(runner, db):
    result = runner.invoke(args=["user", "create", "--email", "gubernur@kalteng.example", "--name", "Pimpinan Provinsi",
                                 "--role", "leader", "--party", "62", "--password", "rahasia-123"])
    assert result.exit_code == 0, result.output
    return db.session.scalar(select(User).where(User.email == "gubernur@kalteng.example"))


def test_a_province_leader_reads_the_kotim_seruyan_kb_and_changes_nothing(make, runner, db, login, client):
    province, kotim, seruyan, agency, kb = _kalteng(make)
    make.programme(kb.fields[0], agency, due_on=today() - timedelta(days=3))
    leader = _leader_from_the_cli(runner, db)
    assert leader.party_id == province.id
    login(leader, "rahasia-123")
    assert "KB Kotim–Seruyan" in client.get("/agreements/").get_data(as_text=True)
    assert client.get(f"/agreements/{kb.id}").status_code == 200
    page = client.get("/provinsi/").get_data(as_text=True)
    assert "Kabupaten Kotawaringin Timur" in page and "Kabupaten Seruyan" in page
    latest = page[page.index('id="latest-agreements"'):]
    assert "KB Kotim–Seruyan" in latest and f"/agreements/{kb.id}" in latest
    for method, url in (("GET", f"/agreements/{kb.id}/edit"), ("POST", f"/agreements/{kb.id}/terminate"),
                        ("POST", f"/agreements/{kb.id}/archive"), ("GET", f"/fields/{kb.fields[0].id}/programmes/add"),
                        ("GET", f"/agreements/{kb.id}/monev/add")):
        assert client.open(url, method=method).status_code == 403, url


def test_the_province_dashboard_compares_its_kab_kota_and_exports_the_same_figures(make, db, login, client):
    province, kotim, seruyan, agency, kb = _kalteng(make)
    make.programme(kb.fields[0], agency, due_on=today() - timedelta(days=3))
    katingan = make.party("Kabupaten Katingan", "62.06")
    make.party("Kabupaten Tabalong", "63.09")  # another province: not on this dashboard
    login(make.user("admin", province))
    page = client.get("/provinsi/").get_data(as_text=True)
    assert "Kabupaten Katingan" in page and "Kabupaten Tabalong" not in page
    book = load_workbook(io.BytesIO(client.get("/provinsi/?format=xlsx").data))
    rows = {r[0]: r for r in book.active.iter_rows(min_row=3, values_only=True)}
    # Kotim: one KB in force, one field without programme, one overdue programme.
    assert rows["62.02"][2:5] == (1, 1, 1)
    # Seruyan is in the same KB: its field has Kotim's programme, the other none.
    assert rows["62.07"][2] == 1 and rows["62.06"][2:5] == (0, 0, 0)
    assert katingan.name == rows["62.06"][1]
    assert "62.02" in client.get("/provinsi/?format=csv").get_data(as_text=True)


def test_only_province_leaders_and_coordinators_open_the_province_dashboard(make, login, client):
    province, kotim, *_ = _kalteng(make)
    login(make.user("leader", kotim))
    assert client.get("/provinsi/").status_code == 403


def test_the_province_keeps_full_rights_where_it_is_itself_a_party(make, login, client, db):
    province, kotim, *_ = _kalteng(make)
    own = make.agreement([province, kotim], title="KB Provinsi–Kotim")
    login(make.user("admin", province))
    assert client.get(f"/agreements/{own.id}/edit").status_code == 200
    other_province = make.party("Provinsi Kalimantan Selatan", "63", kind="provinsi")
    client.post("/logout")
    login(make.user("leader", other_province))
    assert "KB Kotim–Seruyan" not in client.get("/agreements/").get_data(as_text=True)


def test_monev_on_time_counts_agreements_evaluated_in_the_last_interval(make, db, login, client):
    from tracker.monev.models import Monev

    province, kotim, seruyan, agency, kb = _kalteng(make)
    kb.valid_from = kb.signed_on = date(2025, 1, 2)
    db.session.add(Monev(agreement=kb, party=kotim, status="submitted", period_label="Semester",
                         period_start=today() - timedelta(days=60), period_end=today() - timedelta(days=10)))
    db.session.commit()
    login(make.user("leader", province))
    book = load_workbook(io.BytesIO(client.get("/provinsi/?format=xlsx").data))
    rows = {r[0]: r for r in book.active.iter_rows(min_row=3, values_only=True)}
    assert rows["62.02"][5:7] == (1, 1) and rows["62.07"][5:7] == (1, 0)
