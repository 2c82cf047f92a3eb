"""Issue 13: a monev that stands (snapshot), asks before empty agency rows, reaches agencies, is chased when late."""

from __future__ import annotations

import io
from datetime import date
from datetime import date as D

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from tests.test_monev import (
    ASPECTS,
    _draft,
    _latest,
    world,  # noqa: F401  (fixture)
)
from tests.test_reminders import fire, who
from tests.test_reminders import world as reminder_world  # noqa: F401  (fixture)
from tracker.agreements.models import Responsibility
from tracker.reminders.models import OutboxMail, ReminderSettings


def _fill(client, login, world, monev):  # noqa: F811
    """Disdik and BPBD fill their rows, so the monev can be submitted without a question."""
    for who_, item in zip(("disdik", "bpbd"), sorted(monev.inputs, key=lambda i: i.agency.name != "Dinas Pendidikan"),
                          strict=True):
        login(world[who_])
        client.post(f"/monev/inputs/{item.id}/edit", data={"achievement": "Jalan", "obstacles": "",
                                                          "version": item.version})
        client.post("/logout")


def test_submitted_monev_keeps_its_figures_while_today_moves_on(client, login, world, make, db):  # noqa: F811
    monev = _draft(client, login, world)
    _fill(client, login, world, monev)
    login(world["admin"])
    assert client.post(f"/monev/{monev.id}/submit").status_code == 302
    db.session.expire_all()
    assert _latest().status == "submitted" and _latest().snapshot["fields"][0]["rows"][0]["realised"] == "50"
    make.progress(world["programme"], quantity=30)  # after submission: 80 of 200 today
    page = client.get(f"/monev/{monev.id}").get_data(as_text=True)
    table = page[page.index("monev-submitted"):]
    assert 'class="text-end">50</td>' in table and 'class="text-end">25%</td>' in table
    assert "80 / 200 (40%)" in table  # today's figure beside it, on the web page only
    wb = load_workbook(io.BytesIO(client.get(f"/reports/agreements/{world['agreement'].id}/monev.xlsx"
                                             f"?monev={monev.id}").data))
    row = [r for r in wb["1. Anak tidak sekolah"].iter_rows(min_row=5, values_only=True) if any(r)][0]
    assert row[1] == "Pendataan ATS" and row[6] == 50 and abs(row[7] - 0.25) < 0.001
    pdf = client.get(f"/reports/monev/{monev.id}/monev.pdf")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages).split())
    assert "Pendataan ATS Dinas Pendidikan 200 anak 50 25" in text and " 80 " not in text


def test_submitting_with_empty_agency_rows_asks_first_and_names_them(client, login, world, db):  # noqa: F811
    monev = _draft(client, login, world)
    login(world["admin"])
    response = client.post(f"/monev/{monev.id}/submit")
    assert response.status_code == 302 and "confirm=1" in response.location
    db.session.expire_all()
    assert _latest().status == "draft"
    page = client.get(response.location).get_data(as_text=True)
    assert "Anak tidak sekolah · Dinas Pendidikan" in page and "Bencana · BPBD" in page
    assert "Tetap ajukan tanpa isian mereka" in page
    client.post(f"/monev/{monev.id}/submit", data={"confirm_empty": "1"})
    db.session.expire_all()
    assert _latest().status == "submitted"


def test_drafted_and_returned_monev_reach_each_agency(client, login, world, db):  # noqa: F811
    monev = _draft(client, login, world)
    mails = db.session.scalars(select(OutboxMail.recipient).where(OutboxMail.subject.contains("isian"))).all()
    assert world["disdik"].email in mails and world["bpbd"].email in mails
    assert not any("perikanan" in m for m in mails)  # Seruyan's agency answers Seruyan's own monev
    login(world["disdik"])
    work = client.get("/my-work").get_data(as_text=True)
    assert 'id="monev-inputs"' in work and "Anak tidak sekolah" in work and "Bencana" not in work
    client.post("/logout")
    login(world["admin"])
    client.post(f"/monev/{monev.id}/submit", data={"confirm_empty": "1"})
    client.post("/logout")
    login(world["leader"])
    client.post(f"/monev/{monev.id}/return", data={"note": "Lengkapi capaian"})
    returned = db.session.scalars(select(OutboxMail).where(OutboxMail.subject.contains("dikembalikan"))).all()
    assert {m.recipient for m in returned} >= {world["disdik"].email, world["bpbd"].email}
    assert "Lengkapi capaian" in returned[0].text


def test_overdue_monev_shows_on_the_agreement_page(client, login, world, make, db):  # noqa: F811
    late = make.agreement([world["kotim"], world["seruyan"]], title="KB lama", signed_on=date(2025, 1, 1),
                          valid_until=date(2030, 1, 1))
    login(world["admin"])
    page = client.get(f"/agreements/{late.id}").get_data(as_text=True)
    assert 'id="monev-overdue"' in page and "Monev terlambat" in page


def test_monev_overdue_rule_reaches_admin_and_lead_agency_then_leaders(db, make, reminder_world):  # noqa: F811
    w = reminder_world
    field = make.field(w["agreement"], title="ATS")
    field.responsibilities = [Responsibility(agency=w["agency"], role="lead")]
    db.session.commit()  # signed 1 Jan 2026: the first monev is due 1 July 2026
    assert fire(db, D(2026, 7, 1), "monev_overdue") == set()
    assert who(fire(db, D(2026, 7, 2), "monev_overdue")) == {"admin", "petugas"}
    assert fire(db, D(2026, 7, 3), "monev_overdue") == set()
    assert who(fire(db, D(2026, 7, 9), "monev_overdue")) == {"admin", "petugas"}  # every 7 days
    assert "pimpinan" in who(fire(db, D(2026, 7, 15), "monev_overdue"))  # leaders from 14 days


def test_monev_overdue_thresholds_are_per_pemda_settings(client, login, db, make, reminder_world):  # noqa: F811
    w = reminder_world
    login(w["admin"])
    form = client.get("/reminders/settings").get_data(as_text=True)
    assert "Monev terlambat: pengingat pertama" in form
    settings = ReminderSettings.defaults(w["party"].id)
    settings.monev_overdue_first_days = 5
    db.session.add(settings)
    db.session.commit()
    assert fire(db, D(2026, 7, 5), "monev_overdue") == set()
    assert who(fire(db, D(2026, 7, 6), "monev_overdue")) == {"admin"}


def test_snapshot_is_taken_again_after_a_return(client, login, world, make, db):  # noqa: F811
    monev = _draft(client, login, world)
    login(world["admin"])
    client.post(f"/monev/{monev.id}/submit", data={"confirm_empty": "1"})
    client.post("/logout")
    login(world["leader"])
    client.post(f"/monev/{monev.id}/return", data={"note": "Perbarui"})
    make.progress(world["programme"], quantity=30)
    client.post("/logout")
    login(world["admin"])
    client.post(f"/monev/{monev.id}/edit", data={**ASPECTS, "version": _latest().version})
    client.post(f"/monev/{monev.id}/submit", data={"confirm_empty": "1"})
    db.session.expire_all()
    assert _latest().snapshot["fields"][0]["rows"][0]["realised"] == "80"
