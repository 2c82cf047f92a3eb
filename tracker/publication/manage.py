"""The coordinators' publication page of an agreement: propose publishing, or unpublish at once."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from tracker import permissions
from tracker.agreements.models import Agreement
from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.publication import changes, services  # noqa: F401  (changes registers the consent kinds)
from tracker.publication.forms import PublicationForm, UnpublishForm

bp = Blueprint("publication", __name__, url_prefix="/agreements")


def _load(agreement_id: int) -> Agreement:
    """404 when the user may not see the agreement, 403 when it may not publish it."""
    agreement = db.session.get(Agreement, agreement_id)
    if agreement is None or not permissions.can(current_user, permissions.VIEW, agreement):
        abort(404)
    if not permissions.may_publish(current_user, agreement):
        abort(403)
    return agreement


def _render(agreement: Agreement, form: PublicationForm):
    record = services.publication_of(agreement)
    return render_template("publication/manage.html", agreement=agreement, publication=record, form=form,
                           unpublish_form=UnpublishForm(), pending=services.pending_requests(agreement))


@bp.route("/<int:agreement_id>/publication", methods=["GET", "POST"])
@login_required
def manage(agreement_id: int):
    agreement = _load(agreement_id)
    record = services.publication_of(agreement)
    form = PublicationForm(data=(record.choices() if record else services.clean_choices(None)))
    if not form.validate_on_submit():
        return _render(agreement, form)
    if services.pending_requests(agreement):
        flash(_("Sudah ada usulan publikasi yang menunggu keputusan; putuskan atau batalkan dulu."), "warning")
        return _render(agreement, form)
    choices = {name: getattr(form, name).data for name in services.CHOICES}
    proposal = services.propose_publication(agreement, choices, by=current_user, reason=form.reason.data)
    db.session.commit()
    flash(services.proposal_message(proposal), "success")
    return redirect(url_for("publication.manage", agreement_id=agreement.id), code=303)


@bp.route("/<int:agreement_id>/publication/unpublish", methods=["POST"])
@login_required
def unpublish(agreement_id: int):
    agreement = _load(agreement_id)
    if UnpublishForm().validate_on_submit():
        services.request_unpublish(agreement, by=current_user)
        db.session.commit()
        flash(_("Naskah ini tidak lagi tampil di halaman publik."), "success")
    return redirect(url_for("publication.manage", agreement_id=agreement.id), code=303)
