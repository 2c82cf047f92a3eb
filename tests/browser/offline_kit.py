"""Helpers for the offline browser tests: phone-like photos, the officer's form, what the server saw."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from sqlalchemy import select

from tests.browser.conftest import browser_login
from tracker.demo import DEMO_PASSWORD
from tracker.extensions import db
from tracker.programs.models import Programme

ATS = "Pendataan dan pengembalian anak tidak sekolah ke sekolah"
OFFICER = "disdik@kotim.example"
# Chrome DevTools' "Slow 3G" preset (NetworkManager.ts): 2 s latency, 400 kbit/s each way.
SLOW_3G = {"offline": False, "latency": 2000, "downloadThroughput": 50_000, "uploadThroughput": 50_000}


def phone_photo(path: Path, sigma: float = 14, quality: int = 91) -> Path:
    """A 12-megapixel JPEG taken in portrait (EXIF orientation 6), grainy like a phone's."""
    width, height = 4032, 3024
    base = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), sigma)
    image = Image.merge("RGB", (base, noise, Image.blend(base, noise, 0.5)))
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was held upright: show it turned 90°
    image.save(path, "JPEG", quality=quality, exif=exif)
    return path


def ats_programme() -> Programme:
    return db.session.scalar(select(Programme).where(Programme.name == ATS))


def open_form_from_my_work(page, base_url: str) -> None:
    """Sign in as the Disdik officer, then "Pekerjaan saya" → "Laporkan kemajuan" of the ATS programme."""
    browser_login(page, base_url, OFFICER, DEMO_PASSWORD)
    page.locator(".navbar-toggler").click()
    page.get_by_role("link", name="Pekerjaan saya").click()
    page.locator("tr", has_text=ATS).get_by_role("link", name="Laporkan kemajuan").click()
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def wait_until_kept(page, path: str) -> None:
    """Wait until the phone keeps ``path`` in the page cache (kept pages open without a signal)."""
    page.wait_for_function(
        """async (path) => {
          for (const name of await caches.keys()) {
            if (name.startsWith('sinergi-pages-') && await (await caches.open(name)).match(path)) { return true; }
          }
          return false;
        }""", arg=path, timeout=30_000, polling=250)
    page.wait_for_load_state("networkidle")  # the page's own state check is over too


def fill_report(page, description: str, quantity: str, photo: Path | None = None) -> None:
    page.fill("#description", description)
    page.fill("#quantity", quantity)
    page.fill("#location", "Desa Bapinang Hilir")
    if photo is not None:
        page.set_input_files("#photos", str(photo))
        page.locator("#offline-sizes li").first.wait_for()


def stored_image(page, base_url: str, attachment_id: int) -> tuple[int, tuple[int, int]]:
    """Bytes and pixel size of an evidence photo as the server keeps it."""
    body = page.request.get(f"{base_url}/attachments/{attachment_id}").body()
    return len(body), Image.open(io.BytesIO(body)).size


class ServerLog:
    """Paths the server was asked for while ``watching`` is on (to prove a page came from the phone)."""

    def __init__(self, app):
        self.watching = False
        self.paths: list[str] = []
        app.before_request(self._see)

    def _see(self):
        from flask import request

        if self.watching:
            self.paths.append(f"{request.method} {request.path}")


class Outage:
    """While ``on``, the server answers report posts with 503, as an overloaded one would."""

    def __init__(self, app):
        self.on = False
        app.before_request(self._refuse)

    def _refuse(self):
        from flask import request

        if self.on and request.method == "POST" and request.path.endswith("/progress/add"):
            return "Layanan sedang sibuk", 503
        return None
