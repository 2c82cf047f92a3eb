"""CSV exports of list pages: the filtered rows the user sees."""

from __future__ import annotations

from collections.abc import Iterable

from tracker import labels
from tracker.agreements.models import Agreement
from tracker.agreements.status import agreement_status
from tracker.core.clock import today
from tracker.i18n import gettext as _
from tracker.monev.models import Monev
from tracker.reports.csv import csv_response


def monev_list_csv(monevs: Iterable[Monev]):
    """The monev list as CSV."""
    header = [_("Periode"), _("Awal periode"), _("Akhir periode"), _("Naskah kerja sama"), _("Pelaksana"),
              _("Rekomendasi"), _("Status"), _("Diajukan"), _("Ditelaah")]
    rows = (
        [m.period_label, m.period_start, m.period_end, m.agreement.title, m.party.name,
         labels.label(labels.RECOMMENDATION, m.recommendation) if m.recommendation else "",
         labels.label(labels.MONEV_STATUS, m.status), m.submitted_at, m.reviewed_at]
        for m in monevs
    )
    return csv_response(f"monev-{today().isoformat()}.csv", header, rows)


def agreements_csv(agreements: Iterable[Agreement]):
    """The agreements list as CSV: one row per agreement, parties and numbers joined."""
    day = today()
    header = [_("Jenis"), _("Judul"), _("Pihak"), _("Nomor naskah"), _("Tanggal tanda tangan"),
              _("Tempat"), _("Berlaku mulai"), _("Berlaku sampai"), _("Status"), _("Jumlah bidang")]
    rows = (
        [a.kind, a.title, "; ".join(link.party.name for link in a.parties),
         "; ".join(link.document_number or "" for link in a.parties), a.signed_on, a.signed_place,
         a.valid_from, a.valid_until, labels.label(labels.AGREEMENT_STATUS, agreement_status(a, day)),
         len(a.active_fields)]
        for a in agreements
    )
    return csv_response(f"naskah-kerja-sama-{day.isoformat()}.csv", header, rows)
