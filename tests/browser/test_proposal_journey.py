"""A proposal walked in a real chromium by both coordinators: offer, answer, KB, and on to the PKS."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import browser_login, screenshot, unlabelled, watch
from tests.samples import PNG
from tracker.demo import KOTIM, SERUYAN
from tracker.extensions import db
from tracker.parties.services import ensure_agency, load_regions, region

pytestmark = pytest.mark.browser

TITLE = "Kerja sama penanganan anak tidak sekolah (uji browser)"


def _coordinators(make):
    load_regions()
    kotim, seruyan = region(KOTIM), region(SERUYAN)
    ensure_agency(kotim, "Dinas Pendidikan")
    kotim_admin = make.user("admin", party=kotim, email="koordinator@kotim.example")
    seruyan_admin = make.user("admin", party=seruyan, email="koordinator@seruyan.example")
    db.session.commit()
    return kotim_admin, seruyan_admin


def _finish_current(page, **fields) -> None:
    for name, value in fields.items():
        page.fill(f"#done-{name}", value)
    page.get_by_role("button", name="Tandai selesai").click()


def test_both_coordinators_walk_a_proposal_to_the_kb(live_server, new_page, make, tmp_path):
    kotim_admin, seruyan_admin = _coordinators(make)
    kotim = new_page()
    problems = watch(kotim)
    browser_login(kotim, live_server, kotim_admin.email, make.PASSWORD)
    kotim.get_by_role("link", name="Usulan", exact=True).first.click()
    kotim.get_by_role("link", name="Catat usulan baru").click()
    kotim.fill("#title", TITLE)
    kotim.select_option("#counterpart_party_id", label="Kabupaten Seruyan")
    kotim.select_option("#government_affair", "pendidikan")
    kotim.fill("#fields_text", "Penanganan anak tidak sekolah\nPembudidayaan ikan nila")
    kotim.fill("#reason", "Anak di perbatasan putus sekolah")
    kotim.fill("#expected_benefit", "Anak kembali sekolah")
    kotim.select_option("#responsible_agency_id", label="Dinas Pendidikan")
    assert unlabelled(kotim) == []
    kotim.get_by_role("button", name="Simpan usulan").click()
    expect(kotim.locator(".alert-success")).to_contain_text("Usulan kerja sama tersimpan.")
    expect(kotim.locator("#current-title")).to_contain_text("Persiapan")
    _finish_current(kotim)
    letter = tmp_path / "surat-penawaran.png"
    letter.write_bytes(PNG)
    kotim.select_option("#doc-kind", "offer_letter")
    kotim.set_input_files("#doc-file", str(letter))
    kotim.get_by_role("button", name="Unggah").click()
    expect(kotim.locator("#documents")).to_contain_text("surat-penawaran.png")
    _finish_current(kotim)
    expect(kotim.locator("#stage-penawaran")).to_contain_text("Selesai")
    url = kotim.url

    seruyan = new_page()
    problems += watch(seruyan)
    browser_login(seruyan, live_server, seruyan_admin.email, make.PASSWORD)
    seruyan.goto(url)
    expect(seruyan.locator("h1")).to_have_text(TITLE)
    expect(seruyan.locator("#documents")).to_contain_text("surat-penawaran.png")
    seruyan.get_by_role("link", name="Putuskan").click()
    seruyan.get_by_label("Setuju").check()
    seruyan.get_by_role("button", name="Kirim keputusan").click()
    expect(seruyan.locator(".alert-success")).to_be_visible()
    seruyan.goto(url)
    expect(seruyan.locator("#answer-status")).to_contain_text("Mitra bersedia melanjutkan")

    kotim.reload()
    expect(kotim.locator("#answer-status")).to_contain_text("Mitra bersedia melanjutkan")
    _finish_current(kotim)  # penyusunan KB
    expect(kotim.locator("#current-title")).to_contain_text("Penandatanganan KB")
    screenshot(kotim, "proposal-signing")
    _finish_current(kotim, place="Sampit", proposer_number="000.3/01/KSD/2026", counterpart_number="07/HUK/2026")
    expect(kotim.locator(".alert-success")).to_contain_text("Naskah KB tercatat dari usulan ini.")
    expect(kotim.locator("h1")).to_contain_text(TITLE)
    expect(kotim.locator("main")).to_contain_text("Pembudidayaan ikan nila")
    expect(kotim.locator("main")).to_contain_text("07/HUK/2026")

    seruyan.reload()
    expect(seruyan.locator("#stage-penandatanganan_kb")).to_contain_text("Sampit")
    expect(seruyan.locator("#stage-persetujuan_dprd")).to_contain_text("Dilewati")
    expect(seruyan.locator("#stages .table-primary")).to_contain_text("Penyusunan PKS")
    assert problems == []
