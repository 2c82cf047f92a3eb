"""The calendar page (make, show once, revoke the secret URL) and the .ics feed itself."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from tracker.calendar import feed as calendar_feed
from tracker.calendar import services
from tracker.core.clock import utcnow
from tracker.extensions import db
from tracker.i18n import gettext as _

bp = Blueprint("calendar", __name__)


@bp.get("/account/calendar")
@login_required
def settings():
    return render_template("calendar/settings.html", feed=services.live_feed(current_user), url=None)


@bp.post("/account/calendar")
@login_required
def create():
    _feed, secret = services.create_feed(current_user)
    db.session.commit()
    url = current_app.config["BASE_URL"] + url_for("calendar.feed", token=secret)
    return render_template("calendar/settings.html", feed=services.live_feed(current_user), url=url)


@bp.post("/account/calendar/revoke")
@login_required
def revoke():
    services.revoke_feed(current_user)
    db.session.commit()
    flash(_("Alamat kalender dicabut. Aplikasi kalender tidak akan menerima pembaruan lagi."), "success")
    return redirect(url_for("calendar.settings"))


@bp.get("/calendar/<token>.ics")
def feed(token: str):
    """The secret URL itself is the credential: calendar apps send no cookies or headers."""
    found = services.feed_for_secret(token)
    if found is None:
        abort(404)
    found.last_used_at = utcnow()
    body = calendar_feed.build_calendar(found.user)
    db.session.commit()
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": 'inline; filename="sinergi.ics"', "Cache-Control": "private, max-age=300"})
