"""One input discipline for forms, the API, imports and query strings.

Whatever reaches the database or a query passes through here: text without control characters,
file names without bidi controls, dates between 1900 and 2200, ids and page numbers that fit
the database's integers. A query string is typed by anyone, so a value that fails is ignored
(with a notice on pages), never a 500.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from flask import flash, request

from tracker.core.dayinput import parse_day
from tracker.i18n import lazy_gettext as _l

MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2200, 12, 31)
MAX_ID = 2**31 - 1  # PostgreSQL integer ids
MAX_PAGE = 100_000
# C0 and C1 control characters except tab, newline and the carriage return of a browser's "\r\n".
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Bidi embedding/override/isolate marks: they make "gpj.exe" read as "exe.jpg".
BIDI = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

CONTROL_MESSAGE = _l("Isian memuat karakter kendali yang tidak diizinkan; hapus lalu kirim lagi.")
DATE_MESSAGE = _l("Tanggal harus antara 1900 dan 2200.")
FILTER_NOTICE = _l("Sebagian penyaring di alamat halaman tidak dapat dibaca dan diabaikan.")


def control_error(value) -> str | None:
    """The Indonesian refusal for text holding control characters, else None."""
    if isinstance(value, str) and CONTROL.search(value):
        return str(CONTROL_MESSAGE)
    return None


def without_controls(value: str) -> str:
    """``value`` with control characters dropped (for names the app derives, not user text)."""
    return CONTROL.sub("", value)


def clean_filename(name: str) -> str:
    """A file name without control or bidi characters."""
    return BIDI.sub("", CONTROL.sub("", name or ""))


def date_in_range(value: date | None) -> bool:
    return value is None or MIN_DATE <= value <= MAX_DATE


def parse_date(text) -> date | None:
    """An ISO date between 1900 and 2200, else None."""
    try:
        value = date.fromisoformat(text) if isinstance(text, str) and text else None
    except ValueError:
        return None
    return value if value is not None and date_in_range(value) else None


def parse_id(text) -> int | None:
    """A positive integer that fits an id column, else None."""
    try:
        number = int(text)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if 0 < number <= MAX_ID else None


def _notice() -> None:
    """Tell the reader of a page that part of its query string was ignored (once per request)."""
    if request.path.startswith("/api/") or getattr(request, "_filter_notice", False):
        return
    request._filter_notice = True
    flash(str(FILTER_NOTICE), "warning")


def query_date(name: str, args=None) -> date | None:
    """The date filter ``name`` of the query string; an unreadable one is ignored with a notice."""
    raw = (args if args is not None else request.args).get(name)
    value = parse_day(raw)  # dd/mm/yyyy as the filter shows it, or yyyy-mm-dd from links
    if raw and value is None:
        _notice()
    return value


def query_id(name: str, args=None) -> int | None:
    """The id filter ``name`` of the query string; an unreadable one is ignored with a notice."""
    raw = (args if args is not None else request.args).get(name)
    value = parse_id(raw)
    if raw and value is None:
        _notice()
    return value


def query_text(name: str, limit: int = 200, args=None) -> str:
    """A text filter of the query string without control characters (PostgreSQL refuses NUL), trimmed."""
    raw = (args if args is not None else request.args).get(name) or ""
    return without_controls(raw).strip()[:limit]


def page_number(value=None) -> int:
    """The requested page (``?page=`` by default), clamped to 1..MAX_PAGE."""
    raw = request.args.get("page") if value is None else value
    try:
        number = int(raw)
    except (TypeError, ValueError, OverflowError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def safe_path(target: str | None) -> str | None:
    """``target`` when it is a path on this site (``?next=``, a form's ``next``), else None.

    Nothing that could leave the site (``//host``, ``/\\host``) or split the Location header
    (CR, LF and other control characters) is followed.
    """
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if CONTROL.search(target) or "\r" in target or "\n" in target or "\t" in target:
        return None
    return target if not urlsplit(target).netloc else None


MAX_JSON_DEPTH = 32
_JSON_TOKEN = re.compile(rb'"(?:\\.|[^"\\])*"|[\[\]{}]')


def json_too_deep(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether a JSON body nests deeper than ``limit`` (the parser would recurse out of stack)."""
    depth = 0
    for match in _JSON_TOKEN.finditer(body):
        token = match.group()
        if token in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        elif token in (b"]", b"}"):
            depth -= 1
    return False


EMAIL_MESSAGE = _l("Alamat email tidak valid.")


def email_error(value) -> str | None:
    """The Indonesian refusal of an address mail cannot reach (``a@example.test``), else None.

    The one check behind the CLI, every form and the services, so an account the CLI creates
    can always sign in through the login form.
    """
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value or "", check_deliverability=False)
    except EmailNotValidError:
        return str(EMAIL_MESSAGE)
    return None


class EmailAddress:
    """WTForms validator: :func:`email_error` on a filled-in field."""

    def __call__(self, form, field) -> None:
        from wtforms.validators import ValidationError

        if field.data and email_error(field.data):
            raise ValidationError(str(EMAIL_MESSAGE))
