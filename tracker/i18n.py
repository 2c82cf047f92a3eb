"""Language choice and Indonesian formats: "3 November 2025", "Rp 1.250.000", WIB."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import flask_wtf.i18n
from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal
from flask import current_app, has_request_context, request
from flask_babel import get_locale, gettext, lazy_gettext, ngettext  # noqa: F401
from flask_login import current_user

from tracker import PROJECT_ROOT
from tracker.core.clock import local_now

# WTForms ships no Indonesian catalog, so Flask-WTF reads the built-in validator and field
# messages ("This field is required.", "Not a valid date value.") from ours:
# translations/id/LC_MESSAGES/wtforms.po. Other locales fall back to WTForms' English msgids.
flask_wtf.i18n.messages_path = lambda: str(PROJECT_ROOT / "translations")


def select_locale() -> str:
    """Public pages: ?lang=; else the user's own choice, then the browser's, then Indonesian."""
    languages = current_app.config["LANGUAGES"]
    if has_request_context() and request.blueprint == "public":
        # Public pages are cached by URL and never read the session: ?lang= decides alone.
        chosen = request.args.get("lang")
        return chosen if chosen in languages else current_app.config["BABEL_DEFAULT_LOCALE"]
    if has_request_context():
        if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
            return current_user.locale
        chosen = request.cookies.get("lang")
        if chosen in languages:
            return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _locale() -> str:
    return str(get_locale() or "id")


def format_day(value: date | datetime | None, fmt: str = "long") -> str:
    """A date as '3 November 2025' (Indonesian) or 'November 3, 2025' (English)."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        value = local_now(value).date()
    pattern = "d MMMM y" if _locale() == "id" and fmt == "long" else fmt
    return babel_format_date(value, pattern, locale=_locale())


def format_moment(value: datetime | None) -> str:
    """A timestamp in the local zone, e.g. '3 November 2025 09.30 WIB'."""
    if value is None:
        return "–"
    local = local_now(value)
    zone = local.tzname() or ""
    return f"{format_day(local.date())} {local:%H.%M} {zone}".strip()


def format_number(value: Decimal | float | int | None, digits: int = 2) -> str:
    """A number with Indonesian grouping, no trailing zeros: 1.250,5."""
    if value is None:
        return "–"
    return format_decimal(value, format=f"#,##0.{'#' * digits}", locale=_locale())


def format_rupiah(value: Decimal | int | None) -> str:
    """Money as 'Rp 1.250.000'."""
    if value is None:
        return "–"
    return "Rp " + format_decimal(int(value), format="#,##0", locale="id")
