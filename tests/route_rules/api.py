"""Rules for the JSON API (token in the Authorization header, never the login cookie) and its docs."""

from tests.route_rules import FORBIDDEN, LOGIN, NOT_FOUND, OK, PUBLIC, READ_ONLY_PROVINCE, SIGNED_IN, Rule

API_READ = {"anon": 401, "*": OK}
API_FOREIGN = {"anon": 401, "*/own-pemda/*": NOT_FOUND, "*": OK}
API_OWNER = {"anon": 401, "admin/own-pemda/*": OK, "officer/own-pemda/own-agency": OK, "*": FORBIDDEN}
API_ADDERS = {"anon": 401, **READ_ONLY_PROVINCE, "leader/*": FORBIDDEN, "*": OK}


def bearer(w) -> dict:
    """A fresh token of the calling kind's user; anonymous callers send none."""
    from tracker.api.services import create_token

    if w.me is None:
        return {}
    _token, secret = create_token(w.me, "matrix", 30)
    w.db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def api(endpoint, expect=API_READ, url=None, **kwargs) -> Rule:
    return Rule(endpoint, expect, url=url, headers=bearer, sign_in=False, **kwargs)


def _own_agency_id(w):
    if w.me is None:
        return None
    if w.me.agency_id:
        return w.me.agency_id
    return w.own_agency.id if w.me.party_id == w.own.id else w.other_agency.id


PROGRAMME = {"name": "Program lewat API", "indicator": "Anak", "unit": "anak", "target": 10}

RULES = [
    api("api.parties"),
    api("api.party", url=lambda w: w.url("api.party", party_id=w.third.id)),
    api("api.agencies"),
    api("api.agency", url=lambda w: w.url("api.agency", agency_id=w.other_agency.id)),
    api("api.agreements"),
    api("api.agreement", url=lambda w: w.url("api.agreement", agreement_id=w.agreement.id)),
    api("api.agreement", API_FOREIGN, name="foreign",
        url=lambda w: w.url("api.agreement", agreement_id=w.foreign_agreement.id)),
    api("api.programmes"),
    api("api.programme", url=lambda w: w.url("api.programme", programme_id=w.programme.id)),
    api("api.programme", API_FOREIGN, name="foreign",
        url=lambda w: w.url("api.programme", programme_id=w.foreign_programme.id)),
    api("api.progress_list", url=lambda w: w.url("api.progress_list", programme_id=w.programme.id)),
    api("api.progress_entry", url=lambda w: w.url("api.progress_entry", entry_id=w.entry.id)),
    api("api.dashboard_summary"),
    api("api.programme_add", API_ADDERS, method="POST",
        url=lambda w: w.url("api.programme_add", field_id=w.field.id),
        json=lambda w: {**PROGRAMME, "agency_id": _own_agency_id(w)}),
    api("api.programme_edit", API_OWNER, method="PATCH",
        url=lambda w: w.url("api.programme_edit", programme_id=w.programme.id), json=lambda w: {"name": "Baru"}),
    api("api.progress_add", API_OWNER, method="POST",
        url=lambda w: w.url("api.progress_add", programme_id=w.programme.id),
        data=lambda w: {"reported_on": "2026-03-02", "description": "Pendataan", "quantity": "5"}),
    Rule("api-docs.openapi_json", PUBLIC),
    Rule("api_docs.docs", PUBLIC),
    Rule("api_docs.docs_init", PUBLIC),
    Rule("api_docs.docs_asset", PUBLIC, url=lambda w: w.url("api_docs.docs_asset", filename="swagger-ui.css")),
    Rule("tokens.list", SIGNED_IN),
    Rule("tokens.list", SIGNED_IN, method="POST", data=lambda w: {"name": "Dasbor", "days": "90"}),
    Rule("tokens.revoke", SIGNED_IN, method="POST", url=lambda w: _token_url(w, w.me or w.colleague)),
    Rule("tokens.revoke", {"anon": LOGIN, "*": NOT_FOUND}, method="POST", name="someone-else",
         url=lambda w: _token_url(w, w.colleague)),
]


def _token_url(w, owner) -> str:
    from tracker.api.services import create_token

    token, _secret = create_token(owner, "matrix", 30)
    w.db.session.commit()
    return w.url("tokens.revoke", token_id=token.id)
