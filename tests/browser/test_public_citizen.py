"""A citizen on a phone, without an account: from the login page to what each field of the KB delivered."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import horizontal_overflow, screenshot, watch

pytestmark = pytest.mark.browser


def test_citizen_reads_what_the_four_fields_of_the_kotim_seruyan_kb_delivered(live_server, new_page, demo):
    page = new_page(390, 844)
    problems = watch(page)
    cookies_set = []
    page.on("response", lambda r: cookies_set.append(r.url)
            if "/publik/" in r.url and "set-cookie" in r.headers else None)

    page.goto(f"{live_server}/login")
    page.get_by_role("link", name="lihat hasil kerja sama daerah").click()
    expect(page).to_have_url(re.compile(r"/publik/$"))
    expect(page.locator("h1")).to_contain_text("Kerja sama antardaerah")
    page.locator("#public-regions").get_by_role("link", name="Kalimantan Tengah").click()
    page.locator("#public-members").get_by_role("link", name="Kabupaten Kotawaringin Timur").click()
    expect(page.locator("h1")).to_contain_text("Kabupaten Kotawaringin Timur")
    page.get_by_role("link", name=re.compile("Kesepakatan Bersama antara Pemerintah Kabupaten Kotawaringin Timur")).click()

    fields = page.locator(".public-field")
    expect(fields).to_have_count(4)
    expect(fields.nth(0)).to_contain_text("Penanganan anak tidak sekolah (ATS)")
    expect(fields.nth(0)).to_contain_text("80 dari 150 anak")
    expect(fields.nth(1)).to_contain_text("30.000 dari 100.000 ekor")
    expect(fields.nth(2)).to_contain_text("0 dari 2 kegiatan")
    expect(fields.nth(3)).to_contain_text("Belum ada tindak lanjut")
    photo = page.locator("img.public-photo").first
    photo.scroll_into_view_if_needed()
    expect(photo).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=photo.element_handle())
    for secret in ("Halikinnor", "Petugas Dinas", "@kotim.example", "@seruyan.example", "Contoh data"):
        expect(page.locator("body")).not_to_contain_text(secret)
    assert horizontal_overflow(page) <= 0
    screenshot(page, "public")

    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main")).to_contain_text("Fields of cooperation and their results")
    expect(page.locator(".public-field").nth(0)).to_contain_text("80 of 150 anak")
    assert cookies_set == [], cookies_set
    assert problems == [], problems
