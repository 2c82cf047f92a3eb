"""Rules for calendar.*: the account page needs a login; the feed's secret URL is its credential."""

from tests.route_rules import NOT_FOUND, PUBLIC, SIGNED_IN, Rule


def _feed_url(w) -> str:
    from tracker.calendar.services import create_feed

    _feed, secret = create_feed(w.me or w.colleague)
    w.db.session.commit()
    return w.url("calendar.feed", token=secret)


RULES = [
    Rule("calendar.settings", SIGNED_IN),
    Rule("calendar.create", SIGNED_IN, method="POST"),
    Rule("calendar.revoke", SIGNED_IN, method="POST"),
    Rule("calendar.feed", PUBLIC, url=_feed_url, sign_in=False),
    Rule("calendar.feed", {"*": NOT_FOUND}, name="unknown", url=lambda w: "/calendar/cal_tebakan.ics"),
]
