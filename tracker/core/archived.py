"""Archived is read-only everywhere: one check every write path asks before it changes a record."""

from __future__ import annotations

from typing import Any

from werkzeug.exceptions import Conflict

from tracker.i18n import gettext as _


class ArchivedRecord(Conflict):
    """A change to an archived record or to something inside one (409; restoring is the way back)."""

    def __init__(self, title: str) -> None:
        message = _("\u201c%(title)s\u201d sudah diarsipkan dan hanya dapat dibaca. "
                    "Pulihkan dulu dari halaman Arsip untuk mengubahnya.", title=title)
        super().__init__(description=message)
        self.data = {"message": message}


def _chain(obj: Any):
    """The record and what it sits in: entry → programme → field → agreement."""
    while obj is not None:
        yield obj
        obj = (getattr(obj, "progress_entry", None) or getattr(obj, "programme", None)
               or getattr(obj, "field", None) or getattr(obj, "agreement", None))


def archived_in(obj: Any) -> Any:
    """The first archived record in ``obj``'s chain, or None when everything is live."""
    return next((o for o in _chain(obj) if getattr(o, "archived_at", None) is not None), None)


def ensure_live(obj: Any) -> None:
    """Raise ArchivedRecord when ``obj`` or anything it belongs to is archived."""
    archived = archived_in(obj)
    if archived is not None:
        raise ArchivedRecord(getattr(archived, "title", None) or getattr(archived, "name", None) or "")
