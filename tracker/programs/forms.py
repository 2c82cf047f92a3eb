"""Programme forms: add/edit, status change."""

from __future__ import annotations

from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from tracker import labels
from tracker.core.forms import FlaskForm
from tracker.i18n import lazy_gettext as _l
from tracker.idempotency.forms import OnceMixin
from tracker.programs.fields import LocalDateField, MoneyField, QuantityField
from tracker.programs.models import FUNDING_SOURCES, PROGRAMME_STATUSES

REQUIRED = _l("Wajib diisi.")
CHOICE = _l("Pilih salah satu pilihan yang tersedia.")


def most(length: int) -> Length:
    """A length limit whose message is ours, not WTForms' English."""
    return Length(max=length, message=_l("Paling banyak %(max)d karakter.", max=length))


def to_int(value) -> int:
    """Coerce a select value; anything unreadable becomes 0, refused later with our message."""
    text = str(value).strip()
    return int(text) if text.isdigit() and len(text) < 12 else 0


class ProgrammeForm(OnceMixin, FlaskForm):
    """Add or edit a programme (program tindak lanjut)."""

    name = StringField(_l("Nama program"), validators=[DataRequired(REQUIRED), most(300)])
    description = TextAreaField(_l("Uraian"), validators=[Optional(), most(5000)])
    agency_id = SelectField(_l("Perangkat daerah pelaksana"), coerce=to_int,
                            validate_choice=False, validators=[InputRequired(REQUIRED)])
    indicator = StringField(_l("Indikator"), validators=[DataRequired(REQUIRED), most(300)],
                            description=_l("Apa yang diukur, misalnya: anak kembali bersekolah."))
    unit = StringField(_l("Satuan"), validators=[DataRequired(REQUIRED), most(50)],
                       description=_l("Misalnya: anak, ekor, kegiatan."))
    baseline = QuantityField(_l("Kondisi awal (baseline)"), validators=[Optional()])
    target = QuantityField(_l("Target"), validators=[InputRequired(REQUIRED)])
    budget = MoneyField(_l("Anggaran (Rp)"), validators=[Optional()],
                        description=_l("Contoh: 1.250.000"))
    funding_source = SelectField(_l("Sumber dana"),
                                 choices=labels.choices(labels.FUNDING_SOURCE, FUNDING_SOURCES),
                                 validate_choice=False)
    start_on = LocalDateField(_l("Tanggal mulai"), validators=[Optional()])
    due_on = LocalDateField(_l("Tenggat"), validators=[Optional()])
    version = HiddenField()
    submit = SubmitField(_l("Simpan"))

    def validate_due_on(self, field):
        if field.data and self.start_on.data and field.data < self.start_on.data:
            raise ValidationError(str(_l("Tenggat tidak boleh sebelum tanggal mulai.")))

    def validate_funding_source(self, field):
        if field.data not in FUNDING_SOURCES:
            raise ValidationError(str(CHOICE))

    def validate_target(self, field):
        if field.data is not None and field.data <= 0:
            raise ValidationError(str(_l("Target harus lebih dari nol.")))

    def data_for_service(self) -> dict:
        names = ("name", "description", "agency_id", "indicator", "unit", "baseline", "target",
                 "budget", "funding_source", "start_on", "due_on")
        return {name: getattr(self, name).data for name in names}


class StatusForm(FlaskForm):
    """Record a status decision (planned, running, done, cancelled) with a note."""

    status = SelectField(_l("Status"), choices=labels.choices(labels.PROGRAMME_STATUS, PROGRAMME_STATUSES),
                         validate_choice=False)
    note = TextAreaField(_l("Catatan"), validators=[most(2000)])
    version = HiddenField()
    submit = SubmitField(_l("Ubah status"))

    def validate_status(self, field):
        if field.data not in PROGRAMME_STATUSES:
            raise ValidationError(str(CHOICE))

    def validate_note(self, field):
        if self.status.data == "cancelled" and not (field.data or "").strip():
            raise ValidationError(str(_l("Tuliskan alasan pembatalan.")))


class ArchiveForm(FlaskForm):
    """A confirmed POST; only the CSRF token."""

    submit = SubmitField(_l("Arsipkan"))
