"""The real browser reaches the app: login, the agreements page, no console errors."""

import pytest

from tests.browser.conftest import browser_login

pytestmark = pytest.mark.browser


def test_login_and_agreements_page_in_chromium(live_server, new_page, make):
    kotim = make.party("Kabupaten Kotawaringin Timur", "62.02")
    seruyan = make.party("Kabupaten Seruyan", "62.07")
    make.agreement([kotim, seruyan], title="KB Kotim dan Seruyan", fields=["Penanggulangan bencana"])
    user = make.user("leader", party=kotim)
    page = new_page(390, 844)
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    browser_login(page, live_server, user.email, make.PASSWORD)
    page.goto(f"{live_server}/agreements/")
    assert "KB Kotim dan Seruyan" in page.inner_text("main")
    assert "Penanggulangan bencana" in page.inner_text("main")
    assert errors == [], errors  # e.g. a CSP violation or a missing local asset
