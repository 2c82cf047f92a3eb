"""Request hooks: security headers and friendly error pages."""

from __future__ import annotations

from flask import Flask, current_app, g, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from tracker.core.archived import ArchivedRecord
from tracker.extensions import db
from tracker.i18n import gettext as _

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


# Answers that hold one person's data even without a login cookie (secret-URL feeds).
PRIVATE_ENDPOINTS = {"calendar.feed", "reminders.act", "users.reset"}
HSTS = "max-age=31536000; includeSubDomains"


def security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if current_app.config.get("BASE_URL", "").startswith("https://"):
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if _private():
        # A shared computer's browser or a proxy must not keep a page or an export for the next person.
        response.headers["Cache-Control"] = "private, no-store"
        response.headers.pop("Expires", None)
    return response


def _private() -> bool:
    if request.endpoint in PRIVATE_ENDPOINTS:
        return True
    # Flask-Login keeps the user it loaded for the view (or the API token's owner) here.
    user = g.get("_login_user")
    return user is not None and user.is_authenticated


def _error_page(code: int, title: str, message: str):
    return render_template("errors/error.html", code=code, title=title, message=message), code


def handle_http_error(error: HTTPException):
    if isinstance(error, ArchivedRecord):
        return _error_page(409, _("Sudah diarsipkan"), error.description)
    messages = {
        400: (_("Permintaan tidak valid"), _("Periksa kembali isian Anda lalu coba lagi.")),
        403: (_("Akses ditolak"), _("Anda tidak berwenang membuka atau mengubah ini.")),
        404: (_("Tidak ditemukan"), _("Halaman atau data yang Anda cari tidak ada.")),
        405: (_("Metode tidak diizinkan"), _("Tindakan ini tidak dapat dilakukan dengan cara itu.")),
        413: (
            _("Berkas terlalu besar"),
            _("Berkas yang diunggah melebihi batas ukuran. Kecilkan berkas lalu coba lagi."),
        ),
        429: (_("Terlalu banyak percobaan"), _("Tunggu sebentar sebelum mencoba lagi.")),
    }
    title, message = messages.get(
        error.code or 500, (_("Terjadi kesalahan"), _("Coba lagi beberapa saat lagi."))
    )
    return _error_page(error.code or 500, title, message)


def handle_csrf_error(error: CSRFError):
    return _error_page(
        400,
        _("Sesi formulir kedaluwarsa"),
        _("Formulir ini sudah tidak berlaku. Muat ulang halaman lalu kirim sekali lagi."),
    )


def handle_unexpected(error: Exception):
    db.session.rollback()
    from flask import current_app

    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    return _error_page(
        500, _("Terjadi kesalahan"), _("Kesalahan sudah dicatat. Coba lagi beberapa saat lagi.")
    )


def register(app: Flask) -> None:
    app.after_request(security_headers)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
