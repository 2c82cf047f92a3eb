"""Rules for province.*: the province dashboard belongs to a province's leaders and coordinators."""

from tests.route_rules import FORBIDDEN, LOGIN, OK, Rule

PROVINCE = {"anon": LOGIN, "*/province-pemda/*": OK, "*": FORBIDDEN}

RULES = [
    Rule("province.dashboard", PROVINCE),
    Rule("province.dashboard", PROVINCE, name="xlsx", url=lambda w: w.url("province.dashboard", format="xlsx")),
]
