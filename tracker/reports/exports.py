"""CSV exports of list pages: the filtered rows the user sees."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from tracker import labels
from tracker.agreements.models import Agreement
from tracker.agreements.status import agreement_status
from tracker.core.clock import local_now, today
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


def _local(moment):
    """A stored UTC timestamp in the deployment's zone (ISO in the file, with its offset)."""
    return local_now(moment) if moment else None


def programmes_csv(rows: Iterable[tuple]):
    """The programme list as CSV: rows of ``(programme, realised, percent, health, last)``."""
    header = [_("Program"), _("Perangkat daerah"), _("Pihak"), _("Bidang"), _("Naskah kerja sama"), _("Indikator"),
              _("Satuan"), _("Target"), _("Realisasi"), _("Persentase"), _("Kondisi"), _("Status"),
              _("Anggaran (Rp)"), _("Sumber dana"), _("Mulai"), _("Tenggat"), _("Laporan terakhir")]
    data = (
        [p.name, p.agency.name, p.agency.party.name, p.field.title, p.field.agreement.title, p.indicator, p.unit,
         p.target, realised, pct, labels.label(labels.HEALTH, health) if health else "",
         labels.label(labels.PROGRAMME_STATUS, p.status), int(p.budget or 0),
         labels.label(labels.FUNDING_SOURCE, p.funding_source), p.start_on, p.due_on, last]
        for p, realised, pct, health, last in rows
    )
    return csv_response(f"program-{today().isoformat()}.csv", header, data)


def parties_csv(parties: Iterable, provinces: Mapping[str, str]):
    """The party list as CSV, each region with the province it is listed under."""
    header = [_("Kode wilayah"), _("Nama"), _("Jenis"), _("Kelompok"), _("Alamat")]
    data = (
        [p.region_code, p.name, labels.label(labels.PARTY_KIND, p.kind),
         provinces.get(p.province_code or p.region_code, "") if p.region_code else _("Pihak ketiga"), p.address]
        for p in parties
    )
    return csv_response(f"pihak-{today().isoformat()}.csv", header, data)


def agencies_csv(party, agencies: Iterable):
    """The agencies listed on a party's page as CSV."""
    header = [_("Perangkat daerah"), _("Singkatan"), _("Email kantor"), _("Pihak"), _("Diarsipkan")]
    data = ([a.name, a.short_name, a.email, party.name, _local(a.archived_at)] for a in agencies)
    code = (party.region_code or str(party.id)).replace(".", "-")
    return csv_response(f"perangkat-daerah-{code}.csv", header, data)


def _account_state(user) -> str:
    if not user.active:
        return _("Nonaktif")
    return _("Aktif") if user.password_hash else _("Undangan terkirim")


def users_csv(users: Iterable):
    """The admin's user list as CSV."""
    header = [_("Nama"), _("Email"), _("Peran"), _("Perangkat daerah"), _("Status"), _("Terakhir masuk")]
    data = (
        [u.name, u.email, labels.label(labels.ROLE, u.role), u.agency.name if u.agency else "",
         _account_state(u), _local(u.last_login_at)]
        for u in users
    )
    return csv_response(f"pengguna-{today().isoformat()}.csv", header, data)


def audit_csv(events: Iterable):
    """The filtered audit trail as CSV; changes as JSON ``{"column": [before, after]}``."""
    from tracker.audit.forms import RECORD_TYPES

    header = [_("Waktu"), _("Pengguna"), _("Email pengguna"), _("Tindakan"), _("Jenis data"), _("ID data"),
              _("Ringkasan"), _("Perubahan")]
    data = (
        [_local(e.occurred_at), e.user.name if e.user else _("Sistem"), e.user.email if e.user else "",
         labels.label(labels.AUDIT_ACTION, e.action), str(RECORD_TYPES.get(e.entity_type, e.entity_type)),
         e.entity_id, e.summary, json.dumps(e.changes or {}, ensure_ascii=False, default=str)]
        for e in events
    )
    return csv_response(f"jejak-audit-{today().isoformat()}.csv", header, data)


def reminders_csv(logs: Iterable, acted: Mapping[int, str], rule_labels: Mapping[str, str]):
    """The sent-reminder log as CSV, with delivery and whether anyone acted since."""
    followed = {"answered": _("Sudah ditanggapi"), "progress": _("Kemajuan dilaporkan")}
    header = [_("Tanggal"), _("Penerima"), _("Sasaran"), _("Pengingat"), _("Perihal"), _("Pengiriman"),
              _("Terkirim pada"), _("Percobaan"), _("Tindak lanjut sejak itu")]
    data = (
        [r.fired_on, r.recipient, labels.label(labels.REMINDER_AUDIENCE, r.audience),
         str(rule_labels.get(r.rule, r.rule)), r.title,
         labels.label(labels.OUTBOX_STATUS, r.outbox.status) if r.outbox else "",
         _local(r.outbox.sent_at) if r.outbox else None, r.outbox.attempts if r.outbox else None,
         followed.get(acted.get(r.id), _("Belum"))]
        for r in logs
    )
    return csv_response(f"pengingat-{today().isoformat()}.csv", header, data)


def answers_csv(answers: Iterable, rule_labels: Mapping[str, str]):
    """Every answer to a reminder: who, when, which item, and the reason or snooze date."""
    header = [_("Waktu"), _("Penerima"), _("Pengingat"), _("Perihal"), _("Tanggapan"), _("Ditunda sampai"),
              _("Alasan")]
    data = (
        [_local(a.created_at), a.recipient, str(rule_labels.get(a.rule, a.rule)), a.title,
         labels.label(labels.ANSWER_KIND, a.kind), a.until, a.reason]
        for a in answers
    )
    return csv_response(f"tanggapan-pengingat-{today().isoformat()}.csv", header, data)
