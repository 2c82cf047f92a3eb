"""CSV downloads of the dashboard's drill-down lists: every row behind the figure, same filters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from tracker import labels
from tracker.core.clock import today as current_day
from tracker.i18n import gettext as _
from tracker.reports.csv import csv_response


def _name(stem: str, day: date) -> str:
    return f"{stem}-{day.isoformat()}.csv"


def _days_since(day: date | None, today: date) -> int | None:
    return (today - day).days if day else None


def _rounded(value) -> float | None:
    return None if value is None else round(float(value), 1)


def fields_csv(rows: Iterable, today: date):
    """Fields of open agreements with no follow-up programme."""
    header = [_("Bidang"), _("Naskah kerja sama"), _("Ditandatangani"), _("Hari sejak")]
    data = ([r.title, r.agreement_title, r.signed_on, _days_since(r.signed_on, today)] for r in rows)
    return csv_response(_name("bidang-belum-ditindaklanjuti", today), header, data)


def entries_csv(rows: Iterable):
    """Progress entries reported in the period."""
    header = [_("Tanggal"), _("Program"), _("Perangkat daerah"), _("Jumlah"), _("Satuan"), _("Kegiatan")]
    data = ([r.reported_on, r.name, r.agency, r.quantity, r.unit, r.description] for r in rows)
    return csv_response(_name("laporan-kemajuan", current_day()), header, data)


def agencies_csv(rows: Iterable, today: date):
    """Responsiveness per agency."""
    header = [_("Perangkat daerah"), _("Pihak"), _("Laporan terakhir"), _("Hari sejak laporan terakhir"),
              _("Program aktif"), _("Terlambat"), _("Macet"), _("Berisiko"), _("Sesuai rencana"),
              _("Sesuai rencana (%)")]
    data = (
        [r.name, r.party, r.last_progress_on, _days_since(r.last_progress_on, today), r.live, r.overdue,
         r.stalled, r.at_risk, r.on_track, round(100.0 * r.on_track / r.live) if r.live else None]
        for r in rows
    )
    return csv_response(_name("daya-tanggap-perangkat-daerah", today), header, data)


def _bucket(valid_until: date, today: date) -> str:
    days = (valid_until - today).days
    if days < 0:
        return "overdue"
    return "d0_30" if days <= 30 else "d31_90" if days <= 90 else "d91_180"


def expiry_csv(agreements: Iterable, today: date, bucket_labels: Mapping[str, str]):
    """Agreements ending within 180 days or past their end, soonest first."""
    header = [_("Jenis"), _("Naskah kerja sama"), _("Berakhir"), _("Sisa hari"), _("Sisa masa berlaku")]
    data = (
        [a.kind, a.title, a.valid_until, (a.valid_until - today).days,
         bucket_labels.get(_bucket(a.valid_until, today), "")]
        for a in agreements
    )
    return csv_response(_name("masa-berlaku", today), header, data)


def trends_csv(months: Iterable[dict]):
    """Entries and realisation added per month."""
    header = [_("Bulan"), _("Laporan kemajuan"), _("Tambahan capaian (poin persen)"), _("Kumulatif (poin persen)")]
    data = ([m["month"], m["entries"], _rounded(m["added"]), _rounded(m["cumulative"])] for m in months)
    return csv_response(_name("tren", current_day()), header, data)


def work_csv(rows: Iterable):
    """The officer's agency's live programmes, most urgent first."""
    header = [_("Program"), _("Bidang"), _("Naskah kerja sama"), _("Kondisi"), _("Status"), _("Tenggat"),
              _("Laporan terakhir"), _("Target"), _("Realisasi"), _("Satuan")]
    data = (
        [r.name, r.field, r.agreement_title, labels.label(labels.HEALTH, r.health) if r.health else "",
         labels.label(labels.PROGRAMME_STATUS, r.status), r.due_on, r.last_progress_on, r.target, r.realised,
         r.unit]
        for r in rows
    )
    return csv_response(_name("pekerjaan-saya", current_day()), header, data)
