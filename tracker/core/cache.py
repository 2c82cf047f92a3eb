"""The shared cache: rendered fragments and aggregates, keyed by who looks and a data version.

Redis when ``CACHE_REDIS_URL`` is set (shared by every worker and host), else an in-process
cache for the embedded set-up (``make run``: one process). Every key carries a data version;
the one place that changes it is the session hook below, after any commit that changed a
table pages are made of, so a new progress entry shows at once on every cached page. A broken
or unreachable cache only costs speed: the page is then built as if nothing were cached.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable
from typing import Any

from flask import current_app, has_app_context, has_request_context, request
from markupsafe import Markup
from sqlalchemy import event, inspect

from tracker.extensions import cache, db

log = logging.getLogger(__name__)
VERSION_KEY = "data-version"
ENVIRON_KEY = "sinergi.cache_version"  # per request (g may outlive a request: tests share an app context)
CSRF_MARK = "\x00csrf-token\x00"
# Tables no cached page is made of: a sign-in's audit event or a mail in the outbox changes nothing shown.
QUIET_TABLES = frozenset({"audit_events", "heartbeats", "outbox_mails", "reminder_logs", "reminder_acknowledgements",
                          "api_tokens", "calendar_feeds"})
# Columns whose change alone is quiet (the time of the last sign-in).
QUIET_COLUMNS = {"users": frozenset({"last_login_at", "updated_at"})}


def settings(config: dict) -> dict:
    """Flask-Caching settings from ours: Redis when CACHE_REDIS_URL is set, else in-process."""
    url = config.get("CACHE_REDIS_URL")
    chosen = {"CACHE_KEY_PREFIX": config.get("CACHE_KEY_PREFIX", "sinergi:"),
              "CACHE_DEFAULT_TIMEOUT": int(config.get("CACHE_DEFAULT_TIMEOUT", 600))}
    if config.get("CACHE_TYPE"):
        chosen["CACHE_TYPE"] = config["CACHE_TYPE"]
    elif url:
        chosen["CACHE_TYPE"] = "RedisCache"
    else:
        chosen["CACHE_TYPE"] = "SimpleCache"
        chosen["CACHE_THRESHOLD"] = int(config.get("CACHE_THRESHOLD", 500))
    if chosen["CACHE_TYPE"] == "RedisCache":
        # A Redis that hangs must not hang the page: give up quickly and build it uncached.
        chosen["CACHE_OPTIONS"] = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}
    return chosen


def init_app(app) -> None:
    """Bind the cache to the app and watch the session for commits that change content."""
    app.config.update(settings(app.config))
    cache.init_app(app)
    if not event.contains(db.session, "after_flush", _note_changes):
        event.listen(db.session, "after_flush", _note_changes)
        event.listen(db.session, "after_commit", _bump_after_commit)
        event.listen(db.session, "after_rollback", _forget_changes)


def _changes_content(obj: Any, dirty: bool) -> bool:
    table = getattr(obj, "__tablename__", None)
    if table is None or table in QUIET_TABLES:
        return False
    quiet = QUIET_COLUMNS.get(table)
    if not dirty or quiet is None:
        return True
    state = inspect(obj)
    return any(attr.history.has_changes() for attr in state.attrs if attr.key not in quiet)


def _note_changes(session, _flush_context) -> None:
    if session.info.get("content_changed"):
        return
    if any(_changes_content(o, False) for o in session.new) or any(
            _changes_content(o, False) for o in session.deleted) or any(
            _changes_content(o, True) for o in session.dirty if session.is_modified(o)):
        session.info["content_changed"] = True


def _forget_changes(session) -> None:
    session.info.pop("content_changed", None)


def _bump_after_commit(session) -> None:
    if session.info.pop("content_changed", None) and has_app_context():
        bump()


def note_change() -> None:
    """For writes the session cannot see (Core statements alone): bump at the next commit."""
    db.session.info["content_changed"] = True


def bump() -> None:
    """A new data version: every cached page and aggregate is built again on its next view."""
    try:
        cache.set(VERSION_KEY, secrets.token_hex(8), timeout=0)
    except Exception:  # noqa: BLE001 - an unreachable cache must not fail a committed write
        log.warning("cache: could not bump the data version", exc_info=True)
    if has_request_context():
        request.environ.pop(ENVIRON_KEY, None)


def version() -> str | None:
    """The data version, read once per request (read it before the data); None: cache unusable."""
    if has_request_context() and ENVIRON_KEY in request.environ:
        return request.environ[ENVIRON_KEY]
    try:
        value = cache.get(VERSION_KEY)
        if value is None:  # first use, or evicted: a fresh random version never matches an old key
            cache.add(VERSION_KEY, secrets.token_hex(8), timeout=0)
            value = cache.get(VERSION_KEY)
    except Exception:  # noqa: BLE001
        log.warning("cache: unreachable, building pages uncached", exc_info=True)
        value = None
    if has_request_context():
        request.environ[ENVIRON_KEY] = value
    return value


def viewer(user) -> str:
    """What changes what a user may see or reads: party, role, agency and language."""
    from tracker.i18n import get_locale

    return f"{user.party_id}.{user.role}.{user.agency_id}.{get_locale()}"


def key(name: str, user, *parts: Any) -> str | None:
    """The cache key of ``name`` for this viewer and these parts, at the current data version."""
    current = version()
    if current is None or not current_app.config.get("CACHE_PAGES", True):
        return None
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:24]
    return f"{name}:{current}:{viewer(user)}:{digest}"


def remember(name: str, user, parts: tuple, build: Callable[[], Any]) -> Any:
    """``build()``'s value from the cache, or built now and kept (for picklable plain values)."""
    cache_key = key(name, user, *parts)
    if cache_key is None:
        return build()
    try:
        hit = cache.get(cache_key)
    except Exception:  # noqa: BLE001
        hit = None
    if hit is not None:
        return hit
    value = build()
    try:
        cache.set(cache_key, value)
    except Exception:  # noqa: BLE001
        log.warning("cache: could not store %s", name, exc_info=True)
    return value


def fragment(name: str, user, parts: tuple, render: Callable[[], str]) -> Markup:
    """Rendered HTML from the cache, its CSRF token always this request's own."""
    return page(name, user, parts, lambda: ("", render()))[1]


def page(name: str, user, parts: tuple, build: Callable[[], tuple[str, str]]) -> tuple[str, Markup]:
    """``(title, body)`` of a page from the cache, or built now; the body's CSRF token is this request's.

    ``build`` checks that the user may see the page (and aborts when not): a kept body exists only
    when a user of the same party, role and agency passed that check at the same data version, and
    the permissions depend on nothing else, so a hit needs no second check.
    """
    from flask_wtf.csrf import generate_csrf

    token = generate_csrf()

    def built() -> tuple[str, str]:
        title, html = build()
        return str(title), str(html).replace(token, CSRF_MARK)

    title, html = remember(name, user, parts, built)
    return title, Markup(html.replace(CSRF_MARK, token))  # noqa: S704 - our own render
