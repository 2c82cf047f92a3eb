"""Optimistic locking for edit forms: the second save never silently overwrites the first.

Edit forms carry the ``version`` the user loaded in a hidden field. When it no longer
matches the record, the view re-renders the form with what the user typed and shows
:func:`conflicts`: each field whose stored value changed, stored value beside typed value.
The mapper's ``version_id_col`` also guards the race between check and flush
(``sqlalchemy.orm.exc.StaleDataError``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tracker.i18n import format_value


def is_stale(obj: Any, submitted_version: Any) -> bool:
    """True when the record changed since the form was loaded (or the version is missing)."""
    try:
        return int(submitted_version) != int(obj.version)
    except (TypeError, ValueError):
        return True


def conflicts(form: Any, obj: Any, names: list[str] | tuple[str, ...]) -> list[tuple[str, str, str]]:
    """``(label, stored, typed)`` for fields whose values differ, both as the reader reads them.

    Values are compared by type, not by text: a stored 0.00 and a typed 0 are the same target.
    """
    rows = []
    for name in names:
        field = getattr(form, name, None)
        if field is None:
            continue
        stored, typed = getattr(obj, name, None), field.data
        if not same(stored, typed):
            rows.append((str(field.label.text), readable(field, stored), readable(field, typed)))
    return rows


def take_conflict(form: Any, obj: Any, names: list[str] | tuple[str, ...]) -> list[tuple[str, str, str]]:
    """The conflict rows, after which the form carries the current version, so saving again is deliberate."""
    rows = conflicts(form, obj, names)
    form.version.data = obj.version
    return rows


def same(stored: Any, typed: Any) -> bool:
    """Whether a stored and a typed value mean the same: numbers by value, text without outer spaces."""
    a, b = _number(stored), _number(typed)
    if a is not None and b is not None:
        return a == b
    return _text(stored) == _text(typed)


def readable(field: Any, value: Any) -> str:
    """A value as the form's reader reads it: the choice's label, rupiah, a grouped number, a long date."""
    if value is None or value == "":
        return format_value(None)
    if hasattr(field, "readable"):
        return field.readable(value)
    for choice in getattr(field, "choices", None) or ():
        code, label = (choice[0], choice[1]) if isinstance(choice, tuple) else (choice, choice)
        if str(code) == str(value):
            return str(label)
    return format_value(value)


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    return Decimal(str(value))


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()
