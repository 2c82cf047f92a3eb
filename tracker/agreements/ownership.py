"""Who owns what in a shared agreement: each party its own row, everyone the shared facts.

The edit form holds the whole agreement; :func:`split_edit` keeps what the user may change
alone, puts back what belongs to the other parties, and turns what needs their consent
(a new party, other validity dates) into proposed changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.agreements.changes import partners_without_coordinator
from tracker.agreements.models import Agreement
from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.parties.models import Agency

VALIDITY = ("valid_from", "valid_until")


@dataclass
class Split:
    data: dict
    parties: list[dict]
    fields: list[dict]
    proposals: list[tuple[str, dict]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def acts_alone(agreement: Agreement | None, user) -> bool:
    """New agreements, and those whose partners have no coordinator yet, change directly."""
    return agreement is None or partners_without_coordinator(agreement, user.party_id)


def split_edit(agreement: Agreement, data: dict, parties: list[dict], fields: list[dict], user) -> Split:
    """What the user's save does: applied now, proposed to the others, or refused."""
    if acts_alone(agreement, user):
        return Split(data, parties, fields)
    split = Split(dict(data), [], [])
    _split_parties(agreement, parties, user, split)
    _split_validity(agreement, split)
    split.fields = [_own_responsibilities(agreement, row, user) for row in fields]
    return split


def _split_parties(agreement: Agreement, rows: list[dict], user, split: Split) -> None:
    stored = {link.party_id: link for link in agreement.parties}
    submitted = {row["party_id"]: row for row in rows}
    for party_id, link in stored.items():
        if party_id not in submitted:
            split.errors.append(
                _("%(party)s tidak dapat dihapus dari naskah: setiap pihak hanya dapat mengundurkan diri sendiri, "
                  "dengan persetujuan pihak lain.", party=link.party.name))
    for link in agreement.parties:  # stored order: a party's position is not the editor's to move
        row = submitted.get(link.party_id)
        if link.party_id == user.party_id and row is not None:
            split.parties.append(row)
        else:
            split.parties.append({"party_id": link.party_id, "document_number": link.document_number,
                                  "signatory_name": link.signatory_name, "signatory_title": link.signatory_title})
    for party_id in submitted:
        if party_id not in stored:
            split.proposals.append(("add_party", {"party_id": party_id}))


def _split_validity(agreement: Agreement, split: Split) -> None:
    wanted = {name: split.data.get(name) for name in VALIDITY}
    if all(wanted[name] == getattr(agreement, name) for name in VALIDITY):
        return
    split.proposals.append(("validity", {name: value.isoformat() if value else None for name, value in wanted.items()}))
    for name in VALIDITY:
        split.data[name] = getattr(agreement, name)


def _own_responsibilities(agreement: Agreement, row: dict, user) -> dict:
    """The user's party sets its own agencies; the other parties' stay as they are."""
    stored = next((f for f in agreement.fields if row.get("id") and f.id == row["id"]), None)
    kept = [{"agency_id": r.agency_id, "role": r.role} for r in (stored.responsibilities if stored else [])
            if r.archived_at is None and r.agency.party_id != user.party_id]
    own = [r for r in row.get("responsibilities", []) if _agency_party(r["agency_id"]) == user.party_id]
    return {**row, "responsibilities": own + kept}


def _agency_party(agency_id: int) -> int | None:
    agency = db.session.get(Agency, agency_id)
    return agency.party_id if agency else None
