"""One JSON error format for the API: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

import re

import marshmallow as ma
from flask import current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from tracker.extensions import db
from tracker.i18n import lazy_gettext as _l

API_PREFIX = "/api/"

MESSAGES = {
    400: ("bad_request", _l("Permintaan tidak valid. Periksa format isian.")),
    401: ("unauthorized", _l("Token API tidak ada, salah, kedaluwarsa, atau sudah dicabut. "
                             "Kirim header Authorization: Bearer <token>.")),
    403: ("forbidden", _l("Anda tidak berwenang melakukan tindakan ini pada data tersebut.")),
    404: ("not_found", _l("Alamat atau data tidak ditemukan.")),
    405: ("method_not_allowed", _l("Metode HTTP ini tidak didukung untuk alamat ini.")),
    406: ("not_acceptable", _l("Format jawaban yang diminta tidak tersedia.")),
    409: ("conflict", _l("Data sudah diubah orang lain. Muat ulang lalu coba lagi.")),
    413: ("payload_too_large", _l("Berkas atau permintaan melebihi batas ukuran.")),
    415: ("unsupported_media_type", _l("Jenis isi permintaan tidak didukung.")),
    422: ("validation_error", _l("Isian tidak valid. Lihat details untuk pesan per kolom.")),
    429: ("rate_limited", _l("Terlalu banyak permintaan. Tunggu sebentar lalu coba lagi.")),
    500: ("server_error", _l("Terjadi kesalahan di server. Kesalahan sudah dicatat.")),
}

# marshmallow's English messages, said in Indonesian for API clients.
FIELD_MESSAGES = [
    (r"^Missing data for required field\.$", _l("Wajib diisi.")),
    (r"^Field may not be null\.$", _l("Tidak boleh kosong.")),
    (r"^Unknown field\.$", _l("Kolom tidak dikenal.")),
    (r"^Not a valid integer\.$", _l("Harus bilangan bulat.")),
    (r"^Not a valid number\.$", _l("Harus berupa angka.")),
    (r"^Not a valid date\.$", _l("Tanggal tidak valid; gunakan format YYYY-MM-DD.")),
    (r"^Not a valid string\.$", _l("Harus berupa teks.")),
    (r"^Not a valid boolean\.$", _l("Harus true atau false.")),
    (r"^Not a valid list\.$", _l("Harus berupa daftar.")),
    (r"^Must be one of: (.*)\.$", _l("Harus salah satu dari: %(choices)s.")),
    (r"^Must be greater than or equal to (\S+) and less than or equal to (\S+)\.$",
     _l("Harus antara %(low)s dan %(high)s.")),
    (r"^Must be greater than or equal to (\S+)\.$", _l("Minimal %(low)s.")),
    (r"^Length must be between (\d+) and (\d+)\.$", _l("Panjang harus %(low)s sampai %(high)s karakter.")),
    (r"^Shorter than minimum length (\d+)\.$", _l("Minimal %(low)s karakter.")),
    (r"^Longer than maximum length (\d+)\.$", _l("Maksimal %(high)s karakter.")),
    (r"^Invalid input type\.$", _l("Jenis isian tidak valid.")),
    (r"^Invalid value\.$", _l("Nilai tidak valid.")),
]


def translate_message(text: str) -> str:
    """An Indonesian version of a marshmallow message (unknown ones pass through)."""
    for pattern, message in FIELD_MESSAGES:
        match = re.match(pattern, text)
        if match:
            groups = match.groups()
            values = {"choices": groups[0] if groups else "", "low": groups[0] if groups else "",
                      "high": groups[-1] if groups else ""}
            if "Longer" in pattern:
                values["high"] = groups[0]
            return str(message) % values if "%(" in str(message) else str(message)
    return text


def _translate(messages):
    if isinstance(messages, dict):
        return {str(key): _translate(value) for key, value in messages.items()}
    if isinstance(messages, list):
        return [_translate(m) for m in messages]
    return translate_message(str(messages))


def field_details(messages: dict) -> dict:
    """Flatten webargs' {location: {field: [msg]}} into {field: [msg]} in Indonesian."""
    flat: dict = {}
    for location, fields in messages.items():
        if isinstance(fields, dict) and location in ("json", "form", "files", "query", "view_args", "path"):
            flat.update(_translate(fields))
        else:
            flat[str(location)] = _translate(fields)
    return flat


def error_response(status: int, message: str | None = None, details: dict | None = None, headers=None):
    """The JSON error body and status every API failure uses."""
    code, default = MESSAGES.get(status, ("error", _l("Permintaan tidak dapat diproses.")))
    body = {"error": {"code": code, "message": str(message or default), "details": details or {}}}
    response = jsonify(body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="sinergi"'
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def handle_http_error(error: HTTPException):
    data = getattr(error, "data", None) or {}
    details = {}
    if "messages" in data:
        details = field_details(data["messages"])
    elif "errors" in data:
        details = _translate(data["errors"])
    headers = {}
    if error.code == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    status = error.code or 500
    return error_response(status, data.get("message"), details, headers)


def handle_unexpected(error: Exception):
    db.session.rollback()
    current_app.logger.exception("Unhandled API error on %s %s", request.method, request.path)
    return error_response(500)


def routing_error_as_json():
    """Unknown URLs and wrong methods under /api/ answer in JSON, not with an HTML page."""
    if not request.path.startswith(API_PREFIX):
        return None
    error = request.routing_exception
    if isinstance(error, HTTPException) and error.code in (404, 405):
        return handle_http_error(error)
    return None


def validation_error(details: dict, message: str | None = None):
    """A 422 for a service's refusal, in the same shape as schema failures."""
    return error_response(422, message, details)


class ErrorBodySchema(ma.Schema):
    code = ma.fields.String(required=True, metadata={"description": "Kode mesin, mis. not_found"})
    message = ma.fields.String(required=True, metadata={"description": "Pesan untuk manusia"})
    details = ma.fields.Dict(required=True, metadata={"description": "Pesan per kolom (422)"})


class ErrorSchema(ma.Schema):
    """Every 4xx/5xx answer of the API."""

    error = ma.fields.Nested(ErrorBodySchema, required=True)
