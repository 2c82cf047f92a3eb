"""Marshmallow schemas: the shapes the OpenAPI document publishes."""

from __future__ import annotations

from datetime import date

import marshmallow as ma
from flask_smorest.fields import Upload
from marshmallow import fields, validate

from tracker.core.inputs import DATE_MESSAGE, control_error, date_in_range
from tracker.i18n import gettext as _
from tracker.labels import GOVERNMENT_AFFAIRS
from tracker.programs.models import FUNDING_SOURCES, PROGRAMME_STATUSES

MAX_PER_PAGE = 100
N = {"allow_none": True}  # nullable in the published schema too
GOVERNMENT_AFFAIR_CODES = tuple(GOVERNMENT_AFFAIRS)


class Code(fields.String):
    """A code of a closed list, documented as an enum; a stored value off the list is sent as null."""

    def __init__(self, codes, **kwargs):
        self.codes = tuple(codes)
        super().__init__(allow_none=True, metadata={"enum": [*self.codes, None], **kwargs.pop("metadata", {})},
                         **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        return value if value in self.codes else None


class InputSchema(ma.Schema):
    """What a client sends: text without control characters (tab and newline allowed), dates 1900-2200."""

    @ma.validates_schema
    def disciplined(self, data, **kwargs):
        errors = {}
        for name, value in data.items():
            if control_error(value):
                errors[name] = [control_error(value)]
            elif isinstance(value, date) and not date_in_range(value):
                errors[name] = [str(DATE_MESSAGE)]
        if errors:
            raise ma.ValidationError(errors)


class PageArgs(InputSchema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_PER_PAGE))


class PartyArgs(PageArgs):
    q = fields.String(validate=validate.Length(max=100), metadata={"description": "Cari nama atau kode wilayah"})
    kind = fields.String(validate=validate.OneOf(("provinsi", "kabupaten", "kota", "pihak_ketiga")))


class AgencyArgs(PageArgs):
    party_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))


class AgreementArgs(PageArgs):
    kind = fields.String(validate=validate.OneOf(("KB", "PKS", "NK", "ADDENDUM")))


class ProgrammeArgs(PageArgs):
    agency_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    agreement_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    status = fields.String(validate=validate.OneOf(PROGRAMME_STATUSES))


class PageMeta(ma.Schema):
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    pages = fields.Integer(required=True)


class PartySchema(ma.Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    name = fields.String(required=True)
    region_code = fields.String(**N)
    province_code = fields.String(**N)
    address = fields.String(**N)


class AgencySchema(ma.Schema):
    id = fields.Integer(required=True)
    party_id = fields.Integer(required=True)
    name = fields.String(required=True)
    short_name = fields.String(**N)
    email = fields.String(**N)


class AgreementPartySchema(ma.Schema):
    party_id = fields.Integer(required=True)
    party_name = fields.String(attribute="party.name", required=True)
    position = fields.Integer(required=True)
    document_number = fields.String(**N)
    signatory_name = fields.String(**N)
    signatory_title = fields.String(**N)


class ResponsibilitySchema(ma.Schema):
    agency_id = fields.Integer(required=True)
    agency_name = fields.String(attribute="agency.name", required=True)
    party_id = fields.Integer(attribute="agency.party_id", required=True)
    role = fields.String(required=True, metadata={"description": "lead atau support"})


class ProgrammeSchema(ma.Schema):
    id = fields.Integer(required=True)
    agreement_id = fields.Integer(required=True)
    field_id = fields.Integer(required=True)
    agency_id = fields.Integer(required=True)
    agency_name = fields.String(required=True)
    name = fields.String(required=True)
    description = fields.String(**N)
    indicator = fields.String(required=True)
    unit = fields.String(required=True)
    baseline = fields.Float(required=True)
    target = fields.Float(required=True)
    budget = fields.Integer(required=True, metadata={"description": "Rupiah"})
    funding_source = fields.String(required=True)
    start_on = fields.Date(**N)
    due_on = fields.Date(**N)
    status = fields.String(required=True)
    status_note = fields.String(**N)
    realised = fields.Float(required=True)
    realised_percent = fields.Float(**N)
    health = fields.String(**N, metadata={"description": "on_track, at_risk, overdue, stalled"})
    last_progress_on = fields.Date(**N)
    version = fields.Integer(required=True)


class FieldSchema(ma.Schema):
    id = fields.Integer(required=True)
    position = fields.Integer(required=True)
    title = fields.String(required=True)
    government_affair = Code(GOVERNMENT_AFFAIR_CODES)
    implements_field_id = fields.Integer(**N, metadata={"description": "Bidang KB yang dilaksanakan (untuk PKS)"})
    has_follow_up = fields.Boolean(required=True)
    responsibilities = fields.List(fields.Nested(ResponsibilitySchema), required=True)
    programmes = fields.List(fields.Nested(ProgrammeSchema), required=True)


class AgreementSchema(ma.Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    title = fields.String(required=True)
    government_affair = Code(GOVERNMENT_AFFAIR_CODES)
    parent_id = fields.Integer(**N)
    signed_on = fields.Date(**N)
    signed_place = fields.String(**N)
    valid_from = fields.Date(**N)
    valid_until = fields.Date(**N)
    dprd_approval_required = fields.Boolean(required=True)
    dprd_approved_on = fields.Date(**N)
    terminated_on = fields.Date(**N)
    status = fields.String(required=True)
    parties = fields.List(fields.Nested(AgreementPartySchema), required=True)


class AgreementDetailSchema(AgreementSchema):
    notes = fields.String(**N)
    fields = fields.List(fields.Nested(FieldSchema), required=True)


class AttachmentSchema(ma.Schema):
    id = fields.Integer(required=True)
    original_name = fields.String(required=True)
    content_type = fields.String(required=True)
    size_bytes = fields.Integer(required=True)
    sha256 = fields.String(required=True)


class ProgressEntrySchema(ma.Schema):
    id = fields.Integer(required=True)
    programme_id = fields.Integer(required=True)
    reported_on = fields.Date(required=True)
    description = fields.String(required=True)
    quantity = fields.Float(required=True)
    location = fields.String(**N)
    reported_by_id = fields.Integer(**N)
    over_target = fields.Boolean(metadata={"description": "Dikonfirmasi melebihi target"})
    attachments = fields.List(fields.Nested(AttachmentSchema), required=True)
    version = fields.Integer(required=True)


def page_schema(item_schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    """A page of items with its meta (page, per_page, total, pages)."""
    return type(name, (ma.Schema,), {
        "items": fields.List(fields.Nested(item_schema), required=True),
        "meta": fields.Nested(PageMeta, required=True),
    })


PartyPage = page_schema(PartySchema, "PartyPage")
AgencyPage = page_schema(AgencySchema, "AgencyPage")
AgreementPage = page_schema(AgreementSchema, "AgreementPage")
ProgrammePage = page_schema(ProgrammeSchema, "ProgrammePage")
ProgressPage = page_schema(ProgressEntrySchema, "ProgressEntryPage")

_MONEY = validate.Range(min=0, max=10**14)


def _QTY(value) -> None:
    """0 to 10^13 (the column holds 16 digits); a plain callable keeps the spec's numbers numeric."""
    if value is None or not value.is_finite() or value < 0 or value >= 10**13:
        raise ma.ValidationError(_("Harus angka antara 0 dan 9.999.999.999.999."))


class ProgrammeIn(InputSchema):
    """A new programme (program tindak lanjut) under a field."""

    agency_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1),
                               metadata={"description": "Wajib untuk admin; petugas memakai OPD-nya"})
    name = fields.String(required=True, validate=validate.Length(min=1, max=300))
    description = fields.String(allow_none=True, validate=validate.Length(max=5000))
    indicator = fields.String(required=True, validate=validate.Length(min=1, max=300))
    unit = fields.String(required=True, validate=validate.Length(min=1, max=50))
    baseline = fields.Decimal(load_default=0, validate=_QTY, places=2)
    target = fields.Decimal(required=True, validate=_QTY, places=2)
    budget = fields.Integer(load_default=0, validate=_MONEY, strict=True)  # 1.5 is refused, never rounded
    funding_source = fields.String(load_default="apbd_kabupaten", validate=validate.OneOf(FUNDING_SOURCES))
    start_on = fields.Date(allow_none=True)
    due_on = fields.Date(allow_none=True)

    @ma.validates_schema
    def dates_in_order(self, data, **kwargs):
        if data.get("start_on") and data.get("due_on") and data["due_on"] < data["start_on"]:
            raise ma.ValidationError(_("Tanggal selesai tidak boleh sebelum tanggal mulai."), "due_on")


class ProgrammeUpdate(ProgrammeIn):
    """Changes to a programme; send ``version`` from the last read to avoid overwriting."""

    name = fields.String(validate=validate.Length(min=1, max=300))
    indicator = fields.String(validate=validate.Length(min=1, max=300))
    unit = fields.String(validate=validate.Length(min=1, max=50))
    target = fields.Decimal(validate=_QTY, places=2)
    baseline = fields.Decimal(validate=_QTY, places=2)
    budget = fields.Integer(validate=_MONEY, strict=True)
    funding_source = fields.String(validate=validate.OneOf(FUNDING_SOURCES))
    status = fields.String(validate=validate.OneOf(PROGRAMME_STATUSES))
    status_note = fields.String(allow_none=True, validate=validate.Length(max=2000))
    version = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))


class ProgressIn(InputSchema):
    """A progress entry (laporan kemajuan), sent as multipart/form-data."""

    reported_on = fields.Date(required=True)
    description = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    quantity = fields.Decimal(load_default=0, validate=_QTY, places=2)
    location = fields.String(validate=validate.Length(max=300))
    confirm_over_target = fields.Boolean(
        load_default=False,
        metadata={"description": "Wajib true bila jumlah ini membawa realisasi melewati target"},
    )


class EvidenceFiles(ma.Schema):
    files = fields.List(Upload(), metadata={"description": "Bukti: foto, PDF, dokumen kantor"})
