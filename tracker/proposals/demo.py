"""Example proposals for ``flask demo``: the founding KB's own history, and one stuck with Kobar."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from tracker.attachments.services import CheckedFile, write_checked
from tracker.audit import services as audit
from tracker.core.clock import today as clock_today
from tracker.extensions import db
from tracker.parties.services import region
from tracker.proposals.models import STAGES, Proposal, ProposalDocument, ProposalField, ProposalStage
from tracker.register.models import RegisterEntry

# A one-page PDF standing in for a scanned letter (clearly marked as an example).
LETTER = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
          b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def _stages(proposal: Proposal, agency, rows: dict) -> None:
    """``rows``: stage -> (started, due, done, skipped reason, place, notes)."""
    proposal.stages = []
    for position, key in enumerate(STAGES, start=1):
        started, due, done, skipped, place, notes = rows.get(key, (None,) * 6)
        proposal.stages.append(ProposalStage(stage=key, position=position, started_on=started, due_on=due,
                                             done_on=done, skipped_reason=skipped, place=place, notes=notes,
                                             responsible_agency=agency))


def _letter(proposal: Proposal, kind: str, name: str, note: str, stage_key: str, version: int = 1) -> None:
    checked = CheckedFile(name, "pdf", "application/pdf", LETTER, hashlib.sha256(LETTER).hexdigest())
    proposal.documents.append(ProposalDocument(
        kind=kind, version=version, note=note, original_name=name, stored_name=write_checked(checked),
        content_type="application/pdf", size_bytes=len(LETTER), sha256=checked.sha256,
        stage_row=proposal.stage(stage_key)))


def founding_proposal(kb, fields: list[tuple], agencies: dict, kotim_admin, seruyan_admin) -> Proposal:
    """How the Kotim–Seruyan KB came about: offer in October 2025, TKKSD, signing in Sampit."""
    kotim, seruyan = region("62.02"), region("62.07")
    proposal = Proposal(
        title=kb.title, proposer=kotim, counterpart=seruyan, government_affair="lainnya", cooperation_type="wajib",
        reason="Kedua kabupaten berbatasan dan menghadapi masalah yang sama: anak tidak sekolah, kebutuhan benih "
               "ikan, bencana dan kebakaran permukiman. (contoh data)",
        expected_benefit="Penanganan bersama lebih cepat dan lebih murah daripada sendiri-sendiri.",
        offered_on=date(2025, 10, 13), answer="proceed", answered_on=date(2025, 10, 20),
        answered_by_id=seruyan_admin.id, kb_agreement=kb, created_by_id=kotim_admin.id)
    proposal.fields = [ProposalField(position=i, title=t, government_affair=a)
                       for i, (t, a, *_rest) in enumerate(fields, start=1)]
    _stages(proposal, agencies["Dinas Pendidikan"], {
        "persiapan": (date(2025, 9, 15), date(2025, 10, 15), date(2025, 10, 6), None, None,
                      "Pemetaan urusan dan analisis manfaat oleh Bagian Kerja Sama."),
        "penawaran": (date(2025, 10, 6), date(2025, 11, 5), date(2025, 10, 13), None, None,
                      "Surat penawaran Bupati Kotawaringin Timur kepada Bupati Seruyan."),
        "penyusunan_kb": (date(2025, 10, 20), date(2025, 11, 20), date(2025, 10, 28), None, None,
                          "Rancangan KB dibahas dalam rapat TKKSD 22 Oktober 2025."),
        "penandatanganan_kb": (date(2025, 10, 28), date(2025, 11, 27), date(2025, 11, 3), None, "Sampit", None),
        "persetujuan_dprd": (None, None, None, "KB tidak membebani masyarakat; tidak memerlukan persetujuan DPRD.",
                             None, None),
        "penyusunan_pks": (date(2025, 11, 3), date(2026, 1, 2), None, None, None,
                           "PKS per bidang disusun perangkat daerah penanggung jawab."),
    })
    db.session.add(proposal)
    _letter(proposal, "offer_letter", "surat-penawaran-oktober-2025-contoh.pdf", "Surat penawaran (contoh)", "penawaran")
    _letter(proposal, "draft_kb", "rancangan-kb-v1-contoh.pdf", "Rancangan awal", "penyusunan_kb")
    _letter(proposal, "tkksd_minutes", "notulen-tkksd-22-oktober-2025-contoh.pdf", "Rapat TKKSD", "penyusunan_kb")
    _letter(proposal, "draft_kb", "rancangan-kb-v2-contoh.pdf", "Sesudah rapat TKKSD", "penyusunan_kb", version=2)
    db.session.add(RegisterEntry(party_id=kotim.id, agreement=kb, year=2025, number=1, registered_on=date(2025, 11, 4),
                                 original_location="Lemari arsip Bagian Kerja Sama Setda Kotim, rak 1 (contoh)"))
    return proposal


def stuck_proposal(agency, kotim_admin) -> Proposal:
    """Kotim with Kotawaringin Barat (62.01): offered, unanswered, past the offer's due date."""
    day = clock_today()
    proposal = Proposal(
        title="Kerja sama penyediaan benih ikan dan pemasaran hasil perikanan (contoh)", proposer=region("62.02"),
        counterpart=region("62.01"), government_affair="kelautan_perikanan", cooperation_type="sukarela",
        reason="Balai benih Kotim belum mencukupi; Kotawaringin Barat punya pasar ikan yang besar.",
        expected_benefit="Harga benih turun dan hasil panen terserap pasar.", created_by_id=kotim_admin.id)
    proposal.fields = [ProposalField(position=1, title="Penyediaan benih ikan", government_affair="kelautan_perikanan"),
                       ProposalField(position=2, title="Pemasaran hasil perikanan", government_affair="kelautan_perikanan")]
    _stages(proposal, agency, {
        "persiapan": (day - timedelta(days=75), day - timedelta(days=45), day - timedelta(days=50), None, None, None),
        "penawaran": (day - timedelta(days=50), day - timedelta(days=20), None, None, None,
                      "Menunggu surat penawaran ditandatangani Bupati."),
        "persetujuan_dprd": (None, None, None, "Dana sudah tersedia dalam APBD berjalan.", None, None),
    })
    db.session.add(proposal)
    return proposal


def load(kb, fields, agencies: dict, users: dict) -> None:
    """Both example proposals, audited as demo data."""
    kotim_admin, seruyan_admin = users["koordinator@kotim.example"], users["koordinator@seruyan.example"]
    kotim_agencies = {name: agency for (code, name), agency in agencies.items() if code == "62.02"}
    first = founding_proposal(kb, fields, kotim_agencies, kotim_admin, seruyan_admin)
    second = stuck_proposal(kotim_agencies["Dinas Perikanan"], kotim_admin)
    db.session.flush()
    for proposal in (first, second):
        audit.record("create", proposal, summary="demo", user=None, party_id=None)
