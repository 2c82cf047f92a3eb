"""Language choice and the one place for formats: "3 November 2025", "Rp 1.250.000", "53,3%", WIB.

Pages, mails, the calendar feed, Excel, PDF, conflict tables and Riwayat all format through
these functions, so a figure reads the same everywhere in the reader's language. CSV keeps
plain machine numbers and ISO dates (reports/csv.py). CLDR's separators and month names are
read once per language: Babel's pattern engine parsed "#,##0.##" or "d MMMM y" on every call,
~23 µs a figure on a big page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

import flask_wtf.i18n
from babel import Locale
from flask import current_app, has_request_context, request
from flask.globals import _cv_app
from flask_babel import get_locale, gettext, lazy_gettext, ngettext  # noqa: F401
from flask_login import current_user

from tracker import PROJECT_ROOT
from tracker.core.clock import local_now

# WTForms ships no Indonesian catalog, so Flask-WTF reads the built-in validator and field
# messages ("This field is required.", "Not a valid date value.") from ours:
# translations/id/LC_MESSAGES/wtforms.po. Other locales fall back to WTForms' English msgids.
flask_wtf.i18n.messages_path = lambda: str(PROJECT_ROOT / "translations")

EMPTY = "–"
# Date layouts per language, as str.format templates over CLDR's month names (Babel's own
# pattern engine costs microseconds a call; these cost a fraction of one).
_DATE_LAYOUTS = {
    "id": {"long": "{d} {month} {y}", "medium": "{d} {mon} {y}", "short": "{dd}/{mm}/{y}", "month": "{month} {y}",
           "short_month": "{mon} {y}"},
    "en": {"long": "{month} {d}, {y}", "medium": "{mon} {d}, {y}", "short": "{mm}/{dd}/{y}", "month": "{month} {y}",
           "short_month": "{mon} {y}"},
}
_QUANTA = {digits: Decimal(1).scaleb(-digits) for digits in range(7)}


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


@dataclass(frozen=True)
class _Formats:
    """One language's separators, month names and date layouts, read from CLDR once."""

    language: str
    separators: dict
    months: tuple
    short_months: tuple
    layouts: dict


@lru_cache(maxsize=8)
def _formats(language: str) -> _Formats:
    locale = Locale.parse(language)
    symbols = locale.number_symbols.get("latn", locale.number_symbols)
    wide, abbreviated = locale.months["format"]["wide"], locale.months["format"]["abbreviated"]
    return _Formats(
        language=locale.language,
        separators=str.maketrans({",": symbols["group"], ".": symbols["decimal"]}),
        months=("",) + tuple(wide[m] for m in range(1, 13)),
        short_months=("",) + tuple(abbreviated[m] for m in range(1, 13)),
        layouts=_DATE_LAYOUTS.get(locale.language, _DATE_LAYOUTS["en"]),
    )


def _current() -> _Formats:
    """The reader's formats; reads Flask-Babel's per-request locale without its proxy round trips."""
    app_ctx = _cv_app.get(None)
    if app_ctx is None:
        return _formats("id")
    cached = app_ctx.g.__dict__.get("_flask_babel")
    locale = getattr(cached, "babel_locale", None) or get_locale()
    return _formats(locale.language if locale else "id")


def locale_name() -> str:
    """The reader's language code ("id" or "en")."""
    return _current().language


def _date_text(value: date, fmt: str) -> str:
    formats = _current()
    layout = formats.layouts.get(fmt) or formats.layouts["long"]
    return layout.format(d=value.day, dd=f"{value.day:02d}", mm=f"{value.month:02d}", y=value.year,
                         month=formats.months[value.month], mon=formats.short_months[value.month])


def format_day(value: date | datetime | None, fmt: str = "long") -> str:
    """A date as '3 November 2025' (Indonesian) or 'November 3, 2025' (English)."""
    if value is None:
        return EMPTY
    if isinstance(value, datetime):
        value = local_now(value).date()
    return _date_text(value, fmt)


def format_moment(value: datetime | None) -> str:
    """A timestamp in the local zone, e.g. '3 November 2025 09.30 WIB'."""
    if value is None:
        return EMPTY
    local = local_now(value)
    zone = local.tzname() or ""
    return f"{format_day(local.date())} {local:%H.%M} {zone}".strip()


def format_month(value: date | datetime | str | None, short: bool = False) -> str:
    """A month as 'Maret 2026' / 'March 2026' (short: 'Mar 2026'); takes a date or an ISO 'YYYY-MM' text."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, str):
        try:
            value = date(int(value[:4]), int(value[5:7]), 1)
        except ValueError:
            return value
    return _date_text(value, "short_month" if short else "month")


def format_period(start: date | None, end: date | None) -> str:
    """A span of days as '1 Januari 2026 – 30 Juni 2026'."""
    if start is None and end is None:
        return EMPTY
    return f"{format_day(start)} – {format_day(end)}"


def _decimal(value) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def format_number(value: Decimal | float | int | None, digits: int = 2) -> str:
    """A number in the reader's style, no trailing zeros: 1.250,5 (id) or 1,250.5 (en)."""
    number = _decimal(value)
    if number is None:
        return EMPTY if value is None else str(value)
    try:
        number = number.quantize(_QUANTA[digits], ROUND_HALF_UP)
    except (InvalidOperation, KeyError):
        pass  # beyond 28 significant digits or more than 6 decimals: shown unrounded
    text = f"{number:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return text.translate(_current().separators)


def format_percent(value: Decimal | float | int | None, digits: int = 1) -> str:
    """A share already in percent (53.25) as '53,3%' / '53.3%'; no space before the sign."""
    number = _decimal(value)
    if number is None:
        return EMPTY
    return format_number(number, digits) + "%"


def format_rupiah(value: Decimal | int | None) -> str:
    """Money as 'Rp 1.250.000' (English: 'Rp 1,250,000'); rupiah have no cents."""
    number = _decimal(value)
    if number is None:
        return EMPTY
    return "Rp " + format_number(number, 0)


def format_value(value) -> str:
    """Any stored value in the reader's style: numbers grouped, dates long, text as it is."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return gettext("Ya") if value else gettext("Tidak")
    if isinstance(value, (int, float, Decimal)):
        return format_number(value)
    if isinstance(value, datetime):
        return format_moment(value)
    if isinstance(value, date):
        return format_day(value)
    return str(value)
