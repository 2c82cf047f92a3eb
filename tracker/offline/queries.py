"""What an officer's phone keeps for working without a connection."""

from __future__ import annotations

from typing import Any

from flask import url_for
from sqlalchemy import select

from tracker import permissions
from tracker.agreements.models import Agreement, Field
from tracker.extensions import db
from tracker.programs.models import Programme

MAX_PROGRAMMES = 40
SHELL_FILES = ("css/app.css", "js/app.js", "js/progress-form.js", "js/offline/store.js",
               "js/offline/send.js", "js/offline/photos.js", "js/offline/app.js", "js/offline/form.js",
               "js/offline/once.js", "favicon.svg", "icons/icon-192.png", "icons/icon-512.png")


def shell_urls() -> list[str]:
    """The app shell: styles, scripts, icons and the offline fallback page."""
    urls = [url_for("static", filename=name) for name in SHELL_FILES]
    urls += [url_for("bootstrap.static", filename=name)
             for name in ("css/bootstrap.min.css", "umd/popper.min.js", "js/bootstrap.min.js")]
    return [*urls, url_for("offline.manifest"), url_for("offline.fallback")]


def officer_programmes(user: Any) -> list[Programme]:
    """The running or planned programmes of the officer's agency, soonest due first."""
    if getattr(user, "agency_id", None) is None:
        return []
    query = (select(Programme).join(Field, Programme.field_id == Field.id)
             .join(Agreement, Field.agreement_id == Agreement.id)
             .where(Programme.agency_id == user.agency_id, Programme.archived_at.is_(None),
                    Field.archived_at.is_(None), Agreement.archived_at.is_(None),
                    Programme.status.in_(("planned", "running")))
             .order_by(Programme.due_on.asc().nulls_last(), Programme.id).limit(MAX_PROGRAMMES))
    return [p for p in db.session.scalars(query) if permissions.can(user, permissions.ADD, p)]


def page_urls(user: Any) -> list[str]:
    """Pages to keep on the phone: "Pekerjaan saya", the waiting list, each programme and its form."""
    urls = [url_for("offline.waiting")]
    if user.role == "officer":
        urls.insert(0, url_for("dashboards.officer"))
    for programme in officer_programmes(user):
        urls += [url_for("programs.detail", programme_id=programme.id),
                 url_for("progress.add", programme_id=programme.id)]
    return urls
