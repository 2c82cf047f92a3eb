"""The report upward as Excel (one sheet per section, typed cells) and the cells as the PDF shows them."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from tracker.i18n import format_day, format_number, format_rupiah
from tracker.register.report import ReportData

EXCEL_FORMATS = {"date": "dd/mm/yyyy", "number": "#,##0.##", "percent": "0.0%", "rupiah": '"Rp" #,##0'}


def _sheet_name(book: Workbook, title: str) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Bagian"
    name, n = base, 2
    while name in book.sheetnames:
        name, n = f"{base[:27]} ({n})", n + 1
    return name


def workbook(data: ReportData) -> bytes:
    """Letterhead and period on top of every sheet, then the section's table."""
    book = Workbook()
    book.remove(book.active)
    head = data.letterhead
    for section in data.sections:
        sheet = book.create_sheet(_sheet_name(book, section.title))
        for line in (head["name"], " · ".join(filter(None, [head["office"], head["unit"]])), data.title,
                     data.period.label, section.title, section.intro):
            sheet.append([line])
        sheet["A1"].font = sheet["A5"].font = Font(bold=True)
        sheet.append(section.header)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in section.rows:
            sheet.append(row)
            for column, fmt in enumerate(section.formats, start=1):
                if fmt:
                    sheet.cell(row=sheet.max_row, column=column).number_format = EXCEL_FORMATS[fmt]
        for column in "ABCDEFGHI":
            sheet.column_dimensions[column].width = 22
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def shown(value: Any, fmt: str | None) -> str:
    """One cell as the PDF and the page print it (Indonesian dates and numbers)."""
    if value is None or value == "":
        return "–"
    if fmt == "date" and isinstance(value, date):
        return format_day(value)
    if fmt == "rupiah":
        return format_rupiah(value)
    if fmt == "percent":
        return format_number(value * 100, 1) + "%"
    if fmt == "number":
        return format_number(value)
    return str(value)
