"""Report downloads: monev Excel per agreement and per party and period, PDF briefing packs, CSV."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user, login_required

from tracker.agreements.models import Agreement
from tracker.agreements.queries import visible_agreements
from tracker.core.clock import today
from tracker.core.inputs import query_date, query_id
from tracker.extensions import db
from tracker.i18n import format_day
from tracker.i18n import gettext as _
from tracker.monev.forms import MonevForm
from tracker.monev.models import ASPECTS, Monev
from tracker.monev.queries import visible_monevs
from tracker.monev.services import semester_of
from tracker.parties.models import Party
from tracker.permissions import VIEW, can
from tracker.reports import excel
from tracker.reports.data import agreement_report, counterpart_agreements
from tracker.reports.pdf import render_pdf

bp = Blueprint("reports", __name__, url_prefix="/reports")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(data: bytes, mimetype: str, filename: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _agreement(agreement_id: int) -> Agreement:
    agreement = db.get_or_404(Agreement, agreement_id)
    if not can(current_user, VIEW, agreement):
        abort(404)
    return agreement


def _date_arg(name: str, default: date) -> date:
    return query_date(name) or default


def _aspect_labels() -> dict:
    form = MonevForm(meta={"csrf": False}, formdata=None)
    return {name: form[name].label.text for name in ASPECTS}


@bp.route("/")
@login_required
def index():
    label, start, end = semester_of(today())
    agreements = list(db.session.scalars(visible_agreements(current_user)))
    counterparts = sorted({link.party for a in agreements for link in a.parties
                           if link.party_id != current_user.party_id}, key=lambda p: p.name)
    return render_template("reports/index.html", agreements=agreements, counterparts=counterparts,
                           period_label=label, start=start, end=end)


@bp.route("/agreements/<int:agreement_id>/monev.xlsx")
@login_required
def monev_xlsx(agreement_id: int):
    agreement = _agreement(agreement_id)
    monev = None
    if query_id("monev"):
        monev = db.get_or_404(Monev, query_id("monev"))
        if monev.agreement_id != agreement.id:
            abort(404)
    report = agreement_report(agreement, today(), current_user.party, monev, as_submitted=True)
    data = excel.monev_workbook(report, _aspect_labels())
    return _download(data, XLSX, f"monev-naskah-{agreement.id}-{today().isoformat()}.xlsx")


@bp.route("/monev-period.xlsx")
@login_required
def period_xlsx():
    label, start, end = semester_of(today())
    start, end = _date_arg("start", start), _date_arg("end", end)
    party = db.session.get(Party, query_id("party") or current_user.party_id) or abort(404)
    monevs = db.session.scalars(
        visible_monevs(current_user).where(
            Monev.party_id == party.id, Monev.period_start <= end, Monev.period_end >= start
        )
    )
    reports = [agreement_report(m.agreement, today(), party, m, as_submitted=True) for m in monevs]
    period = _("%(start)s s.d. %(end)s", start=format_day(start), end=format_day(end))
    data = excel.period_workbook(party.name, period, reports)
    return _download(data, XLSX, f"rekap-monev-{start.isoformat()}-{end.isoformat()}.xlsx")


def _signature() -> dict:
    args = request.args
    return {
        "signer_name": args.get("name", "").strip()[:200],
        "signer_title": args.get("title", "").strip()[:200],
        "signer_nip": args.get("nip", "").strip()[:30],
        "place": args.get("place", "").strip()[:100] or (current_user.party.name if current_user.party else ""),
    }


@bp.route("/agreements/<int:agreement_id>/briefing.pdf")
@login_required
def briefing_agreement(agreement_id: int):
    agreement = _agreement(agreement_id)
    report = agreement_report(agreement, today(), current_user.party)
    pdf = render_pdf("reports/briefing.html", reports=[report], today=today(),
                     title=_("Bahan paparan kerja sama"), subtitle=agreement.title, **_signature())
    return _download(pdf, "application/pdf", f"paparan-naskah-{agreement.id}.pdf")


@bp.route("/monev/<int:monev_id>/monev.pdf")
@login_required
def monev_pdf(monev_id: int):
    monev = db.get_or_404(Monev, monev_id)
    if not can(current_user, VIEW, monev):
        abort(404)
    report = agreement_report(monev.agreement, today(), current_user.party, monev, as_submitted=True)
    pdf = render_pdf("reports/briefing.html", reports=[report], today=today(),
                     title=_("Laporan monev %(label)s", label=monev.period_label),
                     subtitle=monev.agreement.title, **_signature())
    return _download(pdf, "application/pdf", f"monev-{monev.id}.pdf")


@bp.route("/regions/<int:party_id>/briefing.pdf")
@login_required
def briefing_region(party_id: int):
    counterpart = db.get_or_404(Party, party_id)
    agreements = counterpart_agreements(current_user, counterpart)
    if not agreements or counterpart.id == current_user.party_id:
        abort(404)
    reports = [agreement_report(a, today(), current_user.party) for a in agreements]
    pdf = render_pdf("reports/briefing.html", reports=reports, today=today(),
                     title=_("Bahan paparan kerja sama dengan %(party)s", party=counterpart.name),
                     subtitle=_("%(n)s naskah kerja sama", n=len(reports)), **_signature())
    return _download(pdf, "application/pdf", f"paparan-{counterpart.region_code or counterpart.id}.pdf")


@bp.route("/briefing")
@login_required
def briefing_go():
    """The briefing form's target (a briefing URL of this blueprint) with the signature fields."""
    from urllib.parse import urlencode

    from flask import redirect

    target = request.args.get("target", "")
    if not target.startswith(bp.url_prefix + "/") or not target.endswith("/briefing.pdf"):
        abort(400)
    kept = {k: v for k, v in request.args.items() if k in ("name", "title", "nip", "place") and v}
    return redirect(target + ("?" + urlencode(kept) if kept else ""))
