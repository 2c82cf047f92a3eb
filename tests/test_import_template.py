"""The import template: labels and drop-down lists, signatories and both parties' agencies, examples apart."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.test_api import bearer
from tracker.agreements.models import Agreement, Field
from tracker.imports.sheets import AGREEMENT_COLUMNS, PROGRAMME_COLUMNS
from tracker.programs.models import Programme


@pytest.fixture
def admin(make, login):
    kotim = make.party("Kabupaten Kotawaringin Timur", code="62.02")
    seruyan = make.party("Kabupaten Seruyan", code="62.07")
    make.agency(kotim, "Dinas Pendidikan")
    make.agency(seruyan, "Dinas Pendidikan dan Kebudayaan")
    user = make.user("admin", kotim)
    login(user)
    return user


def _template(client):
    response = client.get("/import/template.xlsx")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.data))


def _upload(client, book):
    buffer = io.BytesIO()
    book.save(buffer)
    data = {"file": (io.BytesIO(buffer.getvalue()), "templat.xlsx")}
    return client.post("/import/", data=data, content_type="multipart/form-data")


def _fill(sheet, columns: dict, values: dict) -> None:
    row = sheet.max_row + 1
    for index, key in enumerate(columns, start=1):
        sheet.cell(row=row, column=index, value=values.get(key))


AGREEMENT = {"document_number": "100/01/KS/2026", "kind": "Kesepakatan Bersama (KB)", "title": "KB baru",
             "government_affair": "Pendidikan", "signed_on": date(2026, 1, 5), "valid_until": date(2031, 1, 4),
             "partners": "Kabupaten Seruyan", "partner_numbers": "000/9", "fields": "ATS; Bencana",
             "signatory_name": "Halikinnor", "signatory_title": "Bupati Kotawaringin Timur",
             "partner_signatories": "Ahmad Selanorwanda", "partner_titles": "Bupati Seruyan",
             "own_agencies": "Dinas Pendidikan", "partner_agencies": "Dinas Pendidikan dan Kebudayaan"}
PROGRAMME = {"document_number": "100/01/KS/2026", "field": "ATS", "agency": "Dinas Pendidikan",
             "name": "Kembali sekolah", "indicator": "Anak kembali sekolah", "unit": "anak", "target": 120,
             "budget": 250_000_000, "funding_source": "APBD Kabupaten/Kota"}


def test_template_offers_labels_in_drop_downs_and_keeps_the_example_apart(client, admin):
    book = _template(client)
    assert book.sheetnames == ["Petunjuk", "Naskah", "Program", "Contoh naskah", "Contoh program", "Daftar"]
    assert book["Naskah"].max_row == 1 and book["Program"].max_row == 1  # headers only: nothing to delete
    assert book["Contoh naskah"]["B2"].value == "Kesepakatan Bersama (KB)"
    lists = {col[0].value: [c.value for c in col[1:] if c.value] for col in book["Daftar"].iter_cols()}
    assert "Pendidikan" in lists["Urusan pemerintahan"] and "pendidikan" not in lists["Urusan pemerintahan"]
    assert lists["Sumber dana"][0] == "APBD Kabupaten/Kota" and lists["Perangkat daerah Pemda Anda"] == ["Dinas Pendidikan"]
    assert "Kabupaten Seruyan" in lists["Pihak"] and "Kabupaten Kotawaringin Timur" not in lists["Pihak"]
    validated = {}
    for title in ("Naskah", "Program"):
        for check in book[title].data_validations.dataValidation:
            header = book[title].cell(row=1, column=next(iter(check.sqref.ranges)).min_col).value
            validated[header] = (check.type, check.formula1)
    assert validated["Jenis"][0] == "list" and "Daftar" in validated["Jenis"][1]
    assert {"Urusan pemerintahan", "Sumber dana", "Perangkat daerah"} <= set(validated)
    headers = [c.value for c in book["Naskah"][1]]
    for column in ("Nama penandatangan", "Penandatangan pihak lain", "Penanggung jawab Pemda Anda",
                   "Penanggung jawab pihak lain"):
        assert column in headers


def test_the_template_as_downloaded_imports_nothing(client, db, admin):
    _upload(client, _template(client))
    client.post("/import/confirm")
    assert db.session.scalar(select(func.count()).select_from(Agreement)) == 0


def test_labels_signatories_and_both_parties_agencies_are_stored(client, db, admin):
    book = _template(client)
    _fill(book["Naskah"], AGREEMENT_COLUMNS, AGREEMENT)
    _fill(book["Program"], PROGRAMME_COLUMNS, PROGRAMME)
    assert _upload(client, book).status_code == 302
    assert "Simpan semua" in client.get("/import/preview").get_data(as_text=True)
    client.post("/import/confirm")
    agreement = db.session.scalar(select(Agreement))
    assert agreement.kind == "KB" and agreement.government_affair == "pendidikan"
    signatories = {link.party.name: (link.signatory_name, link.signatory_title) for link in agreement.parties}
    assert signatories == {"Kabupaten Kotawaringin Timur": ("Halikinnor", "Bupati Kotawaringin Timur"),
                           "Kabupaten Seruyan": ("Ahmad Selanorwanda", "Bupati Seruyan")}
    ats = db.session.scalar(select(Field).where(Field.title == "ATS"))
    assert {(r.agency.party.name, r.agency.name) for r in ats.responsibilities} == {
        ("Kabupaten Kotawaringin Timur", "Dinas Pendidikan"), ("Kabupaten Seruyan", "Dinas Pendidikan dan Kebudayaan")}
    assert db.session.scalar(select(Programme.funding_source)) == "apbd_kabupaten"
    page = client.get(f"/agreements/{agreement.id}").get_data(as_text=True)
    assert "Dinas Pendidikan dan Kebudayaan" in page and "Halikinnor" in page


@pytest.mark.parametrize(("sheet", "key", "value", "column"), [
    ("Naskah", "government_affair", "Pariwisata", "Urusan pemerintahan"),
    ("Program", "funding_source", "Dana desa", "Sumber dana"),
    ("Naskah", "partner_agencies", "Dinas Hantu", "Penanggung jawab pihak lain"),
])
def test_a_value_off_the_list_is_a_row_error(client, db, admin, sheet, key, value, column):
    book = _template(client)
    _fill(book["Naskah"], AGREEMENT_COLUMNS, {**AGREEMENT, **({key: value} if sheet == "Naskah" else {})})
    _fill(book["Program"], PROGRAMME_COLUMNS, {**PROGRAMME, **({key: value} if sheet == "Program" else {})})
    _upload(client, book)
    page = client.get("/import/preview").get_data(as_text=True)
    assert f"Baris 2, kolom {column}: " in page and f"&#34;{value}&#34;" in page
    assert "Simpan semua" not in page
    client.post("/import/confirm")
    assert db.session.scalar(select(func.count()).select_from(Agreement)) == 0


def test_api_refuses_a_funding_source_off_the_list(client, db, make):
    kotim = make.party("Kotim")
    disdik = make.agency(kotim, "Dinas Pendidikan")
    field = make.field(make.agreement([kotim, make.party("Seruyan")]), "ATS", lead=disdik)
    headers = bearer(db, make.user("officer", agency=disdik))
    body = {"name": "P", "indicator": "I", "unit": "anak", "target": 10, "funding_source": "Pariwisata"}
    response = client.post(f"/api/v1/fields/{field.id}/programmes", json=body, headers=headers)
    assert response.status_code == 422 and "funding_source" in str(response.get_json())


def test_api_documents_the_affairs_and_never_returns_one_off_the_list(client, db, make):
    kotim = make.party("Kotim")
    agreement = make.agreement([kotim, make.party("Seruyan")], title="KB lama", fields=["ATS"])
    agreement.government_affair = "Pariwisata"  # stored by an import before the lists were closed
    agreement.fields[0].government_affair = "pendidikan"
    db.session.commit()
    headers = bearer(db, make.user("admin", kotim))
    body = client.get(f"/api/v1/agreements/{agreement.id}", headers=headers).get_json()
    assert body["government_affair"] is None and body["fields"][0]["government_affair"] == "pendidikan"
    schema = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert "pendidikan" in schema["Agreement"]["properties"]["government_affair"]["enum"]
