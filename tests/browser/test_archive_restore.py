"""A programme archived by mistake comes back: Arsipkan, then Arsip → Pulihkan, on a phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import browser_login, watch

pytestmark = pytest.mark.browser


def test_coordinator_restores_a_programme_archived_by_mistake(live_server, new_page, make):
    kotim = make.party("Kabupaten Kotawaringin Timur", "62.02")
    seruyan = make.party("Kabupaten Seruyan", "62.07")
    disdik = make.agency(kotim, "Dinas Pendidikan")
    agreement = make.agreement([kotim, seruyan], title="KB Kotim dan Seruyan",
                               fields=["Penanganan anak tidak sekolah (ATS)"])
    programme = make.programme(agreement.fields[0], agency=disdik, name="Pendataan anak tidak sekolah")
    admin = make.user("admin", party=kotim)
    page = new_page(390, 844)
    problems = watch(page)
    browser_login(page, live_server, admin.email, make.PASSWORD)

    page.goto(f"{live_server}/programmes/{programme.id}")
    page.get_by_role("button", name="Arsipkan program").click()
    expect(page.locator(".alert-success")).to_contain_text("diarsipkan")
    expect(page.locator("#fields-title ~ article").first).not_to_contain_text("Pendataan anak tidak sekolah")

    page.locator(".navbar-toggler").click()  # the menu is folded on a phone
    expect(page.locator("#nav")).to_have_class(re.compile(r"\bshow\b"))  # unfolded, not still moving
    page.get_by_role("link", name="Arsip", exact=True).click()
    expect(page).to_have_url(re.compile(r"/archive/$"))
    expect(page.locator("h1")).to_have_text("Arsip")
    page.get_by_role("button", name="Pulihkan Pendataan anak tidak sekolah").click()
    expect(page.locator(".alert-success")).to_contain_text("Program Pendataan anak tidak sekolah dipulihkan.")
    expect(page.locator("main")).not_to_contain_text("Program ini sudah diarsipkan.")
    page.goto(f"{live_server}/agreements/{agreement.id}")
    expect(page.locator("#fields-title ~ article").first).to_contain_text("Pendataan anak tidak sekolah")
    assert problems == [], problems
