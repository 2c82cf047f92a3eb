"""Rules for archive.*: the Arsip page of those who change records (admins, officers); leaders only read."""

from tests.route_rules import FORBIDDEN, LOGIN, OK, Rule
from tracker.core.clock import utcnow

RESTORERS = {"anon": LOGIN, "leader/*": FORBIDDEN, "*": OK}


def _with_archived(w):
    """The page with a record of every kind archived, on both sides of the shared agreement."""
    for record in (w.agreement, w.programme, w.entry, w.own_agency, w.other_programme, w.other_entry,
                   w.other_agency, w.foreign_entry):
        record.archived_at = utcnow()
    w.db.session.commit()
    return w.url("archive.list")


RULES = [
    Rule("archive.list", RESTORERS),
    Rule("archive.list", RESTORERS, url=_with_archived, name="filled"),
    Rule("archive.list", RESTORERS, url=lambda w: w.url("archive.list", page=2), name="page"),
]
