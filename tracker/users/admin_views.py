"""User management for the admins (koordinator) of one Pemda."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker import labels, permissions
from tracker.audit.queries import history_for
from tracker.core.confirm import confirmed
from tracker.core.mail import external_url, send_mail
from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.parties.models import Agency
from tracker.reports.exports import users_csv
from tracker.users import tokens
from tracker.users.blueprint import bp
from tracker.users.forms import UserForm
from tracker.users.models import User
from tracker.users.queries import managed_users
from tracker.users.services import (
    UserError,
    create_user,
    deactivate_user,
    fresh_invitation,
    invitation_resent,
    reactivate_user,
    update_user,
)


def _require_admin_pages() -> None:
    if not permissions.can(current_user, permissions.VIEW, User):
        abort(403)


def _managed_user(user_id: int) -> User:
    """The account, 404 outside the admin's Pemda, 403 for a non-admin of the same Pemda."""
    user = db.get_or_404(User, user_id)
    if not permissions.user_visible(current_user, user):
        abort(404)
    if not permissions.can(current_user, permissions.MANAGE, user):
        abort(403)
    return user


def _agencies() -> list[Agency]:
    return list(
        db.session.scalars(
            select(Agency)
            .where(Agency.party_id == current_user.party_id, Agency.archived_at.is_(None))
            .order_by(Agency.name)
        )
    )


def send_invitation(user: User, admin: User) -> bool:
    """Mail ``user`` a set-password link; False (and logged) when the mail could not go out."""
    fresh_invitation(user)  # the earlier invitation link stops working
    link = external_url("users.reset", token=tokens.make_token(user, tokens.INVITE))
    try:
        send_mail([user.email], _("Undangan memakai Sinergi"), "invite", user=user, admin=admin,
                  link=link, validity=tokens.validity(tokens.INVITE), role=labels.label(labels.ROLE, user.role))
    except Exception:  # noqa: BLE001 (an SMTP outage must not lose the new account)
        current_app.logger.exception("Invitation mail to %s failed", user.email)
        return False
    return True


@bp.route("/users/", endpoint="list")
@login_required
def list_users():
    _require_admin_pages()
    if request.args.get("format") == "csv":  # every page
        return users_csv(db.session.scalars(managed_users(current_user)))
    page = db.paginate(
        managed_users(current_user),
        per_page=current_app.config.get("PAGE_SIZE", 20),
        error_out=False,
    )
    return render_template("users/list.html", page=page)


@bp.route("/users/add", methods=["GET", "POST"])
@login_required
def add():
    if not permissions.can(current_user, permissions.ADD, User):
        abort(403)
    form = UserForm(_agencies())
    if form.validate_on_submit():
        agency = db.session.get(Agency, form.agency_id.data) if form.agency_id.data else None
        try:
            user = create_user(email=form.email.data, name=form.name.data, role=form.role.data,
                               party=current_user.party, agency=agency, actor=current_user)
        except UserError as error:
            db.session.rollback()
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            if send_invitation(user, current_user):
                flash(_("Akun %(email)s dibuat dan undangan sudah dikirim.", email=user.email), "success")
            else:
                flash(_("Akun %(email)s dibuat, tetapi email undangan gagal dikirim. "
                        "Minta pengguna memakai \"Lupa kata sandi\".", email=user.email), "warning")
            return redirect(url_for("users.list"))
    return render_template("users/form.html", form=form, user=None)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@login_required
def edit(user_id: int):
    user = _managed_user(user_id)
    form = UserForm(_agencies(), obj=user, editing=True)
    if form.validate_on_submit():
        values = {"name": form.name.data.strip(), "role": form.role.data, "agency_id": form.agency_id.data}
        try:
            update_user(user, values, actor=current_user)
        except UserError as error:
            db.session.rollback()
            form.role.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Perubahan akun %(email)s tersimpan.", email=user.email), "success")
            return redirect(url_for("users.list"))
    return render_template("users/form.html", form=form, user=user, history=history_for(user),
                           invite_validity=tokens.validity(tokens.INVITE))


@bp.route("/users/<int:user_id>/deactivate", methods=["POST"])
@login_required
def deactivate(user_id: int):
    user = _managed_user(user_id)
    if not confirmed():
        flash(_("Akun belum dinonaktifkan: centang kotak konfirmasi dahulu."), "warning")
        return redirect(url_for("users.edit", user_id=user.id))
    try:
        deactivate_user(user, actor=current_user)
    except UserError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for("users.edit", user_id=user.id))
    db.session.commit()
    flash(_("Akun %(email)s dinonaktifkan; semua sesinya telah diakhiri.", email=user.email), "success")
    return redirect(url_for("users.list"))


@bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
@login_required
def reactivate(user_id: int):
    user = _managed_user(user_id)
    if user.active:
        flash(_("Akun %(email)s sudah aktif.", email=user.email), "info")
        return redirect(url_for("users.edit", user_id=user.id))
    reactivate_user(user, actor=current_user)
    db.session.commit()
    if user.password_hash:
        flash(_("Akun %(email)s aktif kembali; pengguna dapat masuk dengan kata sandinya.",
                email=user.email), "success")
    else:
        flash(_("Akun %(email)s aktif kembali. Pengguna belum membuat kata sandi: "
                "kirim ulang undangannya.", email=user.email), "warning")
    return redirect(url_for("users.edit", user_id=user.id))


@bp.route("/users/<int:user_id>/invite", methods=["POST"])
@login_required
def resend_invitation(user_id: int):
    """A new set-password link for an account that has not set its password yet."""
    user = _managed_user(user_id)
    if not user.active:
        flash(_("Aktifkan dulu akun %(email)s sebelum mengirim undangan.", email=user.email), "warning")
    elif user.password_hash:
        flash(_("%(email)s sudah membuat kata sandi. Jika lupa, pengguna dapat memakai "
                "\"Lupa kata sandi\" di halaman masuk.", email=user.email), "info")
    elif send_invitation(user, current_user):
        invitation_resent(user, actor=current_user)
        db.session.commit()
        flash(_("Undangan baru dikirim ke %(email)s.", email=user.email), "success")
    else:
        flash(_("Email undangan ke %(email)s gagal dikirim. Coba lagi nanti.", email=user.email), "danger")
    return redirect(url_for("users.edit", user_id=user.id))
