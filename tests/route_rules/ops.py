"""/healthz answers monitoring without a login and shows no record data."""

from tests.route_rules import PUBLIC, Rule

RULES = [Rule("ops.healthz", PUBLIC)]
