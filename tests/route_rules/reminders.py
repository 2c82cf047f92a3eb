"""Rules for reminders.*: the "Pengingat" log (admins and leaders), settings (admins), answer links."""

from tests.route_rules import FORBIDDEN, LOGIN, NOT_FOUND, OK, Rule

ADMINS_AND_LEADERS = {"anon": LOGIN, "admin/*": OK, "leader/*": OK, "*": FORBIDDEN}
ADMINS_ONLY = {"anon": LOGIN, "admin/*": OK, "*": FORBIDDEN}
# The signed token is the credential: a forged one is unknown to everybody, signed in or not.
FORGED = {"*": NOT_FOUND}
SETTINGS = {
    "field_first_days": 30, "field_repeat_days": 30, "field_leader_days": 60, "kb_followup_days": 90,
    "due_soon_days": "14,7,1", "overdue_first_days": 1, "overdue_repeat_days": 7, "overdue_leader_days": 14,
    "stalled_days": 30, "stalled_leader_days": 60, "expiring_days": "180,90,30,7,0",
}

RULES = [
    Rule("reminders.list", ADMINS_AND_LEADERS),
    Rule("reminders.answers", ADMINS_AND_LEADERS),
    Rule("reminders.settings", ADMINS_ONLY),
    Rule("reminders.settings", ADMINS_ONLY, method="POST", data=lambda w: dict(SETTINGS)),
    Rule("reminders.act", FORGED, url=lambda w: "/r/forged.token.value", name="forged"),
    Rule("reminders.act", FORGED, method="POST", url=lambda w: "/r/forged.token.value",
         data=lambda w: {"kind": "ack", "reason": "x"}, name="forged"),
]
