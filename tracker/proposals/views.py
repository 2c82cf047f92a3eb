"""Proposal pages: the list, recording one, its stages on both sides, its files (answers: consent step)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from tracker.agreements.forms import int_or_none
from tracker.attachments.services import UploadError, clean_filename
from tracker.audit.queries import history_for
from tracker.core.clock import today
from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.i18n import lazy_gettext as _l
from tracker.idempotency import web as once
from tracker.idempotency.services import new_key
from tracker.parties.models import Agency, Party
from tracker.permissions import ADD, EDIT, VIEW, can
from tracker.proposals import answers, documents, services
from tracker.proposals.forms import (
    DOCUMENT_KIND,
    CompleteForm,
    DocumentForm,
    ProposalForm,
    SkipForm,
    StageForm,
)
from tracker.proposals.models import STAGES, Proposal, ProposalDocument, ProposalStage
from tracker.proposals.queries import visible_proposals

bp = Blueprint("proposals", __name__, url_prefix="/usulan")
SAVED = _l("Usulan ini sudah tersimpan.")


def _detail_url(proposal_id: int) -> str:
    return url_for("proposals.detail", proposal_id=proposal_id)


def _load(proposal_id: int, action: str = VIEW) -> Proposal:
    """404 when the user may not see it, 403 when it may not ``action`` it."""
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or not can(current_user, VIEW, proposal):
        abort(404)
    if action != VIEW and not can(current_user, action, proposal):
        abort(403)
    return proposal


def _stage(proposal: Proposal, stage_id: int) -> ProposalStage:
    stage = db.session.get(ProposalStage, stage_id)
    if stage is None or stage.proposal_id != proposal.id:
        abort(404)
    if not can(current_user, EDIT, stage):
        abort(403)
    return stage


def _agency_choices(party_id: int) -> list:
    agencies = db.session.scalars(select(Agency).where(Agency.party_id == party_id, Agency.archived_at.is_(None))
                                  .order_by(Agency.name))
    return [SelectChoice("", "—")] + [SelectChoice(a.id, a.name) for a in agencies]


@bp.route("/")
@login_required
def list():
    stage = request.args.get("stage") if request.args.get("stage") in STAGES else None
    party_id = int_or_none(request.args.get("party"))
    page = db.paginate(visible_proposals(current_user, stage=stage, party_id=party_id,
                                         open_only=request.args.get("open") == "1"),
                       per_page=20, error_out=False)
    return render_template("proposals/list.html", page=page, stage=stage, stages=STAGES, today=today(),
                           may_add=can(current_user, ADD, Proposal))


@bp.route("/add", methods=["GET", "POST"])
@login_required
def add():
    if not can(current_user, ADD, Proposal):
        abort(403)
    form = ProposalForm()
    parties = db.session.scalars(select(Party).where(Party.id != current_user.party_id, Party.archived_at.is_(None))
                                 .order_by(Party.kind != "pihak_ketiga", Party.region_code, Party.name))
    form.counterpart_party_id.choices = [SelectChoice("", _("— pilih —"))] + [SelectChoice(p.id, p.name) for p in parties]
    form.responsible_agency_id.choices = _agency_choices(current_user.party_id)
    if request.method == "GET" and current_user.agency_id:
        form.responsible_agency_id.data = current_user.agency_id
    if request.method == "POST" and (done := once.replay_form("proposals.add", _detail_url, SAVED)):
        return done
    if form.validate_on_submit():
        slot = once.claim_form("proposals.add")
        if slot.replay:
            return once.replayed(slot, _detail_url, SAVED)
        data = {name: form[name].data for name in services.PROPOSAL_COLUMNS + ("counterpart_party_id",)}
        data["government_affair"] = data["government_affair"] or None
        data["cooperation_type"] = data["cooperation_type"] or None
        agency_id = form.responsible_agency_id.data
        if current_user.role == "officer":
            agency_id = current_user.agency_id
        try:
            proposal = services.create_proposal(data, form.field_rows(), current_user, agency_id=agency_id)
        except services.ProposalError as error:
            db.session.rollback()
            form.fields_text.errors.append(str(error))
        else:
            once.bind(slot, proposal)
            db.session.commit()
            flash(_("Usulan kerja sama tersimpan. Tahap persiapan dimulai hari ini."), "success")
            return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    return render_template("proposals/form.html", form=form)


@bp.route("/<int:proposal_id>")
@login_required
def detail(proposal_id: int):
    proposal = _load(proposal_id)
    requests = answers.requests_of(proposal)
    stage_forms = {}
    for stage in proposal.stages:
        form = StageForm(obj=stage, prefix=f"s{stage.id}")
        form.responsible_agency_id.choices = _agency_choices(proposal.proposer_party_id)
        stage_forms[stage.id] = form
    complete = CompleteForm(prefix="done")
    complete.done_on.data = today()
    return render_template(
        "proposals/detail.html", proposal=proposal, current=proposal.current_stage, today=today(),
        stage_forms=stage_forms, complete_form=complete, skip_form=SkipForm(prefix="skip"),
        document_form=DocumentForm(prefix="doc"), upload_key=new_key(), document_kinds=DOCUMENT_KIND, history=_history(proposal, requests),
        requests=requests, pending=[r for r in requests if r.is_pending], may_add=can(current_user, ADD, proposal),
        may_offer_again=answers.may_offer_again(proposal) and current_user.role == "admin"
        and can(current_user, EDIT, proposal))


def _history(proposal: Proposal, requests: list) -> list:
    """The proposal's own events and those of its answer requests, newest first."""
    events = history_for(proposal) + [e for r in requests for e in history_for(r)]
    return sorted(events, key=lambda e: (e.occurred_at, e.id), reverse=True)[:50]


def _back(proposal: Proposal):
    return redirect(url_for("proposals.detail", proposal_id=proposal.id))


def _refuse(form, proposal: Proposal):
    """Errors go back to the proposal page as messages; the page keeps its place."""
    for errors in form.errors.values():
        for error in errors:
            flash(str(error), "danger")
    return _back(proposal)


@bp.route("/<int:proposal_id>/stages/<int:stage_id>", methods=["POST"])
@login_required
def stage(proposal_id: int, stage_id: int):
    proposal = _load(proposal_id)
    row = _stage(proposal, stage_id)
    form = StageForm(prefix=f"s{row.id}")
    form.responsible_agency_id.choices = _agency_choices(proposal.proposer_party_id)
    if not form.validate_on_submit():
        return _refuse(form, proposal)
    agency_id = form.responsible_agency_id.data
    if agency_id is not None and agency_id not in {c.value for c in form.responsible_agency_id.choices}:
        abort(400)
    services.update_stage(row, {name: form[name].data or None for name in services.STAGE_COLUMNS}, current_user)
    db.session.commit()
    flash(_("Tahap tersimpan."), "success")
    return _back(proposal)


@bp.route("/<int:proposal_id>/stages/<int:stage_id>/complete", methods=["POST"])
@login_required
def complete(proposal_id: int, stage_id: int):
    proposal = _load(proposal_id)
    row = _stage(proposal, stage_id)
    form = CompleteForm(prefix="done")
    if not form.validate_on_submit():
        return _refuse(form, proposal)
    try:
        created = services.complete_stage(row, form.done_on.data, current_user, place=form.place.data,
                                          proposer_number=form.proposer_number.data or None,
                                          counterpart_number=form.counterpart_number.data or None,
                                          valid_until=form.valid_until.data)
        db.session.commit()
    except services.ProposalError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return _back(proposal)
    if created is not None:
        flash(_("Naskah %(kind)s tercatat dari usulan ini.", kind=created.kind), "success")
        return redirect(url_for("agreements.detail", agreement_id=created.id))
    flash(_("Tahap selesai."), "success")
    return _back(proposal)


@bp.route("/<int:proposal_id>/stages/<int:stage_id>/skip", methods=["POST"])
@login_required
def skip(proposal_id: int, stage_id: int):
    proposal = _load(proposal_id)
    row = _stage(proposal, stage_id)
    form = SkipForm(prefix="skip")
    if not form.validate_on_submit():
        return _refuse(form, proposal)
    try:
        services.skip_stage(row, form.reason.data, current_user)
        db.session.commit()
    except services.ProposalError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        flash(_("Tahap dilewati."), "success")
    return _back(proposal)


@bp.route("/<int:proposal_id>/documents", methods=["POST"])
@login_required
def upload(proposal_id: int):
    proposal = _load(proposal_id, ADD)
    form = DocumentForm(prefix="doc")
    back = lambda _id: url_for("proposals.detail", proposal_id=proposal.id)  # noqa: E731
    if (done := once.replay_form("proposals.upload", back, _("Dokumen ini sudah tersimpan."))):
        return done
    if not form.validate_on_submit() or not form.file.data:
        flash(_("Pilih berkas yang akan diunggah."), "danger")
        return _back(proposal)
    slot = once.claim_form("proposals.upload")
    if slot.replay:
        return once.replayed(slot, back, _("Dokumen ini sudah tersimpan."))
    try:
        document = documents.add_document(proposal, form.file.data, form.kind.data, current_user, form.note.data,
                                          stage=proposal.current_stage)
        once.bind(slot, document)
        db.session.commit()
    except UploadError as error:
        db.session.rollback()
        flash(error.message, "danger")
    else:
        flash(_("Dokumen tersimpan."), "success")
    return _back(proposal)


@bp.route("/documents/<int:document_id>")
@login_required
def document(document_id: int):
    row = db.session.get(ProposalDocument, document_id)
    if row is None or not can(current_user, VIEW, row):
        abort(404)
    path = documents.path_of(row)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=row.content_type, as_attachment=True,
                         download_name=clean_filename(row.original_name), max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/<int:proposal_id>/offer", methods=["POST"])
@login_required
def offer(proposal_id: int):
    proposal = _load(proposal_id, EDIT)
    if current_user.role != "admin":
        abort(403)
    try:
        services.offer_again(proposal, current_user)
        db.session.commit()
    except services.ProposalError as error:
        db.session.rollback()
        flash(str(error), "warning")
    else:
        flash(_("Penawaran dikirim ulang kepada %(party)s.", party=proposal.counterpart.name), "success")
    return _back(proposal)


@bp.route("/<int:proposal_id>/archive", methods=["POST"])
@login_required
def archive(proposal_id: int):
    proposal = _load(proposal_id, EDIT)
    if current_user.role != "admin":
        abort(403)
    services.archive(proposal, current_user)
    db.session.commit()
    flash(_("Usulan ditarik dan diarsipkan."), "success")
    return redirect(url_for("proposals.list"))
