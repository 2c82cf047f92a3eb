"""Keyboard-only use of the two main forms, labels on every input, and both interface languages."""

from __future__ import annotations

import pytest
from flask_babel import force_locale, gettext
from playwright.sync_api import expect

from tests.browser.conftest import browser_login, unlabelled, watch
from tests.samples import PNG

pytestmark = pytest.mark.browser


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab (only Tab) until the focused element matches ``selector``."""
    for _ in range(limit):
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def _pick_with_arrows(page, selector: str, label: str) -> None:
    """Choose an option with the arrow keys; the form reloads once, when the user leaves the list."""
    tab_to(page, selector)
    selected = "s => document.querySelector(s).selectedOptions[0].text"
    for _ in range(10):
        if page.evaluate(selected, selector) == label:
            break
        page.keyboard.press("ArrowDown")  # no reload under the user's fingers
    else:
        raise AssertionError(f"{label} not reached with the arrow keys")
    with page.expect_navigation():
        page.keyboard.press("Tab")
    assert page.evaluate(selected, selector) == label


def test_agreement_and_progress_forms_with_the_keyboard_only(live_server, new_page, make):
    kotim = make.party("Kabupaten Kotawaringin Timur", "62.02")
    seruyan = make.party("Kabupaten Seruyan", "62.07")
    disdik = make.agency(kotim, "Dinas Pendidikan")
    make.agency(seruyan, "Dinas Pendidikan dan Kebudayaan")
    admin = make.user("admin", party=kotim)
    page = new_page()
    problems = watch(page)
    browser_login(page, live_server, admin.email, make.PASSWORD)
    page.goto(f"{live_server}/agreements/add")
    assert unlabelled(page) == []

    _pick_with_arrows(page, "#parties-1-party_id", "62.07 · Kabupaten Seruyan")
    tab_to(page, "#title")
    page.keyboard.type("KB Kotim dan Seruyan (papan ketik)")
    tab_to(page, "#fields-0-title")
    page.keyboard.type("Penanganan anak tidak sekolah (ATS)")
    tab_to(page, "#fields-0-agencies-0-agency_id")
    page.keyboard.press("ArrowDown")
    tab_to(page, "#fields-0-agencies-1-agency_id")
    page.keyboard.press("ArrowDown")
    # "Tambah baris" by Enter adds a row and puts the cursor in its title.
    tab_to(page, ".js-add-field")
    page.keyboard.press("Enter")
    expect(page.locator(".js-field-row")).to_have_count(3)
    assert page.evaluate("document.activeElement.id") == "fields-2-title"
    page.keyboard.type("Penanggulangan bencana")
    assert unlabelled(page) == []
    page.keyboard.press("Enter")  # Enter in a text box saves

    expect(page.locator(".alert-success")).to_contain_text("Naskah kerja sama tersimpan.")
    first = page.locator("#fields-title ~ article").first
    expect(first).to_contain_text("Penanganan anak tidak sekolah (ATS)")
    expect(first).to_contain_text("Dinas Pendidikan dan Kebudayaan")
    expect(page.locator("#fields-title ~ article").nth(1)).to_contain_text("Penanggulangan bencana")

    agreement = make.agreement([kotim, seruyan], fields=["Penanganan anak tidak sekolah (ATS)"])
    programme = make.programme(agreement.fields[0], agency=disdik)
    officer = make.user("officer", agency=disdik)
    phone = new_page(390, 844)
    # Playwright turns on file-chooser interception without waiting for the browser's reply, so a
    # listener added just before the key press can lose the race under load (puppeteer#6040). One
    # listener from the start keeps interception on long before Space is pressed.
    phone.on("filechooser", lambda chooser: None)
    problems += watch(phone)
    browser_login(phone, live_server, officer.email, make.PASSWORD)
    phone.goto(f"{live_server}/programmes/{programme.id}")
    tab_to(phone, "a[href$='/progress/add']")
    phone.keyboard.press("Enter")
    expect(phone.locator("h1")).to_have_text("Laporkan kemajuan")
    assert unlabelled(phone) == []
    tab_to(phone, "#description")
    phone.keyboard.type("Sosialisasi ke sekolah; 12 anak terdaftar kembali.")
    tab_to(phone, "#quantity")
    phone.keyboard.type("12")
    tab_to(phone, "#photos")
    with phone.expect_file_chooser() as chooser:
        phone.keyboard.press("Space")
    chooser.value.set_files(files=[{"name": "sosialisasi.png", "mimeType": "image/png", "buffer": PNG}])
    expect(phone.locator("#file-list")).to_contain_text("sosialisasi.png")
    tab_to(phone, "#progress-form [type=submit]")
    phone.keyboard.press("Enter")
    expect(phone.locator("#realised")).to_have_text("12")
    expect(phone.locator("#entries-title ~ ul")).to_contain_text("12 anak terdaftar kembali")
    assert problems == [], problems


def test_indonesian_and_english_both_render(app, live_server, new_page, make):
    kotim = make.party("Kabupaten Kotawaringin Timur", "62.02")
    agreement = make.agreement([kotim, make.party("Kabupaten Seruyan", "62.07")], title="KB Kotim dan Seruyan")
    leader = make.user("leader", party=kotim)
    with app.test_request_context(), force_locale("en"):
        english = {text: gettext(text) for text in ("Naskah kerja sama", "Akun saya", "Bahasa tersimpan.")}
    assert english["Naskah kerja sama"] != "Naskah kerja sama", "the English catalog is missing"
    page = new_page()
    problems = watch(page)
    browser_login(page, live_server, leader.email, make.PASSWORD)
    page.goto(f"{live_server}/agreements/{agreement.id}")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("main")).to_contain_text("3 November 2025")
    expect(page.locator("nav.navbar")).to_contain_text("Naskah kerja sama")

    # The footer switcher: English on the same page, and kept in the account.
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main")).to_contain_text("November 3, 2025")
    expect(page.locator("nav.navbar")).to_contain_text(english["Naskah kerja sama"])
    expect(page.locator("nav.navbar")).not_to_contain_text("Naskah kerja sama")

    # Back to Indonesian from the account page.
    page.goto(f"{live_server}/account")
    expect(page.locator("h1")).to_have_text(english["Akun saya"])
    page.select_option("#locale", "id")
    page.locator("main form [type=submit]").click()
    expect(page.locator("h1")).to_have_text("Akun saya")
    expect(page.locator(".alert-success")).to_have_text("Bahasa tersimpan.")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    assert problems == [], problems
