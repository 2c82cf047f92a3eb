""""Unduh CSV" on every list page: the rows the page shows for the same filters, every page of them,
never another Pemda's, and the same answer as the page for someone who may not see it."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from html import unescape

import pytest

from tests.route_rules.world import sign_in
from tracker.agreements.models import Field
from tracker.audit.services import record
from tracker.core.clock import today, utcnow
from tracker.reminders.models import Acknowledgement, OutboxMail, ReminderLog

OWN_ADMIN, OWN_LEADER = "admin/own-pemda/own-agency", "leader/own-pemda/own-agency"
OWN_OFFICER, OTHER_ADMIN = "officer/own-pemda/own-agency", "admin/other-pemda/other-agency"


def _csv(response) -> list[list[str]]:
    """Header and rows of a CSV download (checks it is one, with the BOM Excel needs)."""
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert all("<" not in cell for row in rows for cell in row)  # no HTML leaks into cells
    return rows


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return unescape(response.get_data(as_text=True))


def _csv_link(html: str) -> str:
    """The page's "Unduh CSV" link, which must keep the filters the page was opened with."""
    match = re.search(r'<a class="[^"]*csv-link[^"]*" href="([^"]+)">Unduh CSV</a>', html)
    assert match, "no Unduh CSV link on the page"
    return match.group(1)


def _export(client, url: str) -> tuple[str, list[list[str]]]:
    """Open the page, follow its "Unduh CSV" link: the page's HTML and the CSV rows."""
    html = _page(client, url)
    link = _csv_link(html)
    assert "format=csv" in link and "page=" not in link
    return html, _csv(client.get(link))


def _same_answer(client, url: str, joiner: str = "&") -> None:
    """Who may not open the page gets exactly the page's answer for its CSV."""
    page = client.get(url)
    download = client.get(url + joiner + "format=csv" if "?" in url else url + "?format=csv")
    assert page.status_code in (302, 403, 404), page.status_code
    assert download.status_code == page.status_code and download.mimetype != "text/csv"
    # Anonymous: the same sign-in page (whose "next" brings them back to the download).
    assert (download.headers.get("Location") or "").split("?")[0] == (page.headers.get("Location") or "").split("?")[0]


# Programmes ---------------------------------------------------------------------------------

def test_programmes_csv_has_every_filtered_row_and_no_foreign_programme(app, client, world):
    sign_in(client, world.users[OWN_ADMIN])
    app.config["PAGE_SIZE"] = 1  # the page shows one, the CSV both
    html, rows = _export(client, "/programmes/")
    assert "2 program" in html and html.count("list-group-item-action") == 1
    assert rows[0][:3] == ["Program", "Perangkat daerah", "Pihak"]
    by_name = {r[0]: r for r in rows[1:]}
    assert sorted(by_name) == ["Program Kotim", "Program Seruyan"]  # not "Program luar"
    kotim = by_name["Program Kotim"]
    assert kotim[1:3] == ["Dinas Pendidikan", "Kabupaten Kotawaringin Timur"]
    assert kotim[7:10] == ["100", "10", "10"]  # target, realisation, percentage
    assert kotim[12] == "1000000" and kotim[14:16] == ["2026-01-01", "2026-12-31"]  # money, ISO dates

    html, rows = _export(client, f"/programmes/?agency_id={world.own_agency.id}&status=running")
    assert "1 program" in html and [r[0] for r in rows[1:]] == ["Program Kotim"]
    assert _csv(client.get("/programmes/?status=done&format=csv")) == rows[:1]  # header only


def test_programmes_health_filter_holds_in_csv(client, world):
    sign_in(client, world.users[OWN_LEADER])
    for health in ("on_track", "at_risk", "overdue", "stalled"):
        html = _page(client, f"/programmes/?health={health}")
        rows = _csv(client.get(f"/programmes/?health={health}&format=csv"))
        assert all(name in html for name in (r[0] for r in rows[1:]))
        assert f"{len(rows) - 1} program" in html


def test_programmes_csv_same_answer_as_page_for_anonymous(client, world):
    _same_answer(client, "/programmes/")


# Parties and their agencies ------------------------------------------------------------------

def test_parties_csv_keeps_search_and_kind_and_leaves_archived_out(client, world, make, db):
    gone = make.party("Kabupaten Lama", "62.98")
    gone.archived_at = utcnow()
    make.party("Yayasan Sungai", None, kind="pihak_ketiga")
    db.session.commit()
    sign_in(client, world.users[OWN_OFFICER])
    html, rows = _export(client, "/parties/")
    assert rows[0] == ["Kode wilayah", "Nama", "Jenis", "Kelompok", "Alamat"]
    names = [r[1] for r in rows[1:]]
    assert "Kabupaten Lama" not in names and len(names) == html.count('<td><a href="/parties/')
    assert ["", "Yayasan Sungai", "Pihak ketiga", "Pihak ketiga", ""] in rows

    html, rows = _export(client, "/parties/?q=62.07&kind=kabupaten")
    assert rows[1:] == [["62.07", "Kabupaten Seruyan", "Kabupaten", "", ""]]
    assert "Kabupaten Seruyan" in html and "Kabupaten Katingan" not in html


def test_agencies_csv_matches_the_party_page(client, world, db):
    world.own_other_agency.archived_at = utcnow()
    db.session.commit()
    url = f"/parties/{world.own.id}"
    sign_in(client, world.users[OWN_ADMIN])  # manages them: archived ones listed, marked
    html, rows = _export(client, url)
    assert [r[0] for r in rows[1:]] == ["BPBD", "Dinas Pendidikan"]
    assert rows[1][4] and rows[2][2] == "own_agency@uji.example" and "diarsipkan" in html

    client.post("/logout")
    sign_in(client, world.users[OWN_LEADER])  # does not manage: live agencies only, as on the page
    html, rows = _export(client, url)
    assert [r[0] for r in rows[1:]] == ["Dinas Pendidikan"] and "BPBD" not in html


def test_parties_csv_same_answer_as_page_for_anonymous(client, world):
    _same_answer(client, "/parties/?q=Seruyan")
    _same_answer(client, f"/parties/{world.own.id}")


# Users (admins) -------------------------------------------------------------------------------

def test_users_csv_lists_every_own_pemda_account_only(app, client, world):
    sign_in(client, world.users[OWN_ADMIN])
    app.config["PAGE_SIZE"] = 2
    html, rows = _export(client, "/users/")
    assert rows[0] == ["Nama", "Email", "Peran", "Perangkat daerah", "Status", "Terakhir masuk"]
    emails = {r[1] for r in rows[1:]}
    own = {u.email for u in world.users.values() if u.party_id == world.own.id} | {world.colleague.email}
    assert emails == own and world.stranger.email not in emails  # every page, never another Pemda's
    assert html.count("/edit") == 2
    me = next(r for r in rows[1:] if r[1] == world.users[OWN_ADMIN].email)
    assert me[2:5] == ["Koordinator (admin)", "Dinas Pendidikan", "Aktif"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d\+07:00", me[5])  # just logged in, in WIB


@pytest.mark.parametrize("kind", [OWN_LEADER, OWN_OFFICER])
def test_users_csv_forbidden_like_the_page(client, world, kind):
    sign_in(client, world.users[kind])
    _same_answer(client, "/users/")


# Audit (admins) --------------------------------------------------------------------------------

def _audit_events(world, db):
    admin, stranger = world.users[OWN_ADMIN], world.users[OTHER_ADMIN]
    record("update", world.programme, {"name": ("Lama", "=Baru")}, summary="Program Kotim", user=admin)
    record("update", world.agreement, {"title": ("A", "B")}, summary="Naskah", user=admin)
    record("update", world.other_programme, {"name": ("X", "Y")}, summary="Rahasia Seruyan", user=stranger)
    db.session.commit()


def test_audit_csv_keeps_the_filter_and_the_pemda(client, world, db):
    _audit_events(world, db)
    sign_in(client, world.users[OWN_ADMIN])
    html, rows = _export(client, "/audit/?record_type=programmes")
    assert rows[0][:4] == ["Waktu", "Pengguna", "Email pengguna", "Tindakan"]
    assert len(rows) == 2 and "1 catatan" in html
    event = rows[1]
    assert event[1:7] == ["Uji admin.own.own", world.users[OWN_ADMIN].email, "mengubah", "Program tindak lanjut",
                          str(world.programme.id), "Program Kotim"]
    assert event[7] == '{"name": ["Lama", "=Baru"]}'
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d\+07:00", event[0])

    rows = _csv(client.get("/audit/?format=csv"))
    summaries = [r[6] for r in rows[1:]]
    assert "Naskah" in summaries and "Rahasia Seruyan" not in summaries
    tomorrow = (today() + timedelta(days=1)).isoformat()
    assert len(_csv(client.get(f"/audit/?date_from={tomorrow}&format=csv"))) == 1


@pytest.mark.parametrize("kind", [OWN_LEADER, OWN_OFFICER])
def test_audit_csv_forbidden_like_the_page(client, world, kind):
    sign_in(client, world.users[kind])
    _same_answer(client, "/audit/?record_type=programmes")


# Reminders (Pengingat) ------------------------------------------------------------------------

def _reminders(world, db, count: int):
    mail = OutboxMail(recipient="a@uji.example", subject="s", text="t", status="sent", attempts=1)
    db.session.add(mail)
    for n in range(count):
        db.session.add(ReminderLog(
            dedupe_key=f"overdue:programme:{world.programme.id}:x:{n}", rule="overdue", record_type="programme",
            record_id=world.programme.id, recipient="own_agency@uji.example", episode="e", occurrence=str(n),
            audience="agency", title=f"Program Kotim #{n}", party_id=world.own.id,
            fired_on=date(2026, 3, 1) + timedelta(days=n), outbox=mail if n == 0 else None))
    db.session.add(ReminderLog(
        dedupe_key="overdue:programme:x:seruyan", rule="overdue", record_type="programme",
        record_id=world.other_programme.id, recipient="other_agency@uji.example", episode="e", occurrence="0",
        audience="agency", title="Pengingat Seruyan", party_id=world.other.id, fired_on=date(2026, 3, 1)))
    db.session.commit()


def test_reminders_csv_has_the_whole_log_of_the_pemda(client, world, db):
    _reminders(world, db, 55)  # more than the page's 50
    db.session.add(Acknowledgement(kind="ack", rule="overdue", record_type="programme", record_id=world.programme.id,
                                   recipient="own_agency@uji.example", party_id=world.own.id, reason="Sedang diurus"))
    db.session.commit()
    sign_in(client, world.users[OWN_LEADER])
    html, rows = _export(client, "/reminders/")
    assert rows[0][:5] == ["Tanggal", "Penerima", "Sasaran", "Pengingat", "Perihal"]
    assert len(rows) == 1 + 55 and html.count("Program Kotim #") == 50
    assert all(r[4] != "Pengingat Seruyan" for r in rows[1:])
    first = rows[-1]  # oldest last, as on the page
    assert first[:6] == ["2026-03-01", "own_agency@uji.example", "Email kantor OPD",
                         "Program melewati batas waktu", "Program Kotim #0", "Terkirim"]
    assert first[7] == "1" and rows[1][0] == "2026-04-24" and {r[8] for r in rows[1:]} == {"Sudah ditanggapi"}


def _answers(world, db, count: int) -> None:
    for n in range(count):
        db.session.add(Acknowledgement(
            kind="ack" if n else "snooze", rule="overdue", record_type="programme", record_id=world.programme.id,
            title=f"Program Kotim #{n}", recipient="own_agency@uji.example", party_id=world.own.id,
            reason=f"Alasan {n}", until=date(2026, 4, 1) if n == 0 else None,
            created_at=utcnow() - timedelta(hours=count - n)))
    db.session.add(Acknowledgement(kind="ack", rule="overdue", record_type="programme",
                                   record_id=world.other_programme.id, title="Tanggapan Seruyan",
                                   recipient="other_agency@uji.example", party_id=world.other.id, reason="x"))
    db.session.commit()


def test_every_answer_to_a_reminder_is_on_its_page_and_in_its_csv(client, world, db):
    _answers(world, db, 55)  # more than a page of 50
    sign_in(client, world.users[OWN_LEADER])
    overview = _page(client, "/reminders/")
    assert overview.count("Program Kotim #") == 10 and "Program Kotim #54" in overview
    assert 'href="/reminders/answers"' in overview

    html, rows = _export(client, "/reminders/answers")
    assert html.count("Program Kotim #") == 50 and "Program Kotim #4<" not in html
    assert "Program Kotim #4" in _page(client, "/reminders/answers?page=2")
    assert rows[0] == ["Waktu", "Penerima", "Pengingat", "Perihal", "Tanggapan", "Ditunda sampai", "Alasan"]
    assert len(rows) == 1 + 55 and all("Seruyan" not in r[3] for r in rows[1:])
    newest, oldest = rows[1], rows[-1]
    assert newest[1:5] == ["own_agency@uji.example", "Program melewati batas waktu", "Program Kotim #54", "Ditanggapi"]
    assert newest[6] == "Alasan 54"
    assert oldest[3:] == ["Program Kotim #0", "Ditunda", "2026-04-01", "Alasan 0"]


def test_answers_page_and_csv_forbidden_like_the_reminders_page(client, world, db):
    _answers(world, db, 1)
    sign_in(client, world.users[OWN_OFFICER])
    _same_answer(client, "/reminders/answers")


def test_reminders_csv_forbidden_like_the_page(client, world, db):
    _reminders(world, db, 1)
    sign_in(client, world.users[OWN_OFFICER])
    _same_answer(client, "/reminders/")


# Dashboard drill-down lists --------------------------------------------------------------------

@pytest.fixture
def dashboard(world, db):
    """A field without follow-up on each agreement; both agreements end in 20 days."""
    db.session.add_all([Field(agreement=world.agreement, title="Bidang tanpa program", position=2),
                        Field(agreement=world.foreign_agreement, title="Bidang luar tanpa program", position=2)])
    for agreement in (world.agreement, world.foreign_agreement):
        agreement.valid_until = today() + timedelta(days=20)
    db.session.commit()
    return world


def test_fields_csv(client, dashboard):
    sign_in(client, dashboard.users[OWN_LEADER])
    html, rows = _export(client, "/dashboard/fields")
    assert rows[0] == ["Bidang", "Naskah kerja sama", "Ditandatangani", "Hari sejak"]
    assert rows[1:] == [["Bidang tanpa program", "Kotim–Seruyan", "2025-11-03",
                         str((today() - date(2025, 11, 3)).days)]]
    assert "1 bidang" in html and "Bidang luar" not in html
    _html, rows = _export(client, f"/dashboard/fields?agency_id={dashboard.own_agency.id}")
    assert len(rows) == 1  # the filter holds: that agency is not responsible for the new field


def test_entries_csv(app, client, dashboard):
    sign_in(client, dashboard.users[OWN_ADMIN])
    url = "/dashboard/entries?start=2026-01-01&end=2026-12-31"
    html, rows = _export(client, url)
    assert "start=2026-01-01" in _csv_link(html) and "2 laporan" in html
    assert rows[0] == ["Tanggal", "Program", "Perangkat daerah", "Jumlah", "Satuan", "Kegiatan"]
    assert sorted(r[1] for r in rows[1:]) == ["Program Kotim", "Program Seruyan"]  # not "Program luar"
    assert rows[1][0] == "2026-03-01" and rows[1][3:5] == ["10", "orang"]
    _html, rows = _export(client, url + f"&agency_id={dashboard.own_agency.id}")
    assert [r[1] for r in rows[1:]] == ["Program Kotim"]


def test_agencies_csv(client, dashboard):
    sign_in(client, dashboard.users[OWN_LEADER])
    html, rows = _export(client, "/dashboard/agencies")
    assert rows[0][:4] == ["Perangkat daerah", "Pihak", "Laporan terakhir", "Hari sejak laporan terakhir"]
    assert sorted(r[0] for r in rows[1:]) == ["Dinas Pendidikan", "Dinas Perikanan"]
    assert html.count("data-agency=") == len(rows) - 1
    kotim = next(r for r in rows[1:] if r[0] == "Dinas Pendidikan")
    assert kotim[1:3] == ["Kabupaten Kotawaringin Timur", "2026-03-01"] and kotim[4] == "1"


def test_expiry_csv(client, dashboard):
    sign_in(client, dashboard.users[OWN_LEADER])
    html, rows = _export(client, "/dashboard/expiry?bucket=d0_30")
    assert "bucket=d0_30" in _csv_link(html)
    assert rows[1:] == [["KB", "Kotim–Seruyan", (today() + timedelta(days=20)).isoformat(), "20", "0–30 hari"]]
    assert len(_csv(client.get("/dashboard/expiry?bucket=overdue&format=csv"))) == 1


def test_trends_csv(client, dashboard):
    sign_in(client, dashboard.users[OWN_ADMIN])
    html, rows = _export(client, "/dashboard/trends?start=2026-01-01&end=2026-06-30")
    assert rows[0][:2] == ["Bulan", "Laporan kemajuan"]
    assert [r[:2] for r in rows[1:]] == [["2026-03", "2"]]  # the two visible entries, not the foreign one
    assert 'data-month="2026-03"' in html


def test_officer_work_csv(client, dashboard):
    sign_in(client, dashboard.users[OWN_OFFICER])
    html, rows = _export(client, "/my-work")
    assert rows[0][:3] == ["Program", "Bidang", "Naskah kerja sama"]
    assert [r[0] for r in rows[1:]] == ["Program Kotim"] and html.count("data-programme=") == 1
    assert rows[1][5] == "2026-12-31" and rows[1][7:10] == ["100", "10", "orang"]


@pytest.mark.parametrize("url", ["/dashboard/fields", "/dashboard/entries", "/dashboard/agencies",
                                 "/dashboard/expiry", "/dashboard/trends"])
def test_dashboard_csv_forbidden_like_the_page(client, dashboard, url):
    _same_answer(client, url)  # anonymous: the login redirect
    sign_in(client, dashboard.users[OWN_OFFICER])
    _same_answer(client, url)


def test_my_work_csv_forbidden_like_the_page(client, dashboard):
    sign_in(client, dashboard.users[OWN_LEADER])
    _same_answer(client, "/my-work")


def test_agreement_list_links_to_its_csv_with_the_filters(client, make, login):
    import csv
    import io

    kotim = make.party("Kabupaten Kotawaringin Timur", "62.02")
    make.agreement([kotim, make.party()], title="KB benih nila")
    make.agreement([kotim, make.party()], title="KB kebakaran permukiman")
    login(make.user("admin", party=kotim))
    page = client.get("/agreements/?q=nila").get_data(as_text=True)
    assert "format=csv" in page and "q=nila" in page
    response = client.get("/agreements/?q=nila&format=csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 2 and "KB benih nila" in rows[1]
