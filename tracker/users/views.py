"""Login, logout, password reset and the user's own account page."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select

from tracker.core.inputs import safe_path
from tracker.core.mail import external_url, send_mail
from tracker.extensions import db, limiter
from tracker.i18n import gettext as _
from tracker.users import (
    admin_views,  # noqa: F401  (registers the admin routes on bp)
    throttle,
    tokens,
)
from tracker.users.blueprint import bp
from tracker.users.forms import (
    LocaleForm,
    LoginForm,
    PasswordChangeForm,
    PasswordSetForm,
    ResetRequestForm,
)
from tracker.users.models import User
from tracker.users.passwords import verify_password
from tracker.users.services import record_login, set_locale, set_password

__all__ = ["bp"]


def _safe_next(target: str | None) -> str:
    """Only follow same-site relative redirects after login."""
    return safe_path(target) or url_for("home.index")


def _authenticate(email: str, password: str) -> tuple[User | None, bool]:
    """The account the email names (if any) and whether it may sign in with ``password``."""
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    # Verify even for unknown emails so the answer takes as long either way.
    ok = verify_password(user.password_hash if user else None, password)
    return user, ok and user is not None and user.active


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(throttle.per_email_limit, key_func=throttle.email_key, methods=["POST"],
               deduct_when=throttle.failed, scope="login-email")
@limiter.limit(throttle.per_ip_limit, key_func=throttle.ip_key, methods=["POST"],
               deduct_when=throttle.failed, scope="login-ip")
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user, ok = _authenticate(form.email.data, form.password.data)
        if ok:
            login_user(user, remember=form.remember.data)
            record_login(user)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
        # To the log, not the audit trail: a database write only for existing accounts
        # would make a wrong password answer slower than an unknown email.
        current_app.logger.warning("Failed sign-in (account %s)", user.id if user else "unknown")
        # One message whether the email exists, the password is wrong or the account is off.
        form.password.errors.append(_("Email atau kata sandi salah."))
    return render_template("users/login.html", form=form)


@bp.errorhandler(429)
def throttled(error):
    """Too many attempts: say so on the page the user was on, in Indonesian."""
    if request.endpoint == "users.reset_request":
        form, template = ResetRequestForm(), "users/reset_request.html"
    else:
        form, template = LoginForm(), "users/login.html"
    message = _("Terlalu banyak percobaan yang gagal. Demi keamanan akun, tunggu 15 menit "
                "lalu coba lagi, atau minta tautan ganti kata sandi.")
    return render_template(template, form=form, throttled=message, validity=tokens.validity(tokens.RESET)), 429


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash(_("Anda telah keluar."), "info")
    # Home sends a signed-out visitor on to the login page with this message.
    return redirect(url_for("home.index"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = LocaleForm(obj=current_user)
    if form.validate_on_submit():
        set_locale(current_user, form.locale.data)
        db.session.commit()
        flash(_("Bahasa tersimpan."), "success")
        return redirect(url_for("users.account"))
    return render_template("users/account.html", form=form)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordChangeForm(current_user)
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current_password.data):
            form.current_password.errors.append(_("Kata sandi saat ini salah."))
        else:
            revoked = set_password(current_user, form.new_password.data)
            db.session.commit()
            # The new session token ends other sessions; this one signs in again with it.
            login_user(current_user._get_current_object())
            flash(_("Kata sandi berhasil diganti. Sesi di perangkat lain telah diakhiri."), "success")
            if revoked:
                flash(_("Token API dan tautan kalender Anda ikut dicabut bersama kata sandi lama. "
                        "Buat yang baru di bawah bila masih diperlukan."), "warning")
            return redirect(url_for("users.account"))
    return render_template("users/password.html", form=form)


@bp.route("/password/reset", methods=["GET", "POST"])
@limiter.limit(throttle.reset_limit, key_func=throttle.ip_key, methods=["POST"], scope="reset")
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        user = db.session.scalar(select(User).where(func.lower(User.email) == email))
        if user is not None and user.active:
            link = external_url("users.reset", token=tokens.make_token(user, tokens.RESET))
            send_mail([user.email], _("Ganti kata sandi Sinergi"), "password_reset", user=user, link=link,
                      validity=tokens.validity(tokens.RESET))
        # The same answer whether or not the email is known.
        flash(_("Bila email itu terdaftar, tautan untuk mengganti kata sandi sudah kami kirim. "
                "Tautan berlaku %(validity)s.", validity=tokens.validity(tokens.RESET)), "info")
        return redirect(url_for("users.login"))
    return render_template("users/reset_request.html", form=form, validity=tokens.validity(tokens.RESET))


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    user = tokens.read_token(token)
    if user is None:
        return render_template("users/reset_invalid.html"), 400
    form = PasswordSetForm(user)
    if form.validate_on_submit():
        revoked = set_password(user, form.new_password.data, actor=user)
        db.session.commit()
        throttle.forgive_email(user.email)
        if current_user.is_authenticated:
            logout_user()
        flash(_("Kata sandi tersimpan. Silakan masuk dengan kata sandi baru."), "success")
        if revoked:
            flash(_("Token API dan tautan kalender lama Anda ikut dicabut. Setelah masuk, buat yang "
                    "baru di halaman Akun saya bila masih diperlukan."), "warning")
        return redirect(url_for("users.login"))
    return render_template("users/reset.html", form=form, user=user)

