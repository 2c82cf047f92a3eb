"""The register of agreements (penatausahaan) and the report upward (pelaporan), read back from
the Excel and PDF files an office sends."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from tracker.monev.models import Monev
from tracker.register.models import RegisterEntry


def _kotim(make, db):
    kotim = make.party("Kabupaten Kotawaringin Timur", "62.02")
    seruyan = make.party("Kabupaten Seruyan", "62.07")
    dinas = make.agency(kotim, "Dinas Pendidikan")
    kb = make.agreement([kotim, seruyan], title="KB Kotim–Seruyan", signed_on=date(2025, 11, 3),
                        valid_until=date(2030, 11, 2), fields=["Anak tidak sekolah", "Benih nila"], signed_place="Sampit")
    old = make.agreement([kotim, seruyan], title="KB lama", signed_on=date(2019, 1, 5), valid_until=date(2024, 1, 4))
    programme = make.programme(kb.fields[0], dinas, target=200, budget=150_000_000)
    make.programme(kb.fields[0], dinas, target=10, budget=25_000_000, funding_source="apbn")
    make.progress(programme, quantity=Decimal(40), reported_on=date(2026, 3, 1))
    make.progress(programme, quantity=Decimal(30), reported_on=date(2026, 8, 1))  # after semester I
    db.session.add(Monev(agreement=kb, party=kotim, status="submitted", period_label="Semester I 2026",
                         period_start=date(2026, 1, 1), period_end=date(2026, 6, 30), recommendation="continue",
                         obstacles="Data anak belum lengkap"))
    db.session.commit()
    return kotim, kb, old


def _pdf_text(response) -> str:
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)


def test_coordinators_number_agreements_and_the_register_reads_back(make, db, login, client):
    kotim, kb, old = _kotim(make, db)
    login(make.user("admin", kotim))
    client.post(f"/register/{kb.id}", data={"original_location": "Lemari arsip Bagian Kerja Sama, rak 2"})
    client.post(f"/register/{old.id}", data={"original_location": "Arsip daerah"})
    client.post(f"/register/{kb.id}", data={"original_location": "Lemari arsip, rak 3"})  # keeps its number
    entries = db.session.scalars(select(RegisterEntry).order_by(RegisterEntry.number)).all()
    assert [(e.agreement_id, e.number) for e in entries] == [(kb.id, 1), (old.id, 2)]
    book = load_workbook(io.BytesIO(client.get("/register/?format=xlsx").data))
    rows = list(book.active.iter_rows(min_row=5, values_only=True))
    year = entries[0].year
    assert rows[0][0] == f"001/{year}" and rows[0][2] == "KB" and rows[0][3] == "KB Kotim–Seruyan"
    assert "Kabupaten Seruyan (NOMOR/" in rows[0][4] and rows[0][5].date() == date(2025, 11, 3)
    assert rows[0][9] == "Lemari arsip, rak 3" and rows[1][0] == f"002/{year}"
    text = _pdf_text(client.get("/register/?format=pdf"))
    assert f"001/{year}" in text and "Lemari arsip, rak 3" in text and "Kabupaten Kotawaringin Timur".upper() in text
    filtered = load_workbook(io.BytesIO(client.get("/register/?format=xlsx&status=expired").data))
    assert [r[3] for r in filtered.active.iter_rows(min_row=5, values_only=True)] == ["KB lama"]


def test_leaders_read_the_register_and_cannot_number(make, db, login, client):
    kotim, kb, _old = _kotim(make, db)
    login(make.user("leader", kotim))
    assert "KB Kotim–Seruyan" in client.get("/register/").get_data(as_text=True)
    assert client.post(f"/register/{kb.id}", data={"original_location": "x"}).status_code == 403


def test_the_semester_report_has_the_right_figures_in_excel_and_pdf(make, db, login, client):
    kotim, kb, old = _kotim(make, db)
    kotim.address = "Jl. Jenderal Sudirman, Sampit"
    db.session.commit()
    login(make.user("leader", kotim))
    book = load_workbook(io.BytesIO(client.get("/register/laporan?period=2026-1&format=xlsx").data))
    first, fields, budget, monev, proposals = (book[name] for name in book.sheetnames)
    assert first["A1"].value == "Kabupaten Kotawaringin Timur" and "Semester I Tahun 2026" in first["A4"].value
    agreements = [r for r in first.iter_rows(min_row=8, values_only=True)]
    assert [r[2] for r in agreements] == ["KB Kotim–Seruyan"]  # the old KB ended in 2024
    rows = list(fields.iter_rows(min_row=8, values_only=True))
    assert rows[0][6:9] == (200, 40, 0.2)  # target, realised by 30 June, share
    money = {r[1]: r[3] for r in budget.iter_rows(min_row=8, values_only=True)}
    assert money == {"APBD Kabupaten/Kota": 150_000_000, "APBN": 25_000_000}
    assert list(monev.iter_rows(min_row=8, values_only=True))[0][2] == "Data anak belum lengkap"
    text = _pdf_text(client.get("/register/laporan?period=2026-1&format=pdf"))
    assert "KB Kotim–Seruyan" in text and "Data anak belum lengkap" in text and "Rp" in text
    assert "Jl. Jenderal Sudirman, Sampit" in text
