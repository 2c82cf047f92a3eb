"""Excel cells are typed: text never runs as a formula, control characters never break a workbook."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tracker.agreements.models import Responsibility
from tracker.core.clock import today
from tracker.monev.models import Monev, MonevFieldInput

FORMULA_NAME = "=cmd|' /C calc'!A0"


@pytest.fixture
def hostile(make, db):
    """A programme named like a DDE formula, a unit "=1+2", monev notes with a NUL byte.

    PostgreSQL refuses NUL in text, so there the notes carry another control character XML cannot hold.
    """
    nul = "\x00" if db.engine.dialect.name == "sqlite" else "\x1f"
    kotim, seruyan = make.party("Kabupaten Kotawaringin Timur", "62.02"), make.party("Kabupaten Seruyan", "62.07")
    disdik = make.agency(kotim, "Dinas Pendidikan")
    agreement = make.agreement([kotim, seruyan], title=f"@SUM(1+1) KB{nul} uji", fields=["Bidang\x01 uji"])
    field = agreement.fields[0]
    field.responsibilities = [Responsibility(agency=disdik, role="lead")]
    db.session.commit()
    whole = make.programme(field, disdik, name=FORMULA_NAME, unit="=1+2", target=150, budget=1_250_000,
                           start_on=today() - timedelta(days=30), due_on=today() + timedelta(days=200))
    fraction = make.programme(field, disdik, name="+Pecahan", target=Decimal("12.5"), unit="-ton",
                              start_on=today() - timedelta(days=30), due_on=today() + timedelta(days=200))
    make.progress(whole, quantity=30, reported_on=today() - timedelta(days=2))
    start = today() - timedelta(days=20)
    monev = Monev(agreement=agreement, party=kotim, period_label="Semester uji", period_start=start,
                  period_end=start + timedelta(days=10), status="submitted", impact="=HYPERLINK(\"x\")",
                  obstacles=f"Catatan{nul} dengan NUL\x0b")
    monev.inputs = [MonevFieldInput(field=field, agency=disdik, achievement="=2*3", obstacles=f"Kendala{nul} OPD")]
    db.session.add(monev)
    db.session.commit()
    return {"agreement": agreement, "monev": monev, "kotim": kotim, "whole": whole, "fraction": fraction,
            "leader": make.user("leader", party=kotim)}


def _book(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return load_workbook(io.BytesIO(response.data))


def _cells(book):
    return [cell for ws in book.worksheets for row in ws.iter_rows() for cell in row if cell.value is not None]


def _assert_safe(book):
    cells = _cells(book)
    formulas = [c.coordinate for c in cells if c.data_type == "f"]
    assert not formulas, formulas
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert not any(ch in text for text in texts for ch in "\x00\x01\x0b\x1f"), texts
    return cells


def test_monev_workbook_keeps_formulas_as_text_and_survives_a_nul(client, login, hostile):
    login(hostile["leader"])
    url = f"/reports/agreements/{hostile['agreement'].id}/monev.xlsx?monev={hostile['monev'].id}"
    book = _book(client.get(url))
    cells = _assert_safe(book)
    by_value = {c.value: c for c in cells}
    for text in (FORMULA_NAME, "=1+2", "+Pecahan", "-ton", '=HYPERLINK("x")'):
        assert by_value[text].data_type == "s", text
    assert by_value[FORMULA_NAME].quotePrefix  # stays text when an official edits the cell
    assert "Catatan dengan NUL" in by_value and any(str(v).startswith("@SUM(1+1) KB uji") for v in by_value)


def test_workbook_number_formats_show_whole_numbers_without_a_decimal_sign(client, login, hostile):
    login(hostile["leader"])
    book = _book(client.get(f"/reports/agreements/{hostile['agreement'].id}/monev.xlsx"))
    sheet = book.worksheets[1]
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=5) if row[1].value}
    target, budget = rows[FORMULA_NAME][5], rows[FORMULA_NAME][8]
    assert target.value == 150 and target.number_format == "#,##0"  # "150", never "150."
    assert budget.value == 1_250_000 and budget.number_format == '"Rp" #,##0'  # "Rp 1.250.000"
    assert rows["+Pecahan"][5].value == 12.5 and rows["+Pecahan"][5].number_format == "#,##0.##"
    assert not any(c.number_format == "#,##0.##" and float(c.value).is_integer()
                   for c in _cells(book) if isinstance(c.value, (int, float)) and not isinstance(c.value, bool))


def test_period_workbook_keeps_formulas_as_text(client, login, hostile):
    login(hostile["leader"])
    monev = hostile["monev"]
    book = _book(client.get(f"/reports/monev-period.xlsx?start={monev.period_start}&end={monev.period_end}"))
    cells = _assert_safe(book)
    assert {FORMULA_NAME, "=1+2"} <= {c.value for c in cells}
