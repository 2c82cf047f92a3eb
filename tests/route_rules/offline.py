"""Rules for offline.*: the service worker, manifest, state and offline page are for everyone."""

from tests.route_rules import OK, PUBLIC, SIGNED_IN, Rule

RULES = [
    Rule("offline.service_worker", PUBLIC, sign_in=False),
    Rule("offline.manifest", PUBLIC, sign_in=False),
    Rule("offline.state", {"*": OK}),
    Rule("offline.fallback", PUBLIC, sign_in=False),
    Rule("offline.waiting", SIGNED_IN),
]
