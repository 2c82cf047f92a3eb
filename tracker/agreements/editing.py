"""The agreement form's moving parts: rows added/removed without JavaScript, choices, checks."""

from __future__ import annotations

from collections import defaultdict

from flask import request
from wtforms.fields.choices import SelectChoice

from tracker import labels
from tracker.agreements import chain
from tracker.agreements.forms import AgreementForm, int_or_none
from tracker.agreements.models import KINDS_WITH_PARENT, Agreement
from tracker.agreements.queries import (
    agencies_by_party,
    document_number_taken,
    parent_candidates,
    party_choices,
)
from tracker.i18n import lazy_gettext as _l

NEW_FIELD_ROWS = 2
FORM_COLUMNS = (
    "kind", "title", "government_affair", "parent_id", "signed_on", "signed_place",
    "valid_from", "valid_until", "dprd_approval_required", "dprd_approved_on", "notes",
)


def initial_data(agreement: Agreement | None, user) -> dict:
    """Form data for a GET: the stored agreement, or two party rows led by the user's own party."""
    if agreement is None:
        pks = chain.pks_initial(int_or_none(request.args.get("kb")), user) if request.args.get("kb") else None
        return pks or {
            "parties": [{"party_id": user.party_id}, {}],
            "fields": [{} for _ in range(NEW_FIELD_ROWS)],
        }
    fields = []
    for field in agreement.active_fields:
        by_party = {
            r.agency.party_id: {"agency_id": r.agency_id, "role": r.role}
            for r in field.responsibilities
            if r.archived_at is None
        }
        fields.append(
            {
                "id": str(field.id),
                "title": field.title,
                "government_affair": field.government_affair or "",
                "implements_field_id": field.implements_field_id,
                "agencies": [by_party.get(link.party_id, {}) for link in agreement.parties],
            }
        )
    columns = {name: getattr(agreement, name) for name in FORM_COLUMNS}
    columns["government_affair"] = columns["government_affair"] or ""
    return {
        **columns,
        "version": str(agreement.version),
        "parties": [
            {
                "party_id": link.party_id,
                "document_number": link.document_number,
                "signatory_name": link.signatory_name,
                "signatory_title": link.signatory_title,
            }
            for link in agreement.parties
        ],
        "fields": fields,
    }


def build_form(user, agreement: Agreement | None = None) -> tuple[AgreementForm, bool]:
    """The form for this request; True when a row button (add/remove/refresh) was pressed."""
    if request.method == "POST":
        form = AgreementForm()
    else:
        form = AgreementForm(data=initial_data(agreement, user))
    restructured = request.method == "POST" and _apply_row_action(form)
    _align_agency_rows(form)
    set_choices(form, user, agreement)
    return form, restructured


def _apply_row_action(form: AgreementForm) -> bool:
    """Handle 'Tambah baris', 'Tambah pihak' and the remove buttons (no JavaScript needed)."""
    if form.add_field.data:
        form.fields.append_entry()
        return True
    if form.add_party.data:
        form.parties.append_entry()
        return True
    if form.refresh.data:
        return True
    for name, rows in (("remove_field", form.fields), ("remove_party", form.parties)):
        index = int_or_none(request.form.get(name))
        if name in request.form:
            if index is not None and 0 <= index < len(rows.entries):
                rows.entries.pop(index)
                if name == "remove_party":
                    for row in form.fields.entries:
                        if index < len(row.form.agencies.entries):
                            row.form.agencies.entries.pop(index)
                rows._compact_indices()
            return True
    return False


def _align_agency_rows(form: AgreementForm) -> None:
    """Every field row gets one agency choice per party row, in the same order."""
    wanted = len(form.parties.entries)
    for row in form.fields.entries:
        agencies = row.form.agencies
        while len(agencies.entries) < wanted:
            agencies.append_entry()
        while len(agencies.entries) > wanted:
            agencies.entries.pop()
        agencies._compact_indices()


def set_choices(form: AgreementForm, user, agreement: Agreement | None) -> None:
    """Parties grouped by province (own first), parents, and each party's agencies."""
    form.party_options = party_choices(user)
    form.party_names = {p.id: p.name for p in form.party_options}
    grouped = _grouped_parties(form.party_options, user)
    for row in form.parties.entries:
        row.form.party_id.choices = grouped
    exclude = agreement.id if agreement is not None else None
    form.parent_id.choices = [SelectChoice("", _l("— tanpa induk —"))] + [
        SelectChoice(a.id, f"{a.kind} · {a.title[:120]}") for a in parent_candidates(user, exclude)
    ]
    party_ids = [row.form.party_id.data for row in form.parties.entries]
    agencies = agencies_by_party([pid for pid in party_ids if pid])
    for row in form.fields.entries:
        for pid, sub in zip(party_ids, row.form.agencies.entries, strict=False):
            sub.form.agency_id.choices = [SelectChoice("", _l("— belum ditentukan —"))] + [
                SelectChoice(a.id, a.name) for a in agencies.get(pid, [])
            ]
    chain.set_implements_choices(form)


def _grouped_parties(parties, user) -> list[SelectChoice]:
    """Select options with optgroups: the user's party, then each province, then third parties."""
    provinces = {p.region_code: p.name for p in parties if p.kind == "provinsi"}
    groups: dict = defaultdict(list)
    own_label = str(_l("Pihak Anda"))
    third_label = str(labels.PARTY_KIND["pihak_ketiga"])
    groups[""] = [("", str(_l("— pilih pihak —")))]
    for party in parties:
        text = f"{party.region_code} · {party.name}" if party.region_code else party.name
        if party.id == user.party_id:
            groups[own_label].append((party.id, text))
        elif party.kind == "pihak_ketiga":
            groups[third_label].append((party.id, text))
        else:
            key = party.region_code if party.kind == "provinsi" else party.province_code
            groups[provinces.get(key, key or "")].append((party.id, text))
    third = groups.pop(third_label, None)
    if third:
        groups[third_label] = third
    # One option list, each option naming its group: the placeholder's group is "", as before.
    return [SelectChoice(value, text, optgroup=group) for group, options in groups.items() for value, text in options]


def check(form: AgreementForm, user, agreement: Agreement | None) -> bool:
    """Validate the form and the rules that span rows; messages go next to the inputs."""
    valid = form.validate()
    if form.valid_from.data and form.valid_until.data and form.valid_until.data < form.valid_from.data:
        _error(form.valid_until, _l("Tanggal berakhir tidak boleh sebelum tanggal mulai berlaku."))
        valid = False
    if form.kind.data in KINDS_WITH_PARENT:
        choices = {choice.value for choice in form.parent_id.choices if choice.value != ""}
        if form.parent_id.data not in choices:
            _error(form.parent_id, _l("Pilih naskah induk untuk PKS atau adendum."))
            valid = False
    if form.dprd_approved_on.data and not form.dprd_approval_required.data:
        form.dprd_approval_required.data = True
    return _check_parties(form, user, agreement) & _check_fields(form) & chain.check_implements(form) & valid


def _check_parties(form: AgreementForm, user, agreement: Agreement | None) -> bool:
    valid = True
    known = {p.id for p in form.party_options}
    seen: set[int] = set()
    for row in form.parties.entries:
        sub = row.form
        pid = sub.party_id.data
        if pid is None:
            if sub.document_number.data or sub.signatory_name.data:
                _error(sub.party_id, _l("Pilih pihaknya."))
                valid = False
            continue
        if pid not in known:
            _error(sub.party_id, _l("Pihak tidak dikenal."))
            valid = False
        elif pid in seen:
            _error(sub.party_id, _l("Satu pihak hanya boleh tercatat sekali dalam satu naskah."))
            valid = False
        seen.add(pid)
        number = (sub.document_number.data or "").strip()
        # Only a party's own numbers are checked: a clash with another party's numbers would
        # reveal an agreement the user cannot see.
        if pid == user.party_id and number and document_number_taken(pid, number, agreement.id if agreement else None):
            _error(sub.document_number, _l("Nomor naskah ini sudah dipakai oleh pihak yang sama untuk naskah lain."))
            valid = False
    if len(seen) < 2:
        form.party_errors.append(str(_l("Naskah kerja sama memerlukan sedikitnya dua pihak.")))
        valid = False
    if user.party_id not in seen:
        form.party_errors.append(str(_l("Pihak Anda sendiri harus menjadi salah satu pihak.")))
        valid = False
    return valid


def _check_fields(form: AgreementForm) -> bool:
    valid = True
    party_ids = [row.form.party_id.data for row in form.parties.entries]
    allowed = agencies_by_party([pid for pid in party_ids if pid])
    for row in form.fields.entries:
        sub = row.form
        chosen = [(pid, a.form.agency_id.data) for pid, a in zip(party_ids, sub.agencies.entries, strict=False)]
        if not (sub.title.data or "").strip():
            if any(agency for _pid, agency in chosen):
                _error(sub.title, _l("Isi nama bidang atau kosongkan perangkat daerahnya."))
                valid = False
            continue
        for (pid, agency_id), agency_row in zip(chosen, sub.agencies.entries, strict=False):
            if agency_id and agency_id not in {a.id for a in allowed.get(pid, [])}:
                _error(agency_row.form.agency_id, _l("Perangkat daerah ini bukan milik pihak tersebut."))
                valid = False
    return valid


def _error(field, message) -> None:
    field.errors = [*field.errors, str(message)]


def payload(form: AgreementForm) -> tuple[dict, list[dict], list[dict]]:
    """The form as the plain (data, parties, fields) the services take; blank rows dropped."""
    data = {name: getattr(form, name).data for name in FORM_COLUMNS}
    data["title"] = data["title"].strip()
    for name in ("government_affair", "signed_place", "notes"):
        data[name] = (data[name] or "").strip() or None
    parties = [
        {
            "party_id": row.form.party_id.data,
            "document_number": (row.form.document_number.data or "").strip() or None,
            "signatory_name": (row.form.signatory_name.data or "").strip() or None,
            "signatory_title": (row.form.signatory_title.data or "").strip() or None,
        }
        for row in form.parties.entries
        if row.form.party_id.data
    ]
    fields = [
        {
            "id": int_or_none(row.form.id.data),
            "title": row.form.title.data.strip(),
            "government_affair": row.form.government_affair.data or None,
            "implements_field_id": row.form.implements_field_id.data if form.kind.data == "PKS" else None,
            "responsibilities": [
                {"agency_id": a.form.agency_id.data, "role": a.form.role.data}
                for a in row.form.agencies.entries
                if a.form.agency_id.data
            ],
        }
        for row in form.fields.entries
        if (row.form.title.data or "").strip()
    ]
    return data, parties, fields
