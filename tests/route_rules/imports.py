"""Rules for imports.*: bulk import is for admins only."""

from tests.route_rules import ADMINS, Rule

RULES = [
    Rule("imports.upload", ADMINS),
    Rule("imports.upload", ADMINS, method="POST", data=lambda w: {}),
    Rule("imports.preview", ADMINS),
    Rule("imports.confirm", ADMINS, method="POST"),
    Rule("imports.template", ADMINS),
]
