"""What makes the public pages cacheable: no session cookie, ETag, Cache-Control, ?lang= links."""

from __future__ import annotations

import time
from collections.abc import Callable

from flask import current_app, request, url_for
from flask.sessions import SessionInterface

from tracker.core.links import link_args
from tracker.i18n import get_locale

BLUEPRINT = "public"


class PublicWithoutSession(SessionInterface):
    """Wraps the app's session interface: requests to the public pages never write a cookie.

    Whatever a shared hook or error page does to the session there (a CSRF token, Flask-Login's
    session protection clearing a remember cookie after a visit to the login page), a public
    answer carries no Set-Cookie, so shared caches may keep it.
    """

    def __init__(self, inner: SessionInterface):
        self.inner = inner

    def open_session(self, app, request_):
        return self.inner.open_session(app, request_)

    def make_null_session(self, app):
        return self.inner.make_null_session(app)

    def save_session(self, app, session, response):
        if request.blueprint == BLUEPRINT:
            # Runs after every after_request hook: Flask-Login may have cleared a remember cookie.
            response.headers.remove("Set-Cookie")
            return None
        return self.inner.save_session(app, session, response)


def install(app) -> None:
    """Wrap the session interface once (called when the blueprint is registered)."""
    if not isinstance(app.session_interface, PublicWithoutSession):
        app.session_interface = PublicWithoutSession(app.session_interface)


def lang_args() -> dict:
    """The ?lang= argument that keeps the reader's language on the next page (none for Indonesian)."""
    locale = str(get_locale() or "id")
    return {} if locale == current_app.config["BABEL_DEFAULT_LOCALE"] else {"lang": locale}


def public_url(endpoint: str, **values) -> str:
    """url_for with the reader's language kept in the query string."""
    return url_for(endpoint, **{**lang_args(), **values})


def switch_url(locale: str) -> str:
    """This page in another language."""
    args = link_args(request.args.to_dict(), drop=("lang",))
    if locale != current_app.config["BABEL_DEFAULT_LOCALE"]:
        args["lang"] = locale
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def max_age() -> int:
    """Seconds a shared cache may keep a public answer (unpublishing reaches caches after this)."""
    return int(current_app.config["PUBLIC_CACHE_SECONDS"])


def cacheable(response, seconds: int | None = None):
    """Public caching with a content ETag; answers 304 when the reader already has this version."""
    response.headers["Cache-Control"] = f"public, max-age={max_age() if seconds is None else seconds}"
    if not response.get_etag()[0]:
        response.add_etag()
    return response.make_conditional(request)


def memo(key: str, compute: Callable[[], object]):
    """``compute()`` at most once per PUBLIC_CACHE_SECONDS in this process (0: every time).

    For aggregates over every published agreement (the index's counts per province): a cache
    may show them that old anyway, and no agreement's content is kept here.
    """
    store = current_app.extensions.setdefault("public_memo", {})
    now = time.monotonic()
    hit = store.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    value = compute()
    store[key] = (now + max_age(), value)
    return value
