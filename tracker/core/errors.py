"""Turn database constraint violations into messages a user can act on."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from tracker.i18n import lazy_gettext as _l

# (markers found in SQLite or PostgreSQL error text, message)
MESSAGES = [
    (("uq_agreement_parties_agreement_id_party_id", "agreement_parties.agreement_id, agreement_parties.party_id"),
     _l("Satu pihak hanya boleh tercatat sekali dalam satu naskah.")),
    (("validity_order",), _l("Tanggal berakhir tidak boleh sebelum tanggal mulai berlaku.")),
    (("parent_required",), _l("PKS dan adendum harus merujuk ke naskah induknya.")),
    (("not_own_parent",), _l("Naskah tidak boleh menjadi induk bagi dirinya sendiri.")),
    (("termination_reason",), _l("Pengakhiran harus disertai alasan.")),
    (("target_not_negative", "baseline_not_negative", "budget_not_negative", "quantity_not_negative",
      "size_not_negative"), _l("Nilai tidak boleh negatif.")),
    (("dates_order",), _l("Tanggal selesai tidak boleh sebelum tanggal mulai.")),
    (("progress_entries.programme_id", '"programme_id" of relation "progress_entries"'),
     _l("Laporan kemajuan harus terhubung ke satu program.")),
    (("uq_users_email", "users.email"), _l("Email ini sudah terdaftar.")),
    (("uq_agencies_party_id_name", "agencies.party_id, agencies.name"),
     _l("Perangkat daerah dengan nama ini sudah ada.")),
    (("uq_responsibilities_field_id_agency_id", "responsibilities.field_id, responsibilities.agency_id"),
     _l("Perangkat daerah ini sudah menjadi penanggung jawab bidang tersebut.")),
    (("officer_agency",), _l("Petugas OPD harus terhubung ke satu perangkat daerah.")),
    (("one_owner",), _l("Berkas harus milik tepat satu naskah atau satu laporan.")),
]


def describe_integrity_error(error: IntegrityError) -> str:
    """The user-facing reason for a refused write (Indonesian by default)."""
    text = str(error.orig)
    for markers, message in MESSAGES:
        if any(marker in text for marker in markers):
            return str(message)
    return str(_l("Data tidak dapat disimpan karena melanggar aturan isian."))
