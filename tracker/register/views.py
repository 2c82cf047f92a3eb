"""The register page (penatausahaan) and the report upward (pelaporan), with their downloads."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker import permissions
from tracker.agreements.models import AGREEMENT_KINDS, Agreement
from tracker.agreements.status import STATUSES
from tracker.core.clock import today
from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.register import exports, report, report_files, services
from tracker.register.forms import RegisterForm
from tracker.register.queries import register_rows
from tracker.reports.pdf import render_pdf

bp = Blueprint("register", __name__, url_prefix="/register")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(data: bytes, mimetype: str, filename: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _readers_only() -> None:
    if not permissions.may_report(current_user):
        abort(403)


@bp.route("/")
@login_required
def list():
    _readers_only()
    args, now = request.args, today()
    filters = {"year": args.get("year", type=int) if 1900 < (args.get("year", type=int) or 0) < 3000 else None,
               "kind": args.get("kind") if args.get("kind") in AGREEMENT_KINDS else None,
               "status": args.get("status") if args.get("status") in STATUSES else None}
    rows = register_rows(current_user.party_id, now, **filters)
    party = current_user.party
    if args.get("format") == "xlsx":
        return _download(exports.workbook(party.name, rows, now), XLSX, f"register-{now.isoformat()}.xlsx")
    if args.get("format") == "pdf":
        pdf = render_pdf("register/register_pdf.html", rows=rows, party=party, today=now,
                         header=exports.header(), parties_text=exports.parties_text, letterhead=report.letterhead(party))
        return _download(pdf, "application/pdf", f"register-{now.isoformat()}.pdf")
    return render_template("register/list.html", rows=rows, filters=filters, kinds=AGREEMENT_KINDS,
                           statuses=STATUSES, form=RegisterForm(), parties_text=exports.parties_text,
                           may_keep=lambda a: permissions.may_keep_register(current_user, a))


@bp.route("/<int:agreement_id>", methods=["POST"])
@login_required
def record(agreement_id: int):
    agreement = db.session.get(Agreement, agreement_id)
    if agreement is None or not permissions.can(current_user, permissions.VIEW, agreement):
        abort(404)
    if not permissions.may_keep_register(current_user, agreement):
        abort(403)
    form = RegisterForm()
    if form.validate_on_submit():
        entry = services.record(agreement, current_user.party_id, current_user, form.original_location.data,
                                form.notes.data)
        db.session.commit()
        flash(_("Tercatat di register dengan nomor %(number)s.", number=entry.label), "success")
    else:
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "danger")
    return redirect(url_for("register.list"))


@bp.route("/laporan")
@login_required
def report_page():
    _readers_only()
    period = report.period_from_args(request.args, today())
    data = report.gather(current_user, current_user.party, period, today())
    wanted = request.args.get("format")
    stem = f"laporan-kerja-sama-{period.start.isoformat()}-{period.end.isoformat()}"
    if wanted == "xlsx":
        return _download(report_files.workbook(data), XLSX, f"{stem}.xlsx")
    if wanted == "pdf":
        return _download(render_pdf("register/report_pdf.html", data=data, shown=report_files.shown), "application/pdf", f"{stem}.pdf")
    return render_template("register/report.html", data=data, periods=report.recent_periods(today()),
                           shown=report_files.shown)
