"""Excel, PDF and CSV reports: figures checked against the database."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tracker.agreements.models import Responsibility
from tracker.core.clock import today
from tracker.monev.models import Monev
from tracker.programs.queries import totals_for
from tracker.reports.csv import csv_response, csv_text


@pytest.fixture
def world(make, db):
    """Kotim–Seruyan agreement, two fields, three programmes with progress, a submitted monev."""
    kotim = make.party("Kabupaten Kotawaringin Timur", "62.02")
    seruyan = make.party("Kabupaten Seruyan", "62.07")
    disdik = make.agency(kotim, "Dinas Pendidikan")
    perikanan = make.agency(kotim, "Dinas Perikanan")
    agreement = make.agreement([kotim, seruyan], title="KB Kotim Seruyan",
                               fields=["Anak tidak sekolah", "Benih ikan nila", "Kebakaran permukiman"])
    ats, nila, _fire = agreement.fields
    ats.responsibilities = [Responsibility(agency=disdik, role="lead")]
    db.session.commit()
    start = today() - timedelta(days=60)
    p1 = make.programme(ats, disdik, name="Pendataan ATS", target=200, unit="anak", budget=150_000_000,
                        start_on=start, due_on=today() + timedelta(days=300))
    p2 = make.programme(ats, disdik, name="Beasiswa ATS", target=40, unit="anak", budget=2_500_000,
                        start_on=start, due_on=today() + timedelta(days=300))
    p3 = make.programme(nila, perikanan, name="Benih nila", target=100000, unit="ekor", budget=75_000_000,
                        start_on=start - timedelta(days=200), due_on=today() - timedelta(days=5))
    make.progress(p1, quantity=50, reported_on=today() - timedelta(days=3))
    make.progress(p1, quantity=30, reported_on=today() - timedelta(days=1))
    make.progress(p2, quantity=10, reported_on=today() - timedelta(days=2))
    make.progress(p3, quantity=25000, reported_on=today() - timedelta(days=100))
    label_start = date(today().year, 1 if today().month <= 6 else 7, 1)
    monev = Monev(agreement=agreement, party=kotim, period_label="Semester uji", period_start=label_start,
                  period_end=label_start + timedelta(days=150), status="submitted", recommendation="expand",
                  obstacles="Anggaran terbatas")
    db.session.add(monev)
    db.session.commit()
    return {"agreement": agreement, "kotim": kotim, "seruyan": seruyan, "programmes": [p1, p2, p3],
            "monev": monev, "leader": make.user("leader", party=kotim),
            "outsider": make.user("admin", party=make.party("Kabupaten Lain", "62.99"))}


def _xlsx(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype.endswith("spreadsheetml.sheet")
    return load_workbook(io.BytesIO(response.data))


def _rows(ws, first=5):
    return [row for row in ws.iter_rows(min_row=first, values_only=True) if any(v is not None for v in row)]


def test_monev_excel_has_a_sheet_per_field_with_database_figures(client, login, world):
    login(world["leader"])
    wb = _xlsx(client.get(f"/reports/agreements/{world['agreement'].id}/monev.xlsx?monev={world['monev'].id}"))
    assert wb.sheetnames == ["Ringkasan", "1. Anak tidak sekolah", "2. Benih ikan nila", "3. Kebakaran permukiman"]
    totals = totals_for([p.id for p in world["programmes"]])
    ws = wb["1. Anak tidak sekolah"]
    assert ws["A4"].value == "No" and ws.freeze_panes == "C5"
    rows = {r[1]: r for r in _rows(ws)}
    for programme in world["programmes"][:2]:
        row = rows[programme.name]
        realised = float(totals[programme.id][0])
        assert row[5] == float(programme.target) and row[6] == realised
        assert row[7] == pytest.approx(realised / float(programme.target), abs=0.001)
        assert row[8] == programme.budget
        assert row[9].date() == totals[programme.id][1]
    assert rows["Pendataan ATS"][6] == 80 and rows["Pendataan ATS"][7] == pytest.approx(0.4)
    assert ws["H5"].number_format == "0.0%" and ws["I5"].number_format == '"Rp" #,##0'
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.column_dimensions["B"].width >= 30
    assert "Terlambat" in _rows(wb["2. Benih ikan nila"])[0]  # overdue programme
    assert wb["3. Kebakaran permukiman"]["B5"].value == "Belum ada tindak lanjut"
    summary = {r[0]: r[1] for r in wb["Ringkasan"].iter_rows(min_row=3, values_only=True)}
    assert summary["Periode monev"] == "Semester uji" and summary["Rekomendasi"] == "Diperluas"
    assert summary["Anggaran program"] == 227_500_000 and summary["Jumlah program"] == 3
    assert summary["Kendala"] == "Anggaran terbatas"


def test_period_excel_lists_the_partys_monevs_across_agreements(client, login, world, make):
    other = make.agreement([world["kotim"], make.party("Kota Palangka Raya", "62.71")], title="PKS lain",
                           kind="NK")
    make.programme(make.field(other, "Bidang lain"), make.agency(world["kotim"]), name="Program lain", budget=1000)
    login(world["leader"])
    start, end = world["monev"].period_start, world["monev"].period_end
    wb = _xlsx(client.get(f"/reports/monev-period.xlsx?start={start}&end={end}"))
    recap = _rows(wb["Rekap monev"])
    assert len(recap) == 1  # the other agreement has no monev in the period
    row = recap[0]
    assert row[1] == "KB Kotim Seruyan" and row[2] == "Kabupaten Seruyan" and row[3] == "Semester uji"
    assert row[5] == "Diperluas" and row[6] == 3 and row[7] == 227_500_000 and row[9] == 1
    assert wb["Rekap monev"]["H5"].number_format == '"Rp" #,##0'
    programmes = _rows(wb["Program"])
    assert sorted(r[2] for r in programmes) == ["Beasiswa ATS", "Benih nila", "Pendataan ATS"]
    empty = _xlsx(client.get("/reports/monev-period.xlsx?start=2001-01-01&end=2001-06-30"))
    assert _rows(empty["Rekap monev"]) == []


def _pdf(response) -> PdfReader:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    return PdfReader(io.BytesIO(response.data))


def test_briefing_pdf_per_agreement_shows_figures_deadlines_and_signature(client, login, world):
    login(world["leader"])
    reader = _pdf(client.get(f"/reports/agreements/{world['agreement'].id}/briefing.pdf"
                             "?name=H.+Halikinnor&title=Bupati+Kotawaringin+Timur&nip=196512311990031001"))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert 1 <= len(reader.pages) <= 4
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)  # A4 portrait
    assert f"Halaman 1 dari {len(reader.pages)}" in text
    for expected in ("KB Kotim Seruyan", "Pendataan ATS", "Rp 227.500.000", "Kerja sama berakhir",
                     "Belum ada tindak lanjut", "Terlambat", "H. Halikinnor", "NIP. 196512311990031001",
                     "Semester uji", "Diperluas", "Capaian per bidang"):
        assert expected in text, expected
    # Realisation per programme from the database: target, realised, percentage.
    assert "Pendataan ATS Dinas Pendidikan 200 anak 80 40" in text
    assert "Beasiswa ATS Dinas Pendidikan 40 anak 10 25" in text
    assert "Benih nila Dinas Perikanan 100.000 ekor 25.000 25" in text


def test_briefing_pdf_per_counterpart_region_has_one_section_per_agreement(client, login, world, make):
    make.agreement([world["kotim"], world["seruyan"]], title="PKS Benih Nila", kind="NK")
    login(world["leader"])
    reader = _pdf(client.get(f"/reports/regions/{world['seruyan'].id}/briefing.pdf"))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Kabupaten Seruyan" in text and "KB Kotim Seruyan" in text and "PKS Benih Nila" in text
    assert text.index("KB Kotim Seruyan") < text.index("PKS Benih Nila")  # signing order, one after the other


def test_reports_of_another_pemda_are_not_found(client, login, world):
    login(world["outsider"])
    agreement_id = world["agreement"].id
    assert client.get(f"/reports/agreements/{agreement_id}/monev.xlsx").status_code == 404
    assert client.get(f"/reports/agreements/{agreement_id}/briefing.pdf").status_code == 404
    assert client.get(f"/reports/regions/{world['seruyan'].id}/briefing.pdf").status_code == 404


def test_reports_page_offers_every_download(client, login, world):
    login(world["leader"])
    page = client.get("/reports/").get_data(as_text=True)
    assert "KB Kotim Seruyan" in page and "Semua kerja sama dengan Kabupaten Seruyan" in page
    response = client.get("/reports/briefing", query_string={
        "target": f"/reports/agreements/{world['agreement'].id}/briefing.pdf", "name": "Budi"})
    assert response.status_code == 302 and response.location.endswith("briefing.pdf?name=Budi")
    assert client.get("/reports/briefing?target=https://evil.example/x").status_code == 400


def test_csv_helper_writes_bom_and_round_trips():
    header = ["Nama", "Tanggal", "Jumlah", "Catatan"]
    rows = [["Dinas Pendidikan, Kotim", date(2025, 11, 3), 1250000, 'Kata "kutip"\nbaris dua'],
            ["=SUM(A1)", None, -5, "Ikan nila"]]
    text = csv_text(header, rows)
    assert text.startswith("\ufeff")
    parsed = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert parsed[0] == header
    assert parsed[1] == ["Dinas Pendidikan, Kotim", "2025-11-03", "1250000", 'Kata "kutip"\nbaris dua']
    assert parsed[2] == ["'=SUM(A1)", "", "-5", "Ikan nila"]  # no formula runs when Excel opens it


def test_csv_response_is_a_download(app):
    with app.test_request_context():
        response = csv_response("daftar", ["a"], [[1]])
    assert response.headers["Content-Disposition"] == 'attachment; filename="daftar.csv"'
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.data.startswith("\ufeff".encode())


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_monev_list_csv_round_trips(client, login, world):
    login(world["leader"])
    rows = _csv(client.get(f"/monev/?agreement={world['agreement'].id}&format=csv"))
    assert rows[0][:3] == ["Periode", "Awal periode", "Akhir periode"]
    assert rows[1][0] == "Semester uji" and rows[1][3] == "KB Kotim Seruyan"
    assert rows[1][5:7] == ["Diperluas", "Diajukan"] and rows[1][1] == world["monev"].period_start.isoformat()
    assert len(_csv(client.get("/monev/?status=reviewed&format=csv"))) == 1  # header only: the filter holds


def test_agreements_list_csv_keeps_the_filter(client, login, world, make):
    make.agreement([world["kotim"], world["seruyan"]], title="Nota lain", kind="NK")
    login(world["leader"])
    rows = _csv(client.get("/agreements/?format=csv"))
    assert sorted(r[1] for r in rows[1:]) == ["KB Kotim Seruyan", "Nota lain"]
    rows = _csv(client.get("/agreements/?format=csv&q=Kotim"))
    assert [r[1] for r in rows[1:]] == ["KB Kotim Seruyan"]
    assert rows[1][2] == "Kabupaten Kotawaringin Timur; Kabupaten Seruyan" and rows[1][4] == "2025-11-03"
