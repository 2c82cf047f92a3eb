"""Rules for reports.*: everyone in an agreement may download its reports; others get 404."""

from tests.route_rules import LOGIN, NOT_FOUND, OK, SIGNED_IN, Rule
from tests.route_rules.monev import _monev

FOREIGN_READ = {"anon": LOGIN, "*/own-pemda/*": NOT_FOUND, "*": OK}


def _agreement(endpoint, foreign=False):
    return lambda w: w.url(endpoint, agreement_id=(w.foreign_agreement if foreign else w.agreement).id)


RULES = [
    Rule("reports.index", SIGNED_IN),
    Rule("reports.period_xlsx", SIGNED_IN),
    Rule("reports.monev_xlsx", SIGNED_IN, url=_agreement("reports.monev_xlsx")),
    Rule("reports.monev_xlsx", FOREIGN_READ, url=_agreement("reports.monev_xlsx", True), name="foreign"),
    Rule("reports.briefing_agreement", SIGNED_IN, url=_agreement("reports.briefing_agreement")),
    Rule("reports.briefing_agreement", FOREIGN_READ, url=_agreement("reports.briefing_agreement", True),
         name="foreign"),
    # A monev's PDF: whoever may read the monev (its agreement's parties).
    Rule("reports.monev_pdf", SIGNED_IN, url=lambda w: w.url("reports.monev_pdf", monev_id=_monev(w, "submitted").id)),
    Rule("reports.monev_pdf", FOREIGN_READ, name="foreign",
         url=lambda w: w.url("reports.monev_pdf", monev_id=_monev(w, "submitted", foreign=True).id)),
    # A counterpart is another Pemda the caller shares an agreement with; oneself or a stranger: 404.
    Rule("reports.briefing_region", {"anon": LOGIN, "*/own-pemda/*": OK, "*/province-pemda/*": OK, "*": NOT_FOUND},
         url=lambda w: w.url("reports.briefing_region", party_id=w.other.id)),
    Rule("reports.briefing_region", FOREIGN_READ, name="third",
         url=lambda w: w.url("reports.briefing_region", party_id=w.third.id)),
    Rule("reports.briefing_go", SIGNED_IN,
         url=lambda w: w.url("reports.briefing_go", target=w.url("reports.briefing_agreement",
                                                                  agreement_id=w.agreement.id), name="Budi")),
]
