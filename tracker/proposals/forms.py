"""Proposal forms: the proposal itself, a stage's work, completing or skipping it, the answer, a file."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Optional, ValidationError

from tracker import labels
from tracker.agreements.forms import ChoiceField, LongTextField, TextField, _affair_choices, _max, int_or_none
from tracker.i18n import lazy_gettext as _l
from tracker.idempotency.forms import OnceMixin
from tracker.programs.fields import LocalDateField
from tracker.proposals.models import COOPERATION_TYPES, DOCUMENT_KINDS

COOPERATION_TYPE, DOCUMENT_KIND = labels.COOPERATION_TYPE, labels.DOCUMENT_KIND


def _pick(label):
    return SelectField(label, coerce=int_or_none, choices=[SelectChoice("", "")], validate_choice=False)


class ProposalForm(OnceMixin, FlaskForm):
    """Record a proposal: who with, which urusan and fields, why, and what it should bring."""

    title = TextField(_l("Judul usulan"), validators=[DataRequired(_l("Judul wajib diisi.")), _max(500)])
    counterpart_party_id = _pick(_l("Mitra kerja sama (Pemda atau pihak ketiga)"))
    government_affair = ChoiceField(_l("Urusan pemerintahan"), choices=_affair_choices, validators=[Optional()])
    cooperation_type = ChoiceField(_l("Sifat kerja sama"), validators=[Optional()], choices=[
        SelectChoice("", _l("— pilih —")), *labels.choices(COOPERATION_TYPE, COOPERATION_TYPES)])
    fields_text = LongTextField(_l("Bidang kerja sama yang diusulkan"), description=_l("Satu bidang per baris."),
                                validators=[DataRequired(_l("Isi sedikitnya satu bidang.")), _max(5000)])
    reason = LongTextField(_l("Alasan dan latar belakang"), validators=[DataRequired(_l("Alasan wajib diisi.")),
                                                                       _max(5000)])
    expected_benefit = LongTextField(_l("Manfaat yang diharapkan"), validators=[
        DataRequired(_l("Manfaat yang diharapkan wajib diisi.")), _max(5000)])
    dprd_required = BooleanField(_l("Memerlukan persetujuan DPRD"), description=_l(
        "Bila membebani masyarakat atau daerah, atau dananya belum dianggarkan dalam APBD berjalan."))
    responsible_agency_id = _pick(_l("Perangkat daerah penanggung jawab"))
    submit = SubmitField(_l("Simpan usulan"))

    def validate_counterpart_party_id(self, field) -> None:
        if field.data is None or field.data not in {c.value for c in field.choices if c.value}:
            raise ValidationError(_l("Pilih mitra kerja sama dari daftar."))

    def field_rows(self) -> list[dict]:
        lines = [line.strip()[:500] for line in (self.fields_text.data or "").splitlines()]
        return [{"title": line, "government_affair": self.government_affair.data or None} for line in lines if line]


class StageForm(FlaskForm):
    """Who answers for a stage and by when."""

    due_on = LocalDateField(_l("Tenggat tahap"), validators=[Optional()])
    responsible_agency_id = _pick(_l("Perangkat daerah penanggung jawab"))
    responsible_person = TextField(_l("Petugas penanggung jawab"), validators=[Optional(), _max(200)])
    notes = LongTextField(_l("Catatan"), validators=[Optional(), _max(5000)])
    submit = SubmitField(_l("Simpan tahap"))


class CompleteForm(FlaskForm):
    """Mark the current stage done; at a signing, where and the numbers each side gave."""

    done_on = LocalDateField(_l("Tanggal selesai"), validators=[DataRequired(_l("Tanggal wajib diisi."))])
    place = TextField(_l("Tempat penandatanganan"), validators=[Optional(), _max(200)])
    proposer_number = TextField(_l("Nomor naskah Pemda pengusul"), validators=[Optional(), _max(120)])
    counterpart_number = TextField(_l("Nomor naskah mitra"), validators=[Optional(), _max(120)])
    valid_until = LocalDateField(_l("Berlaku sampai"), validators=[Optional()])
    submit = SubmitField(_l("Tandai selesai"))


class SkipForm(FlaskForm):
    """Pass a stage that does not apply, with the reason."""

    reason = LongTextField(_l("Alasan tahap ini dilewati"), validators=[
        DataRequired(_l("Alasan wajib diisi.")), _max(2000)])
    skip = SubmitField(_l("Lewati tahap"))


class DocumentForm(FlaskForm):
    """Upload a file of the proposal; a draft of the same kind becomes its next version.

    Prefixed on the page, so its one-time key is a plain ``submission_key`` input in the template."""

    kind = ChoiceField(_l("Jenis dokumen"), choices=labels.choices(DOCUMENT_KIND, DOCUMENT_KINDS))
    file = FileField(_l("Berkas"))
    note = TextField(_l("Keterangan revisi"), validators=[Optional(), _max(500)])
    upload = SubmitField(_l("Unggah"))
