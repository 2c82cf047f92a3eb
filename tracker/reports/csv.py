"""CSV downloads that Excel opens correctly (UTF-8 with a byte-order mark)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import Response

BOM = "\ufeff"


def _cell(value: Any) -> str:
    """Plain text for a cell: ISO dates, numbers without exponent, '' for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    text = str(value)
    # A leading =, +, - or @ would run as a formula in a spreadsheet (CSV injection).
    if text[:1] in ("=", "+", "-", "@") and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The whole file as text, BOM first, CRLF line ends."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow([str(h) for h in header])
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue()


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Response:
    """A download of ``rows`` under ``header`` as ``filename`` (.csv added when missing)."""
    if not filename.lower().endswith(".csv"):
        filename += ".csv"
    response = Response(csv_text(header, rows).encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
