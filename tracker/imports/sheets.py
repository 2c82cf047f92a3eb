"""The import layout (columns of the Naskah and Program sheets) and reading files; template.py writes it."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from openpyxl import load_workbook

from tracker.core.inputs import DATE_MESSAGE, control_error, date_in_range
from tracker.i18n import gettext as _

AGREEMENT_SHEET, PROGRAMME_SHEET = "Naskah", "Program"
AGREEMENT_COLUMNS = {
    "document_number": "Nomor naskah", "kind": "Jenis", "title": "Judul",
    "government_affair": "Urusan pemerintahan", "signed_on": "Tanggal tanda tangan",
    "signed_place": "Tempat tanda tangan", "valid_from": "Berlaku mulai", "valid_until": "Berlaku sampai",
    "partners": "Pihak lain", "partner_numbers": "Nomor naskah pihak lain",
    "parent_number": "Naskah induk", "fields": "Bidang",
    "signatory_name": "Nama penandatangan", "signatory_title": "Jabatan penandatangan",
    "partner_signatories": "Penandatangan pihak lain", "partner_titles": "Jabatan penandatangan pihak lain",
    "own_agencies": "Penanggung jawab Pemda Anda", "partner_agencies": "Penanggung jawab pihak lain",
}
PROGRAMME_COLUMNS = {
    "document_number": "Nomor naskah", "field": "Bidang", "agency": "Perangkat daerah",
    "name": "Nama program", "indicator": "Indikator", "unit": "Satuan", "target": "Target",
    "budget": "Anggaran", "funding_source": "Sumber dana", "start_on": "Mulai", "due_on": "Selesai",
}
EXAMPLE_AGREEMENT = ["100/01/KS/2025", "Kesepakatan Bersama (KB)", "Kesepakatan Bersama kerja sama daerah",
                     "Pendidikan", date(2025, 11, 3), "Sampit", date(2025, 11, 3), date(2030, 11, 2),
                     "Kabupaten Seruyan", "000.1/02/KS/2025", "",
                     "Penanganan anak tidak sekolah; Penanggulangan bencana",
                     "Halikinnor", "Bupati Kotawaringin Timur", "Ahmad Selanorwanda", "Bupati Seruyan",
                     "Dinas Pendidikan; BPBD", "Dinas Pendidikan dan Kebudayaan; BPBD"]
EXAMPLE_PROGRAMME = ["100/01/KS/2025", "Penanganan anak tidak sekolah", "Dinas Pendidikan",
                     "Gerakan kembali bersekolah", "Anak kembali sekolah", "anak", 120, 250000000,
                     "APBD Kabupaten/Kota", date(2026, 1, 1), date(2026, 12, 31)]
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y")


@dataclass
class Row:
    """One spreadsheet row: its sheet, its number as the user sees it, values and errors."""

    sheet: str
    number: int
    values: dict
    errors: list[tuple[str, str]] = field(default_factory=list)
    action: str = ""

    def error(self, key: str, message: str) -> None:
        columns = AGREEMENT_COLUMNS if self.sheet == AGREEMENT_SHEET else PROGRAMME_COLUMNS
        self.errors.append((columns.get(key, key), message))


def clean_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _rows_from_table(sheet: str, table: list[list], first_row: int = 1) -> list[Row]:
    columns = AGREEMENT_COLUMNS if sheet == AGREEMENT_SHEET else PROGRAMME_COLUMNS
    by_label = {label.lower(): key for key, label in columns.items()}
    if not table:
        return []
    header = [by_label.get(clean_text(cell).lower().rstrip("*").strip()) for cell in table[0]]
    rows = []
    for offset, cells in enumerate(table[1:], start=first_row + 1):
        if all(clean_text(c) == "" for c in cells):
            continue
        values = {key: cells[i] if i < len(cells) else None for i, key in enumerate(header) if key}
        rows.append(Row(sheet, offset, values))
    return rows


def _delimiter(text: str) -> str:
    """The header line's separator: Excel writes ';' in Indonesian settings, ',' in English ones."""
    header = text.splitlines()[0] if text.strip() else ""
    return max((";", ",", "\t"), key=header.count)


def read_file(path: Path) -> list[Row]:
    """Rows of an .xlsx (sheets Naskah and Program) or a .csv (either layout, told by its header)."""
    if path.suffix.lower() == ".csv":
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
        table = [list(r) for r in csv.reader(io.StringIO(text), delimiter=_delimiter(text))]
        is_programme = table and any(clean_text(c).lower() == "nama program" for c in table[0])
        return _rows_from_table(PROGRAMME_SHEET if is_programme else AGREEMENT_SHEET, table)
    book = load_workbook(path, read_only=True, data_only=True)
    rows = []
    for name in (AGREEMENT_SHEET, PROGRAMME_SHEET):
        if name in book.sheetnames:
            rows += _rows_from_table(name, [list(r) for r in book[name].iter_rows(values_only=True)])
    book.close()
    return rows


def parse_date(row: Row, key: str, required: bool = False) -> date | None:
    value = _read_date(row, key, required)
    if not date_in_range(value):
        row.error(key, str(DATE_MESSAGE))
        return None
    return value


def _read_date(row: Row, key: str, required: bool) -> date | None:
    value = row.values.get(key)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = clean_text(value)
    if not text:
        if required:
            row.error(key, _("Wajib diisi."))
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    row.error(key, _("Tanggal \"%(value)s\" tidak dapat dibaca; tulis seperti 31-12-2026.", value=text))
    return None


def parse_number(row: Row, key: str, required: bool = False, whole: bool = False) -> Decimal | None:
    text = clean_text(row.values.get(key)).replace("Rp", "").replace(" ", "")
    if not text:
        if required:
            row.error(key, _("Wajib diisi."))
        return None
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):  # "1.250.000" as Indonesians write it
        text = text.replace(".", "")
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        row.error(key, _("\"%(value)s\" bukan angka.", value=text))
        return None
    if not number.is_finite() or number < 0 or number >= 10**13 or (whole and number != number.to_integral()):
        row.error(key, _("Harus angka %(kind)s antara 0 dan 9.999.999.999.999.",
                         kind=_("bulat") if whole else _("positif")))
        return None
    return number


def text(row: Row, key: str, required: bool = False, limit: int = 500) -> str:
    value = clean_text(row.values.get(key))
    if required and not value:
        row.error(key, _("Wajib diisi."))
    elif control_error(value):
        row.error(key, control_error(value))
    elif len(value) > limit:
        row.error(key, _("Terlalu panjang (maksimal %(limit)s karakter).", limit=limit))
    return value


def split_list(value) -> list[str]:
    return [part.strip() for part in clean_text(value).split(";") if part.strip()]
