"""Layout in a real chromium: the menu at 1280 px, phones at 390 px on every page officers and leaders reach."""

from __future__ import annotations

import io
import re
from urllib.parse import urljoin, urlparse

import pytest
from playwright.sync_api import expect
from werkzeug.datastructures import FileStorage

from tests.browser.conftest import browser_login, horizontal_overflow, screenshot, watch
from tests.browser.test_journeys import _demo_monev_and_reminders
from tests.samples import JPEG
from tracker.demo import DEMO_PASSWORD
from tracker.extensions import db

pytestmark = pytest.mark.browser

# Links that are not pages: downloads, feeds, the API, one-time links, the language switch.
NOT_A_PAGE = re.compile(r"\.(pdf|xlsx|ics|csv|jpg|json)\b|format=(csv|xlsx|pdf)|/attachments/\d+(\?|$)|/documents/\d+(\?|$)"
                        r"|/api/|/r/|/static/|/bootstrap/")
PAGES_PER_KIND = 2  # pages of the same kind (/programmes/1, /programmes/2) checked per user

_SCROLLERS = """() => Array.from(document.querySelectorAll('main .table-responsive, main table'))
  .filter(el => el.scrollWidth > el.clientWidth + 1)
  .map(el => (el.querySelector('th') || el).textContent.trim().slice(0, 40))"""


def _evidence_photo():
    """A photo on the demo's first progress entry, so the thumbnail and its large view are reached."""
    from sqlalchemy import select

    from tracker.attachments.services import store_upload
    from tracker.progress.models import ProgressEntry

    entry = db.session.scalars(select(ProgressEntry).order_by(ProgressEntry.id)).first()
    store_upload(FileStorage(io.BytesIO(JPEG), "kegiatan.jpg"), progress_entry=entry)
    db.session.commit()


def _crawl(page, base: str, limit: int = 80):
    """Every page reachable by links from the home page (a couple of each kind), visited in turn."""
    seen, todo, kinds = set(), ["/"], {}
    visited = []
    while todo and len(visited) < limit:
        path = todo.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(base + path)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        visited.append(path)
        yield path
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            url = urlparse(urljoin(base + path, href))
            if url.netloc != urlparse(base).netloc or NOT_A_PAGE.search(url.path + "?" + url.query):
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            kind = re.sub(r"\d+", "N", url.path)
            if target not in seen and kinds.get(kind, 0) < PAGES_PER_KIND:
                kinds[kind] = kinds.get(kind, 0) + 1
                todo.append(target)


@pytest.mark.parametrize("email, locale", [
    ("disdik@kotim.example", "id"), ("disdik@kotim.example", "en"),
    ("pimpinan@kotim.example", "id"), ("pimpinan@kotim.example", "en"),
    ("koordinator@kotim.example", "id"),  # the coordinator's own pages too (users, audit trail)
])
def test_no_page_scrolls_sideways_on_a_phone(demo, live_server, new_page, email, locale):
    _demo_monev_and_reminders()
    _evidence_photo()
    page = new_page(390, 844)
    problems = watch(page)
    browser_login(page, live_server, email, DEMO_PASSWORD)
    if locale == "en":
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    wide, pages = {}, []
    for path in _crawl(page, live_server):
        pages.append(path)
        overflow, scrollers = horizontal_overflow(page), page.evaluate(_SCROLLERS)
        if overflow > 0 or scrollers:
            wide[path] = (overflow, scrollers)
    assert len(pages) >= 15, pages
    assert wide == {}, wide  # page wider than the phone, or a table whose columns scroll out of sight
    kinds = {re.sub(r"\d+", "N", urlparse(p).path) for p in pages}
    expected = {"/programmes/N", "/agreements/N", "/monev/", "/monev/N", "/attachments/N/view"}
    if not email.startswith("disdik"):
        expected |= {"/dashboard", "/dashboard/agreements/N", "/dashboard/agencies", "/reminders/"}
    if email.startswith("koordinator"):
        expected |= {"/users/", "/audit/"}
    assert expected <= kinds, expected - kinds
    assert [p for p in problems if "/attachments/" not in p or " 404 " in p] == [], problems


def _contrast(page, selector: str) -> list[tuple[str, float]]:
    """(text, contrast ratio against the navbar's blue) of each visible element matching ``selector``."""
    return page.evaluate("""([selector]) => {
      const lum = c => { const [r, g, b] = c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map(v => {
        v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
      const bg = lum(getComputedStyle(document.querySelector('nav.navbar')).backgroundColor);
      return Array.from(document.querySelectorAll(selector)).filter(el => el.offsetParent !== null)
        .map(el => { const fg = lum(getComputedStyle(el).color);
          return [el.textContent.trim(), (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05)]; });
    }""", [selector])


@pytest.mark.parametrize("width", [1280, 1366])
@pytest.mark.parametrize("locale", ["id", "en"])
def test_menu_is_one_legible_line_on_a_laptop(demo, live_server, new_page, width, locale):
    page = new_page(width, 800)
    browser_login(page, live_server, "koordinator@kotim.example", DEMO_PASSWORD)
    if locale == "en":
        page.get_by_role("button", name="English").click()
    bar = page.locator("nav.navbar")
    assert bar.bounding_box()["height"] < 70, "the menu wraps onto a second line"
    tops = {round(box["y"]) for box in (item.bounding_box() for item in bar.locator(".navbar-nav > li").all())
            if box}
    assert len(tops) == 1, tops
    assert page.evaluate("() => document.querySelector('nav.navbar').scrollWidth <= window.innerWidth")
    low = [(text, ratio) for text, ratio in _contrast(page, "nav.navbar a, nav.navbar button") if ratio < 4.5]
    assert low == [], low  # "Arsip" was 50 % white on the blue
    # Archive, integration and the account sit in the account menu, legible when it opens.
    bar.locator(".nav-account").click()
    menu = bar.locator(".dropdown-menu.show")
    expect(menu.get_by_role("link", name=re.compile("Arsip|Archive"))).to_be_visible()
    expect(menu).to_contain_text("Kabupaten Kotawaringin Timur")


def test_phone_menu_unfolds_with_every_item(demo, live_server, new_page):
    page = new_page(390, 844)
    browser_login(page, live_server, "koordinator@kotim.example", DEMO_PASSWORD)
    expect(page.locator("#nav")).to_be_hidden()
    page.locator(".navbar-toggler").click()
    expect(page.locator("#nav")).to_have_class(re.compile(r"\bshow\b"))
    for name in ("Naskah kerja sama", "Pengguna", "Pengingat", "Arsip", "Integrasi", "Akun saya"):
        expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()
    assert horizontal_overflow(page) <= 0


def test_leader_dashboard_on_a_phone_shows_figures_first_and_folds_filters(demo, live_server, new_page):
    page = new_page(390, 844, locale="en-US")  # an English browser: a native date field says mm/dd/yyyy
    browser_login(page, live_server, "pimpinan@kotim.example", DEMO_PASSWORD)
    page.goto(f"{live_server}/dashboard")
    first_figure, summary = page.locator("#kpi-no-follow-up"), page.locator(".filters-fold > summary")
    assert first_figure.bounding_box()["y"] < summary.bounding_box()["y"]
    assert first_figure.bounding_box()["y"] < 844  # a figure on the first screen
    expect(page.locator("#f-party")).to_be_hidden()
    screenshot(page, "leader-dashboard-phone")
    summary.click()
    expect(page.locator("#f-party")).to_be_visible()
    page.fill("#f-start", "01/06/2026")
    page.fill("#f-end", "30/06/2026")
    page.get_by_role("button", name="Terapkan").click()
    expect(page.locator("#f-start")).to_have_value("01/06/2026")
    expect(page.locator("main")).to_contain_text("Laporan kemajuan 1 Juni 2026 – 30 Juni 2026")
    expect(page.locator(".filters-fold > summary")).to_contain_text("2 aktif")


def test_date_filters_show_the_whole_date_on_a_laptop(demo, live_server, new_page):
    page = new_page(1280, 800, locale="en-US")
    browser_login(page, live_server, "pimpinan@kotim.example", DEMO_PASSWORD)
    page.goto(f"{live_server}/dashboard/expiry?start=2026-06-01&end=2026-06-30")
    for field in ("#f-start", "#f-end", "#f-party"):
        expect(page.locator(field)).to_be_visible()  # unfolded on a wide screen, no button to press
    expect(page.locator("#f-start")).to_have_value("01/06/2026")
    cut = page.evaluate("""() => ['f-start', 'f-end'].map(id => document.getElementById(id))
      .filter(el => el.scrollWidth > el.clientWidth).map(el => el.id)""")
    assert cut == []  # was "mm/dd" in a 1-column field
