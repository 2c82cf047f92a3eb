"""Rules for monev.*: coordinators draft and submit, responsible agencies fill rows, leaders review."""

from datetime import date

from tests.route_rules import ADMINS, FORBIDDEN, LOGIN, NOT_FOUND, OK, READ_ONLY_PROVINCE, SIGNED_IN, Rule
from tracker.monev.models import Monev, MonevFieldInput

OWN_ADMIN = {"anon": LOGIN, "admin/own-pemda/*": OK, "*": FORBIDDEN}
OWN_LEADER = {"anon": LOGIN, "leader/own-pemda/*": OK, "*": FORBIDDEN}
FIELD_FILLERS = {"anon": LOGIN, "admin/own-pemda/*": OK, "officer/own-pemda/own-agency": OK, "*": FORBIDDEN}
FOREIGN_READ = {"anon": LOGIN, "*/own-pemda/*": NOT_FOUND, "*": OK}
FOREIGN_ADD = {**READ_ONLY_PROVINCE, "anon": LOGIN, "*/own-pemda/*": NOT_FOUND, "admin/*": OK, "*": FORBIDDEN}
DECIDERS = {**READ_ONLY_PROVINCE, "anon": LOGIN, "officer/*": FORBIDDEN, "*": OK}

MONEV_DATA = {"period_label": "Semester I 2026", "period_start": "2026-01-01", "period_end": "2026-06-30",
              "purpose_fit": "Sesuai", "recommendation": "continue", "version": "1"}


def _monev(w, status="draft", foreign=False) -> Monev:
    """A monev of the own Pemda on w.agreement (or the other Pemda's on the foreign agreement)."""
    agreement, party, agency = ((w.foreign_agreement, w.other, w.other_agency) if foreign
                                else (w.agreement, w.own, w.own_agency))
    field = w.foreign_field if foreign else w.field
    monev = Monev(agreement=agreement, party=party, status=status, period_label="Semester I 2026",
                  period_start=date(2026, 1, 1), period_end=date(2026, 6, 30), recommendation="continue")
    monev.inputs = [MonevFieldInput(field=field, agency=agency)]
    w.db.session.add(monev)
    w.db.session.commit()
    return monev


def _at(endpoint, status="draft", foreign=False):
    return lambda w: w.url(endpoint, monev_id=_monev(w, status, foreign).id)


def _input(w):
    return w.url("monev.field_input", input_id=_monev(w).inputs[0].id)


RULES = [
    Rule("monev.list", SIGNED_IN),
    Rule("monev.list", SIGNED_IN, name="csv", url=lambda w: w.url("monev.list", format="csv")),
    Rule("monev.detail", SIGNED_IN, url=_at("monev.detail")),
    Rule("monev.detail", FOREIGN_READ, url=_at("monev.detail", foreign=True), name="foreign"),
    Rule("monev.add", {**READ_ONLY_PROVINCE, **ADMINS}, url=lambda w: w.url("monev.add", agreement_id=w.agreement.id)),
    Rule("monev.add", {**READ_ONLY_PROVINCE, **ADMINS}, method="POST", url=lambda w: w.url("monev.add", agreement_id=w.agreement.id),
         data=lambda w: dict(MONEV_DATA)),
    Rule("monev.add", FOREIGN_ADD, url=lambda w: w.url("monev.add", agreement_id=w.foreign_agreement.id),
         name="foreign"),
    Rule("monev.edit", OWN_ADMIN, url=_at("monev.edit")),
    Rule("monev.edit", OWN_ADMIN, method="POST", url=_at("monev.edit"), data=lambda w: dict(MONEV_DATA)),
    Rule("monev.edit", {"anon": LOGIN, "*/own-pemda/*": NOT_FOUND, "admin/other-pemda/*": OK, "*": FORBIDDEN},
         url=_at("monev.edit", foreign=True), name="foreign"),
    Rule("monev.submit", OWN_ADMIN, method="POST", url=_at("monev.submit")),
    Rule("monev.review", OWN_LEADER, method="POST", url=_at("monev.review", "submitted"),
         data=lambda w: {"note": "Baik"}),
    Rule("monev.return_", OWN_LEADER, method="POST", url=_at("monev.return_", "submitted"),
         data=lambda w: {"note": "Lengkapi data"}),
    Rule("monev.field_input", FIELD_FILLERS, url=_input),
    Rule("monev.field_input", FIELD_FILLERS, method="POST", url=_input,
         data=lambda w: {"achievement": "50 anak", "obstacles": "Jarak", "version": "1"}),
    Rule("monev.renewal", SIGNED_IN, url=lambda w: w.url("monev.renewal", agreement_id=w.agreement.id)),
    Rule("monev.renewal", FOREIGN_READ, url=lambda w: w.url("monev.renewal", agreement_id=w.foreign_agreement.id),
         name="foreign"),
    Rule("monev.renewal", DECIDERS, method="POST",
         url=lambda w: w.url("monev.renewal", agreement_id=w.agreement.id),
         data=lambda w: {"decision": "extend", "reason": "Program berjalan baik"}),
]
