"""Renewal review: from RENEWAL_NOTICE_DAYS before the end, each party records its decision."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from tracker.agreements.models import Agreement
from tracker.agreements.status import agreement_status
from tracker.core.clock import today
from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.monev import services
from tracker.monev.forms import RenewalForm
from tracker.monev.models import RenewalDecision
from tracker.monev.queries import implementation_by_field, monevs_of
from tracker.permissions import DECIDE, VIEW, can


def decisions_of(agreement: Agreement) -> list[RenewalDecision]:
    """Every renewal decision recorded for the agreement, latest first."""
    from sqlalchemy import select

    return list(
        db.session.scalars(
            select(RenewalDecision)
            .where(RenewalDecision.agreement_id == agreement.id)
            .order_by(RenewalDecision.created_at.desc(), RenewalDecision.id.desc())
        )
    )


def renewal_view(agreement_id: int):
    """Show the monev history and programme results, and record a renewal decision."""
    agreement = db.get_or_404(Agreement, agreement_id)
    if not can(current_user, VIEW, agreement):
        abort(404)
    form = RenewalForm()
    if form.is_submitted():
        if not can(current_user, DECIDE, agreement):
            abort(403)
        if form.validate():
            services.record_renewal_decision(
                agreement, current_user.party, form.decision.data, form.reason.data, current_user, today()
            )
            db.session.commit()
            flash(_("Keputusan pembaruan kerja sama dicatat."), "success")
            return redirect(url_for("monev.renewal", agreement_id=agreement.id))
    day = today()
    return render_template(
        "monev/renewal.html",
        agreement=agreement,
        form=form,
        status=agreement_status(agreement, day),
        window_open=services.renewal_window_open(agreement, day),
        current=services.renewal_decision_for(agreement, current_user.party_id),
        decisions=decisions_of(agreement),
        monevs=monevs_of(agreement),
        blocks=implementation_by_field(agreement, day),
    ), (400 if form.errors else 200)
