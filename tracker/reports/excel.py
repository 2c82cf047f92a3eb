"""Excel workbooks (openpyxl): monev report per agreement, and per party and period."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tracker import labels
from tracker.core.xlsx import DATE, NUMBER, PERCENT, RUPIAH, put, save, sheet_title
from tracker.i18n import format_day
from tracker.i18n import gettext as _
from tracker.monev.models import ASPECTS
from tracker.monev.services import as_percent
from tracker.reports.data import AgreementReport

HEADER_ROW = 4
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")


def _headers_programmes() -> list[tuple[str, int, str | None]]:
    """(header, column width, number format) of the programme table."""
    return [
        (_("No"), 5, None), (_("Program"), 34, None), (_("Perangkat daerah"), 24, None),
        (_("Indikator"), 28, None), (_("Satuan"), 10, None), (_("Target"), 12, NUMBER),
        (_("Realisasi"), 12, NUMBER), (_("Persentase"), 11, PERCENT), (_("Anggaran"), 18, RUPIAH),
        (_("Kemajuan terakhir"), 14, DATE), (_("Kondisi"), 14, None), (_("Kendala"), 40, None),
    ]


def _programme_cells(number: int, row) -> list:
    p = row.programme
    condition = labels.label(labels.HEALTH, row.health) if row.health else labels.label(
        labels.PROGRAMME_STATUS, p.status)
    return [number, p.name, p.agency.name, p.indicator, p.unit, p.target, row.realised,
            as_percent(row.percent), int(p.budget or 0), row.last_progress_on, condition, row.obstacles or ""]


def _table(ws: Worksheet, title: str, subtitle: str, columns, rows: Sequence[Sequence]) -> None:
    """Title, subtitle, a header row and data rows with widths, formats, frozen panes, print set-up."""
    put(ws, 1, 1, title).font = Font(bold=True, size=14)
    put(ws, 2, 1, subtitle)
    for index, (header, width, _fmt) in enumerate(columns, start=1):
        cell = put(ws, HEADER_ROW, index, header)
        cell.font, cell.fill, cell.border, cell.alignment = Font(bold=True), HEADER_FILL, BORDER, WRAP
        ws.column_dimensions[get_column_letter(index)].width = width
    for r, values in enumerate(rows, start=HEADER_ROW + 1):
        for c, value in enumerate(values, start=1):
            cell = put(ws, r, c, value, columns[c - 1][2])
            cell.border, cell.alignment = BORDER, WRAP
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=3)
    _print_setup(ws)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def _print_setup(ws: Worksheet) -> None:
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "&P / &N"


def _summary_sheet(ws: Worksheet, report: AgreementReport, form_labels: dict) -> None:
    a, monev = report.agreement, report.monev
    ws.title = _("Ringkasan")
    put(ws, 1, 1, _("Laporan monitoring dan evaluasi kerja sama")).font = Font(bold=True, size=14)
    rows = [
        (_("Naskah"), f"{a.kind} · {a.title}"),
        (_("Pihak"), "; ".join(f"{link.party.name} ({link.document_number or '–'})" for link in a.parties)),
        (_("Ditandatangani"), a.signed_on),
        (_("Berlaku sampai"), a.valid_until),
        (_("Status"), labels.label(labels.AGREEMENT_STATUS, report.status)),
        (_("Periode monev"), monev.period_label if monev else _("Belum ada monev")),
        (_("Pelaksana monev"), monev.party.name if monev else "–"),
        (_("Status monev"), labels.label(labels.MONEV_STATUS, monev.status) if monev else "–"),
        (_("Jumlah program"), len(report.rows)),
        (_("Anggaran program"), report.budget, RUPIAH),
        (_("Rata-rata capaian"), as_percent(report.mean_percent), PERCENT),
    ]
    if monev:
        rows += [(str(form_labels[name]), getattr(monev, name) or "") for name in ASPECTS]
        rows.append((_("Rekomendasi"), labels.label(labels.RECOMMENDATION, monev.recommendation)))
    for r, (label, value, *fmt) in enumerate(rows, start=3):
        put(ws, r, 1, label).font = Font(bold=True)
        put(ws, r, 2, value, fmt[0] if fmt else None).alignment = WRAP
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 36, 100
    _print_setup(ws)


def monev_workbook(report: AgreementReport, form_labels: dict) -> bytes:
    """Summary sheet, then one sheet per field: programmes, target, realisation, %, last progress, obstacles."""
    workbook = Workbook()
    _summary_sheet(workbook.active, report, form_labels)
    period = report.monev.period_label if report.monev else format_day(report.today)
    for block in report.blocks:
        ws = workbook.create_sheet(sheet_title(workbook, f"{block.field.position}. {block.field.title}"))
        rows = [_programme_cells(i, row) for i, row in enumerate(block.rows, start=1)]
        _table(ws, f"{block.field.position}. {block.field.title}", f"{report.agreement.title} · {period}",
               _headers_programmes(), rows)
        if not rows:
            put(ws, HEADER_ROW + 1, 2, str(labels.NO_FOLLOW_UP))
    return save(workbook)


def period_workbook(party_name: str, period: str, reports: list[AgreementReport]) -> bytes:
    """Across agreements: one recap row per monev, then every programme."""
    workbook = Workbook()
    recap = workbook.active
    recap.title = _("Rekap monev")
    columns = [
        (_("No"), 5, None), (_("Naskah kerja sama"), 40, None), (_("Pihak mitra"), 28, None),
        (_("Periode"), 18, None), (_("Status monev"), 12, None), (_("Rekomendasi"), 14, None),
        (_("Jumlah program"), 10, "0"), (_("Anggaran"), 18, RUPIAH), (_("Rata-rata capaian"), 12, PERCENT),
        (_("Bidang tanpa tindak lanjut"), 12, "0"),
    ]
    rows = []
    for i, r in enumerate(reports, start=1):
        partners = "; ".join(link.party.name for link in r.agreement.parties if link.party.name != party_name)
        rows.append([i, r.agreement.title, partners, r.monev.period_label if r.monev else "",
                     labels.label(labels.MONEV_STATUS, r.monev.status) if r.monev else "",
                     labels.label(labels.RECOMMENDATION, r.monev.recommendation) if r.monev and r.monev.recommendation else "",
                     len(r.rows), r.budget, as_percent(r.mean_percent), len(r.fields_without_follow_up)])
    _table(recap, _("Rekap monev %(party)s", party=party_name), period, columns, rows)
    detail = workbook.create_sheet(_("Program"))
    columns = [(_("Naskah kerja sama"), 30, None), (_("Bidang"), 24, None)] + _headers_programmes()[1:]
    rows = [[r.agreement.title, b.field.title, *_programme_cells(0, row)[1:]]
            for r in reports for b in r.blocks for row in b.rows]
    _table(detail, _("Program per naskah"), f"{party_name} · {period}", columns, rows)
    return save(workbook)
