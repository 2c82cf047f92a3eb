"""View helpers: replay a form's earlier submit, or an API call's Idempotency-Key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, jsonify, redirect, request
from flask_login import current_user

from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.i18n import lazy_gettext as _l
from tracker.idempotency import services
from tracker.idempotency.services import Claim

HEADER = "Idempotency-Key"
REPLAYED_HEADERS = {"Idempotent-Replayed": "true"}
SAVED = _l("Laporan ini sudah tersimpan.")
bind = services.bind

API_DOC = {
    "parameters": [{
        "name": HEADER, "in": "header", "required": False,
        "schema": {"type": "string", "minLength": 16, "maxLength": 64, "pattern": "^[A-Za-z0-9_-]+$"},
        "description": "Kunci sekali pakai (mis. UUID). Mengirim ulang permintaan dengan kunci yang sama "
                       "tidak membuat data kedua: jawabannya data yang sudah dibuat, dengan header "
                       "`Idempotent-Replayed: true`.",
    }],
}


def form_key() -> str | None:
    return request.form.get("submission_key")


def replay_form(endpoint: str, target: Callable[[int], str], message: Any = SAVED):
    """Before validating a POST: a key already used leads to its record, with a flash."""
    slot = services.previous(form_key(), current_user, endpoint)
    return _redirect(slot, target, message) if slot else None


def claim_form(endpoint: str) -> Claim:
    return services.claim(form_key(), current_user, endpoint)


def wants_json() -> bool:
    """A script (the offline sender) asked for a JSON answer instead of a page."""
    return request.accept_mimetypes.best == "application/json"


def created(url: str, replayed: bool = False):
    """The answer to a create that worked: JSON for a script, else the redirect (PRG)."""
    if wants_json():
        return jsonify(ok=True, url=url, replayed=replayed)
    return redirect(url, code=303 if replayed else 302)


def _redirect(slot: Claim, target: Callable[[int], str], message: Any):
    flash(str(message), "info")
    return created(target(slot.record_id), replayed=True)


def replayed(slot: Claim, target: Callable[[int], str], message: Any = SAVED):
    """After a claim lost a race to a concurrent submit: lead to the record it created."""
    db.session.rollback()
    if slot.record_id is None:
        if wants_json():
            return jsonify(ok=False, busy=True), 409
        flash(_("Kiriman yang sama sedang diproses. Muat ulang sebentar lagi."), "warning")
        return redirect(request.path, code=303)
    return _redirect(slot, target, message)


def claim_header(endpoint: str) -> Claim:
    """The API's Idempotency-Key: absent means no protection; malformed is refused."""
    key = request.headers.get(HEADER)
    if key is None:
        return Claim()
    if not services.valid(key):
        from tracker.api.errors import error_response

        message = _("Idempotency-Key harus 16–64 huruf, angka, '-' atau '_'.")
        abort(error_response(422, message, {HEADER: [message]}))
    return services.claim(key, current_user, endpoint)
