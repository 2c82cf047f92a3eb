"""Rules for register.*: a Pemda's coordinators and leaders read its register and report; its
coordinators number the agreements it is party to."""

from tests.route_rules import FORBIDDEN, LOGIN, NOT_FOUND, OK, READ_ONLY_PROVINCE, Rule

READERS = {"anon": LOGIN, "officer/*": FORBIDDEN, "*": OK}
KEEPERS = {**READ_ONLY_PROVINCE, "anon": LOGIN, "admin/*": OK, "*": FORBIDDEN}
FOREIGN_KEEPERS = {**READ_ONLY_PROVINCE, "anon": LOGIN, "*/own-pemda/*": NOT_FOUND, "admin/*": OK, "*": FORBIDDEN}
PLACE = {"original_location": "Lemari arsip"}

RULES = [
    Rule("register.list", READERS),
    Rule("register.list", READERS, name="xlsx", url=lambda w: w.url("register.list", format="xlsx", status="active")),
    Rule("register.list", READERS, name="pdf", url=lambda w: w.url("register.list", format="pdf")),
    Rule("register.record", KEEPERS, method="POST", data=lambda w: PLACE,
         url=lambda w: w.url("register.record", agreement_id=w.agreement.id)),
    Rule("register.record", FOREIGN_KEEPERS, method="POST", data=lambda w: PLACE, name="foreign",
         url=lambda w: w.url("register.record", agreement_id=w.foreign_agreement.id)),
    Rule("register.report_page", READERS),
    Rule("register.report_page", READERS, name="xlsx", url=lambda w: w.url("register.report_page", format="xlsx")),
    Rule("register.report_page", READERS, name="pdf",
         url=lambda w: w.url("register.report_page", format="pdf", period="2026-1")),
]
