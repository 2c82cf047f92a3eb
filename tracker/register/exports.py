"""The register as Excel (typed cells: dates are dates, numbers numbers) and as PDF."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font

from tracker import labels
from tracker.i18n import gettext as _
from tracker.register.queries import RegisterRow

DATE = "dd/mm/yyyy"


def header() -> list[str]:
    return [_("No. register"), _("Tanggal register"), _("Jenis"), _("Judul"), _("Para pihak dan nomor naskah"),
            _("Tanggal penandatanganan"), _("Berlaku mulai"), _("Berlaku sampai"), _("Status"),
            _("Tempat penyimpanan naskah asli")]


def parties_text(row: RegisterRow) -> str:
    return "; ".join(f"{link.party.name}{' (' + link.document_number + ')' if link.document_number else ''}"
                     for link in row.agreement.parties)


def cells(row: RegisterRow) -> list:
    a, e = row.agreement, row.entry
    return [row.number or None, e.registered_on if e else None, a.kind, a.title, parties_text(row), a.signed_on,
            a.valid_from, a.valid_until, labels.label(labels.AGREEMENT_STATUS, row.status),
            e.original_location if e else None]


def workbook(party_name: str, rows: list[RegisterRow], today: date) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Register")[:31]
    sheet["A1"] = _("Register naskah kerja sama %(party)s", party=party_name)
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = _("Keadaan per %(day)s", day=today.strftime("%d/%m/%Y"))
    sheet.append([])
    sheet.append(header())
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(cells(row))
        for column in (2, 6, 7, 8):
            sheet.cell(row=sheet.max_row, column=column).number_format = DATE
    for letter, width in zip("ABCDEFGHIJ", (12, 12, 8, 48, 48, 14, 14, 14, 14, 32), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A5"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
