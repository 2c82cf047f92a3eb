"""Pages: the "Pengingat" log, reminder settings, and answering a reminder from its mail link."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from itsdangerous import BadSignature, SignatureExpired

from tracker import labels
from tracker.audit import services as audit
from tracker.core.clock import today
from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.reminders import queries
from tracker.reminders.answers import answer, item_title, recipient_may_answer, recorded_answer
from tracker.reminders.compose import RULE_LABELS
from tracker.reminders.engine import DIGEST_RULES
from tracker.reminders.forms import AnswerForm, SettingsForm, UnsubscribeForm
from tracker.reminders.links import read_token
from tracker.reminders.models import SETTING_DEFAULTS
from tracker.reports.exports import answers_csv, reminders_csv

bp = Blueprint("reminders", __name__)


def _require(*roles: str) -> None:
    if current_user.role not in roles:
        abort(403)


@bp.route("/reminders/")
@login_required
def list():
    _require("admin", "leader")
    if request.args.get("format") == "csv":  # the whole log, not one page
        logs = db.session.scalars(queries.log_for_party(current_user.party_id)).all()
        return reminders_csv(logs, queries.acted_since(logs), RULE_LABELS)
    page = db.paginate(queries.log_for_party(current_user.party_id), per_page=50, error_out=False)
    acted = queries.acted_since(page.items)
    answers = db.session.scalars(queries.answers_for_party(current_user.party_id).limit(LATEST_ANSWERS)).all()
    return render_template("reminders/list.html", page=page, acted=acted, answers=answers,
                           rule_labels=RULE_LABELS)


LATEST_ANSWERS = 10


@bp.route("/reminders/answers")
@login_required
def answers():
    """Every answer to a reminder (acknowledged with a reason, snoozed, unsubscribed), newest first."""
    _require("admin", "leader")
    query = queries.answers_for_party(current_user.party_id)
    if request.args.get("format") == "csv":
        return answers_csv(db.session.scalars(query), RULE_LABELS)
    page = db.paginate(query, per_page=50, error_out=False)
    return render_template("reminders/answers.html", page=page, rule_labels=RULE_LABELS)


@bp.route("/reminders/settings", methods=["GET", "POST"])
@login_required
def settings():
    _require("admin")
    current = queries.settings_for(current_user.party_id)
    form = SettingsForm(obj=current)
    if form.validate_on_submit():
        before = {name: getattr(current, name) for name in SETTING_DEFAULTS}
        if current.id is None:
            db.session.add(current)
        form.populate_obj(current)
        changes = {n: (before[n], getattr(current, n)) for n in SETTING_DEFAULTS if before[n] != getattr(current, n)}
        db.session.flush()
        audit.record("update", current, changes)  # the record type names it in the reader's language
        db.session.commit()
        flash(_("Pengaturan pengingat disimpan."), "success")
        return redirect(url_for("reminders.settings"))
    return render_template("reminders/settings.html", form=form)


@bp.route("/r/<token>", methods=["GET", "POST"])
def act(token: str):
    try:
        payload = read_token(token)
    except SignatureExpired:
        return render_template("reminders/act_invalid.html", expired=True), 410
    except BadSignature:
        return render_template("reminders/act_invalid.html", expired=False), 404
    if not recipient_may_answer(payload):
        return render_template("reminders/act_invalid.html", inactive=True), 410
    recorded = recorded_answer(payload)
    if recorded is not None:  # one answer per link: a later visit shows it, a resend changes nothing
        return render_template("reminders/act_done.html", kind=recorded.kind, recorded=recorded)
    digest = payload["r"] in DIGEST_RULES
    form = UnsubscribeForm() if digest else AnswerForm()
    if form.validate_on_submit():
        kind = "unsubscribe" if digest else form.kind.data
        answer(payload, kind, today(), reason=None if digest else form.reason.data,
               days=None if digest else form.days.data)
        db.session.commit()
        return render_template("reminders/act_done.html", kind=kind)
    return render_template("reminders/act.html", form=form, digest=digest, payload=payload,
                           label=RULE_LABELS.get(payload["r"], ""), title=labels.reminder_title(payload["r"], item_title(payload))), (
        400 if form.errors else 200)
