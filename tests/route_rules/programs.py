"""Rules for programs.*: everyone in the agreement reads; the owning agency and its Pemda's admins write."""

from tests.route_rules import FORBIDDEN, LOGIN, NOT_FOUND, OK, READ_ONLY_PROVINCE, SIGNED_IN, Rule
from tests.route_rules.world import archived

# Changing w.programme (owned by the own Pemda's own agency).
OWNER_WRITES = {"anon": LOGIN, "admin/own-pemda/*": OK, "officer/own-pemda/own-agency": OK, "*": FORBIDDEN}
# Adding under a field of the shared agreement: admins and officers of either Pemda.
ADDERS = {**READ_ONLY_PROVINCE, "anon": LOGIN, "leader/*": FORBIDDEN, "*": OK}
# The other Pemda's agreement with a third: the own Pemda must not learn it exists.
FOREIGN_READ = {"anon": LOGIN, "*/own-pemda/*": NOT_FOUND, "*": OK}
# Changing w.foreign_programme (owned by the other Pemda's own agency).
FOREIGN_WRITES = {**READ_ONLY_PROVINCE, "anon": LOGIN, "*/own-pemda/*": NOT_FOUND, "admin/*": OK, "officer/other-pemda/own-agency": OK,
                  "*": FORBIDDEN}
FOREIGN_ADD = {**READ_ONLY_PROVINCE, "anon": LOGIN, "*/own-pemda/*": NOT_FOUND, "leader/*": FORBIDDEN, "*": OK}


def programme_data(w, **extra):
    agency = w.me.agency_id if w.me is not None and w.me.agency_id else w.own_agency.id
    data = {"name": "Program baru", "agency_id": str(agency), "indicator": "Anak kembali sekolah",
            "unit": "anak", "baseline": "0", "target": "50", "budget": "1.250.000",
            "funding_source": "apbd_kabupaten", "start_on": "2026-01-01", "due_on": "2026-12-31"}
    data.update(extra)
    return data


def _add(field):
    return lambda w: w.url("programs.add", field_id=field(w).id)


def _programme(endpoint, target=lambda w: w.programme):
    return lambda w: w.url(endpoint, programme_id=target(w).id)


RULES = [
    Rule("programs.list", SIGNED_IN),
    Rule("programs.list", SIGNED_IN, name="filtered",
         url=lambda w: w.url("programs.list", agency_id=w.own_agency.id, status="running", health="on_track")),
    Rule("programs.detail", SIGNED_IN, url=_programme("programs.detail")),
    Rule("programs.detail", FOREIGN_READ, url=_programme("programs.detail", lambda w: w.foreign_programme),
         name="foreign"),
    Rule("programs.add", ADDERS, url=_add(lambda w: w.field)),
    Rule("programs.add", ADDERS, method="POST", url=_add(lambda w: w.field), data=programme_data),
    Rule("programs.add", FOREIGN_ADD, url=_add(lambda w: w.foreign_field), name="foreign"),
    Rule("programs.edit", OWNER_WRITES, url=_programme("programs.edit")),
    Rule("programs.edit", OWNER_WRITES, method="POST", url=_programme("programs.edit"),
         data=lambda w: programme_data(w, agency_id=str(w.own_agency.id), version="1")),
    Rule("programs.status", OWNER_WRITES, method="POST", url=_programme("programs.status"),
         data=lambda w: {"status": "done", "note": "Selesai", "version": "1"}),
    Rule("programs.archive", OWNER_WRITES, method="POST", url=_programme("programs.archive")),
    Rule("programs.restore", OWNER_WRITES, method="POST",
         url=_programme("programs.restore", archived(lambda w: w.programme))),
    Rule("programs.restore", FOREIGN_WRITES, method="POST",
         url=_programme("programs.restore", archived(lambda w: w.foreign_programme)), name="foreign"),
]
