"""Pages of the consent step: decisions waiting, one request, answer, withdraw."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import or_, select

from tracker.consent import labels, services
from tracker.consent.forms import CancelForm, RespondForm
from tracker.consent.models import ChangeDecision, ChangeRequest
from tracker.consent.registry import describe
from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.permissions import may_cancel, may_decide, may_view_request

bp = Blueprint("consent", __name__, url_prefix="/usulan-perubahan")


@bp.app_context_processor
def _helpers() -> dict:
    return {"consent_describe": describe, "consent_status": labels.status, "consent_decision": labels.decision}


def _load(request_id: int) -> ChangeRequest:
    change = db.session.get(ChangeRequest, request_id)
    if change is None or not may_view_request(current_user, change):
        abort(404)
    return change


def _back(change: ChangeRequest):
    target = request.form.get("back")
    if target and target.startswith("/") and not target.startswith("//") and "\n" not in target and "\r" not in target:
        return redirect(target)
    return redirect(url_for("consent.detail", request_id=change.id))


@bp.route("/")
@login_required
def list():
    party = current_user.party_id
    waiting = select(ChangeRequest.id).join(ChangeDecision).where(
        ChangeDecision.party_id == party, ChangeDecision.decision == "pending")
    query = (select(ChangeRequest).where(ChangeRequest.status == "pending", ChangeRequest.id.in_(waiting))
             .order_by(ChangeRequest.expires_at))
    mine = (select(ChangeRequest).where(or_(ChangeRequest.party_id == party,
                                            ChangeRequest.id.in_(select(ChangeDecision.request_id)
                                                                 .where(ChangeDecision.party_id == party))))
            .order_by(ChangeRequest.id.desc()))
    page = db.paginate(mine, per_page=current_app.config.get("PAGE_SIZE", 20), error_out=False)
    return render_template("consent/list.html", waiting=db.session.scalars(query).all(), page=page)


@bp.route("/<int:request_id>")
@login_required
def detail(request_id: int):
    change = _load(request_id)
    return render_template("consent/detail.html", change=change, respond_form=RespondForm(),
                           cancel_form=CancelForm(), may_decide=may_decide(current_user, change),
                           may_cancel=may_cancel(current_user, change))


@bp.route("/<int:request_id>/respond", methods=["POST"])
@login_required
def respond(request_id: int):
    change = _load(request_id)
    if not may_decide(current_user, change):
        abort(403)
    form = RespondForm()
    if not form.validate_on_submit():
        return render_template("consent/detail.html", change=change, respond_form=form, cancel_form=CancelForm(),
                               may_decide=True, may_cancel=may_cancel(current_user, change)), 422
    try:
        services.respond(change, by=current_user, accept=form.decision.data == "accept", reason=form.reason.data)
    except services.ConsentError:
        db.session.rollback()
        flash(_("Usulan ini sudah diputuskan atau tidak lagi menunggu keputusan Anda."), "warning")
        return redirect(url_for("consent.detail", request_id=request_id))
    db.session.commit()
    flash({"applied": _("Semua pihak menyetujui; perubahan sudah berlaku."),
           "rejected": _("Usulan ditolak; tidak ada yang berubah.")}.get(
        change.status, _("Persetujuan Anda tercatat; menunggu pihak lain.")), "success")
    return _back(change)


@bp.route("/<int:request_id>/cancel", methods=["POST"])
@login_required
def cancel(request_id: int):
    change = _load(request_id)
    if not may_cancel(current_user, change):
        abort(403)
    if not CancelForm().validate_on_submit():
        abort(400)
    services.cancel(change, by=current_user)
    db.session.commit()
    flash(_("Usulan ditarik."), "success")
    return _back(change)
