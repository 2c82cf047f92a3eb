"""Reporting from the field without a signal, in Debian's chromium at phone size (390×844)."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import screenshot, watch
from tests.browser.offline_kit import (
    SLOW_3G,
    ServerLog,
    ats_programme,
    fill_report,
    open_form_from_my_work,
    phone_photo,
    stored_image,
    wait_until_kept,
)
from tracker.extensions import db
from tracker.progress.models import ProgressEntry

pytestmark = pytest.mark.browser
TEXT = "Pendataan ATS di Desa Bapinang Hilir tanpa sinyal"


def entries_with(text: str) -> list[ProgressEntry]:
    db.session.expire_all()
    return list(db.session.scalars(select(ProgressEntry).where(ProgressEntry.description == text)))


def test_report_sent_without_a_signal_arrives_once_with_a_light_photo(app, demo, live_server, new_page, tmp_path):
    log = ServerLog(app)
    photo = phone_photo(tmp_path / "IMG_20261201_0930.jpg")
    assert photo.stat().st_size > 4_000_000
    page = new_page(390, 844)
    problems = watch(page)
    open_form_from_my_work(page, live_server)
    form_path = page.evaluate("location.pathname")
    wait_until_kept(page, form_path)

    page.context.set_offline(True)
    log.watching = True
    fill_report(page, TEXT, "4", photo)
    expect(page.locator("#offline-sizes")).to_contain_text("→ dikirim")
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": -3.0123456, "longitude": 113.0456789, "accuracy": 8})
    page.get_by_role("button", name="Sertakan lokasi GPS saya").click()
    expect(page.locator("#position-status")).to_have_text("Lokasi: -3.01235, 113.04568 (±8 m)")
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.get_by_role("status")).to_contain_text("Tidak ada sinyal: laporan disimpan di ponsel")
    waiting = page.locator("[data-offline-list] .offline-report")
    expect(waiting).to_have_count(1)
    expect(waiting).to_contain_text(TEXT)
    expect(page.locator("#offline-nav")).to_contain_text("Menunggu dikirim (1)")

    page.reload()  # no signal: the phone's copy of the form opens, the report still waits
    expect(page.locator("h1")).to_have_text("Laporkan kemajuan")
    expect(page.locator("[data-offline-list] .offline-report")).to_contain_text(TEXT)
    screenshot(page, "offline-waiting")
    # Nothing of the page reached the server while offline. (Chromium's own check for a new service
    # worker, /sw.js and its imports, is made by the browser and ignores the emulated offline state.)
    worker = ("GET /sw.js", "GET /static/js/offline/send.js", "GET /static/js/offline/store.js")
    assert [p for p in log.paths if p not in worker] == [], log.paths
    assert entries_with(TEXT) == []

    log.watching = False
    page.context.set_offline(False)
    expect(page.locator("#offline-nav")).to_have_attribute("hidden", "", timeout=30_000)
    (entry,) = entries_with(TEXT)
    (attachment,) = entry.attachments
    size, (width, height) = stored_image(page, live_server, attachment.id)
    assert size < 500_000 and attachment.size_bytes == size
    assert (width, height) == (1200, 1600)  # longest side 1600, turned upright as the camera said
    assert (str(entry.latitude), str(entry.longitude), entry.position_accuracy_m) == ("-3.012346", "113.045679", 8)
    page.goto(f"{live_server}/programmes/{entry.programme_id}")
    expect(page.locator(f"#entry-{entry.id}")).to_contain_text("Koordinat: -3.012346, 113.045679 (±8 m)")
    expect(page.locator(f"#entry-{entry.id}").get_by_role("link", name="Lihat di peta")).to_have_attribute(
        "href", re.compile(r"^https://www\.openstreetmap\.org/\?mlat=-3\.012346&mlon=113\.045679"))
    expect(page.locator("[data-offline-list]")).to_be_hidden()
    assert len(entries_with(TEXT)) == 1
    assert problems == [] or all("ERR_INTERNET_DISCONNECTED" in p for p in problems), problems


def test_refused_report_keeps_the_servers_message_through_a_worker_update(app, demo, live_server, new_page):
    app.config["RELEASE_VERSION"] = "uji-1"
    page = new_page(390, 844)
    open_form_from_my_work(page, live_server)
    page.context.set_offline(True)
    fill_report(page, "Laporan yang menunggu pembaruan aplikasi", "2")
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.locator("#offline-nav")).to_contain_text("Menunggu dikirim (1)")

    programme = ats_programme()
    programme.archived_at = programme.updated_at  # archived meanwhile by the office
    db.session.commit()
    page.context.set_offline(False)
    report = page.locator("[data-offline-list] .offline-report")
    expect(report).to_contain_text("Ditolak server: Tidak ditemukan", timeout=30_000)

    app.config["RELEASE_VERSION"] = "uji-2"  # a new deployment
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    page.wait_for_function("""async () => {
        const names = await caches.keys();
        return names.includes('sinergi-shell-uji-2') && !names.some(n => n.endsWith('uji-1'));
    }""", timeout=30_000, polling=250)
    page.locator(".navbar-toggler").click()
    page.get_by_role("link", name="Menunggu dikirim (1)").click()  # the menu, served by the new worker
    expect(page.locator("h1")).to_have_text("Laporan yang menunggu dikirim")
    expect(page.locator("[data-offline-list] .offline-report")).to_contain_text("Ditolak server: Tidak ditemukan")
    screenshot(page, "offline-refused")

    programme.archived_at = None
    db.session.commit()
    page.locator("[data-offline-list] .offline-report").get_by_role("link", name="Ubah").click()
    expect(page.locator("#description")).to_have_value("Laporan yang menunggu pembaruan aplikasi")
    page.fill("#quantity", "3")
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.locator(".alert-success")).to_contain_text("Laporan kemajuan tersimpan")
    (entry,) = entries_with("Laporan yang menunggu pembaruan aplikasi")
    assert str(entry.quantity) == "3.00"


def test_back_and_send_again_moves_the_realisation_once(demo, live_server, new_page):
    page = new_page(390, 844)
    open_form_from_my_work(page, live_server)
    before = float(ats_programme_realised(page, live_server))
    fill_report(page, "Kunjungan rumah ATS, dikirim dua kali", "3")
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.locator(".alert-success")).to_contain_text("Laporan kemajuan tersimpan")
    page.go_back()
    fill_report(page, "Kunjungan rumah ATS, dikirim dua kali", "3")
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.locator("main .alert").first).to_contain_text("Laporan ini sudah tersimpan")
    assert float(ats_programme_realised(page, live_server)) == before + 3
    assert len(entries_with("Kunjungan rumah ATS, dikirim dua kali")) == 1


def ats_programme_realised(page, base_url: str) -> str:
    other = page.context.new_page()
    other.goto(f"{base_url}/programmes/{ats_programme().id}")
    text = other.locator("#realised").inner_text().replace(".", "").replace(",", ".")
    other.close()
    return text


def _send_timed(page, description: str, photo, original: bool) -> float:
    fill_report(page, description, "1", photo)
    page.set_checked("#send-original", original)
    expect(page.locator("#offline-sizes li")).to_contain_text("dikirim" if not original else "MB")
    started = time.monotonic()
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.locator(".alert-success")).to_contain_text("Laporan kemajuan tersimpan", timeout=240_000)
    return time.monotonic() - started


def test_slow_3g_phone_photo_with_and_without_resizing(demo, live_server, new_page, tmp_path):
    photo = phone_photo(tmp_path / "IMG_20261201_1015.jpg", sigma=10, quality=88)
    page = new_page(390, 844)
    open_form_from_my_work(page, live_server)
    form_url = page.url
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    original = _send_timed(page, "Foto ukuran asli lewat 3G lambat", photo, original=True)
    page.goto(form_url)
    resized = _send_timed(page, "Foto diperkecil lewat 3G lambat", photo, original=False)
    sizes = [e.attachments[0].size_bytes for e in entries_with("Foto ukuran asli lewat 3G lambat")
             + entries_with("Foto diperkecil lewat 3G lambat")]
    print(f"\nslow 3G, {photo.stat().st_size / 1e6:.1f} MB phone photo: original {sizes[0] / 1e6:.2f} MB in "
          f"{original:.1f} s; resized {sizes[1] / 1e3:.0f} KB in {resized:.1f} s")
    assert sizes[1] < sizes[0] / 4 and resized < original / 2


def test_waiting_reports_stay_with_their_account_and_logout_warns(app, demo, live_server, new_page, make):
    from tests.browser.conftest import browser_login
    from tests.browser.offline_kit import Outage, ats_programme

    outage = Outage(app)
    colleague = make.user("officer", agency=ats_programme().agency, email="rekan@kotim.example")
    db.session.commit()
    page = new_page(390, 844)
    open_form_from_my_work(page, live_server)
    outage.on = True  # the send fails: the report waits although there is a signal
    fill_report(page, "Laporan petugas pertama", "5")
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.get_by_role("status")).to_contain_text("laporan disimpan di ponsel")

    dialogs: list[str] = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    page.locator(".navbar-toggler").click()
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/login**")
    assert dialogs and "Masih ada 1 laporan yang menunggu dikirim" in dialogs[0]
    outage.on = False  # the server is back while the other officer uses the phone

    browser_login(page, live_server, colleague.email, make.PASSWORD)
    page.wait_for_load_state("networkidle")
    expect(page.locator("#offline-nav")).to_have_attribute("hidden", "")
    assert page.evaluate("SinergiStore.all().then(r => r.length)") == 1  # kept for its own account
    assert entries_with("Laporan petugas pertama") == []

    page.locator(".navbar-toggler").click()
    page.get_by_role("button", name="Keluar").click()  # nothing of this account waits: no question
    page.wait_for_url("**/login**")
    open_form_from_my_work(page, live_server)
    page.wait_for_function("SinergiStore.all().then(r => r.length === 0)", polling=250)
    (entry,) = entries_with("Laporan petugas pertama")
    assert entry.reported_by.email == "disdik@kotim.example"


def test_a_waiting_report_can_be_deleted(demo, live_server, new_page):
    page = new_page(390, 844)
    open_form_from_my_work(page, live_server)
    wait_until_kept(page, page.evaluate("location.pathname"))
    page.context.set_offline(True)
    fill_report(page, "Laporan yang salah ketik", "9")
    page.get_by_role("button", name="Kirim laporan").click()
    report = page.locator("[data-offline-list] .offline-report")
    expect(report).to_contain_text("Laporan yang salah ketik")
    page.once("dialog", lambda dialog: dialog.accept())
    report.get_by_role("button", name="Hapus").click()
    expect(page.locator("[data-offline-list]")).to_have_attribute("hidden", "")
    page.context.set_offline(False)
    page.reload()
    page.wait_for_load_state("networkidle")
    assert entries_with("Laporan yang salah ketik") == []
