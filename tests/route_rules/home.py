"""Rules for home.index, and the static endpoints the matrix does not check."""

from tests.route_rules import SIGNED_IN, Exempt, Rule

RULES = [
    Rule("home.index", SIGNED_IN),
    Exempt("static", "public CSS, JS and images"),
    Exempt("bootstrap.static", "Bootstrap served locally by Bootstrap-Flask"),
]
