"""Service worker, manifest, the phone's session state, the waiting list and the offline page."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf

from tracker.i18n import gettext as _
from tracker.offline import queries
from tracker.offline.release import release_version

bp = Blueprint("offline", __name__)
NO_STORE = {"Cache-Control": "no-store"}


@bp.get("/sw.js")
def service_worker():
    """The service worker at the site root, so its scope is every page."""
    script = render_template("offline/sw.js", release=release_version(), shell=queries.shell_urls(),
                             fallback=url_for("offline.fallback"),
                             imports=[url_for("static", filename=f"js/offline/{name}.js", v=release_version())
                                      for name in ("store", "send")])
    return script, 200, {"Content-Type": "text/javascript; charset=utf-8", "Service-Worker-Allowed": "/",
                         "Cache-Control": "no-cache"}


@bp.get("/manifest.webmanifest")
def manifest():
    """What a phone shows when the app is installed: Indonesian name, icons, start page."""
    icons = [{"src": url_for("static", filename=f"icons/icon-{size}.png"), "sizes": f"{size}x{size}",
              "type": "image/png", "purpose": "any"} for size in (192, 512)]
    icons.append({"src": url_for("static", filename="icons/maskable-512.png"), "sizes": "512x512",
                  "type": "image/png", "purpose": "maskable"})
    body = {"name": _("Sinergi — Kerja Sama Daerah"), "short_name": "Sinergi", "lang": "id",
            "description": _("Laporkan kemajuan kerja sama daerah, juga tanpa sinyal."),
            "start_url": url_for("home.index"), "scope": "/", "display": "standalone",
            "background_color": "#ffffff", "theme_color": "#0d6efd", "icons": icons}
    response = jsonify(body)
    response.mimetype = "application/manifest+json"
    return response


@bp.get("/offline/state")
def state():
    """Who is signed in here, a fresh CSRF token, and the pages to keep: read before sending."""
    if not current_user.is_authenticated:
        return jsonify(user_id=None, release=release_version()), 200, NO_STORE
    return jsonify(user_id=current_user.id, name=current_user.name, csrf_token=generate_csrf(),
                   release=release_version(), pages=queries.page_urls(current_user)), 200, NO_STORE


@bp.get("/offline/menunggu")
@login_required
def waiting():
    """Reports kept on this phone, listed by the page's script (they live in the phone, not here)."""
    return render_template("offline/waiting.html")


@bp.get("/offline/luring")
def fallback():
    """Shown for a page the phone has not kept while there is no connection."""
    return render_template("offline/fallback.html")
