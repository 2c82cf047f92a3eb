"""Every dashboard figure against a hand-counted value (see tests/dashboard_fixture.py)."""

from __future__ import annotations

import re

import pytest

from tests.dashboard_fixture import TODAY, build


@pytest.fixture
def world(make, db, monkeypatch):
    monkeypatch.setattr("tracker.dashboards.views.current_day", lambda: TODAY)
    return build(make, db)


@pytest.fixture
def leader_client(world, make, login):
    return login(make.user("leader", party=world.a))


def text_of(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</(div|td|span)>', html, re.S)
    assert match, element_id
    return re.sub(r"<[^>]+>|\s+", " ", match.group(1)).strip()


def rows(html: str, table_id: str) -> list[list[str]]:
    table = re.search(rf'id="{table_id}".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return [
        [re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    ]


def test_leader_headline_figures(leader_client):
    html = leader_client.get("/dashboard").get_data(as_text=True)
    # F2, F3 (only a cancelled programme) and K2; K1 is followed up by the PKS's p10
    assert text_of(html, "kpi-no-follow-up") == "3"
    assert text_of(html, "kpi-active") == "5"  # ag1, ag2 (ends today), ag8, ag9, ag10
    assert "dari 8" in html  # visible, not archived agreements: ag1, ag2, ag3, ag6, ag7, ag8, ag9, ag10
    assert text_of(html, "kpi-overdue") == "1"  # p2; p1 is due today, p7 archived
    assert text_of(html, "kpi-stalled") == "1"  # p3
    assert text_of(html, "kpi-entries") == "5"  # p1 1 Jun, p5 10 Jun, p10 5 Jun, p9 20 May, p4 17 May
    assert text_of(html, "kpi-realisation") == "55,7%"  # (.5 + .4 + .5 + 1 + 0 + 1 + .5) / 7, p10 once
    assert "2 dari 7 program mencapai target" in html
    assert text_of(html, "kpi-live") == "6" and text_of(html, "kpi-done") == "1"


def test_attention_list_is_ordered_by_severity(leader_client, world):
    html = leader_client.get("/dashboard").get_data(as_text=True)
    tiers = re.findall(r'class="list-group-item attention-(\w+)"', html)
    assert tiers == ["no_follow_up", "no_follow_up", "no_follow_up", "overdue", "stalled", "review", "expiring"]
    assert f'/dashboard/agreements/{world.ids["ag3"]}' in html
    assert "Terlambat 1 hari" in html and "selama 75 hari" in html and "Berakhir dalam 0 hari" in html


def test_other_pemda_and_archived_records_never_count(make, world, login):
    other = login(make.user("leader", party=world.c))
    html = other.get("/dashboard").get_data(as_text=True)
    # C sees ag3 (expired, with A) and ag5 (with D): one overdue programme, one empty field in ag5.
    assert text_of(html, "kpi-overdue") == "1"
    assert text_of(html, "kpi-no-follow-up") == "1"  # F-other-empty; ag3's F6 belongs to an expired agreement
    assert text_of(html, "kpi-active") == "1"


def test_filters_narrow_every_figure(leader_client, world):
    html = leader_client.get(f"/dashboard?agency_id={world.ids['db1']}").get_data(as_text=True)
    assert text_of(html, "kpi-overdue") == "1" and text_of(html, "kpi-stalled") == "0"
    assert text_of(html, "kpi-realisation") == "20%"  # p2 .4, p6 0
    html = leader_client.get(f"/dashboard?agreement_id={world.ids['ag1']}").get_data(as_text=True)
    assert text_of(html, "kpi-no-follow-up") == "2" and text_of(html, "kpi-active") == "1"
    html = leader_client.get(f"/dashboard?field_id={world.ids['f3']}").get_data(as_text=True)
    assert text_of(html, "kpi-no-follow-up") == "1" and text_of(html, "kpi-overdue") == "0"
    html = leader_client.get(f"/dashboard?party_id={world.c.id}").get_data(as_text=True)
    assert text_of(html, "kpi-active") == "0" and text_of(html, "kpi-no-follow-up") == "0"
    html = leader_client.get("/dashboard?start=2026-06-01&end=2026-06-15").get_data(as_text=True)
    assert text_of(html, "kpi-entries") == "3"  # p1 1 Jun, p10 5 Jun, p5 10 Jun
    assert leader_client.get("/dashboard?agency_id=abc&start=31-31-2026").status_code == 200


def test_drill_downs_list_what_the_figures_count(leader_client, world):
    html = leader_client.get("/dashboard").get_data(as_text=True)
    assert "/dashboard/fields" in html and "/dashboard/entries" in html
    fields = leader_client.get("/dashboard/fields").get_data(as_text=True)
    assert fields.count('class="no-follow-up"') == 3 and ">F2<" in fields and ">F3<" in fields
    assert ">K2<" in fields and ">K1<" not in fields
    entries = leader_client.get("/dashboard/entries").get_data(as_text=True)
    assert "5 laporan" in entries
    expiry = leader_client.get("/dashboard/expiry?bucket=overdue").get_data(as_text=True)
    assert f'/dashboard/agreements/{world.ids["ag3"]}' in expiry
    assert f'/dashboard/agreements/{world.ids["ag2"]}' not in expiry


def test_agreement_page_fields_sides_and_timeline(leader_client, world):
    html = leader_client.get(f"/dashboard/agreements/{world.ids['ag1']}").get_data(as_text=True)
    table = rows(html, "fields-table")
    assert [r[0].split(" Belum")[0].strip() for r in table] == ["F1", "F2", "F3"]  # F4 archived
    assert table[0][1:] == ["4", "1", "1", "5", "60%"]  # live, overdue, stalled, entries, realisation
    assert "Belum ada tindak lanjut" in table[1][0] and "Belum ada tindak lanjut" in table[2][0]
    assert html.index("Kabupaten A") < html.index("Dinas Pendidikan B")  # both sides, in party order
    assert "Dinas Sosial A" in html
    assert rows(html, "timeline-table") == [["Februari 2026", "1"], ["Maret 2026", "1"], ["April 2026", "1"],
                                            ["Mei 2026", "3"], ["Juni 2026", "1"]]


def test_agency_responsiveness(leader_client, world):
    html = leader_client.get("/dashboard/agencies").get_data(as_text=True)
    table = {r[0]: r[1:] for r in rows(html, "agencies-table")}
    # days since last entry, live, overdue, stalled, share on track
    assert table["Dinas Pendidikan B"] == ["Kabupaten B", "134", "2", "1", "0", "50%"]
    assert table["Dinas Sosial A"] == ["Kabupaten A", "75", "1", "0", "1", "0%"]
    assert table["Dinas Pendidikan A"] == ["Kabupaten A", "5", "3", "0", "0", "67%"]  # p1 at risk; p9, p10
    assert list(table) == ["Dinas Pendidikan B", "Dinas Sosial A", "Dinas Pendidikan A"]
    assert "Dinas C" not in table


def test_expiry_outlook(leader_client):
    html = leader_client.get("/dashboard/expiry").get_data(as_text=True)
    counts = {r[0]: r[1] for r in rows(html, "expiry-table")}
    assert list(counts.values()) == ["1", "1", "1", "0"]  # ag3 overdue, ag2 ends today, ag8 in 60 days


def test_trends_per_month(leader_client):
    html = leader_client.get("/dashboard/trends").get_data(as_text=True)
    table = {r[0]: r[1:3] for r in rows(html, "trends-table")}
    assert table["Mei 2026"] == ["3", "14,3"]  # p9 10/10 / 7 (p4 is cancelled: activity, not realisation)
    assert table["Juni 2026"] == ["3", "25,7"]  # (30 % + 100 % + 50 %) / 7 programmes with a target
    assert table["Februari 2026"] == ["1", "5,7"]


def test_officer_home_orders_what_needs_doing_first(make, world, login):
    agency_b = make.db.session.get(type(world.b.agencies[0]), world.ids["db1"])
    client = login(make.user("officer", agency=agency_b))
    response = client.get("/")
    assert response.location.endswith("/my-work")
    html = client.get("/my-work").get_data(as_text=True)
    assert re.findall(r'data-programme="(\d+)"', html) == [str(world.ids["p2"]), str(world.ids["p6"])]
    assert client.get("/dashboard").status_code == 403


def test_homes_and_access(make, world, login, client):
    assert client.get("/dashboard").status_code in (302, 401)
    leader = login(make.user("leader", party=world.a))
    assert leader.get("/").location.endswith("/dashboard")
    assert leader.get("/my-work").status_code == 403
    assert leader.get(f"/dashboard/agreements/{world.ids['ag5']}").status_code == 404
    assert leader.get(f"/dashboard/agreements/{world.ids['ag4']}").status_code == 404


def test_pages_carry_no_inline_style_or_script(leader_client, world):
    for url in ("/dashboard", "/dashboard/agencies", "/dashboard/expiry", "/dashboard/trends",
                f"/dashboard/agreements/{world.ids['ag1']}"):
        html = leader_client.get(url).get_data(as_text=True)
        assert "style=" not in html and "<script>" not in html
        assert "<svg" in html or url.endswith("agencies")


def test_kb_field_counts_the_work_of_its_pks(leader_client, world):
    """A KB field carried out by a PKS programme is followed up, and its realisation includes it."""
    html = leader_client.get(f"/dashboard?agreement_id={world.ids['ag9']}").get_data(as_text=True)
    assert text_of(html, "kpi-no-follow-up") == "1"  # K2 only
    assert text_of(html, "kpi-realisation") == "50%" and text_of(html, "kpi-live") == "1"  # p10
    html = leader_client.get(f"/dashboard?field_id={world.ids['k1']}").get_data(as_text=True)
    assert text_of(html, "kpi-no-follow-up") == "0" and text_of(html, "kpi-realisation") == "50%"
    page = leader_client.get(f"/dashboard/agreements/{world.ids['ag9']}").get_data(as_text=True)
    table = rows(page, "fields-table")
    assert table[0][0] == "K1" and table[0][1:] == ["1", "0", "0", "1", "50%"]
    assert "Belum ada tindak lanjut" in table[1][0]
    pks = rows(leader_client.get(f"/dashboard/agreements/{world.ids['ag10']}").get_data(as_text=True), "fields-table")
    assert pks[0][1:] == ["1", "0", "0", "1", "50%"]  # the PKS's own page still shows its programme


def test_kb_roll_up_reaches_csv_and_api(leader_client, world, make, db, monkeypatch):
    from tracker.api.services import create_token

    monkeypatch.setattr("tracker.api.views.dashboard.today", lambda: TODAY)
    text = leader_client.get("/dashboard/fields?format=csv").get_data(as_text=True)
    assert "K2" in text and "K1" not in text
    leader = make.user("leader", party=world.a)
    _token, secret = create_token(leader, "uji", 30)
    db.session.commit()
    summary = leader_client.get("/api/v1/dashboard/summary", headers={"Authorization": f"Bearer {secret}"}).get_json()
    assert summary["fields_without_follow_up"] == 3


def test_overdue_monev_is_counted_and_listed(leader_client, world):
    """Agreements of A whose next monev is past due on 15 June 2026 (none has a monev yet)."""
    html = leader_client.get("/dashboard").get_data(as_text=True)
    # ag2 (due 1 Jul 2025), ag3 (due 1 Jul 2024), ag8 (due 1 Dec 2025); ag1, ag9, ag10 are due later,
    # ag6 is terminated, ag7 unsigned, ag4 archived, ag5 not A's.
    assert text_of(html, "kpi-monev-overdue") == "3"
    listed = re.findall(r'class="list-group-item"><a href="/agreements/(\d+)"', html)
    assert listed == [str(world.ids[k]) for k in ("ag3", "ag2", "ag8")]  # longest overdue first
    assert "Monev terlambat 714 hari" in html  # ag3: 1 July 2024 → 15 June 2026 (365 + 349 days)
