"""Writes to proposals: record, move through the stages, answer, attach; each audited and flushed.

Signing the KB (and later the PKS) creates the agreement record from what the proposal holds:
its parties, intended fields, urusan, the signing date and place of the stage.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import current_app

from tracker.agreements import services as agreements
from tracker.agreements.models import Agreement
from tracker.audit import services as audit
from tracker.core.clock import today as clock_today
from tracker.extensions import db
from tracker.i18n import lazy_gettext as _l
from tracker.parties.models import Party
from tracker.proposals import answers
from tracker.proposals.models import STAGES, Proposal, ProposalField, ProposalStage

PROPOSAL_COLUMNS = ("title", "government_affair", "cooperation_type", "reason", "expected_benefit", "dprd_required")
STAGE_COLUMNS = ("due_on", "responsible_agency_id", "responsible_person", "notes")
# The offer and the signing of the KB make a proposal what it is: they cannot be skipped.
UNSKIPPABLE = ("penawaran", "penandatanganan_kb")
AFTER_ANSWER = STAGES[STAGES.index("penawaran") + 1:]


class ProposalError(ValueError):
    """A step that cannot be taken; the message is for the user."""


def stage_days() -> dict[str, int]:
    """Days each stage is given (setting PROPOSAL_STAGE_DAYS, ``stage=days,…``)."""
    days = {}
    for part in str(current_app.config.get("PROPOSAL_STAGE_DAYS", "")).split(","):
        key, _sep, value = part.partition("=")
        if key.strip() in STAGES and value.strip().isdigit():
            days[key.strip()] = int(value)
    return days


def _start(stage: ProposalStage, on: date) -> None:
    """A stage becomes current: it starts today and is due after its setting's days."""
    if stage.started_on is None:
        stage.started_on = on
    if stage.due_on is None and stage.stage in stage_days():
        stage.due_on = on + timedelta(days=stage_days()[stage.stage])


def create_proposal(data: dict, fields: list[dict], user: Any, agency_id: int | None = None) -> Proposal:
    """Record a proposal with its intended fields; persiapan starts at once."""
    if not fields:
        raise ProposalError(str(_l("Isi sedikitnya satu bidang kerja sama yang diusulkan.")))
    if data["counterpart_party_id"] == user.party_id:
        raise ProposalError(str(_l("Mitra kerja sama harus Pemda atau pihak lain, bukan Pemda sendiri.")))
    proposal = Proposal(proposer_party_id=user.party_id, counterpart_party_id=data["counterpart_party_id"],
                        created_by_id=user.id, **{k: data.get(k) for k in PROPOSAL_COLUMNS})
    proposal.fields = [ProposalField(position=i, title=f["title"], government_affair=f.get("government_affair"))
                       for i, f in enumerate(fields, start=1)]
    proposal.stages = [ProposalStage(stage=key, position=i, responsible_agency_id=agency_id)
                       for i, key in enumerate(STAGES, start=1)]
    if not proposal.dprd_required:
        proposal.stage("persetujuan_dprd").skipped_reason = str(_l("Tidak memerlukan persetujuan DPRD."))
    _start(proposal.stages[0], clock_today())
    db.session.add(proposal)
    db.session.flush()
    changes = audit.snapshot(proposal, PROPOSAL_COLUMNS)
    changes["counterpart"] = (None, db.session.get(Party, proposal.counterpart_party_id).name)
    changes["fields"] = (None, "; ".join(f.title for f in proposal.fields))
    audit.record("create", proposal, changes, summary=proposal.title, user=user)
    return proposal


def update_stage(stage: ProposalStage, values: dict, user: Any) -> dict:
    """Change a stage's due date, responsible agency or person, notes."""
    changes = audit.apply_changes(stage, {k: values.get(k) for k in STAGE_COLUMNS if k in values})
    db.session.flush()
    if changes:
        audit.record("update", stage.proposal, {"stage": (None, stage.stage), **changes},
                     summary=stage.proposal.title, user=user)
    return changes


def _check_turn(stage: ProposalStage) -> None:
    proposal = stage.proposal
    if proposal.answer == "declined":
        raise ProposalError(str(_l("Usulan ini ditolak mitra; tahapannya tidak dapat dilanjutkan.")))
    if proposal.current_stage is not stage:
        raise ProposalError(str(_l("Selesaikan atau lewati tahap sebelumnya lebih dulu.")))
    if stage.stage in AFTER_ANSWER and proposal.answer != "proceed":
        raise ProposalError(str(_l("Tahap ini menunggu jawaban mitra atas penawaran.")))


def complete_stage(stage: ProposalStage, done_on: date, user: Any, **signing) -> Agreement | None:
    """Mark the current stage done on ``done_on``; signing stages create the KB or PKS record."""
    _check_turn(stage)
    if stage.started_on and done_on < stage.started_on:
        raise ProposalError(str(_l("Tanggal selesai tidak boleh sebelum tahap dimulai.")))
    if done_on > clock_today():
        raise ProposalError(str(_l("Tanggal selesai tidak boleh di masa depan.")))
    proposal = stage.proposal
    if signing.get("place") is not None:
        stage.place = signing["place"] or None
    if stage.stage.startswith("penandatanganan") and not stage.place:
        raise ProposalError(str(_l("Tempat penandatanganan wajib diisi.")))
    stage.done_on = done_on
    db.session.flush()
    changes = {"stage": (None, stage.stage), "done_on": (None, done_on)}
    if stage.place:
        changes["place"] = (None, stage.place)
    audit.record("stage_done", proposal, changes, summary=proposal.title, user=user)
    created = _after_done(stage, user, signing)
    if proposal.current_stage is not None:
        _start(proposal.current_stage, done_on)
    return created


def _after_done(stage: ProposalStage, user: Any, signing: dict) -> Agreement | None:
    proposal = stage.proposal
    if stage.stage == "penawaran":
        proposal.offered_on = stage.done_on
        answers.offer(proposal, user)
    elif stage.stage == "penandatanganan_kb":
        return sign_kb(proposal, stage, user, signing)
    elif stage.stage == "penandatanganan_pks":
        return sign_pks(proposal, stage, user, signing)
    return None


def skip_stage(stage: ProposalStage, reason: str, user: Any) -> None:
    """A stage that does not apply (e.g. no DPRD approval needed) is passed with its reason."""
    _check_turn(stage)
    reason = (reason or "").strip()
    if stage.stage in UNSKIPPABLE:
        raise ProposalError(str(_l("Tahap ini tidak dapat dilewati.")))
    if not reason:
        raise ProposalError(str(_l("Alasan melewati tahap wajib diisi.")))
    stage.skipped_reason = reason
    db.session.flush()
    audit.record("stage_skipped", stage.proposal, {"stage": (None, stage.stage), "skipped_reason": (None, reason)},
                 summary=stage.proposal.title, user=user)
    if stage.proposal.current_stage is not None:
        _start(stage.proposal.current_stage, clock_today())


def _party_rows(proposal: Proposal, signing: dict) -> list[dict]:
    return [{"party_id": proposal.proposer_party_id, "document_number": signing.get("proposer_number")},
            {"party_id": proposal.counterpart_party_id, "document_number": signing.get("counterpart_number")}]


def sign_kb(proposal: Proposal, stage: ProposalStage, user: Any, signing: dict) -> Agreement:
    """The KB record from the proposal: parties, fields, urusan, signing date and place."""
    dprd = proposal.stage("persetujuan_dprd")
    data = {"kind": "KB", "title": proposal.title, "government_affair": proposal.government_affair,
            "signed_on": stage.done_on, "signed_place": stage.place, "valid_from": stage.done_on,
            "valid_until": signing.get("valid_until"), "dprd_approval_required": proposal.dprd_required,
            "dprd_approved_on": dprd.done_on if dprd else None,
            "notes": str(_l("Dicatat dari usulan kerja sama #%(id)s.", id=proposal.id))}
    fields = [{"title": f.title, "government_affair": f.government_affair} for f in proposal.fields]
    kb = agreements.create_agreement(data, _party_rows(proposal, signing), fields, user)
    proposal.kb_agreement = kb
    db.session.flush()
    audit.record("signed_kb", proposal, {"kb_agreement_id": (None, kb.id)}, summary=proposal.title, user=user)
    return kb


def sign_pks(proposal: Proposal, stage: ProposalStage, user: Any, signing: dict) -> Agreement:
    """The PKS record implementing the proposal's KB, with the KB's fields."""
    kb = proposal.kb_agreement
    if kb is None:
        raise ProposalError(str(_l("PKS hanya dapat dicatat sesudah KB ditandatangani.")))
    data = {"kind": "PKS", "parent_id": kb.id, "title": str(_l("PKS %(title)s", title=proposal.title)),
            "government_affair": proposal.government_affair, "signed_on": stage.done_on,
            "signed_place": stage.place, "valid_from": stage.done_on, "valid_until": signing.get("valid_until"),
            "dprd_approval_required": kb.dprd_approval_required, "dprd_approved_on": kb.dprd_approved_on,
            "notes": str(_l("Dicatat dari usulan kerja sama #%(id)s.", id=proposal.id))}
    fields = [{"title": f.title, "government_affair": f.government_affair} for f in kb.active_fields]
    pks = agreements.create_agreement(data, _party_rows(proposal, signing), fields, user)
    proposal.pks_agreement = pks
    db.session.flush()
    audit.record("signed_pks", proposal, {"pks_agreement_id": (None, pks.id)}, summary=proposal.title, user=user)
    return pks


def offer_again(proposal: Proposal, user: Any) -> None:
    """Ask the counterpart once more after its answer request lapsed or was withdrawn."""
    if not answers.may_offer_again(proposal):
        raise ProposalError(str(_l("Penawaran ini masih menunggu jawaban atau sudah dijawab.")))
    answers.offer(proposal, user)


def archive(proposal: Proposal, user: Any) -> None:
    """Withdraw a proposal: out of the lists and the pipeline, its history kept."""
    audit.archive(proposal, proposal.title, user)


answers.register()
