"""Login and logout."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select

from tracker.core.clock import utcnow
from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.users.forms import LoginForm
from tracker.users.models import User
from tracker.users.passwords import verify_password

bp = Blueprint("users", __name__)


def _safe_next(target: str | None) -> str:
    """Only follow same-site relative redirects after login."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        user = db.session.scalar(select(User).where(func.lower(User.email) == email))
        if user is not None and user.active and verify_password(user.password_hash, form.password.data):
            login_user(user, remember=form.remember.data)
            user.last_login_at = utcnow()
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
        verify_password(None, form.password.data) if user is None else None
        flash(_("Email atau kata sandi salah."), "danger")
    return render_template("users/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash(_("Anda telah keluar."), "info")
    return redirect(url_for("users.login"))
