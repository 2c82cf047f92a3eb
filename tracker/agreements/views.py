"""Agreement pages: list, detail, the one form, and the recorded decisions."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from tracker.agreements import changes, editing, notices, ownership, services
from tracker.agreements.detail import field_rows
from tracker.agreements.forms import (
    DocumentForm,
    ExtendForm,
    TerminateForm,
    WithdrawForm,
    int_or_none,
    party_role,
)
from tracker.agreements.models import AGREEMENT_KINDS, Agreement
from tracker.agreements.queries import (
    AgreementFilters,
    agreement_for_detail,
    partner_parties,
    visible_agreements,
)
from tracker.agreements.status import STATUSES, days_remaining, validity_warnings
from tracker.archive.restoring import restore_and_redirect
from tracker.attachments.services import UploadError, store_upload
from tracker.audit.queries import history_for
from tracker.consent.registry import describe
from tracker.consent.services import pending_in_agreement
from tracker.core import cache as page_cache
from tracker.core.clock import today
from tracker.core.confirm import confirmed
from tracker.core.errors import describe_integrity_error
from tracker.core.locking import is_stale, take_conflict
from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.i18n import lazy_gettext as _l
from tracker.idempotency import web as once
from tracker.monev import services as monev_services
from tracker.permissions import ADD, EDIT, VIEW, can
from tracker.reports.exports import agreements_csv

bp = Blueprint("agreements", __name__, url_prefix="/agreements")

CONFLICT_NAMES = ("kind", "title", "parent_id", "signed_on", "signed_place", "valid_from", "valid_until", "notes")


@bp.context_processor
def _helpers() -> dict:
    return {
        "party_role": party_role,
    }


def _load(agreement_id: int, action: str = VIEW, *, archived: bool = False) -> Agreement:
    """The agreement, 404 when the user may not see it, 403 when it may not ``action`` it.

    An archived agreement can be read but takes no change (404) unless ``archived``: restoring it.
    """
    agreement = agreement_for_detail(agreement_id)
    if agreement is None or not can(current_user, VIEW, agreement):
        abort(404)
    if action != VIEW and not can(current_user, action, agreement):
        abort(403)
    if action != VIEW and agreement.archived_at is not None and not archived:
        abort(404)
    return agreement


def _filters() -> AgreementFilters:
    args = request.args
    expiring = int_or_none(args.get("expiring"))
    return AgreementFilters(
        search=args.get("q", "").replace("\x00", "").strip()[:200] or None,
        kind=args.get("kind") if args.get("kind") in AGREEMENT_KINDS else None,
        status=args.get("status") if args.get("status") in STATUSES else None,
        party_id=int_or_none(args.get("party")),
        expiring_within=max(0, min(expiring, 3650)) if expiring is not None else None,
    )


@bp.route("/")
@login_required
def list():
    filters = _filters()
    if request.args.get("format") == "csv":  # the filtered rows, every page (reports helper)
        return agreements_csv(db.session.scalars(visible_agreements(current_user, filters=filters)))
    page_cache.version()  # before any data is read: a write from now on gives a new version
    args = tuple(sorted((k, v) for k, v in request.args.items(multi=True)))
    body = page_cache.fragment("agreements", current_user, (args, today()), lambda: _list_body(filters))
    return render_template("_partials/page.html", page_title=_("Naskah kerja sama"), body=body)


def _list_body(filters: AgreementFilters) -> str:
    page = db.paginate(
        visible_agreements(current_user, filters=filters),
        per_page=current_app.config.get("PAGE_SIZE", 20),
        error_out=False,
    )
    # Pagination links keep every filter the user set.
    kept = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "agreements/list.html",
        page=page,
        filters=filters,
        search=filters.search or "",
        kept=kept,
        kinds=AGREEMENT_KINDS,
        statuses=STATUSES,
        partners=partner_parties(current_user),
        may_add=can(current_user, ADD, Agreement),
    )


@bp.route("/<int:agreement_id>")
@login_required
def detail(agreement_id: int):
    page_cache.version()  # before any data is read: a write from now on gives a new version
    now = today()
    title, body = page_cache.page("agreement", current_user, (agreement_id, now),
                                  lambda: _detail_page(agreement_id, now))
    # The other parties' edits are news per reader, so they sit outside the kept body.
    # Kept per reader at the data version: marking them read is a write, which moves the version.
    unread = page_cache.remember("notices", current_user, (agreement_id, current_user.id),
                                 lambda: notices.unread_edits(agreement_id, current_user))
    return render_template("agreements/page.html", page_title=title, body=body, agreement_id=agreement_id,
                           notices=unread)


def _detail_page(agreement_id: int, now) -> tuple[str, str]:
    """Title and body of the page (404 when the user may not see it); the template runs no SQL."""
    agreement = agreement_for_detail(agreement_id)
    if agreement is None or not can(current_user, VIEW, agreement):
        abort(404)
    return agreement.title, render_template(
        "agreements/detail.html",
        agreement=agreement,
        rows=field_rows(agreement, now, lambda programme: can(current_user, VIEW, programme)),
        remaining=days_remaining(agreement, now),
        warnings=validity_warnings(agreement, current_app.config.get("PKS_MAX_YEARS", 5)),
        children=[c for c in agreement.children if c.archived_at is None],
        documents=[a for a in agreement.attachments if a.archived_at is None],
        history=history_for(agreement),
        monev_panel=monev_services.agreement_panel(agreement, now, current_user),
        document_form=DocumentForm(),
        pending=pending_in_agreement(agreement.id),
        acts_alone=ownership.acts_alone(agreement, current_user),
    )


@bp.route("/<int:agreement_id>/notices/read", methods=["POST"])
@login_required
def notices_read(agreement_id: int):
    """Hide the notice of the other parties' edits until they change something again."""
    agreement = _load(agreement_id)
    notices.mark_read(agreement, current_user)
    db.session.commit()
    return redirect(url_for("agreements.detail", agreement_id=agreement_id))


SAVED = _l("Naskah kerja sama ini sudah tersimpan.")


def _agreement_url(agreement_id: int) -> str:
    return url_for("agreements.detail", agreement_id=agreement_id)


@bp.route("/add", methods=["GET", "POST"])
@login_required
def add():
    if not can(current_user, ADD, Agreement):
        abort(403)
    if request.method == "POST" and (done := once.replay_form("agreements.add", _agreement_url, SAVED)):
        return done
    form, restructured = editing.build_form(current_user)
    if request.method == "POST" and not restructured and editing.check(form, current_user, None):
        data, parties, fields = editing.payload(form)
        slot = once.claim_form("agreements.add")
        if slot.replay:
            return once.replayed(slot, _agreement_url, SAVED)
        try:
            agreement = services.create_agreement(data, parties, fields, current_user)
            once.bind(slot, agreement)
            db.session.commit()
        except IntegrityError as error:
            db.session.rollback()
            form.party_errors.append(describe_integrity_error(error))
        else:
            flash(_("Naskah kerja sama tersimpan."), "success")
            return redirect(url_for("agreements.detail", agreement_id=agreement.id))
    return render_template("agreements/form.html", form=form, agreement=None, acts_alone=True)


@bp.route("/<int:agreement_id>/edit", methods=["GET", "POST"])
@login_required
def edit(agreement_id: int):
    agreement = _load(agreement_id, EDIT)
    form, restructured = editing.build_form(current_user, agreement)
    conflict_rows = None
    if request.method == "POST" and not restructured and editing.check(form, current_user, agreement):
        if is_stale(agreement, form.version.data):
            conflict_rows = _conflict(form, agreement)
        else:
            split = ownership.split_edit(agreement, *editing.payload(form), current_user)
            form.party_errors.extend(split.errors)
            if not split.errors:
                conflict_rows, saved = _save_edit(form, agreement, split)
                if saved:
                    return redirect(url_for("agreements.detail", agreement_id=agreement_id))
    return render_template("agreements/form.html", form=form, agreement=agreement, conflict_rows=conflict_rows,
                           acts_alone=ownership.acts_alone(agreement, current_user))


def _save_edit(form, agreement: Agreement, split: ownership.Split) -> tuple[list | None, bool]:
    """Apply what the user may change alone and propose the rest; (conflict rows, saved)."""
    try:
        services.update_agreement(agreement, split.data, split.parties, split.fields, current_user)
        proposed = [changes.propose(kind, agreement, current_user, payload) for kind, payload in split.proposals]
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return _conflict(form, db.session.get(Agreement, agreement.id)), False
    except IntegrityError as error:
        db.session.rollback()
        form.party_errors.append(describe_integrity_error(error))
        return None, False
    flash(_("Perubahan tersimpan."), "success")
    _flash_proposed(proposed)
    return None, True


def _flash_proposed(proposed: list) -> None:
    for change in proposed:
        if change.status == "pending":
            flash(_("Menunggu persetujuan pihak lain: %(what)s.", what=describe(change)), "info")


def _conflict(form, agreement: Agreement) -> list:
    """Rows that differ, parties and fields included; the form now carries the current version."""
    db.session.refresh(agreement)
    rows = take_conflict(form, agreement, CONFLICT_NAMES)
    _data, parties, fields = editing.payload(form)
    typed_parties, typed_fields = services.typed_labels(parties, fields)
    for label, stored, typed in (
        (_("Para pihak"), services.party_label(agreement.parties), typed_parties),
        (_("Bidang kerja sama"), services.field_label(agreement.fields), typed_fields),
    ):
        if stored != typed:
            rows.append((label, stored, typed))
    return rows


def _decide(agreement: Agreement, kind: str, payload: dict, reason: str | None, done: str):
    """Propose a decision that needs every party; say whether it applied or waits for the others."""
    change = changes.propose(kind, agreement, current_user, payload, reason=reason)
    db.session.commit()
    if change.status == "applied":
        flash(done, "success")
    else:
        flash(_("Usulan dikirim ke pihak lain; berlaku setelah semua pihak menyetujui: %(what)s.",
                what=describe(change)), "info")
    return redirect(url_for("agreements.detail", agreement_id=agreement.id))


@bp.route("/<int:agreement_id>/terminate", methods=["GET", "POST"])
@login_required
def terminate(agreement_id: int):
    agreement = _load(agreement_id, EDIT)
    form = TerminateForm()
    if request.method == "GET":
        form.terminated_on.data = today()
    if form.validate_on_submit():
        try:
            services.check_terminate(agreement, form.terminated_on.data, form.reason.data)
        except services.AgreementError as error:
            form.terminated_on.errors.append(str(error))
        else:
            payload = {"terminated_on": form.terminated_on.data.isoformat(), "reason": form.reason.data.strip()}
            return _decide(agreement, "terminate", payload, payload["reason"], _("Pengakhiran naskah tercatat."))
    return render_template("agreements/decision.html", form=form, agreement=agreement,
                           heading=_("Akhiri naskah"))


@bp.route("/<int:agreement_id>/extend", methods=["GET", "POST"])
@login_required
def extend(agreement_id: int):
    agreement = _load(agreement_id, EDIT)
    form = ExtendForm()
    if form.validate_on_submit():
        try:
            services.check_extend(agreement, form.new_valid_until.data, form.reason.data, today())
        except services.AgreementError as error:
            form.new_valid_until.errors.append(str(error))
        else:
            payload = {"valid_until": form.new_valid_until.data.isoformat(), "reason": form.reason.data.strip(),
                       "decided_on": today().isoformat()}
            return _decide(agreement, "extend", payload, payload["reason"], _("Perpanjangan naskah tercatat."))
    return render_template("agreements/decision.html", form=form, agreement=agreement,
                           heading=_("Perpanjang naskah"))


@bp.route("/<int:agreement_id>/archive", methods=["POST"])
@login_required
def archive(agreement_id: int):
    agreement = _load(agreement_id, EDIT)
    if not confirmed():
        flash(_("Naskah belum diarsipkan: centang kotak konfirmasi dahulu."), "warning")
        return redirect(url_for("agreements.detail", agreement_id=agreement_id))
    response = _decide(agreement, "archive", {}, None, _("Naskah diarsipkan."))
    return redirect(url_for("agreements.list")) if agreement.archived_at else response


@bp.route("/<int:agreement_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw(agreement_id: int):
    """A party leaves a cooperation of three or more parties; the others agree."""
    agreement = _load(agreement_id, EDIT)
    form = WithdrawForm()
    if len(agreement.parties) < 3:
        form.reason.errors = [_("Kerja sama dua pihak tidak ditinggalkan salah satu pihak: ajukan pengakhiran.")]
    elif form.validate_on_submit():
        return _decide(agreement, "withdraw", {"party_id": current_user.party_id}, form.reason.data.strip(),
                       _("Pihak Anda sudah keluar dari kerja sama ini."))
    return render_template("agreements/decision.html", form=form, agreement=agreement,
                           heading=_("Mengundurkan diri dari kerja sama"))


@bp.route("/<int:agreement_id>/restore", methods=["POST"])
@login_required
def restore(agreement_id: int):
    agreement = _load(agreement_id, EDIT, archived=True)
    return restore_and_redirect(services.restore, agreement, _("Naskah dipulihkan."),
                                url_for("agreements.detail", agreement_id=agreement_id))


@bp.route("/<int:agreement_id>/documents", methods=["POST"])
@login_required
def documents(agreement_id: int):
    agreement = _load(agreement_id, EDIT)
    form = DocumentForm()
    files = [f for f in request.files.getlist("file") if f and f.filename]
    if not form.validate_on_submit() or not files:
        flash(_("Pilih berkas pindaian naskah yang akan diunggah."), "danger")
        return redirect(url_for("agreements.detail", agreement_id=agreement_id, _anchor="documents"))
    try:
        for file in files:
            store_upload(file, agreement=agreement, user=current_user)
        db.session.commit()
    except UploadError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        flash(_("Berkas naskah tersimpan."), "success")
    return redirect(url_for("agreements.detail", agreement_id=agreement_id, _anchor="documents"))
