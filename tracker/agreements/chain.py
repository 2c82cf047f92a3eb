"""The KB → PKS chain: which KB field a PKS field implements, "Buat PKS", and its date warnings."""

from __future__ import annotations

from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from tracker.agreements.models import Agreement, Field
from tracker.extensions import db
from tracker.i18n import format_day
from tracker.i18n import lazy_gettext as _l
from tracker.permissions import agreement_scope


def parent_fields(parent_id: int | None) -> list[Field]:
    """The active fields of a PKS's parent agreement (what its fields may implement)."""
    if not parent_id:
        return []
    return list(db.session.scalars(
        select(Field).where(Field.agreement_id == parent_id, Field.archived_at.is_(None))
        .order_by(Field.position, Field.id)
    ))


def set_implements_choices(form) -> None:
    """Each field row's "implements" select lists the chosen parent's fields (PKS only)."""
    fields = parent_fields(form.parent_id.data) if form.kind.data == "PKS" else []
    choices = [SelectChoice("", _l("— tidak merujuk bidang KB —"))] + [
        SelectChoice(f.id, f"{f.position}. {f.title[:150]}") for f in fields
    ]
    for row in form.fields.entries:
        row.form.implements_field_id.choices = choices


def check_implements(form) -> bool:
    """A field may only implement a field of its own parent KB, and only in a PKS."""
    allowed = {f.id for f in parent_fields(form.parent_id.data)} if form.kind.data == "PKS" else set()
    valid = True
    for row in form.fields.entries:
        chosen = row.form.implements_field_id.data
        if chosen and chosen not in allowed:
            row.form.implements_field_id.errors = [
                *row.form.implements_field_id.errors,
                str(_l("Pilih bidang dari KB induk naskah ini (hanya untuk PKS).")),
            ]
            valid = False
    return valid


def pks_initial(kb_id, user) -> dict | None:
    """Form data for "Buat PKS": the KB's parties, and one field row per KB field implementing it."""
    kb = db.session.scalar(select(Agreement).where(
        Agreement.id == kb_id, Agreement.kind == "KB", Agreement.archived_at.is_(None), agreement_scope(user)))
    if kb is None:
        return None
    rows = []
    for field in kb.active_fields:
        by_party = {r.agency.party_id: {"agency_id": r.agency_id, "role": r.role}
                    for r in field.responsibilities if r.archived_at is None}
        rows.append({"title": field.title, "government_affair": field.government_affair or "",
                     "implements_field_id": field.id,
                     "agencies": [by_party.get(link.party_id, {}) for link in kb.parties]})
    return {
        "kind": "PKS", "parent_id": kb.id, "government_affair": kb.government_affair or "",
        "title": str(_l("PKS pelaksanaan %(title)s", title=kb.title))[:500],
        "parties": [{"party_id": link.party_id} for link in kb.parties],
        "fields": rows,
    }


def outside(start, end, valid_from, valid_until) -> bool:
    """Whether [start, end] reaches outside [valid_from, valid_until] (open ends never do)."""
    return bool((start and valid_from and start < valid_from) or (end and valid_until and end > valid_until)
                or (start and valid_until and start > valid_until))


def chain_warnings(agreement: Agreement) -> list[str]:
    """A PKS valid beyond its KB, and programmes dated outside the agreement's validity."""
    warnings = []
    parent = agreement.parent
    if agreement.kind == "PKS" and parent is not None and outside(
            agreement.valid_from, agreement.valid_until, parent.valid_from, parent.valid_until):
        warnings.append(str(_l("Masa berlaku PKS ini di luar masa berlaku KB induknya (%(start)s – %(end)s).",
                               start=format_day(parent.valid_from), end=format_day(parent.valid_until))))
    for name in programmes_outside(agreement):
        warnings.append(str(_l("Tanggal program \u201c%(name)s\u201d di luar masa berlaku naskah ini.", name=name)))
    return warnings


def programmes_outside(agreement: Agreement) -> list[str]:
    """Names of the agreement's live programmes whose start or due date lies outside its validity."""
    if agreement.valid_from is None and agreement.valid_until is None:
        return []
    # The agreement page loads its fields' programmes already (agreements.queries): no query here.
    return [p.name for f in agreement.active_fields for p in f.programmes
            if p.archived_at is None and outside(p.start_on, p.due_on, agreement.valid_from, agreement.valid_until)]


def programme_warning(programme) -> str | None:
    """The programme page's warning when its dates reach outside its agreement's validity."""
    agreement = programme.field.agreement
    if outside(programme.start_on, programme.due_on, agreement.valid_from, agreement.valid_until):
        return str(_l("Tanggal program ini di luar masa berlaku naskah kerja samanya (%(start)s – %(end)s).",
                      start=format_day(agreement.valid_from), end=format_day(agreement.valid_until)))
    return None
