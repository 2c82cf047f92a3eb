"""Rules for public.* (no login, published agreements only) and publication.* (coordinators of the parties)."""

from tests.public_fixture import add_photo
from tests.route_rules import FORBIDDEN, LOGIN, NOT_FOUND, OK, PUBLIC, READ_ONLY_PROVINCE, Rule
from tracker.publication import services


def _published(w, photo: bool = False) -> int:
    """Publish w.agreement (with photos shown); returns a public photo's id when asked."""
    services.publish(w.agreement, {"show_photos": True})
    w.db.session.commit()
    return add_photo(w.db, w.entry, public=True).id if photo else w.agreement.id


EVERYONE_NOT_FOUND = {"*": NOT_FOUND}
# Publishing is each party's decision: the province, which only oversees, cannot make it.
PARTY_ADMINS = {**READ_ONLY_PROVINCE, "anon": LOGIN, "admin/*": OK, "*": FORBIDDEN}
FOREIGN_PARTY_ADMINS = {**READ_ONLY_PROVINCE, "anon": LOGIN, "*/own-pemda/*": NOT_FOUND, "admin/*": OK, "*": FORBIDDEN}

RULES = [
    Rule("public.index", PUBLIC, url=lambda w: _published(w) and w.url("public.index")),
    Rule("public.region", PUBLIC, url=lambda w: _published(w) and w.url("public.region", code="62.02")),
    Rule("public.region", PUBLIC, name="province", url=lambda w: _province(w)),
    Rule("public.region", EVERYONE_NOT_FOUND, name="unknown", url=lambda w: w.url("public.region", code="99.99")),
    Rule("public.search", PUBLIC, url=lambda w: _published(w) and w.url("public.search")),
    Rule("public.search", PUBLIC, name="found", url=lambda w: _published(w) and w.url("public.search", q="Kotim")),
    Rule("public.detail", PUBLIC, url=lambda w: w.url("public.detail", agreement_id=_published(w))),
    Rule("public.detail", EVERYONE_NOT_FOUND, name="unpublished",
         url=lambda w: w.url("public.detail", agreement_id=w.agreement.id)),
    Rule("public.data_json", PUBLIC, url=lambda w: _published(w) and w.url("public.data_json")),
    Rule("public.data_csv", PUBLIC, url=lambda w: _published(w) and w.url("public.data_csv")),
    Rule("public.open_data", PUBLIC),
    Rule("public.photo", PUBLIC, url=lambda w: w.url("public.photo", attachment_id=_published(w, photo=True),
                                                     size="kecil")),
    Rule("public.photo", EVERYONE_NOT_FOUND, name="not-public",
         url=lambda w: w.url("public.photo", attachment_id=add_photo(w.db, w.entry, public=False).id, size="kecil")),
    Rule("publication.manage", PARTY_ADMINS, url=lambda w: w.url("publication.manage", agreement_id=w.agreement.id)),
    Rule("publication.manage", FOREIGN_PARTY_ADMINS, name="foreign",
         url=lambda w: w.url("publication.manage", agreement_id=w.foreign_agreement.id)),
    Rule("publication.manage", PARTY_ADMINS, method="POST", data=lambda w: {"show_programmes": "y"},
         url=lambda w: w.url("publication.manage", agreement_id=w.agreement.id)),
    Rule("publication.manage", FOREIGN_PARTY_ADMINS, method="POST", name="foreign",
         data=lambda w: {"show_programmes": "y"},
         url=lambda w: w.url("publication.manage", agreement_id=w.foreign_agreement.id)),
    Rule("publication.unpublish", PARTY_ADMINS, method="POST",
         url=lambda w: w.url("publication.unpublish", agreement_id=_published(w))),
]


def _province(w) -> str:
    """Kalimantan Tengah (62, w.province) above the world's regencies: its page lists their published agreement."""
    w.own.province_code = w.other.province_code = "62"
    _published(w)
    return w.url("public.region", code="62")
