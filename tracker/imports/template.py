"""The downloadable import template: labelled drop-down lists from the live lists, the example apart."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import select

from tracker.core.xlsx import put, save
from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.imports import choices
from tracker.imports.sheets import (
    AGREEMENT_COLUMNS,
    AGREEMENT_SHEET,
    EXAMPLE_AGREEMENT,
    EXAMPLE_PROGRAMME,
    PROGRAMME_COLUMNS,
    PROGRAMME_SHEET,
)
from tracker.parties.models import Agency, Party

LISTS_SHEET = "Daftar"
EXAMPLE_SHEETS = {AGREEMENT_SHEET: "Contoh naskah", PROGRAMME_SHEET: "Contoh program"}
ROWS = 2000  # rows of the data sheets that carry the drop-down lists


def _guide(sheet) -> None:
    sheet.title = _("Petunjuk")
    for number, line in enumerate((
        _("Isi lembar Naskah (satu baris per naskah) dan lembar Program (satu baris per program)."),
        _("Nomor naskah adalah nomor naskah milik Pemda Anda; impor ulang memperbarui naskah dengan nomor yang sama."),
        _("Jenis, urusan pemerintahan, sumber dana dan perangkat daerah dipilih dari daftar (lembar Daftar)."),
        _("Pihak lain: nama pihak atau kode wilayah Kemendagri (mis. 62.07); beberapa pihak dipisah titik koma."),
        _("Bidang: beberapa bidang dipisah titik koma. Tanggal ditulis seperti 31-12-2026."),
        _("Penanggung jawab: satu perangkat daerah per bidang, dalam urutan bidang, dipisah titik koma."),
        _("PKS dan adendum mengisi Naskah induk dengan nomor naskah KB-nya."),
        _("Lembar contoh tidak pernah diimpor; hapus atau biarkan saja."),
    ), start=1):
        put(sheet, number, 1, line)
    sheet.column_dimensions["A"].width = 110


def _lists(book: Workbook, user: Any) -> dict[str, str]:
    """The Daftar sheet, one list per column; returns list name -> absolute range for validations."""
    agencies = db.session.scalars(select(Agency.name).where(
        Agency.party_id == user.party_id, Agency.archived_at.is_(None)).order_by(Agency.name)).all()
    parties = db.session.scalars(select(Party.name).where(
        Party.archived_at.is_(None), Party.id != user.party_id).order_by(Party.name)).all()
    columns = {
        "kind": (AGREEMENT_COLUMNS["kind"], choices.offered("kind")),
        "government_affair": (AGREEMENT_COLUMNS["government_affair"], choices.offered("government_affair")),
        "funding_source": (PROGRAMME_COLUMNS["funding_source"], choices.offered("funding_source")),
        "agency": (_("Perangkat daerah Pemda Anda"), list(agencies)),
        "party": (_("Pihak"), list(parties)),
    }
    sheet = book.create_sheet(LISTS_SHEET)
    ranges = {}
    for index, (key, (title, values)) in enumerate(columns.items(), start=1):
        put(sheet, 1, index, title).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            put(sheet, row, index, value)
        letter = get_column_letter(index)
        ranges[key] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${max(len(values), 1) + 1}"
        sheet.column_dimensions[letter].width = 40
    return ranges


def _validate(sheet, columns: dict, key: str, source: str, strict: bool = True) -> None:
    """A drop-down on one column; ``strict`` refuses other values, else it only suggests (lists with ';')."""
    letter = get_column_letter(list(columns).index(key) + 1)
    check = DataValidation(type="list", formula1=f"={source}", allow_blank=True, showErrorMessage=strict,
                           errorTitle=_("Pilih dari daftar"), error=_("Pilih nilai dari daftar (lembar Daftar)."))
    sheet.add_data_validation(check)
    check.add(f"{letter}2:{letter}{ROWS}")


def _sheet(book: Workbook, title: str, columns: dict, example: list | None = None):
    sheet = book.create_sheet(title)
    for index, header in enumerate(columns.values(), start=1):
        put(sheet, 1, index, header).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = 24
    for index, value in enumerate(example or [], start=1):
        put(sheet, 2, index, value)
    sheet.freeze_panes = "A2"
    return sheet


def template_workbook(user: Any) -> bytes:
    """Guide, the two data sheets with drop-downs, the examples on their own sheets, and the lists."""
    book = Workbook()
    _guide(book.active)
    agreements = _sheet(book, AGREEMENT_SHEET, AGREEMENT_COLUMNS)
    programmes = _sheet(book, PROGRAMME_SHEET, PROGRAMME_COLUMNS)
    _sheet(book, EXAMPLE_SHEETS[AGREEMENT_SHEET], AGREEMENT_COLUMNS, EXAMPLE_AGREEMENT)
    _sheet(book, EXAMPLE_SHEETS[PROGRAMME_SHEET], PROGRAMME_COLUMNS, EXAMPLE_PROGRAMME)
    ranges = _lists(book, user)
    _validate(agreements, AGREEMENT_COLUMNS, "kind", ranges["kind"])
    _validate(agreements, AGREEMENT_COLUMNS, "government_affair", ranges["government_affair"])
    _validate(agreements, AGREEMENT_COLUMNS, "partners", ranges["party"], strict=False)
    _validate(agreements, AGREEMENT_COLUMNS, "own_agencies", ranges["agency"], strict=False)
    _validate(programmes, PROGRAMME_COLUMNS, "funding_source", ranges["funding_source"])
    _validate(programmes, PROGRAMME_COLUMNS, "agency", ranges["agency"])
    return save(book)
