"""Rules for consent.*: the proposing and deciding parties see a request; deciders' coordinators answer."""

from tests.route_rules import FORBIDDEN, LOGIN, NOT_FOUND, OK, SIGNED_IN, Rule
from tracker.agreements import changes


def _request(w, foreign=False):
    """A pending archive proposal by the other Pemda, waiting for the own Pemda (or a foreign one)."""
    if foreign:
        proposer, agreement = w.users["admin/other-pemda/own-agency"], w.foreign_agreement
    else:
        proposer, agreement = w.users["admin/other-pemda/own-agency"], w.agreement
    request = changes.propose("archive", agreement, proposer, {})
    w.db.session.commit()
    return request


SEEN_BY_BOTH = {"anon": LOGIN, "*": OK}
OWN_ADMIN_DECIDES = {"anon": LOGIN, "admin/own-pemda/*": OK, "*": FORBIDDEN}
PROPOSER_CANCELS = {"anon": LOGIN, "admin/other-pemda/*": OK, "*": FORBIDDEN}

RULES = [
    Rule("consent.list", SIGNED_IN, url=lambda w: w.url("consent.list")),
    Rule("consent.detail", SEEN_BY_BOTH, url=lambda w: w.url("consent.detail", request_id=_request(w).id)),
    Rule("consent.detail", {"anon": LOGIN, "*/own-pemda/*": NOT_FOUND, "*": OK}, name="foreign",
         url=lambda w: w.url("consent.detail", request_id=_request(w, foreign=True).id)),
    Rule("consent.respond", OWN_ADMIN_DECIDES, method="POST",
         url=lambda w: w.url("consent.respond", request_id=_request(w).id), data=lambda w: {"decision": "accept"}),
    Rule("consent.respond", {"anon": LOGIN, "*/own-pemda/*": NOT_FOUND, "*": FORBIDDEN}, name="foreign",
         method="POST", url=lambda w: w.url("consent.respond", request_id=_request(w, foreign=True).id),
         data=lambda w: {"decision": "accept"}),
    Rule("consent.cancel", PROPOSER_CANCELS, method="POST",
         url=lambda w: w.url("consent.cancel", request_id=_request(w).id)),
]
