"""Rules for home.index, and the static endpoints the matrix does not check."""

from tests.route_rules import PUBLIC, SIGNED_IN, Exempt, Rule

RULES = [
    Rule("home.index", SIGNED_IN),
    # Anyone may switch the interface language (a cookie; the account setting when signed in).
    Rule("home.language", PUBLIC, method="POST", data=lambda w: {"lang": "en", "next": "/"}),
    Exempt("static", "public CSS, JS and images"),
    Exempt("bootstrap.static", "Bootstrap served locally by Bootstrap-Flask"),
]
