"""Rules for proposals.*: the proposing Pemda works a proposal, the counterpart answers once offered,
the province reads its kab/kota's proposals."""

import io
from datetime import date
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from tests.route_rules import FORBIDDEN, LOGIN, NOT_FOUND, OK, SIGNED_IN, Rule
from tests.samples import PNG
from tracker.proposals.models import STAGES, Proposal, ProposalDocument, ProposalField, ProposalStage

PROPOSERS = {"anon": LOGIN, "leader/*": FORBIDDEN, "*": OK}
# Work on the current stage: the own Pemda's admins and the officers of the responsible agency.
STAGE_WORK = {"anon": LOGIN, "admin/own-pemda/*": OK, "officer/own-pemda/own-agency": OK, "*": FORBIDDEN}
OWN_ADMIN = {"anon": LOGIN, "admin/own-pemda/*": OK, "*": FORBIDDEN}
UNOFFERED = {"anon": LOGIN, "*/other-pemda/*": NOT_FOUND, "*": OK}


def proposal(w, offered: bool = True) -> Proposal:
    """Own → other, persiapan and penawaran done when ``offered`` (the answer is pending)."""
    row = Proposal(title="Usulan uji", proposer=w.own, counterpart=w.other, reason="Alasan",
                   expected_benefit="Manfaat", offered_on=date(2026, 1, 10) if offered else None)
    row.fields = [ProposalField(title="Bidang usulan", position=1)]
    row.stages = [ProposalStage(stage=key, position=i, responsible_agency=w.own_agency)
                  for i, key in enumerate(STAGES, start=1)]
    if offered:
        row.stages[0].done_on = row.stages[1].done_on = date(2026, 1, 10)
    w.db.session.add(row)
    w.db.session.commit()
    return row


def _at(endpoint, offered=True, **extra):
    def url(w):
        row = proposal(w, offered)
        return w.url(endpoint, proposal_id=row.id, **{k: v(row) for k, v in extra.items()})
    return url


def _current(row):
    return row.current_stage.id


def _document(offered=True):
    def url(w):
        row = proposal(w, offered)
        folder = Path(current_app.config["UPLOAD_FOLDER"])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "uji-surat.png").write_bytes(PNG)
        doc = ProposalDocument(proposal=row, kind="offer_letter", original_name="surat.png",
                               stored_name="uji-surat.png", content_type="image/png", size_bytes=len(PNG),
                               sha256="0" * 64)
        w.db.session.add(doc)
        w.db.session.commit()
        return w.url("proposals.document", document_id=doc.id)
    return url


def _stage_data(w):
    row = w.db.session.scalar(select(Proposal))
    return {f"s{row.current_stage.id}-responsible_person": "Budi"}


RULES = [
    Rule("proposals.list", SIGNED_IN),
    Rule("proposals.list", SIGNED_IN, name="filtered", url=lambda w: w.url("proposals.list", stage="penawaran", open="1")),
    Rule("proposals.add", PROPOSERS),
    Rule("proposals.add", PROPOSERS, method="POST", data=lambda w: {
        "title": "Usulan baru", "counterpart_party_id": str(w.third.id), "fields_text": "Bidang",
        "reason": "Alasan", "expected_benefit": "Manfaat"}),
    Rule("proposals.detail", SIGNED_IN, url=_at("proposals.detail")),
    Rule("proposals.detail", UNOFFERED, url=_at("proposals.detail", offered=False), name="unoffered"),
    Rule("proposals.stage", STAGE_WORK, method="POST", url=_at("proposals.stage", stage_id=_current),
         data=_stage_data),
    Rule("proposals.complete", STAGE_WORK, method="POST", url=_at("proposals.complete", stage_id=_current),
         data=lambda w: {"done-done_on": "2026-01-12"}),
    Rule("proposals.skip", STAGE_WORK, method="POST", url=_at("proposals.skip", stage_id=_current),
         data=lambda w: {"skip-reason": "Tidak diperlukan"}),
    Rule("proposals.upload", STAGE_WORK, method="POST", url=_at("proposals.upload"),
         data=lambda w: {"doc-kind": "draft_kb", "doc-file": (io.BytesIO(PNG), "rancangan.png")}),
    Rule("proposals.document", SIGNED_IN, url=_document()),
    Rule("proposals.document", UNOFFERED, url=_document(offered=False), name="unoffered"),
    Rule("proposals.offer", OWN_ADMIN, method="POST", url=_at("proposals.offer")),
    Rule("proposals.archive", OWN_ADMIN, method="POST", url=_at("proposals.archive")),
]