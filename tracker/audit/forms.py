"""The filter form of the admin audit page (a GET form: it changes nothing)."""

from wtforms import SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError

from tracker import labels
from tracker.core.forms import FlaskForm
from tracker.i18n import lazy_gettext as _l
from tracker.programs.fields import LocalDateField

RECORD_TYPES = {
    "agreements": _l("Naskah kerja sama"),
    "agreement_parties": _l("Pihak dalam naskah"),
    "agreement_extensions": _l("Perpanjangan naskah"),
    "renewal_decisions": _l("Keputusan perpanjangan"),
    "fields": _l("Bidang kerja sama"),
    "responsibilities": _l("Penanggung jawab bidang"),
    "programmes": _l("Program tindak lanjut"),
    "progress_entries": _l("Laporan kemajuan"),
    "attachments": _l("Berkas"),
    "parties": _l("Pihak"),
    "agencies": _l("Perangkat daerah"),
    "users": _l("Pengguna"),
    "monevs": _l("Monev"),
    "reminder_settings": _l("Pengaturan pengingat"),
    "api_tokens": _l("Token API"),
    "monev_field_inputs": _l("Isian monev per bidang"),
    "reminder_acknowledgements": _l("Tanggapan pengingat"),
    "calendar_feeds": _l("Tautan kalender"),
    "change_requests": _l("Usulan perubahan"),
    "publications": _l("Publikasi"),
    "proposals": _l("Usulan kerja sama"),
    "proposal_fields": _l("Bidang usulan"),
    "proposal_stages": _l("Tahap usulan"),
    "proposal_documents": _l("Dokumen usulan"),
    "register_entries": _l("Register naskah"),
}


class DayField(LocalDateField):
    """A date filter: Indonesian errors, 1900 to 2200 (a wrong one is dropped, the rest applies)."""


def _int_or_none(value):
    return int(value) if value not in (None, "", "None") and str(value).isdigit() else None


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # read-only filter in the query string

    user = SelectField(_l("Pengguna"), coerce=_int_or_none, validators=[Optional()])
    record_type = SelectField(_l("Jenis data"), validators=[Optional()])
    action = SelectField(_l("Tindakan"), validators=[Optional()])
    date_from = DayField(_l("Dari tanggal"), validators=[Optional()])
    date_to = DayField(_l("Sampai tanggal"), validators=[Optional()])
    submit = SubmitField(_l("Saring"))

    def __init__(self, users, record_types, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user.choices = [SelectChoice(None, _l("Semua pengguna"))] + [
            SelectChoice(u.id, f"{u.name} ({u.email})") for u in users
        ]
        self.record_type.choices = [SelectChoice("", _l("Semua jenis"))] + [
            SelectChoice(t, str(RECORD_TYPES.get(t, t))) for t in record_types
        ]
        self.action.choices = [SelectChoice("", _l("Semua tindakan"))] + labels.choices(
            labels.AUDIT_ACTION, labels.AUDIT_ACTION)

    def validate_date_to(self, field) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("Tanggal akhir tidak boleh sebelum tanggal awal."))
