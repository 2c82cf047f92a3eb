"""Agreement forms: one form for the agreement, its parties, fields and agencies; decisions."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from tracker import labels
from tracker.agreements.models import AGREEMENT_KINDS, RESPONSIBILITY_ROLES
from tracker.core.forms import FlaskForm
from tracker.i18n import lazy_gettext as _l
from tracker.idempotency.forms import OnceMixin
from tracker.programs.fields import LocalDateField

ORDINALS = (
    _l("Pihak Kesatu"),
    _l("Pihak Kedua"),
    _l("Pihak Ketiga"),
    _l("Pihak Keempat"),
    _l("Pihak Kelima"),
    _l("Pihak Keenam"),
)


def party_role(position: int) -> str:
    """'Pihak Kesatu', 'Pihak Kedua', … for 1, 2, …"""
    if 1 <= position <= len(ORDINALS):
        return str(ORDINALS[position - 1])
    return str(_l("Pihak ke-%(n)s", n=position))


def int_or_none(value):
    """Coerce a select value: '' and garbage become None instead of a 500."""
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    # Ids are 32-bit in PostgreSQL: a larger number would fail in the query, not match nothing.
    return number if -(2**31) < number < 2**31 else None


def _no_nul(value):
    """PostgreSQL refuses NUL in text; drop it instead of failing the whole request."""
    return value.replace("\x00", "") if isinstance(value, str) else value


class TextField(StringField):
    """A one-line text input that trims and drops NUL characters."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.data = _no_nul(self.data)


class LongTextField(TextAreaField):
    """A multi-line text input that drops NUL characters."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.data = _no_nul(self.data)


def _max(n: int) -> Length:
    return Length(max=n, message=_l("Paling banyak %(max)d karakter."))


class ChoiceField(SelectField):
    """A select whose refusal of an unknown value is in the user's language."""

    def pre_validate(self, form):
        if self.validate_choice and self.choices is not None:
            if not any(choice.selected for choice in self.iter_choices()):
                raise ValidationError(str(_l("Pilihan tidak dikenal.")))


def _affair_choices():
    return [SelectChoice("", _l("— pilih —")), *labels.choices(labels.GOVERNMENT_AFFAIRS, labels.GOVERNMENT_AFFAIRS)]


class PartyRowForm(Form):
    """One party's side: which party, its own document number and its signatory."""

    party_id = SelectField(_l("Pihak"), coerce=int_or_none, choices=[SelectChoice("", "")], validate_choice=False)
    document_number = TextField(_l("Nomor naskah pihak ini"), validators=[Optional(), _max(120)])
    signatory_name = TextField(_l("Nama penandatangan"), validators=[Optional(), _max(200)])
    signatory_title = TextField(_l("Jabatan penandatangan"), validators=[Optional(), _max(200)])


class ResponsibilityRowForm(Form):
    """The agency of one party that answers for a field, and whether it leads or supports."""

    agency_id = SelectField(_l("Perangkat daerah"), coerce=int_or_none, choices=[SelectChoice("", "")], validate_choice=False)
    role = ChoiceField(
        _l("Peran"),
        choices=labels.choices(labels.RESPONSIBILITY_ROLE, RESPONSIBILITY_ROLES),
        default="lead",
    )


class FieldRowForm(Form):
    """One line of the agreement's scope with its responsible agencies, one per party."""

    id = HiddenField()
    title = TextField(_l("Bidang kerja sama"), validators=[Optional(), _max(500)])
    government_affair = ChoiceField(_l("Urusan pemerintahan"), choices=_affair_choices, validators=[Optional()])
    implements_field_id = SelectField(_l("Melaksanakan bidang KB"), coerce=int_or_none,
                                      choices=[SelectChoice("", "")], validate_choice=False)
    agencies = FieldList(FormField(ResponsibilityRowForm))


class AgreementForm(OnceMixin, FlaskForm):
    """Record or edit an agreement with its parties and fields (works without JavaScript)."""

    version = HiddenField()
    kind = ChoiceField(
        _l("Jenis naskah"),
        choices=labels.choices(labels.AGREEMENT_KIND, AGREEMENT_KINDS),
        validators=[DataRequired(_l("Pilih jenis naskah."))],
    )
    parent_id = SelectField(
        _l("Naskah induk (untuk PKS atau adendum)"),
        coerce=int_or_none,
        choices=[SelectChoice("", "")],
        validate_choice=False,
        description=_l("PKS merujuk ke KB yang dilaksanakannya; adendum ke naskah yang diubahnya."),
    )
    title = TextField(_l("Judul"), validators=[DataRequired(_l("Judul wajib diisi.")), _max(500)])
    government_affair = ChoiceField(_l("Urusan pemerintahan"), choices=_affair_choices, validators=[Optional()])
    signed_on = LocalDateField(_l("Tanggal penandatanganan"), validators=[Optional()])
    signed_place = TextField(_l("Tempat penandatanganan"), validators=[Optional(), _max(200)])
    valid_from = LocalDateField(_l("Berlaku mulai"), validators=[Optional()])
    valid_until = LocalDateField(_l("Berlaku sampai"), validators=[Optional()])
    dprd_approval_required = BooleanField(_l("Memerlukan persetujuan DPRD"))
    dprd_approved_on = LocalDateField(_l("Tanggal persetujuan DPRD"), validators=[Optional()])
    notes = LongTextField(_l("Catatan"), validators=[Optional(), _max(5000)])
    parties = FieldList(FormField(PartyRowForm), min_entries=0, max_entries=12)
    fields = FieldList(FormField(FieldRowForm), min_entries=0, max_entries=60)
    add_party = SubmitField(_l("Tambah pihak"))
    add_field = SubmitField(_l("Tambah baris"))
    refresh = SubmitField(_l("Perbarui pilihan perangkat daerah"))
    submit = SubmitField(_l("Simpan"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.party_errors: list[str] = []
        self.field_errors: list[str] = []


class TerminateForm(FlaskForm):
    """Record the decision to end an agreement early."""

    terminated_on = LocalDateField(_l("Tanggal pengakhiran"), validators=[DataRequired(_l("Tanggal wajib diisi."))])
    reason = LongTextField(
        _l("Alasan pengakhiran"), validators=[DataRequired(_l("Alasan wajib diisi.")), _max(2000)]
    )
    confirm = BooleanField(
        _l("Ya, akhiri naskah ini; pengakhiran tercatat dan terlihat oleh para pihak."),
        validators=[DataRequired(_l("Centang kotak konfirmasi dahulu."))],
    )
    submit = SubmitField(_l("Akhiri naskah"))


class WithdrawForm(FlaskForm):
    """A party's own withdrawal from a cooperation of three or more parties."""

    reason = LongTextField(
        _l("Alasan mengundurkan diri"), validators=[DataRequired(_l("Alasan wajib diisi.")), _max(2000)]
    )
    submit = SubmitField(_l("Ajukan pengunduran diri"))


class ExtendForm(FlaskForm):
    """Record an extension: the new end date and why."""

    new_valid_until = LocalDateField(
        _l("Berlaku sampai (baru)"), validators=[DataRequired(_l("Tanggal wajib diisi."))]
    )
    reason = LongTextField(
        _l("Alasan perpanjangan"), validators=[DataRequired(_l("Alasan wajib diisi.")), _max(2000)]
    )
    submit = SubmitField(_l("Perpanjang"))


class DocumentForm(FlaskForm):
    """Upload a signed scan of the agreement."""

    submit = SubmitField(_l("Unggah"))
