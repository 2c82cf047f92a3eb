"""Rules for agreements.*: everyone of a party reads; only that party's admins record and decide."""

import io

from tests.route_rules import ADMINS, FORBIDDEN, LOGIN, NOT_FOUND, OK, SIGNED_IN, Rule
from tests.route_rules.world import archived
from tests.samples import PNG

# w.agreement is between the own and the other Pemda: admins of both may change it.
PARTY_ADMINS = {"anon": LOGIN, "admin/*": OK, "*": FORBIDDEN}
# w.foreign_agreement (other ↔ third): the own Pemda must not learn it exists.
FOREIGN_READ = {"anon": LOGIN, "*/own-pemda/*": NOT_FOUND, "*": OK}
FOREIGN_ADMINS = {"anon": LOGIN, "*/own-pemda/*": NOT_FOUND, "admin/*": OK, "*": FORBIDDEN}


def agreement_data(w, **extra):
    """A valid new agreement between the caller's Pemda and a partner."""
    mine = w.me.party_id if w.me is not None else w.own.id
    partner = w.other.id if mine == w.own.id else w.own.id
    data = {
        "kind": "KB", "title": "Kesepakatan baru", "signed_on": "2026-01-05", "valid_from": "2026-01-05",
        "valid_until": "2031-01-04", "parties-0-party_id": str(mine), "parties-0-document_number": "BARU/1",
        "parties-1-party_id": str(partner), "parties-1-document_number": "BARU/2",
        "fields-0-title": "Bidang baru", "submit": "Simpan",
    }
    data.update(extra)
    return data


def _at(endpoint, target=lambda w: w.agreement):
    return lambda w: w.url(endpoint, agreement_id=target(w).id)


def _foreign(w):
    return w.foreign_agreement


TERMINATE = {"terminated_on": "2026-02-01", "reason": "Kesepakatan para pihak", "confirm": "y"}
CONFIRM = {"confirm": "y"}
EXTEND = {"new_valid_until": "2035-11-02", "reason": "Hasil evaluasi baik"}

RULES = [
    Rule("agreements.list", SIGNED_IN),
    Rule("agreements.list", SIGNED_IN, name="filtered",
         url=lambda w: w.url("agreements.list", q="Bidang", kind="KB", status="active", expiring="900", page=1)),
    Rule("agreements.detail", SIGNED_IN, url=_at("agreements.detail")),
    Rule("agreements.detail", FOREIGN_READ, url=_at("agreements.detail", _foreign), name="foreign"),
    Rule("agreements.add", ADMINS),
    Rule("agreements.add", ADMINS, method="POST", data=agreement_data),
    Rule("agreements.add", ADMINS, method="POST", name="add-row",
         data=lambda w: {**agreement_data(w), "add_field": "Tambah baris"}),
    Rule("agreements.edit", PARTY_ADMINS, url=_at("agreements.edit")),
    Rule("agreements.edit", PARTY_ADMINS, method="POST", url=_at("agreements.edit"),
         data=lambda w: agreement_data(w, version="1")),
    Rule("agreements.edit", FOREIGN_ADMINS, url=_at("agreements.edit", _foreign), name="foreign"),
    Rule("agreements.terminate", PARTY_ADMINS, url=_at("agreements.terminate")),
    Rule("agreements.terminate", PARTY_ADMINS, method="POST", url=_at("agreements.terminate"),
         data=lambda w: TERMINATE),
    Rule("agreements.terminate", FOREIGN_ADMINS, method="POST", url=_at("agreements.terminate", _foreign),
         data=lambda w: TERMINATE, name="foreign"),
    Rule("agreements.extend", PARTY_ADMINS, url=_at("agreements.extend")),
    Rule("agreements.extend", PARTY_ADMINS, method="POST", url=_at("agreements.extend"), data=lambda w: EXTEND),
    Rule("agreements.extend", FOREIGN_ADMINS, method="POST", url=_at("agreements.extend", _foreign),
         data=lambda w: EXTEND, name="foreign"),
    Rule("agreements.archive", PARTY_ADMINS, method="POST", url=_at("agreements.archive"), data=lambda w: CONFIRM),
    # Withdrawing needs three parties: on the two-party agreement the form explains why not (200).
    Rule("agreements.withdraw", PARTY_ADMINS, url=_at("agreements.withdraw")),
    Rule("agreements.withdraw", PARTY_ADMINS, method="POST", url=_at("agreements.withdraw"),
         data=lambda w: {"reason": "Tidak lagi terlibat"}),
    Rule("agreements.withdraw", FOREIGN_ADMINS, method="POST", url=_at("agreements.withdraw", _foreign),
         data=lambda w: {"reason": "Tidak lagi terlibat"}, name="foreign"),
    Rule("agreements.notices_read", SIGNED_IN, method="POST", url=_at("agreements.notices_read")),
    Rule("agreements.notices_read", FOREIGN_READ, method="POST", url=_at("agreements.notices_read", _foreign),
         name="foreign"),
    Rule("agreements.archive", FOREIGN_ADMINS, method="POST", url=_at("agreements.archive", _foreign),
         data=lambda w: CONFIRM, name="foreign"),
    Rule("agreements.restore", PARTY_ADMINS, method="POST",
         url=_at("agreements.restore", archived(lambda w: w.agreement))),
    Rule("agreements.restore", FOREIGN_ADMINS, method="POST",
         url=_at("agreements.restore", archived(_foreign)), name="foreign"),
    Rule("agreements.documents", PARTY_ADMINS, method="POST", url=_at("agreements.documents"),
         data=lambda w: {"file": (io.BytesIO(PNG), "naskah.png")}),
]
