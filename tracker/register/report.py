"""The periodic cooperation report upward (pelaporan) of one Pemda: the data behind Excel and PDF.

The sections, their titles and order come from a template file an office can adapt
(templates/register/report_sections.json, or the file named by REPORT_SECTIONS_FILE).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import func, or_, select

from tracker import labels
from tracker.agreements.models import Agreement, AgreementParty, Field
from tracker.agreements.status import agreement_status
from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.monev.models import Monev
from tracker.parties.models import Agency, Party
from tracker.programs.models import Programme
from tracker.progress.models import ProgressEntry
from tracker.proposals.queries import visible_proposals

SECTIONS_FILE = Path(__file__).resolve().parent.parent.parent / "templates" / "register" / "report_sections.json"


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date
    key: str  # "2026-1" (semester), "2026" (year): the period picker's value


@dataclass
class Section:
    """One section: a title, an introduction, a table (header, typed rows, a format per column)."""

    key: str
    title: str
    intro: str
    header: list[str]
    formats: list[str | None]
    rows: list[list[Any]] = field(default_factory=list)


@dataclass
class ReportData:
    title: str
    party: Party
    letterhead: dict
    period: Period
    today: date
    sections: list[Section]


def rhythm() -> str:
    return "year" if current_app.config.get("REPORT_PERIOD") == "year" else "semester"


def period_of(day: date, half: int | None = None) -> Period:
    if rhythm() == "year":
        return Period(_("Tahun %(year)s", year=day.year), date(day.year, 1, 1), date(day.year, 12, 31), str(day.year))
    half = half or (1 if day.month <= 6 else 2)
    start, end = (date(day.year, 1, 1), date(day.year, 6, 30)) if half == 1 else (date(day.year, 7, 1),
                                                                                    date(day.year, 12, 31))
    return Period(_("Semester %(n)s Tahun %(year)s", n="I" if half == 1 else "II", year=day.year), start, end,
                  f"{day.year}-{half}")


def period_from_args(args, today: date) -> Period:
    """?period=2026-1 (semester) or ?period=2026 (year); anything else is the current period."""
    year, _sep, half = (args.get("period") or "").partition("-")
    if year.isdigit() and 2000 <= int(year) <= 2100 and half in ("", "1", "2"):
        return period_of(date(int(year), 1, 1), int(half) if half else None)
    return period_of(today)


def recent_periods(today: date, count: int = 6) -> list[Period]:
    periods, day = [], today
    while len(periods) < count:
        period = period_of(day)
        periods.append(period)
        day = date(period.start.year - 1, 12, 31) if period.start.month == 1 else date(day.year, 6, 30)
    return periods


def letterhead(party: Party) -> dict:
    config = current_app.config
    return {"name": party.name, "office": config.get("REPORT_OFFICE", ""), "unit": config.get("REPORT_UNIT", ""),
            "address": party.address or "", "contact": config.get("REPORT_CONTACT", "")}


def template_sections() -> dict:
    path = Path(current_app.config.get("REPORT_SECTIONS_FILE") or "")
    if not path.is_file():
        instance = Path(current_app.instance_path) / "report_sections.json"
        path = instance if instance.is_file() else SECTIONS_FILE
    return json.loads(path.read_text(encoding="utf-8"))


def agreements_in_force(party: Party, period: Period) -> list[Agreement]:
    """The party's agreements valid at some time in the period (signed by its end, not ended before it)."""
    return list(db.session.scalars(
        select(Agreement).join(AgreementParty, AgreementParty.agreement_id == Agreement.id)
        .where(AgreementParty.party_id == party.id, Agreement.archived_at.is_(None), Agreement.signed_on <= period.end,
               or_(Agreement.valid_until.is_(None), Agreement.valid_until >= period.start),
               or_(Agreement.terminated_on.is_(None), Agreement.terminated_on >= period.start))
        .order_by(Agreement.signed_on, Agreement.id)))


def _agreement_rows(party: Party, agreements: list[Agreement], today: date) -> list[list]:
    rows = []
    for n, a in enumerate(agreements, start=1):
        own = next((link.document_number for link in a.parties if link.party_id == party.id), None)
        partners = ", ".join(link.party.name for link in a.parties if link.party_id != party.id)
        rows.append([n, a.kind, a.title, partners, own, a.signed_on, a.valid_until,
                     labels.label(labels.AGREEMENT_STATUS, agreement_status(a, today))])
    return rows


def _programmes(party: Party, agreements: list[Agreement]) -> list[Programme]:
    """The party's agencies' programmes under those agreements' fields, by field."""
    if not agreements:
        return []
    return list(db.session.scalars(
        select(Programme).join(Field, Field.id == Programme.field_id).join(Agency, Agency.id == Programme.agency_id)
        .where(Agency.party_id == party.id, Programme.archived_at.is_(None), Field.archived_at.is_(None),
               Field.agreement_id.in_([a.id for a in agreements]))
        .order_by(Field.agreement_id, Field.position, Programme.id)))


def _realised(programmes: list[Programme], end: date) -> dict[int, Any]:
    """Quantity achieved per programme up to the end of the period."""
    if not programmes:
        return {}
    return dict(db.session.execute(
        select(ProgressEntry.programme_id, func.coalesce(func.sum(ProgressEntry.quantity), 0))
        .where(ProgressEntry.programme_id.in_([p.id for p in programmes]), ProgressEntry.archived_at.is_(None),
               ProgressEntry.reported_on <= end)
        .group_by(ProgressEntry.programme_id)).all())


def _field_rows(programmes: list[Programme], period: Period) -> list[list]:
    realised = _realised(programmes, period.end)
    rows = []
    for p in programmes:
        done = realised.get(p.id, 0)
        share = float(done) / float(p.target) if p.target else None
        rows.append([p.field.agreement.title, p.field.title, p.name, p.agency.name, p.indicator, p.unit,
                     float(p.target), float(done), share])
    return rows


def _budget_rows(programmes: list[Programme]) -> list[list]:
    totals: dict[tuple[str, str], list] = {}
    for p in programmes:
        key = (p.field.agreement.title, p.funding_source)
        entry = totals.setdefault(key, [0, 0])
        entry[0] += 1
        entry[1] += int(p.budget or 0)
    return [[title, labels.label(labels.FUNDING_SOURCE, source), count, amount]
            for (title, source), (count, amount) in totals.items()]


def _monev_rows(party: Party, agreements: list[Agreement], period: Period) -> list[list]:
    monevs = db.session.scalars(
        select(Monev).where(Monev.party_id == party.id, Monev.agreement_id.in_([a.id for a in agreements]),
                            Monev.status.in_(("submitted", "reviewed")), Monev.period_end >= period.start,
                            Monev.period_start <= period.end)
        .order_by(Monev.agreement_id, Monev.period_start)) if agreements else []
    rows = []
    for m in monevs:
        obstacles = "; ".join(filter(None, [m.obstacles, *(i.obstacles for i in m.inputs if i.obstacles)]))
        rows.append([m.agreement.title, m.period_label, obstacles or "-",
                     labels.label(labels.RECOMMENDATION, m.recommendation)])
    return rows


def _proposal_rows(user, party: Party, today: date) -> list[list]:
    rows = []
    for p in db.session.scalars(visible_proposals(user, party_id=party.id, open_only=True)):
        stage = p.current_stage
        partner = p.counterpart if p.proposer_party_id == party.id else p.proposer
        rows.append([p.title, partner.name, labels.label(labels.PROPOSAL_STAGE, stage.stage), stage.started_on,
                     stage.due_on, _("lewat tenggat") if stage.overdue(today) else ""])
    return rows


def _tables(user, party: Party, period: Period, today: date) -> dict[str, tuple[list, list, list]]:
    agreements = agreements_in_force(party, period)
    programmes = _programmes(party, agreements)
    return {
        "agreements": ([_("No"), _("Jenis"), _("Judul"), _("Mitra"), _("Nomor naskah"), _("Tanggal penandatanganan"),
                        _("Berlaku sampai"), _("Status")], [None, None, None, None, None, "date", "date", None],
                       _agreement_rows(party, agreements, today)),
        "fields": ([_("Naskah"), _("Bidang"), _("Program"), _("Perangkat daerah"), _("Indikator"), _("Satuan"),
                    _("Target"), _("Realisasi"), _("Persentase")],
                   [None, None, None, None, None, None, "number", "number", "percent"],
                   _field_rows(programmes, period)),
        "budget": ([_("Naskah"), _("Sumber dana"), _("Program"), _("Anggaran direncanakan")],
                   [None, None, "number", "rupiah"], _budget_rows(programmes)),
        "monev": ([_("Naskah"), _("Periode monev"), _("Kendala"), _("Rekomendasi")], [None] * 4,
                  _monev_rows(party, agreements, period)),
        "proposals": ([_("Usulan"), _("Mitra"), _("Tahap sekarang"), _("Sejak"), _("Tenggat tahap"), _("Keterangan")],
                      [None, None, None, "date", "date", None], _proposal_rows(user, party, today)),
    }


def gather(user, party: Party, period: Period, today: date) -> ReportData:
    """The report of ``party`` for ``period``, its sections as the template file orders them."""
    template = template_sections()
    tables = _tables(user, party, period, today)
    sections = [Section(s["key"], s.get("title", s["key"]), s.get("intro", ""), *tables[s["key"]])
                for s in template.get("sections", []) if s.get("key") in tables]
    return ReportData(template.get("title", _("Laporan kerja sama daerah")), party, letterhead(party), period,
                      today, sections)
