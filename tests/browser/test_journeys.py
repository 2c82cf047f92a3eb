"""The three journeys of the founding case in a real chromium: record the KB, report progress, see it."""

from __future__ import annotations

import re

import pytest
from babel.dates import format_date
from playwright.sync_api import expect

from tests.browser.conftest import browser_login, horizontal_overflow, screenshot, unlabelled, watch
from tests.samples import JPEG
from tracker.core.clock import today
from tracker.demo import DEMO_PASSWORD, FIELDS, KOTIM, SERUYAN
from tracker.extensions import db
from tracker.parties.services import ensure_agency, load_regions, region

pytestmark = pytest.mark.browser

ATS = "Pendataan dan pengembalian anak tidak sekolah ke sekolah"
KB_TITLE = "Kesepakatan Bersama Kotim dan Seruyan tentang Kerja Sama Daerah (uji browser)"


def _regions_and_agencies(make):
    """Kotim and Seruyan from the reference list, with the agencies that answer for the four fields."""
    load_regions()
    kotim, seruyan = region(KOTIM), region(SERUYAN)
    for _title, _affair, kotim_agency, seruyan_agency in FIELDS:
        ensure_agency(kotim, kotim_agency)
        ensure_agency(seruyan, seruyan_agency)
    admin = make.user("admin", party=kotim, email="koordinator@kotim.example")
    db.session.commit()
    return admin


def test_coordinator_records_kb_with_four_fields_and_agencies(live_server, new_page, make):
    admin = _regions_and_agencies(make)
    page = new_page()
    problems = watch(page)
    browser_login(page, live_server, admin.email, make.PASSWORD)
    page.get_by_role("link", name="Catat naskah baru").click()
    expect(page.locator("h1")).to_have_text("Catat naskah kerja sama")
    # Choosing the second party reloads the form with Seruyan's agencies (agreement-form.js).
    with page.expect_navigation():
        page.select_option("#parties-1-party_id", label="62.07 · Kabupaten Seruyan")
    page.select_option("#kind", "KB")
    page.fill("#title", KB_TITLE)
    page.fill("#signed_on", "2025-11-03")
    page.fill("#signed_place", "Sampit")
    page.fill("#valid_from", "2025-11-03")
    page.fill("#valid_until", "2030-11-02")
    page.fill("#parties-0-document_number", "000.3/02/KSD/XI/2025")
    page.fill("#parties-1-document_number", "100.3.7/03/HUK/XI/2025")
    # Two rows are there; the other two are added in place by the "Tambah baris" button.
    for _ in range(len(FIELDS) - 2):
        page.get_by_role("button", name="Tambah baris").click()
    rows = page.locator(".js-field-row")
    expect(rows).to_have_count(4)
    for index, (title, affair, kotim_agency, seruyan_agency) in enumerate(FIELDS):
        page.fill(f"#fields-{index}-title", title)
        page.select_option(f"#fields-{index}-government_affair", affair)
        page.select_option(f"#fields-{index}-agencies-0-agency_id", label=kotim_agency)
        page.select_option(f"#fields-{index}-agencies-1-agency_id", label=seruyan_agency)
    assert unlabelled(page) == []
    screenshot(page, "agreement-form")
    page.get_by_role("button", name="Simpan", exact=True).last.click()

    expect(page.locator(".alert-success")).to_contain_text("Naskah kerja sama tersimpan.")
    expect(page.locator("h1")).to_contain_text(KB_TITLE)
    main = page.locator("main")
    expect(main).to_contain_text("3 November 2025")
    cards = page.locator("#fields-title ~ article")
    expect(cards).to_have_count(4)
    for index, (title, _affair, kotim_agency, seruyan_agency) in enumerate(FIELDS):
        card = cards.nth(index)
        expect(card.locator("h3")).to_have_text(f"{index + 1}. {title}")
        # The agencies of both sides sit next to each other, each under its own party.
        kotim_col, seruyan_col = card.locator(".row .col-sm").nth(0), card.locator(".row .col-sm").nth(1)
        expect(kotim_col).to_contain_text("Kabupaten Kotawaringin Timur")
        expect(kotim_col).to_contain_text(kotim_agency)
        expect(seruyan_col).to_contain_text("Kabupaten Seruyan")
        expect(seruyan_col).to_contain_text(seruyan_agency)
        box_left, box_right = kotim_col.bounding_box(), seruyan_col.bounding_box()
        assert box_left["x"] < box_right["x"] and abs(box_left["y"] - box_right["y"]) < 2
    assert problems == [], problems


def _report_progress(page, base: str) -> None:
    """The officer's path on a phone: home → programme → "Laporkan kemajuan" with a photo."""
    expect(page.locator("h1")).to_have_text("Program Dinas Pendidikan")
    assert horizontal_overflow(page) <= 0
    screenshot(page, "officer-home")
    page.get_by_role("link", name=ATS).click()
    expect(page.locator("#realised")).to_have_text("80")
    expect(page.locator("#percent")).to_have_text("53,3%")
    page.get_by_role("link", name="Laporkan kemajuan").click()
    expect(page.locator("h1")).to_have_text("Laporkan kemajuan")
    page.fill("#description", "Pendataan ulang di Kecamatan Mentaya Hilir Selatan; 25 anak kembali bersekolah.")
    page.fill("#quantity", "25")
    # The quantity is added: the form says where the realisation goes as it is typed (issue 13).
    expect(page.locator("#quantity-outcome")).to_have_text("Realisasi menjadi 105 dari 150 anak (70%).")
    page.fill("#location", "Samuda")
    page.set_input_files("#photos", files=[{"name": "kegiatan.jpg", "mimeType": "image/jpeg", "buffer": JPEG}])
    expect(page.locator("#file-list")).to_contain_text("kegiatan.jpg")
    assert unlabelled(page) == []
    assert horizontal_overflow(page) <= 0
    screenshot(page, "progress-form-phone")
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.locator("#realised")).to_have_text("105")
    expect(page.locator("#percent")).to_have_text("70%")
    entries = page.locator("#entries-title ~ ul")
    expect(entries).to_contain_text("25 anak kembali bersekolah")
    expect(entries.get_by_role("link", name="kegiatan.jpg", exact=True)).to_be_visible()
    # The photo as a thumbnail drawn by the server (loaded, not a broken image).
    thumb = entries.get_by_role("img", name=re.compile("kegiatan.jpg"))
    expect(thumb).to_be_visible()
    assert thumb.evaluate("img => img.complete && img.naturalWidth > 0")
    assert horizontal_overflow(page) <= 0


def test_officer_reports_progress_on_a_phone_and_the_leader_sees_it(demo, live_server, new_page):
    officer = new_page(390, 844)
    officer_problems = watch(officer)
    browser_login(officer, live_server, "disdik@kotim.example", DEMO_PASSWORD)
    _report_progress(officer, live_server)
    assert officer_problems == [], officer_problems

    leader = new_page()
    problems = watch(leader)
    browser_login(leader, live_server, "pimpinan@kotim.example", DEMO_PASSWORD)
    expect(leader.locator("h1")).to_contain_text("Dasbor pimpinan")
    # The demo's older reports fall outside the last 30 days: only today's counts.
    expect(leader.locator("#kpi-entries")).to_have_text("1")
    screenshot(leader, "leader-dashboard")
    leader.locator("#kpi-entries a").click()
    expect(leader.locator("main")).to_contain_text("25 anak")
    expect(leader.locator("main")).to_contain_text("Pendataan ulang di Kecamatan Mentaya Hilir Selatan")

    leader.get_by_role("link", name="Naskah kerja sama", exact=True).first.click()
    leader.get_by_role("link", name=re.compile("Kesepakatan Bersama antara")).first.click()
    ats_row = leader.locator("tr", has_text=ATS)
    expect(ats_row).to_contain_text("105 / 150 anak (70%)")
    expect(ats_row).to_contain_text(f"Terakhir: {format_date(today(), 'd MMMM y', locale='id')}")
    screenshot(leader, "agreement-detail")
    ats_row.get_by_role("link", name=ATS).click()
    expect(leader.locator("#realised")).to_have_text("105")
    expect(leader.locator("#percent")).to_have_text("70%")
    expect(leader.locator("#entries-title ~ ul")).to_contain_text("25 anak kembali bersekolah")
    assert problems == [], problems


def _demo_monev_and_reminders():
    """A submitted monev of the demo KB with the Kotim agencies' input, and today's reminders sent."""
    from datetime import date

    from sqlalchemy import select

    from tracker.agreements.models import Agreement
    from tracker.monev import services as monev
    from tracker.reminders.jobs import rules_job
    from tracker.users.models import User

    kb = db.session.scalar(select(Agreement).where(Agreement.title.like("Kesepakatan Bersama antara%")))
    admin = db.session.scalar(select(User).where(User.email == "koordinator@kotim.example"))
    data = {
        "period_label": "Semester II 2026", "period_start": date(2026, 7, 1), "period_end": date(2026, 12, 31),
        "purpose_fit": "Program yang berjalan sesuai dengan maksud dan tujuan KB.",
        "timeliness": "Pendataan ATS tepat waktu; penyaluran benih nila tertunda satu tahap.",
        "partner_contribution": "Seruyan menyalurkan benih nila tahap I dan berbagi data ATS lintas batas.",
        "coordination": "Rapat koordinasi bulanan Bagian Kerja Sama kedua pihak.",
        "impact": "80 anak kembali bersekolah; pembudidaya di Kuala Pembuang menerima 30.000 ekor benih.",
        "obstacles": "Bidang pencegahan kebakaran permukiman belum memiliki program.",
        "recommendation": "continue",
    }
    record = monev.create_monev(kb, kb.parties[0].party, data, admin, today())
    for item in record.inputs:
        if item.field.title.startswith("Penanganan anak"):
            monev.update_field_input(item, {"achievement": "80 dari 150 anak kembali bersekolah (53,3%).",
                                            "obstacles": "Data ATS dari desa terlambat masuk."}, admin)
    monev.submit_monev(record, admin, confirm_empty=True)
    db.session.commit()
    rules_job(today())
    db.session.commit()
    return record


def test_coordinator_pages_on_demo_data(demo, live_server, new_page):
    record = _demo_monev_and_reminders()
    page = new_page()
    problems = watch(page)
    browser_login(page, live_server, "koordinator@kotim.example", DEMO_PASSWORD)
    expect(page.locator("h1")).to_have_text("Naskah kerja sama")
    expect(page.locator("main")).to_contain_text("Kesepakatan Bersama antara Pemerintah Kabupaten Kotawaringin")
    expect(page.locator("main")).to_contain_text("Kabupaten Seruyan")
    screenshot(page, "agreement-list")

    page.get_by_role("link", name="Monev", exact=True).click()
    page.get_by_role("link", name=re.compile("Semester II 2026")).first.click()
    expect(page).to_have_url(f"{live_server}/monev/{record.id}")
    main = page.locator("main")
    expect(main).to_contain_text("Semester II 2026")
    expect(main).to_contain_text("Data ATS dari desa terlambat masuk.")
    expect(main).to_contain_text("Dilanjutkan")
    screenshot(page, "monev")

    page.get_by_role("link", name="Pengingat", exact=True).click()
    expect(page.locator("h1")).to_have_text("Pengingat")
    # The fire field has no programme a year after signing: today's pass reminded the leader.
    reminders = page.locator("main table")
    expect(reminders).to_contain_text("Bidang belum punya program tindak lanjut")
    expect(reminders).to_contain_text("Pencegahan dan penanganan kebakaran permukiman")
    expect(reminders).to_contain_text("Terkirim")
    screenshot(page, "reminders")
    assert problems == [], problems
