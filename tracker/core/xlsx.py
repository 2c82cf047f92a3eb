"""The one way Sinergi writes an Excel cell: typed values, text that never runs as a formula."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet.worksheet import Worksheet

# Number formats. Excel shows its user's own separators: "1.250.000" in Indonesian Excel.
# "#,##0.##" alone leaves a bare decimal sign on whole numbers ("150."), so whole numbers
# get "#,##0" and only fractions the decimals.
WHOLE = "#,##0"
FRACTION = "#,##0.##"
NUMBER = "number"  # chosen per value: WHOLE or FRACTION
RUPIAH = '"Rp" #,##0'
PERCENT = "0.0%"
DATE = "dd/mm/yyyy"
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")


def clean(text: str) -> str:
    """Text without the control characters XML 1.0 cannot hold (a NUL stored through the API)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def put(ws: Worksheet, row: int, column: int, value, number_format: str | None = None) -> Cell:
    """Write ``value`` with an explicit type: text stays text (even "=1+2"), numbers get a format."""
    cell = ws.cell(row=row, column=column)
    if value is None:
        return cell
    if isinstance(value, bool):
        cell.value = value
    elif isinstance(value, (int, float, Decimal)):
        _put_number(cell, value, number_format)
    elif isinstance(value, (date, datetime)):
        cell.value = value
        cell.number_format = number_format or DATE
    else:
        text = clean(str(value))
        cell.value = text
        # Typed as a string, so a leading "=", "+", "-" or "@" is never read as a formula,
        # and the quote prefix keeps it text when the user edits the cell in Excel.
        cell.data_type = "s"
        if text[:1] in ("=", "+", "-", "@"):
            cell.quotePrefix = True
    return cell


def _put_number(cell: Cell, value, number_format: str | None) -> None:
    number = value if not isinstance(value, Decimal) else (int(value) if value == value.to_integral() else float(value))
    cell.value = number
    if number_format == NUMBER or (number_format is None and not isinstance(number, int)):
        whole = float(number).is_integer()
        cell.number_format = WHOLE if whole else FRACTION
    elif number_format:
        cell.number_format = number_format


def append(ws: Worksheet, values, number_formats=None) -> int:
    """Write ``values`` as the next row through ``put``; returns its row number."""
    row = ws.max_row + 1 if ws.max_row > 1 or ws.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, start=1):
        fmt = number_formats[column - 1] if number_formats else None
        put(ws, row, column, value, fmt)
    return row


def sheet_title(workbook: Workbook, text: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\ or control characters, unique."""
    base = _SHEET_TITLE_BAD.sub(" ", clean(text)).strip()[:31] or "Sheet"
    title, n = base, 2
    while title in workbook.sheetnames:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    return title


def save(workbook: Workbook) -> bytes:
    """The workbook as .xlsx bytes."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
