"""Parties (regions with their codes, third parties) and their agencies."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.archive.restoring import restore_and_redirect
from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.i18n import lazy_gettext as _l
from tracker.parties import queries, services
from tracker.parties.forms import AgencyForm, PartyForm
from tracker.parties.models import PARTY_KINDS, Agency, Party
from tracker.permissions import EDIT, VIEW, can
from tracker.reports.exports import agencies_csv, parties_csv

bp = Blueprint("parties", __name__)

PER_PAGE = 100


def _may_manage_agencies(party: Party) -> bool:
    # A transient agency of that party lets permissions.py decide, as for a stored one.
    return party.is_region and can(current_user, EDIT, Agency(party_id=party.id))


def _agency_to_change(agency_id: int) -> Agency:
    """The agency, 404 when there is none, 403 when the user may not change it."""
    agency = db.get_or_404(Agency, agency_id)
    if not can(current_user, EDIT, agency):
        abort(403)
    return agency


@bp.route("/parties/")
@login_required
def list():
    if not can(current_user, VIEW, Party):
        abort(403)
    search = request.args.get("q", "").replace("\x00", "").strip()[:100]
    kind = request.args.get("kind") if request.args.get("kind") in PARTY_KINDS else None
    query = queries.listed_parties(search, kind)
    provinces = queries.province_names()
    if request.args.get("format") == "csv":  # the filtered rows, every page
        return parties_csv(db.session.scalars(query), provinces)
    page = db.paginate(query, per_page=PER_PAGE, error_out=False)
    kept = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "parties/list.html", page=page, search=search, kind=kind, kinds=PARTY_KINDS,
        provinces=provinces, kept=kept, may_add=can(current_user, EDIT, Party(kind="pihak_ketiga")),
    )


@bp.route("/parties/<int:party_id>")
@login_required
def detail(party_id: int):
    party = db.get_or_404(Party, party_id)
    if not can(current_user, VIEW, party):
        abort(404)
    manage = _may_manage_agencies(party)
    agencies = [a for a in party.agencies if manage or a.archived_at is None]
    if request.args.get("format") == "csv":  # the agencies the page lists
        return agencies_csv(party, agencies)
    from tracker.audit.queries import history_for

    return render_template(
        "parties/detail.html", party=party, agencies=agencies, manage=manage,
        may_edit=can(current_user, EDIT, party), history=history_for(party) if manage else [],
    )


@bp.route("/parties/add", methods=["GET", "POST"])
@login_required
def add():
    if not can(current_user, EDIT, Party(kind="pihak_ketiga")):
        abort(403)
    form = PartyForm()
    if form.validate_on_submit():
        party = services.create_third_party(form.data, current_user)
        db.session.commit()
        flash(_("Pihak ketiga tersimpan."), "success")
        return redirect(url_for("parties.detail", party_id=party.id))
    return render_template("parties/form.html", form=form, party=None, heading=_l("Tambah pihak ketiga"))


@bp.route("/parties/<int:party_id>/edit", methods=["GET", "POST"])
@login_required
def edit(party_id: int):
    party = db.get_or_404(Party, party_id)
    if not can(current_user, EDIT, party):
        abort(403)
    form = PartyForm(obj=party)
    if party.is_region:
        form.name.render_kw = {"readonly": True}
        form.name.description = _l("Nama daerah mengikuti Kepmendagri dan tidak diubah di sini.")
        if request.method == "POST":
            form.name.data = party.name
    if form.validate_on_submit():
        services.update_party(party, form.data, current_user)
        db.session.commit()
        flash(_("Perubahan tersimpan."), "success")
        return redirect(url_for("parties.detail", party_id=party.id))
    return render_template("parties/form.html", form=form, party=party, heading=_l("Ubah pihak"))


@bp.route("/parties/<int:party_id>/agencies/add", methods=["GET", "POST"])
@login_required
def agency_add(party_id: int):
    party = db.get_or_404(Party, party_id)
    if not _may_manage_agencies(party):
        abort(403)
    form = AgencyForm()
    if form.validate_on_submit():
        if services.agency_name_taken(party.id, form.name.data):
            form.name.errors.append(_("Perangkat daerah dengan nama ini sudah ada."))
        else:
            services.create_agency(party, form.data, current_user)
            db.session.commit()
            flash(_("Perangkat daerah tersimpan."), "success")
            return redirect(url_for("parties.detail", party_id=party.id))
    return render_template("parties/agency_form.html", form=form, party=party, agency=None)


@bp.route("/agencies/<int:agency_id>/edit", methods=["GET", "POST"])
@login_required
def agency_edit(agency_id: int):
    agency = _agency_to_change(agency_id)
    form = AgencyForm(obj=agency)
    if form.validate_on_submit():
        if services.agency_name_taken(agency.party_id, form.name.data, agency.id):
            form.name.errors.append(_("Perangkat daerah dengan nama ini sudah ada."))
        else:
            services.update_agency(agency, form.data, current_user)
            db.session.commit()
            flash(_("Perubahan tersimpan."), "success")
            return redirect(url_for("parties.detail", party_id=agency.party_id))
    return render_template("parties/agency_form.html", form=form, party=agency.party, agency=agency)


@bp.route("/agencies/<int:agency_id>/archive", methods=["POST"])
@login_required
def agency_archive(agency_id: int):
    agency = _agency_to_change(agency_id)
    services.archive_agency(agency, current_user)
    db.session.commit()
    flash(_("Perangkat daerah diarsipkan."), "success")
    return redirect(url_for("parties.detail", party_id=agency.party_id))


@bp.route("/agencies/<int:agency_id>/restore", methods=["POST"])
@login_required
def agency_restore(agency_id: int):
    agency = _agency_to_change(agency_id)
    return restore_and_redirect(services.restore_agency, agency, _("Perangkat daerah dipulihkan."),
                                url_for("parties.detail", party_id=agency.party_id))
