"""Monev pages: list, detail, draft, edit, submit, review and return, agency field inputs."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError

from tracker import labels
from tracker.agreements.models import Agreement
from tracker.audit.queries import history_for
from tracker.core.clock import today
from tracker.core.inputs import query_id
from tracker.core.locking import is_stale, take_conflict
from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.i18n import lazy_gettext as _l
from tracker.idempotency import web as once
from tracker.monev import services, snapshot
from tracker.monev.forms import FieldInputForm, MonevForm, ReturnForm, ReviewForm
from tracker.monev.models import ASPECTS, MONEV_STATUSES, Monev, MonevFieldInput
from tracker.monev.queries import implementation_by_field, visible_monevs
from tracker.monev.renewal import renewal_view
from tracker.permissions import ADD, EDIT, REVIEW, SUBMIT, VIEW, can

bp = Blueprint("monev", __name__)
bp.add_url_rule(
    "/agreements/<int:agreement_id>/renewal", "renewal", login_required(renewal_view), methods=["GET", "POST"]
)


@bp.app_context_processor
def monev_helpers() -> dict:
    """Helpers for any page (e.g. agreements.detail including monev/_renewal_prompt.html)."""
    return {
        "monev_next_due": lambda agreement: services.next_monev_due(agreement, today(), current_user.party),
        "monev_renewal_due": lambda agreement: services.renewal_due(agreement, today(), current_user.party_id),
    }


def _visible(model, obj_id: int):
    """The record, or 404 when it does not exist or belongs to another Pemda's agreements."""
    obj = db.get_or_404(model, obj_id)
    if not can(current_user, VIEW, obj):
        abort(404)
    return obj


def _allowed(action: str, obj) -> None:
    if not can(current_user, action, obj):
        abort(403)


@bp.route("/monev/")
@login_required
def list():
    agreement_id = query_id("agreement")
    status = request.args.get("status") if request.args.get("status") in MONEV_STATUSES else None
    query = visible_monevs(current_user, agreement_id=agreement_id, status=status)
    if request.args.get("format") == "csv":
        from tracker.reports.exports import monev_list_csv

        return monev_list_csv(db.session.scalars(query))
    page = db.paginate(query, per_page=20, error_out=False)
    agreement = db.session.get(Agreement, agreement_id) if agreement_id else None
    if agreement is not None and not can(current_user, VIEW, agreement):
        abort(404)
    return render_template("monev/list.html", page=page, agreement=agreement, status=status,
                           statuses=MONEV_STATUSES)


@bp.route("/monev/<int:monev_id>")
@login_required
def detail(monev_id: int):
    return _render_detail(_visible(Monev, monev_id))


def _render_detail(monev: Monev, return_form: ReturnForm | None = None):
    submitted = snapshot.as_submitted(monev, today())
    return render_template(
        "monev/detail.html",
        monev=monev,
        aspects=ASPECTS,
        labels_form=MonevForm(),
        blocks=submitted if submitted is not None else implementation_by_field(monev.agreement, today(), monev),
        live=snapshot.live_by_programme(monev, today()) if submitted is not None else None,
        empty_inputs=services.empty_inputs(monev) if request.args.get("confirm") else [],
        review_form=ReviewForm(),
        return_form=return_form or ReturnForm(),
        history=history_for(monev),
    )


def _form_data(form: MonevForm) -> dict:
    data = {name: getattr(form, name).data for name in services.MONEV_FIELDS}
    data["recommendation"] = data["recommendation"] or None
    data["period_label"] = data["period_label"].strip()
    return data


SAVED = _l("Monev ini sudah tersimpan.")


def _monev_url(monev_id: int) -> str:
    return url_for("monev.detail", monev_id=monev_id)


@bp.route("/agreements/<int:agreement_id>/monev/add", methods=["GET", "POST"])
@login_required
def add(agreement_id: int):
    agreement = _visible(Agreement, agreement_id)
    _allowed(ADD, agreement)
    form = MonevForm()
    if request.method == "GET":
        form.period_label.data, form.period_start.data, form.period_end.data = services.semester_of(today())
        form.indicator_achievement.data = services.achievement_summary(agreement, today())
    if request.method == "POST" and (done := once.replay_form("monev.add", _monev_url, SAVED)):
        return done
    if form.validate_on_submit():
        slot = once.claim_form("monev.add")
        if slot.replay:
            return once.replayed(slot, _monev_url, SAVED)
        monev = services.create_monev(agreement, current_user.party, _form_data(form), current_user, today())
        once.bind(slot, monev)
        db.session.commit()
        flash(_("Draf monev disimpan. Perangkat daerah penanggung jawab dapat mengisi bagiannya."), "success")
        return redirect(url_for("monev.detail", monev_id=monev.id))
    return render_template("monev/form.html", form=form, agreement=agreement, monev=None)


@bp.route("/monev/<int:monev_id>/edit", methods=["GET", "POST"])
@login_required
def edit(monev_id: int):
    monev = _visible(Monev, monev_id)
    _allowed(EDIT, monev)
    form = MonevForm(obj=monev)
    conflict_rows = None
    if request.method == "GET":
        form.version.data = monev.version
    elif form.validate_on_submit():
        if is_stale(monev, form.version.data):
            conflict_rows = take_conflict(form, monev, services.MONEV_FIELDS)
        else:
            try:
                services.update_monev(monev, _form_data(form), current_user)
                db.session.commit()
            except StaleDataError:
                db.session.rollback()
                flash(_("Data ini baru saja diubah oleh orang lain. Muat ulang lalu coba lagi."), "warning")
                return redirect(url_for("monev.edit", monev_id=monev_id))
            flash(_("Monev disimpan."), "success")
            return redirect(url_for("monev.detail", monev_id=monev.id))
    return render_template("monev/form.html", form=form, agreement=monev.agreement, monev=monev,
                           conflict_rows=conflict_rows)


def _step(monev_id: int, action: str, run):
    """Run one workflow step (POST only), turning a refused step into a message."""
    monev = _visible(Monev, monev_id)
    _allowed(action, monev)
    try:
        run(monev)
        db.session.commit()
    except services.EmptyInputsError:
        db.session.rollback()
        raise
    except services.MonevError as error:
        db.session.rollback()
        flash(str(error), "danger")
    return redirect(url_for("monev.detail", monev_id=monev_id))


@bp.route("/monev/<int:monev_id>/submit", methods=["POST"])
@login_required
def submit(monev_id: int):
    def run(monev):
        services.submit_monev(monev, current_user, confirm_empty=request.form.get("confirm_empty") == "1")
        flash(_("Monev diajukan kepada pimpinan untuk ditelaah."), "success")

    try:
        return _step(monev_id, SUBMIT, run)
    except services.EmptyInputsError:
        return redirect(url_for("monev.detail", monev_id=monev_id, confirm=1, _anchor="confirm-submit"))


@bp.route("/monev/<int:monev_id>/review", methods=["POST"])
@login_required
def review(monev_id: int):
    form = ReviewForm()

    def run(monev):
        services.review_monev(monev, current_user, form.note.data)
        flash(_("Monev ditandai sudah ditelaah."), "success")

    return _step(monev_id, REVIEW, run)


@bp.route("/monev/<int:monev_id>/return", methods=["POST"])
@login_required
def return_(monev_id: int):
    form = ReturnForm()
    monev = _visible(Monev, monev_id)
    _allowed(REVIEW, monev)
    if not form.validate_on_submit():
        return _render_detail(monev, form), 400

    def run(monev):
        services.return_monev(monev, form.note.data, current_user)
        flash(_("Monev dikembalikan ke koordinator dengan catatan."), "info")

    return _step(monev_id, REVIEW, run)


@bp.route("/monev/inputs/<int:input_id>/edit", methods=["GET", "POST"])
@login_required
def field_input(input_id: int):
    item = _visible(MonevFieldInput, input_id)
    _allowed(EDIT, item)
    form = FieldInputForm(obj=item)
    conflict_rows = None
    if request.method == "GET":
        form.version.data = item.version
    elif form.validate_on_submit():
        if is_stale(item, form.version.data):
            conflict_rows = take_conflict(form, item, ("achievement", "obstacles"))
        else:
            services.update_field_input(item, {"achievement": form.achievement.data,
                                               "obstacles": form.obstacles.data}, current_user)
            db.session.commit()
            flash(_("Isian bidang disimpan."), "success")
            return redirect(url_for("monev.detail", monev_id=item.monev_id))
    return render_template("monev/field_input.html", form=form, item=item, conflict_rows=conflict_rows,
                           labels=labels)

