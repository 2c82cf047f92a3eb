"""What users read for each code value, through Flask-Babel."""

from datetime import date, datetime

from wtforms.fields.choices import SelectChoice

from tracker.i18n import format_day, format_moment, format_month, format_number, format_rupiah
from tracker.i18n import lazy_gettext as _l

AGREEMENT_STATUS = {
    "draft": _l("Draf"),
    "signed": _l("Ditandatangani"),
    "active": _l("Berlaku"),
    "expiring": _l("Segera berakhir"),
    "expired": _l("Berakhir"),
    "terminated": _l("Diakhiri"),
    "extended": _l("Diperpanjang"),
}
AGREEMENT_KIND = {
    "KB": _l("Kesepakatan Bersama (KB)"),
    "PKS": _l("Perjanjian Kerja Sama (PKS)"),
    "NK": _l("Nota Kesepakatan (NK)"),
    "ADDENDUM": _l("Adendum"),
}
HEALTH = {
    "on_track": _l("Sesuai rencana"),
    "at_risk": _l("Berisiko"),
    "overdue": _l("Terlambat"),
    "stalled": _l("Macet"),
}
PROGRAMME_STATUS = {
    "planned": _l("Direncanakan"),
    "running": _l("Berjalan"),
    "done": _l("Selesai"),
    "cancelled": _l("Dibatalkan"),
}
FUNDING_SOURCE = {
    "apbd_kabupaten": _l("APBD Kabupaten/Kota"),
    "apbd_provinsi": _l("APBD Provinsi"),
    "apbn": _l("APBN"),
    "lainnya": _l("Sumber lain"),
}
ROLE = {"admin": _l("Koordinator (admin)"), "officer": _l("Petugas OPD"), "leader": _l("Pimpinan")}
RESPONSIBILITY_ROLE = {"lead": _l("Penanggung jawab utama"), "support": _l("Pendukung")}
PARTY_KIND = {
    "provinsi": _l("Provinsi"),
    "kabupaten": _l("Kabupaten"),
    "kota": _l("Kota"),
    "pihak_ketiga": _l("Pihak ketiga"),
}
GOVERNMENT_AFFAIRS = {
    "pendidikan": _l("Pendidikan"),
    "kesehatan": _l("Kesehatan"),
    "pu_penataan_ruang": _l("Pekerjaan umum dan penataan ruang"),
    "perumahan_permukiman": _l("Perumahan rakyat dan kawasan permukiman"),
    "trantibum_linmas": _l("Ketenteraman, ketertiban umum, dan pelindungan masyarakat"),
    "sosial": _l("Sosial"),
    "kelautan_perikanan": _l("Kelautan dan perikanan"),
    "lainnya": _l("Urusan lain"),
}
NO_FOLLOW_UP = _l("Belum ada tindak lanjut")
# Time left before an agreement's end of validity (dashboards.expiry).
EXPIRY_BUCKET = {
    "overdue": _l("Lewat masa berlaku, belum diputuskan"),
    "d0_30": _l("0–30 hari"),
    "d31_90": _l("31–90 hari"),
    "d91_180": _l("91–180 hari"),
}


def label(mapping: dict, code: str | None) -> str:
    """The user's-language label of ``code``, or the code itself when unknown."""
    if code is None:
        return "–"
    return str(mapping.get(code, code))


def choices(mapping: dict, codes) -> list[SelectChoice]:
    """Select options for ``codes``, in that order, labelled from ``mapping`` (lazy labels stay lazy)."""
    return [SelectChoice(code, mapping[code]) for code in codes]


AUDIT_ACTION = {
    "create": _l("membuat"),
    "update": _l("mengubah"),
    "archive": _l("mengarsipkan"),
    "restore": _l("memulihkan"),
    "terminate": _l("mengakhiri"),
    "extend": _l("memperpanjang"),
    "login": _l("masuk"),
    "deactivate": _l("menonaktifkan"),
    "reactivate": _l("mengaktifkan kembali"),
    "invite": _l("mengirim undangan"),
    "acknowledge": _l("menanggapi pengingat"),
    "revoke": _l("mencabut"),
    "propose": _l("mengusulkan perubahan"),
    "accept": _l("menyetujui usulan"),
    "reject": _l("menolak usulan"),
    "cancel": _l("menarik usulan"),
    "apply": _l("memberlakukan usulan"),
    "lapse": _l("menggugurkan usulan"),
}

# Monev (monitoring dan evaluasi) and renewal decisions.
MONEV_STATUS = {"draft": _l("Draf"), "submitted": _l("Diajukan"), "reviewed": _l("Ditelaah")}
RECOMMENDATION = {"continue": _l("Dilanjutkan"), "expand": _l("Diperluas"), "stop": _l("Dihentikan")}
RENEWAL_DECISION = {
    "extend": _l("Diperpanjang"),
    "amend": _l("Diubah (adendum)"),
    "expire": _l("Dibiarkan berakhir"),
    "terminate": _l("Diakhiri lebih awal"),
}
AUDIT_ACTION.update(
    {
        "submit": _l("mengajukan"),
        "return": _l("mengembalikan"),
        "review": _l("menelaah"),
        "decide": _l("memutuskan"),
        "publish": _l("memublikasikan"),
        "unpublish": _l("menghentikan publikasi"),
    }
)

# Column names as the Riwayat panel shows them; unknown names are shown as they are.
FIELD_NAMES = {
    "payload": _l("Isi usulan"),
    "kind": _l("Jenis"),
    "title": _l("Judul"),
    "name": _l("Nama"),
    "signed_on": _l("Tanggal penandatanganan"),
    "signed_place": _l("Tempat penandatanganan"),
    "valid_from": _l("Berlaku mulai"),
    "valid_until": _l("Berlaku sampai"),
    "government_affair": _l("Urusan pemerintahan"),
    "parent_id": _l("Naskah induk"),
    "dprd_approval_required": _l("Perlu persetujuan DPRD"),
    "dprd_approved_on": _l("Tanggal persetujuan DPRD"),
    "terminated_on": _l("Tanggal pengakhiran"),
    "termination_reason": _l("Alasan pengakhiran"),
    "notes": _l("Catatan"),
    "indicator": _l("Indikator"),
    "unit": _l("Satuan"),
    "baseline": _l("Kondisi awal"),
    "target": _l("Target"),
    "budget": _l("Anggaran"),
    "funding_source": _l("Sumber dana"),
    "start_on": _l("Tanggal mulai"),
    "due_on": _l("Tenggat"),
    "status": _l("Status"),
    "status_note": _l("Catatan status"),
    "agency_id": _l("Perangkat daerah"),
    "party_id": _l("Pihak"),
    "field_id": _l("Bidang"),
    "reported_on": _l("Tanggal kegiatan"),
    "description": _l("Uraian"),
    "quantity": _l("Jumlah capaian"),
    "location": _l("Lokasi"),
    "email": _l("Email"),
    "role": _l("Peran"),
    "active": _l("Aktif"),
    "locale": _l("Bahasa"),
    "password": _l("Kata sandi"),
    "document_number": _l("Nomor naskah"),
    "signatory_name": _l("Nama penandatangan"),
    "signatory_title": _l("Jabatan penandatangan"),
    "position": _l("Urutan"),
    "parties": _l("Para pihak"),
    "fields": _l("Bidang kerja sama"),
    "archived_at": _l("Diarsipkan"),
    "address": _l("Alamat"),
    "short_name": _l("Singkatan"),
    "expires_at": _l("Berlaku sampai"),
    "renewal_decision": _l("Keputusan pembaruan"),
    "original_name": _l("Nama berkas"),
    "content_type": _l("Jenis berkas"),
    "size_bytes": _l("Ukuran (bita)"),
    "sha256": _l("SHA-256"),
    "period_label": _l("Periode"),
    "period_start": _l("Awal periode"),
    "period_end": _l("Akhir periode"),
    "purpose_fit": _l("Kesesuaian dengan maksud dan tujuan kerja sama"),
    "timeliness": _l("Ketepatan waktu pelaksanaan"),
    "partner_contribution": _l("Kontribusi mitra"),
    "coordination": _l("Koordinasi"),
    "indicator_achievement": _l("Capaian indikator"),
    "impact": _l("Dampak / manfaat"),
    "obstacles": _l("Kendala"),
    "recommendation": _l("Rekomendasi"),
    "achievement": _l("Capaian"),
    # Reminder thresholds (Pengaturan pengingat), as the settings form names them.
    "field_first_days": _l("Bidang tanpa program: pengingat pertama (hari setelah penandatanganan)"),
    "field_repeat_days": _l("Bidang tanpa program: ulangi setiap (hari)"),
    "field_leader_days": _l("Bidang tanpa program: ke pimpinan setelah (hari)"),
    "kb_followup_days": _l("KB tanpa PKS atau program: setelah (hari)"),
    "due_soon_days": _l("Program mendekati batas waktu: hari sebelum batas waktu"),
    "overdue_first_days": _l("Program terlambat: pengingat pertama (hari setelah batas waktu)"),
    "overdue_repeat_days": _l("Program terlambat: ulangi setiap (hari)"),
    "overdue_leader_days": _l("Program terlambat: ke pimpinan mulai (hari)"),
    "stalled_days": _l("Program tanpa laporan kemajuan selama (hari)"),
    "stalled_leader_days": _l("Program tanpa laporan kemajuan: ke pimpinan setelah (hari)"),
    "expiring_days": _l("Naskah segera berakhir: hari sebelum akhir masa berlaku"),
    "weekly_digest": _l("Kirim ringkasan mingguan ke petugas (Senin 07.00 WIB)"),
    "monthly_summary": _l("Kirim ringkasan bulanan ke pimpinan (tanggal 1, 07.00 WIB)"),
    "monev_overdue_first_days": _l("Monev terlambat: pengingat pertama (hari setelah jatuh tempo)"),
    "monev_overdue_repeat_days": _l("Monev terlambat: ulangi setiap (hari)"),
    "monev_overdue_leader_days": _l("Monev terlambat: ke pimpinan mulai (hari)"),
    "over_target": _l("Melebihi target"),
    "implements_field_id": _l("Melaksanakan bidang KB"),
    "published_at": _l("Tampil di halaman publik sejak"),
    "show_programmes": _l("Publik: program dan capaian"),
    "show_progress": _l("Publik: uraian laporan kemajuan"),
    "show_photos": _l("Publik: foto"),
    "show_budgets": _l("Publik: anggaran"),
    "public_photo": _l("Foto publik"),
}


def field_name(name: str) -> str:
    """The user's-language name of a changed column in the history panel."""
    return str(FIELD_NAMES.get(name, name))


# Code values of audited columns, by column name (the code sets of one name never overlap).
VALUE_NAMES = {
    "kind": {**AGREEMENT_KIND, **PARTY_KIND},
    "status": {**PROGRAMME_STATUS, **MONEV_STATUS},
    "role": {**ROLE, **RESPONSIBILITY_ROLE},
    "funding_source": FUNDING_SOURCE,
    "government_affair": GOVERNMENT_AFFAIRS,
    "recommendation": RECOMMENDATION,
    "renewal_decision": RENEWAL_DECISION,
    "locale": {"id": "Bahasa Indonesia", "en": "English"},
}
_DAY_COLUMNS = {"valid_from", "valid_until", "period_start", "period_end"}  # and every "*_on"
_MOMENT_COLUMNS = {"archived_at", "expires_at", "published_at"}
_MONEY_COLUMNS = {"budget"}
_SERIES_COLUMNS = {"due_soon_days", "expiring_days"}  # "14,7,1" reads "14, 7, 1", never as 14,7
_NUMBER_COLUMNS = {"target", "baseline", "quantity", "size_bytes"}


def change_value(name: str, value) -> str:
    """A stored before/after value as the history panel shows it: words, local dates, Ya/Tidak.

    Only date columns are read as dates, and a value that does not parse is shown as it
    was stored: the trail is kept forever, so one odd value must never break the page.
    """
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return str(_l("Ya") if value else _l("Tidak"))
    if name in _MONEY_COLUMNS or name in _NUMBER_COLUMNS or isinstance(value, (int, float)):
        shown = (format_rupiah if name in _MONEY_COLUMNS else format_number)(value)
        if shown != str(value) or not isinstance(value, str):
            return shown
    if name in _SERIES_COLUMNS and isinstance(value, str):
        return ", ".join(part.strip() for part in value.split(","))
    if isinstance(value, str):
        if value in VALUE_NAMES.get(name, {}):
            return str(VALUE_NAMES[name][value])
        try:
            if name in _DAY_COLUMNS or name.endswith("_on"):
                return format_day(date.fromisoformat(value))
            if name in _MOMENT_COLUMNS:
                return format_moment(datetime.fromisoformat(value))
        except ValueError:
            pass
    return str(value)


# Reminder log: who a reminder went to and how its mail fared (reminders.list and its CSV).
REMINDER_AUDIENCE = {"officer": _l("Petugas OPD"), "agency": _l("Email kantor OPD"), "admin": _l("Koordinator"),
                     "leader": _l("Pimpinan")}
OUTBOX_STATUS = {"queued": _l("Menunggu dikirim"), "sending": _l("Sedang dikirim"), "sent": _l("Terkirim"),
                 "failed": _l("Gagal")}
# How a recipient answered a reminder (reminders.answers and its CSV).
ANSWER_KIND = {"ack": _l("Ditanggapi"), "snooze": _l("Ditunda"), "unsubscribe": _l("Berhenti menerima ringkasan")}


def reminder_title(rule: str | None, title: str | None) -> str:
    """A reminder's title as read: the monthly summary's stored "2026-03" becomes "Maret 2026"."""
    if rule == "monthly_summary" and title:
        return format_month(title)
    return title or ""


# issue 17: proposals (usulan kerja sama), the register, the report upward.
PROPOSAL_STAGE = {
    "persiapan": _l("Persiapan"),
    "penawaran": _l("Penawaran"),
    "penyusunan_kb": _l("Penyusunan KB"),
    "penandatanganan_kb": _l("Penandatanganan KB"),
    "persetujuan_dprd": _l("Persetujuan DPRD"),
    "penyusunan_pks": _l("Penyusunan PKS"),
    "penandatanganan_pks": _l("Penandatanganan PKS"),
}
PROPOSAL_ANSWER = {"pending": _l("Menunggu jawaban mitra"), "proceed": _l("Mitra bersedia melanjutkan"),
                   "declined": _l("Ditolak mitra")}
STAGE_STATUS = {"open": _l("Belum selesai"), "done": _l("Selesai"), "skipped": _l("Dilewati")}
COOPERATION_TYPE = {"wajib": _l("Wajib (daerah berbatasan, urusan lintas daerah)"), "sukarela": _l("Sukarela")}
DOCUMENT_KIND = {
    "offer_letter": _l("Surat penawaran"), "draft_kb": _l("Rancangan KB"), "draft_pks": _l("Rancangan PKS"),
    "tkksd_minutes": _l("Notulen rapat TKKSD"), "dprd_letter": _l("Surat persetujuan DPRD"),
    "other": _l("Dokumen lain"),
}
AUDIT_ACTION.update({
    "stage_done": _l("menyelesaikan tahap"),
    "stage_skipped": _l("melewati tahap"),
    "signed_kb": _l("mencatat KB dari usulan"),
    "signed_pks": _l("mencatat PKS dari usulan"),
    "answer": _l("menjawab usulan"),
    "document": _l("mengunggah dokumen"),
    "register": _l("mencatat dalam register"),
})
FIELD_NAMES.update({
    "cooperation_type": _l("Sifat kerja sama"),
    "reason": _l("Alasan"),
    "expected_benefit": _l("Manfaat yang diharapkan"),
    "dprd_required": _l("Perlu persetujuan DPRD"),
    "stage": _l("Tahap"),
    "done_on": _l("Tanggal selesai"),
    "place": _l("Tempat"),
    "skipped_reason": _l("Alasan dilewati"),
    "responsible_agency_id": _l("Perangkat daerah penanggung jawab"),
    "responsible_person": _l("Petugas penanggung jawab"),
    "kb_agreement_id": _l("KB"),
    "pks_agreement_id": _l("PKS"),
    "answer": _l("Jawaban mitra"),
    "answer_reason": _l("Alasan jawaban"),
    "answered_on": _l("Tanggal jawaban"),
    "answered_by": _l("Dijawab oleh"),
    "answered_by_id": _l("Dijawab oleh"),
    "counterpart": _l("Mitra kerja sama"),
    "document_kind": _l("Jenis dokumen"),
    "version": _l("Versi"),
    "number": _l("Nomor register"),
    "registered_on": _l("Tanggal register"),
    "original_location": _l("Tempat penyimpanan naskah asli"),
    "proposal_repeat_days": _l("Usulan melewati tenggat tahap: ulangi setiap (hari)"),
    "proposal_leader_days": _l("Usulan melewati tenggat tahap: ke pimpinan setelah (hari)"),
})
VALUE_NAMES.update({"stage": PROPOSAL_STAGE, "answer": PROPOSAL_ANSWER, "document_kind": DOCUMENT_KIND,
                    "cooperation_type": COOPERATION_TYPE})
