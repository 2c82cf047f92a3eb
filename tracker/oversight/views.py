"""The province dashboard: its kab/kota side by side, each figure a drill-down; CSV and Excel."""

from __future__ import annotations

import io

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user, login_required
from openpyxl import Workbook

from tracker import permissions
from tracker.core.clock import today as current_day
from tracker.i18n import gettext as _
from tracker.oversight.queries import overseen_agreements, region_rows
from tracker.reports.csv import csv_response

bp = Blueprint("province", __name__, url_prefix="/provinsi")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.app_context_processor
def _nav() -> dict:
    return {"may_view_province": permissions.may_view_province}


def _header() -> list[str]:
    return [_("Kode"), _("Kabupaten/kota"), _("Naskah berlaku"), _("Bidang belum ditindaklanjuti"),
            _("Program terlambat"), _("Naskah wajib monev"), _("Monev tepat waktu"), _("Usulan macet")]


def _cells(row) -> list:
    return [row.party.region_code, row.party.name, row.in_force, row.no_follow_up, row.overdue,
            row.monev_due, row.monev_on_time, row.stuck_proposals]


def _xlsx(rows, today) -> Response:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Perbandingan")[:31]
    sheet.append([_("Pengawasan kerja sama kabupaten/kota, %(date)s", date=today.strftime("%d/%m/%Y"))])
    sheet.append(_header())
    for row in rows:
        sheet.append(_cells(row))  # numbers stay numbers: the province sums and sorts them
    buffer = io.BytesIO()
    book.save(buffer)
    response = Response(buffer.getvalue(), mimetype=XLSX)
    response.headers["Content-Disposition"] = f'attachment; filename="pengawasan-provinsi-{today.isoformat()}.xlsx"'
    return response


@bp.route("/")
@login_required
def dashboard():
    if not permissions.may_view_province(current_user):
        abort(403)
    today = current_day()
    rows = region_rows(current_user, today)
    wanted = request.args.get("format")
    if wanted == "csv":
        return csv_response(f"pengawasan-provinsi-{today.isoformat()}", _header(), (_cells(r) for r in rows))
    if wanted == "xlsx":
        return _xlsx(rows, today)
    totals = {name: sum(getattr(r, name) for r in rows)
              for name in ("in_force", "no_follow_up", "overdue", "monev_due", "monev_on_time", "stuck_proposals")}
    return render_template("oversight/dashboard.html", rows=rows, totals=totals, today=today,
                           province=current_user.party, agreements=overseen_agreements(current_user))
