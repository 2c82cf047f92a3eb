"""The row cap of an import, counted before the file is parsed (a 100,000-row sheet is refused at once)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from tracker.imports.sheets import AGREEMENT_SHEET, PROGRAMME_SHEET

DEFAULT_MAX_ROWS = 5000
CHUNK = 1 << 20


def _count(stream, marker: bytes) -> int:
    """Occurrences of ``marker`` in a byte stream, read in chunks (no parsing)."""
    total, tail = 0, b""
    while chunk := stream.read(CHUNK):
        data = tail + chunk  # the tail is shorter than the marker, so nothing is counted twice
        total += data.count(marker)
        tail = data[len(data) - len(marker) + 1:]
    return total


def _sheet_files(book: zipfile.ZipFile) -> list[str]:
    """The worksheet parts of the Naskah and Program sheets (the guide sheet does not count)."""
    workbook = book.read("xl/workbook.xml").decode("utf-8", "replace")
    rels = book.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    targets = dict(re.findall(r'<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels))
    targets |= {rid: target for target, rid in
                re.findall(r'<Relationship\b[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)}
    files = []
    for tag in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", workbook):
        name, rid = re.search(r'name="([^"]*)"', tag), re.search(r'r:id="([^"]+)"', tag)
        if name and rid and name.group(1) in (AGREEMENT_SHEET, PROGRAMME_SHEET) and rid.group(1) in targets:
            target = targets[rid.group(1)].lstrip("/")
            files.append(target if target.startswith("xl/") else "xl/" + target)
    return files


def row_count(path: Path) -> int:
    """Data rows of an upload (header rows excluded), counted from the raw bytes."""
    if path.suffix.lower() == ".csv":
        with path.open("rb") as stream:
            lines = _count(stream, b"\n")
            if path.stat().st_size:  # a last line without its newline counts too
                stream.seek(-1, 2)
                lines += stream.read(1) != b"\n"
        return max(lines - 1, 0)
    with zipfile.ZipFile(path) as book:
        rows = 0
        for name in _sheet_files(book):
            with book.open(name) as stream:
                rows += max(_count(stream, b"<row ") - 1, 0)
        return rows


def max_rows(config) -> int:
    return int(config.get("IMPORT_MAX_ROWS") or DEFAULT_MAX_ROWS)
