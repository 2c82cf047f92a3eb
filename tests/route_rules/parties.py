"""Rules for parties.*: reference data everyone reads; admins keep their own Pemda and third parties."""

from tests.route_rules import ADMINS, FORBIDDEN, LOGIN, OK, SIGNED_IN, Rule
from tests.route_rules.world import archived
from tracker.parties.models import Party

# Parties are visible reference data, so a refusal is 403, never 404.
OWN_ADMINS = {"anon": LOGIN, "admin/own-pemda/*": OK, "*": FORBIDDEN}
AGENCY = {"name": "Dinas Komunikasi dan Informatika", "email": "diskominfo@uji.example"}


def _party(endpoint, target=lambda w: w.own):
    return lambda w: w.url(endpoint, party_id=target(w).id)


def _own_third_party(w):
    """A company recorded by the own Pemda: only its coordinators change it."""
    party = Party(kind="pihak_ketiga", name="PT Benih Nila Sejahtera", recorded_by_party_id=w.own.id)
    w.db.session.add(party)
    w.db.session.commit()
    return party


def _agency(endpoint, target=lambda w: w.own_agency):
    return lambda w: w.url(endpoint, agency_id=target(w).id)


RULES = [
    Rule("parties.list", SIGNED_IN),
    Rule("parties.list", SIGNED_IN, name="search", url=lambda w: w.url("parties.list", q="62", kind="kabupaten")),
    Rule("parties.detail", SIGNED_IN, url=_party("parties.detail")),
    Rule("parties.detail", SIGNED_IN, url=_party("parties.detail", lambda w: w.third), name="third"),
    Rule("parties.add", ADMINS),
    Rule("parties.add", ADMINS, method="POST", data=lambda w: {"name": "Universitas Contoh"}),
    Rule("parties.edit", OWN_ADMINS, url=_party("parties.edit")),
    Rule("parties.edit", OWN_ADMINS, method="POST", url=_party("parties.edit"),
         data=lambda w: {"name": w.own.name, "address": "Sampit"}),
    Rule("parties.edit", OWN_ADMINS, method="POST", url=_party("parties.edit", _own_third_party),
         data=lambda w: {"name": "PT Nama Baru"}, name="third-party"),
    Rule("parties.agency_add", OWN_ADMINS, url=_party("parties.agency_add")),
    Rule("parties.agency_add", OWN_ADMINS, method="POST", url=_party("parties.agency_add"), data=lambda w: AGENCY),
    Rule("parties.agency_edit", OWN_ADMINS, url=_agency("parties.agency_edit")),
    Rule("parties.agency_edit", OWN_ADMINS, method="POST", url=_agency("parties.agency_edit"),
         data=lambda w: AGENCY),
    Rule("parties.agency_archive", OWN_ADMINS, method="POST", url=_agency("parties.agency_archive")),
    Rule("parties.agency_restore", OWN_ADMINS, method="POST",
         url=_agency("parties.agency_restore", archived(lambda w: w.own_agency))),
]
