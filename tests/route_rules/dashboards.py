"""Rules for dashboards.*: leaders and admins read their own Pemda's figures; officers get their work list."""

from tests.route_rules import FORBIDDEN, LOGIN, NOT_FOUND, OK, Rule

LEADERS = {"anon": LOGIN, "officer/*": FORBIDDEN, "*": OK}
# The other Pemda's agreement with a third: the own Pemda must not learn it exists.
FOREIGN = {"anon": LOGIN, "officer/*": FORBIDDEN, "*/own-pemda/*": NOT_FOUND, "*": OK}
OFFICERS = {"anon": LOGIN, "officer/*": OK, "*": FORBIDDEN}


def _filtered(endpoint):
    # Foreign ids in the filters narrow to nothing; they never widen the scope or fail.
    return lambda w: w.url(endpoint, agreement_id=w.foreign_agreement.id, agency_id=w.other_agency.id,
                           party_id=w.third.id, start="2026-01-01", end="2026-12-31")


RULES = [
    *[Rule(f"dashboards.{name}", LEADERS) for name in ("leader", "fields", "entries", "agencies", "expiry", "trends")],
    *[Rule(f"dashboards.{name}", LEADERS, url=_filtered(f"dashboards.{name}"), name="filtered")
      for name in ("leader", "agencies", "expiry", "trends")],
    Rule("dashboards.agreement", LEADERS, url=lambda w: w.url("dashboards.agreement", agreement_id=w.agreement.id)),
    Rule("dashboards.agreement", FOREIGN, name="foreign",
         url=lambda w: w.url("dashboards.agreement", agreement_id=w.foreign_agreement.id)),
    Rule("dashboards.officer", OFFICERS),
]
