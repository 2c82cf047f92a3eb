"""Rules for audit.*: the read-only audit page of each Pemda's admins."""

from tests.route_rules import ADMINS, Rule

RULES = [
    Rule("audit.list", ADMINS),
    Rule("audit.list", ADMINS, url=lambda w: w.url("audit.list", record_type="users", page=2), name="filtered"),
]
