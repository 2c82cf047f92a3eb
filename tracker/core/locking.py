"""Optimistic locking for edit forms: the second save never silently overwrites the first.

Edit forms carry the ``version`` the user loaded in a hidden field. When it no longer
matches the record, the view re-renders the form with what the user typed and shows
:func:`conflicts`: each field whose stored value changed, stored value beside typed value.
The mapper's ``version_id_col`` also guards the race between check and flush
(``sqlalchemy.orm.exc.StaleDataError``).
"""

from __future__ import annotations

from typing import Any


def is_stale(obj: Any, submitted_version: Any) -> bool:
    """True when the record changed since the form was loaded (or the version is missing)."""
    try:
        return int(submitted_version) != int(obj.version)
    except (TypeError, ValueError):
        return True


def conflicts(form: Any, obj: Any, names: list[str] | tuple[str, ...]) -> list[tuple[str, Any, Any]]:
    """``(label, stored value, typed value)`` for fields where the two differ."""
    rows = []
    for name in names:
        field = getattr(form, name, None)
        if field is None:
            continue
        stored, typed = getattr(obj, name, None), field.data
        if _norm(stored) != _norm(typed):
            rows.append((str(field.label.text), stored, typed))
    return rows


def take_conflict(form: Any, obj: Any, names: list[str] | tuple[str, ...]) -> list[tuple[str, Any, Any]]:
    """The conflict rows, after which the form carries the current version, so saving again is deliberate."""
    rows = conflicts(form, obj, names)
    form.version.data = obj.version
    return rows


def _norm(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()
