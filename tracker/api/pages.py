"""The account page "Token API": issue (shown once), list and revoke personal tokens."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from tracker.api import services
from tracker.api.forms import TokenForm
from tracker.api.models import ApiToken
from tracker.core.clock import utcnow
from tracker.extensions import db
from tracker.i18n import gettext as _

bp = Blueprint("tokens", __name__, url_prefix="/account/tokens")


@bp.route("/", methods=["GET", "POST"])
@login_required
def list():
    form = TokenForm()
    secret = None
    if form.validate_on_submit():
        _token, secret = services.create_token(current_user, form.name.data, form.days.data)
        db.session.commit()
        form = TokenForm(formdata=None)
    return render_template("api/tokens.html", form=form, secret=secret,
                           tokens=services.tokens_of(current_user), now=utcnow())


@bp.post("/<int:token_id>/revoke")
@login_required
def revoke(token_id: int):
    token = db.get_or_404(ApiToken, token_id)
    if token.user_id != current_user.id:
        abort(404)
    services.revoke_token(token, current_user)
    db.session.commit()
    flash(_("Token %(prefix)s… dicabut dan tidak dapat dipakai lagi.", prefix=token.prefix), "success")
    return redirect(url_for("tokens.list"))
