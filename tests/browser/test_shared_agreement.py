"""Both sides own the shared KB: Seruyan proposes a new end date, Kotim accepts, both see it."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import browser_login, watch

pytestmark = pytest.mark.browser


def test_partner_proposes_a_new_end_date_and_cannot_remove_kotim(live_server, new_page, make):
    kotim = make.party("Kabupaten Kotawaringin Timur", "62.02")
    seruyan = make.party("Kabupaten Seruyan", "62.07")
    agreement = make.agreement([kotim, seruyan], title="KB Kotim dan Seruyan",
                               fields=["Penanganan anak tidak sekolah (ATS)"])
    kotim_admin, seruyan_admin = make.user("admin", party=kotim), make.user("admin", party=seruyan)

    proposer = new_page()
    problems = watch(proposer)
    browser_login(proposer, live_server, seruyan_admin.email, make.PASSWORD)
    proposer.goto(f"{live_server}/agreements/{agreement.id}")
    proposer.get_by_role("link", name="Ubah", exact=True).click()
    # Kotim's part is shown, not editable, and has no remove button.
    kotim_card = proposer.locator(".party-locked")
    expect(kotim_card).to_contain_text("Kabupaten Kotawaringin Timur")
    expect(kotim_card).to_contain_text("hanya koordinatornya yang mengubahnya")
    expect(proposer.get_by_role("button", name="Hapus pihak ini")).to_have_count(0)
    proposer.fill("input[name=valid_until]", "2031-12-31")
    proposer.get_by_role("button", name="Simpan").last.click()
    expect(proposer.locator(".alert-info").first).to_contain_text("Menunggu persetujuan pihak lain")
    expect(proposer.locator(".consent-pending")).to_contain_text("31 Desember 2031")
    expect(proposer.locator("#validity-title + dl")).to_contain_text("2 November 2030")

    decider = new_page()
    problems += watch(decider)
    browser_login(decider, live_server, kotim_admin.email, make.PASSWORD)
    decider.goto(f"{live_server}/agreements/{agreement.id}")
    notice = decider.locator(".consent-pending")
    expect(notice).to_contain_text("Mengubah masa berlaku")
    notice.get_by_role("link", name="Putuskan").click()
    decider.get_by_label("Setuju").check()
    decider.get_by_role("button", name="Kirim keputusan").click()
    expect(decider.locator(".alert-success")).to_contain_text("perubahan sudah berlaku")

    for page in (decider, proposer):
        page.goto(f"{live_server}/agreements/{agreement.id}")
        expect(page.locator("#validity-title + dl")).to_contain_text("31 Desember 2031")
        expect(page.locator(".consent-pending")).to_have_count(0)
    assert problems == [], problems
