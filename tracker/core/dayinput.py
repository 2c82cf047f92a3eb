"""Dates typed as text: dd/mm/yyyy (what an official writes) or yyyy-mm-dd (links, old bookmarks).

A native ``<input type=date>`` shows the *browser's* format (mm/dd/yyyy in an English Chrome,
whatever the page's lang says) and its picker needs more width than a filter column has, so
filters use a text field that shows exactly what the server renders.
"""

from __future__ import annotations

import re
from datetime import date

_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
PATTERN = r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}"


def parse_day(text: str | None) -> date | None:
    """The date in ``text`` (dd/mm/yyyy or yyyy-mm-dd), or None when it is empty or not a date."""
    text = (text or "").strip()
    try:
        if match := _DMY.fullmatch(text):
            day, month, year = (int(part) for part in match.groups())
            value = date(year, month, day)
        else:
            value = date.fromisoformat(text)
    except ValueError:
        return None
    return value if 1900 <= value.year <= 2200 else None


def show_day(value: date | None) -> str:
    """``value`` as dd/mm/yyyy for a day input; empty when there is none."""
    return value.strftime("%d/%m/%Y") if value else ""
