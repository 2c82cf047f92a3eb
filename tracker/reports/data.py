"""What a report says about an agreement: status, deadlines, what is stuck, fields, charts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask import current_app
from sqlalchemy import select

from tracker import labels
from tracker.agreements.models import Agreement, AgreementParty
from tracker.agreements.queries import visible_agreements
from tracker.agreements.status import agreement_status, days_remaining, validity_warnings
from tracker.dashboards.charts import Bar, bar_chart
from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.monev import snapshot
from tracker.monev.models import Monev
from tracker.monev.queries import FieldBlock, implementation_by_field, monevs_of
from tracker.monev.services import next_monev_due, renewal_decision_for
from tracker.parties.models import Party

STUCK = ("overdue", "stalled", "at_risk")
# Chart colours as SVG fills: WeasyPrint draws inline SVG without the page's CSS.
HEALTH_FILL = {"on_track": "#198754", "at_risk": "#fd7e14", "overdue": "#dc3545", "stalled": "#842029"}


@dataclass
class Deadline:
    day: date
    what: str


@dataclass
class AgreementReport:
    """Everything the briefing pack and the Excel summary show for one agreement."""

    agreement: Agreement
    today: date
    status: str
    days_left: int | None
    blocks: list[FieldBlock]
    monev: Monev | None
    monev_due: date | None
    deadlines: list[Deadline] = field(default_factory=list)
    stuck: list[tuple[str, str]] = field(default_factory=list)
    charts: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def rows(self):
        return [row for block in self.blocks for row in block.rows]

    @property
    def budget(self) -> int:
        return sum(int(r.programme.budget or 0) for r in self.rows)

    @property
    def mean_percent(self) -> Decimal | None:
        values = [r.percent for r in self.rows if r.percent is not None]
        return (sum(values) / len(values)).quantize(Decimal("0.1")) if values else None

    @property
    def fields_without_follow_up(self) -> list[FieldBlock]:
        return [b for b in self.blocks if not b.followed_up]


def latest_monev(agreement: Agreement, party_id: int | None = None) -> Monev | None:
    """The latest submitted or reviewed monev (of ``party_id`` when given), else the latest draft."""
    monevs = [m for m in monevs_of(agreement) if party_id is None or m.party_id == party_id]
    done = [m for m in monevs if m.status != "draft"]
    return (done or monevs or [None])[0]


def agreement_report(agreement: Agreement, today: date, party: Party | None = None,
                     monev: Monev | None = None, as_submitted: bool = False) -> AgreementReport:
    """Gather one agreement's report as of ``today`` from ``party``'s point of view.

    ``as_submitted``: a monev's report shows the figures stored when it was submitted."""
    monev = monev or latest_monev(agreement, party.id if party else None)
    blocks = snapshot.as_submitted(monev, today) if as_submitted else None
    report = AgreementReport(
        agreement=agreement, today=today, status=agreement_status(agreement, today),
        days_left=days_remaining(agreement, today),
        blocks=blocks if blocks is not None else implementation_by_field(agreement, today, monev), monev=monev,
        monev_due=next_monev_due(agreement, today, party),
    )
    report.deadlines = _deadlines(report, party)
    report.warnings = validity_warnings(agreement, current_app.config.get("PKS_MAX_YEARS", 5))
    report.stuck = _stuck(report)
    report.charts = _charts(report)
    return report


def _deadlines(report: AgreementReport, party: Party | None) -> list[Deadline]:
    items = []
    if report.monev_due:
        late = report.monev_due < report.today
        items.append(Deadline(report.monev_due, _("Monev berikutnya (terlambat)") if late else _("Monev berikutnya")))
    a = report.agreement
    for row in report.rows:
        p = row.programme
        if p.due_on and p.due_on >= report.today and p.status in ("planned", "running"):
            late = a.valid_until is not None and p.due_on > a.valid_until
            what = _("Batas waktu program: %(name)s — setelah kerja sama berakhir (peringatan)", name=p.name) \
                if late else _("Batas waktu program: %(name)s", name=p.name)
            items.append(Deadline(p.due_on, what))
    if a.valid_until and a.valid_until >= report.today and report.status != "terminated":
        items.append(Deadline(a.valid_until, _("Kerja sama berakhir")))
        if party is not None and renewal_decision_for(a, party.id) is None and report.days_left is not None \
                and report.days_left <= 180:
            items.append(Deadline(report.today, _("Keputusan perpanjangan belum diambil")))
    return sorted(items, key=lambda d: d.day)[:10]


def _stuck(report: AgreementReport) -> list[tuple[str, str]]:
    """(what, why) for fields without programmes and programmes overdue, stalled or at risk."""
    items = [(b.field.title, str(labels.NO_FOLLOW_UP)) for b in report.fields_without_follow_up]
    for row in report.rows:
        if row.health in STUCK:
            items.append((f"{row.programme.name} ({row.programme.agency.name})",
                          labels.label(labels.HEALTH, row.health)))
    return items


def _charts(report: AgreementReport) -> dict:
    by_field = [Bar(label=b.field.title, value=float(b.percent or 0), css="bar-field") for b in report.blocks]
    counts = {h: 0 for h in HEALTH_FILL}
    for row in report.rows:
        if row.health:
            counts[row.health] += 1
    by_health = [Bar(label=labels.label(labels.HEALTH, h), value=n, css=f"health-{h}") for h, n in counts.items()]
    return {
        "fields": bar_chart(by_field, width=360, height=200) if by_field else None,
        "health": bar_chart(by_health, width=360, height=200) if report.rows else None,
    }


def counterpart_agreements(user, counterpart: Party) -> list[Agreement]:
    """Agreements the user's Pemda may see that ``counterpart`` is also a party to."""
    query = visible_agreements(user).where(
        Agreement.id.in_(select(AgreementParty.agreement_id).where(AgreementParty.party_id == counterpart.id))
    )
    return implemented_first(list(db.session.scalars(query)))


def implemented_first(agreements: list[Agreement]) -> list[Agreement]:
    """Each KB (or NK) followed by the PKS and addenda under it, families oldest signing first."""
    def lineage(agreement: Agreement) -> list[Agreement]:
        chain = [agreement]
        while chain[-1].parent is not None and len(chain) < 10:
            chain.append(chain[-1].parent)
        return chain[::-1]

    def key(agreement: Agreement):
        return [(a.signed_on or date.max, a.id) for a in lineage(agreement)]

    return sorted(agreements, key=key)
