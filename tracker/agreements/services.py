"""Writes to agreements: create, update and the recorded decisions, each audited.

``parties`` rows are dicts ``{party_id, document_number, signatory_name, signatory_title}``
in role order (Pihak Kesatu first); ``fields`` rows are dicts ``{id?, title,
government_affair, responsibilities: [{agency_id, role}]}``.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from tracker.agreements.models import (
    KINDS_WITH_PARENT,
    Agreement,
    AgreementExtension,
    AgreementParty,
    Field,
    Responsibility,
)
from tracker.audit import services as audit
from tracker.core.archived import ensure_live
from tracker.core.clock import today as clock_today
from tracker.core.clock import utcnow
from tracker.extensions import db
from tracker.i18n import lazy_gettext as _l
from tracker.parties.models import Party

AGREEMENT_COLUMNS = (
    "kind",
    "title",
    "government_affair",
    "parent_id",
    "signed_on",
    "signed_place",
    "valid_from",
    "valid_until",
    "dprd_approval_required",
    "dprd_approved_on",
    "notes",
)


class AgreementError(ValueError):
    """A decision that cannot be recorded; the message is for the user."""


def _clean(data: dict) -> dict:
    values = {name: data.get(name) for name in AGREEMENT_COLUMNS if name in data}
    if values.get("kind") not in KINDS_WITH_PARENT:
        values["parent_id"] = None
    return values


def party_label(links: list[AgreementParty]) -> str:
    """The parties in order with their document numbers, as the history and conflict rows show them."""
    return "; ".join(
        f"{link.position}. {link.party.name if link.party else link.party_id}"
        f"{' (' + link.document_number + ')' if link.document_number else ''}"
        for link in links
    )


def field_label(fields: list[Field]) -> str:
    return "; ".join(_field_text(f) for f in fields if f.archived_at is None)


def _field_text(field: Field) -> str:
    """A field's title, and for a PKS field the KB field it implements (so the link is audited)."""
    kb_field = db.session.get(Field, field.implements_field_id) if field.implements_field_id else None
    return f"{field.title} → {kb_field.title}" if kb_field is not None else field.title


def typed_labels(parties: list[dict], fields: list[dict]) -> tuple[str, str]:
    """``party_label`` and ``field_label`` of what the edit form holds, before it is saved."""
    links = [
        SimpleNamespace(position=position, party=db.session.get(Party, row["party_id"]),
                        party_id=row["party_id"], document_number=row["document_number"])
        for position, row in enumerate(parties, start=1)
    ]
    return party_label(links), "; ".join(row["title"] for row in fields)


def create_agreement(data: dict, parties: list[dict], fields: list[dict], user) -> Agreement:
    """Record a new agreement with its parties, fields and responsible agencies."""
    agreement = Agreement(created_by_id=getattr(user, "id", None), **_clean(data))
    db.session.add(agreement)
    _sync_parties(agreement, parties, founding=True)
    db.session.flush()
    _sync_fields(agreement, fields)
    db.session.flush()
    changes = audit.snapshot(agreement, AGREEMENT_COLUMNS)
    changes["parties"] = (None, party_label(agreement.parties))
    changes["fields"] = (None, field_label(agreement.fields))
    audit.record("create", agreement, changes, summary=agreement.title, user=user)
    return agreement


def update_agreement(agreement: Agreement, data: dict, parties: list[dict], fields: list[dict], user) -> dict:
    """Apply the edit form; returns the audited changes (empty when nothing changed)."""
    ensure_live(agreement)
    before_parties = party_label(agreement.parties)
    before_fields = field_label(agreement.fields)
    changes = audit.apply_changes(agreement, _clean(data))
    _sync_parties(agreement, parties)
    db.session.flush()
    _sync_fields(agreement, fields)
    db.session.flush()
    after_parties, after_fields = party_label(agreement.parties), field_label(agreement.fields)
    if after_parties != before_parties:
        changes["parties"] = (before_parties, after_parties)
    if after_fields != before_fields:
        changes["fields"] = (before_fields, after_fields)
    # Touch the row so its version moves even when only parties or fields changed:
    # a concurrent editor must see the conflict.
    agreement.updated_at = utcnow()
    db.session.flush()
    if changes:
        audit.record("update", agreement, changes, summary=agreement.title, user=user)
    return changes


def record_update(agreement: Agreement, changes: dict, user) -> None:
    """Audit a change applied outside the edit form (a consented decision); moves the version."""
    agreement.updated_at = utcnow()
    db.session.flush()
    if changes:
        audit.record("update", agreement, changes, summary=agreement.title, user=user)


def set_validity(agreement: Agreement, values: dict, user) -> None:
    """Apply new validity dates (agreed by every party)."""
    record_update(agreement, audit.apply_changes(agreement, values), user)


def withdraw_party(agreement: Agreement, party_id: int, user) -> None:
    """A party leaves the agreement (agreed by the others); its programmes stay with the record."""
    link = next((link for link in agreement.parties if link.party_id == party_id), None)
    if link is None:
        return
    before = party_label(agreement.parties)
    agreement.parties.remove(link)
    for position, other in enumerate(agreement.parties, start=1):
        other.position = position
    db.session.flush()
    record_update(agreement, {"parties": (before, party_label(agreement.parties))}, user)


def _sync_parties(agreement: Agreement, rows: list[dict], founding: bool = False) -> None:
    existing = {link.party_id: link for link in agreement.parties}
    links = []
    for position, row in enumerate(rows, start=1):
        link = existing.pop(row["party_id"], None) or AgreementParty(
            party_id=row["party_id"], joined_at=None if founding else utcnow())
        link.position = position
        link.document_number = row.get("document_number") or None
        link.signatory_name = row.get("signatory_name") or None
        link.signatory_title = row.get("signatory_title") or None
        links.append(link)
    agreement.parties = links


def _sync_fields(agreement: Agreement, rows: list[dict]) -> None:
    existing = {f.id: f for f in agreement.fields if f.archived_at is None}
    for position, row in enumerate(rows, start=1):
        field = existing.pop(row.get("id"), None) if row.get("id") else None
        if field is None:
            field = Field(agreement=agreement, title=row["title"])
            db.session.add(field)
        field.position = position
        field.title = row["title"]
        field.government_affair = row.get("government_affair") or None
        field.implements_field_id = row.get("implements_field_id") or None
        db.session.flush()
        _sync_responsibilities(field, row.get("responsibilities", []))
    for field in existing.values():
        # Removed rows are archived, not deleted: programmes and history hang off them.
        field.archived_at = utcnow()


def _sync_responsibilities(field: Field, rows: list[dict]) -> None:
    wanted = {row["agency_id"]: row.get("role") or "lead" for row in rows if row.get("agency_id")}
    current = {r.agency_id: r for r in field.responsibilities}
    for agency_id, role in wanted.items():
        resp = current.get(agency_id)
        if resp is None:
            db.session.add(Responsibility(field=field, agency_id=agency_id, role=role))
        else:
            resp.role = role
            resp.archived_at = None
    for agency_id, resp in current.items():
        if agency_id not in wanted and resp.archived_at is None:
            resp.archived_at = utcnow()


def check_terminate(agreement: Agreement, terminated_on: date, reason: str) -> None:
    """Raise AgreementError when this termination cannot be recorded."""
    ensure_live(agreement)
    if agreement.terminated_on is not None:
        raise AgreementError(str(_l("Naskah ini sudah diakhiri.")))
    reason = (reason or "").strip()
    if not reason:
        raise AgreementError(str(_l("Alasan pengakhiran wajib diisi.")))
    start = agreement.valid_from or agreement.signed_on
    if start and terminated_on < start:
        raise AgreementError(str(_l("Tanggal pengakhiran tidak boleh sebelum naskah mulai berlaku.")))


def terminate(agreement: Agreement, terminated_on: date, reason: str, user) -> None:
    """Record the decision to end an agreement early (tanggal dan alasan pengakhiran)."""
    check_terminate(agreement, terminated_on, reason)
    reason = reason.strip()
    changes = audit.apply_changes(agreement, {"terminated_on": terminated_on, "termination_reason": reason})
    db.session.flush()
    audit.record("terminate", agreement, changes, summary=reason, user=user)


def check_extend(agreement: Agreement, new_valid_until: date, reason: str, decided_on: date) -> None:
    """Raise AgreementError when this extension cannot be recorded."""
    ensure_live(agreement)
    reason = (reason or "").strip()
    if agreement.terminated_on is not None:
        raise AgreementError(str(_l("Naskah yang sudah diakhiri tidak dapat diperpanjang.")))
    if not reason:
        raise AgreementError(str(_l("Alasan perpanjangan wajib diisi.")))
    if agreement.valid_until and new_valid_until <= agreement.valid_until:
        raise AgreementError(str(_l("Tanggal berakhir yang baru harus sesudah tanggal berakhir sekarang.")))
    if new_valid_until < decided_on:
        raise AgreementError(str(_l("Tanggal berakhir yang baru tidak boleh sebelum hari ini.")))


def extend(agreement: Agreement, new_valid_until: date, reason: str, user, decided_on: date | None = None) -> AgreementExtension:
    """Record an extension: the previous end stays on the extension and in the history."""
    decided_on = decided_on or clock_today()
    check_extend(agreement, new_valid_until, reason, decided_on)
    reason = reason.strip()
    extension = AgreementExtension(
        agreement=agreement,
        decided_on=decided_on,
        previous_valid_until=agreement.valid_until,
        new_valid_until=new_valid_until,
        reason=reason,
        created_by_id=getattr(user, "id", None),
    )
    db.session.add(extension)
    changes = audit.apply_changes(agreement, {"valid_until": new_valid_until})
    db.session.flush()
    audit.record("extend", agreement, changes, summary=reason, user=user)
    return extension


def archive(agreement: Agreement, user) -> None:
    """Hide an agreement from lists; its history and programmes stay."""
    audit.archive(agreement, agreement.title, user)


def restore(agreement: Agreement, user) -> None:
    """Bring an archived agreement back into lists, as it was when archived."""
    audit.restore(agreement, agreement.title, user)
