"""Links that carry a list's filters from the query string to the next page or the CSV download."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def link_args(args: Mapping, drop: Iterable[str] = ("page",)) -> dict:
    """``args`` ready for ``url_for``: the user's filters, never ``url_for``'s own parameters.

    A query string is typed by anyone; ``?endpoint=x`` or ``?_anchor=x`` passed on to
    ``url_for`` would clash with its arguments and end in a 500 instead of the page.
    """
    pairs = args.lists() if hasattr(args, "lists") else args.items()
    dropped = set(drop)
    return {key: value for key, value in pairs
            if key not in dropped and key != "endpoint" and not key.startswith("_")}
