"""A proposal's files: checked and stored like every upload (tracker/attachments), versioned per kind."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from tracker.attachments.services import check_upload, upload_folder, write_checked
from tracker.audit import services as audit
from tracker.extensions import db
from tracker.proposals.models import Proposal, ProposalDocument, ProposalStage


def add_document(proposal: Proposal, file_storage: Any, kind: str, user: Any, note: str | None = None,
                 stage: ProposalStage | None = None) -> ProposalDocument:
    """Store one file; a second draft of the same kind is the next version (revision history)."""
    checked = check_upload(file_storage)
    version = (db.session.scalar(select(func.max(ProposalDocument.version)).where(
        ProposalDocument.proposal_id == proposal.id, ProposalDocument.kind == kind)) or 0) + 1
    document = ProposalDocument(
        proposal=proposal, stage_row=stage, kind=kind, version=version, note=(note or "").strip() or None,
        original_name=checked.original_name, stored_name=write_checked(checked),
        content_type=checked.content_type, size_bytes=len(checked.data), sha256=checked.sha256,
        uploaded_by_id=getattr(user, "id", None))
    db.session.add(document)
    db.session.flush()
    audit.record("document", proposal, {"document_kind": (None, kind), "version": (None, version),
                                        "original_name": (None, checked.original_name)},
                 summary=document.note or proposal.title, user=user)
    return document


def path_of(document: ProposalDocument):
    return upload_folder() / document.stored_name
