"""flask demo tells the founding KB's own history as a proposal and shows a stuck one."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tracker.core.clock import today
from tracker.proposals.models import Proposal
from tracker.users.models import User


def test_demo_has_the_founding_proposal_a_stuck_one_and_a_province_leader(runner, db, client):
    assert runner.invoke(args=["demo"]).exit_code == 0
    founding, stuck = db.session.scalars(select(Proposal).order_by(Proposal.id)).all()
    assert founding.kb_agreement.signed_place == "Sampit"
    signing = founding.stage("penandatanganan_kb")
    assert (signing.done_on, signing.place) == (date(2025, 11, 3), "Sampit")
    assert founding.offered_on.month == 10 and "TKKSD" in founding.stage("penyusunan_kb").notes
    assert {d.kind for d in founding.documents} >= {"offer_letter", "tkksd_minutes", "draft_kb"}
    assert stuck.counterpart.region_code == "62.01" and stuck.current_stage.overdue(today())
    leader = db.session.scalar(select(User).where(User.email == "pimpinan@kalteng.example"))
    assert leader.role == "leader" and leader.party.region_code == "62"
    client.post("/login", data={"email": leader.email, "password": "sinergi-demo"})
    assert "Kotawaringin Timur dan Pemerintah Kabupaten Seruyan" in client.get("/agreements/").get_data(as_text=True)
    page = client.get("/provinsi/").get_data(as_text=True)
    assert 'data-code="62.02"' in page and 'data-code="62.01"' in page
    document = founding.documents[0]
    assert client.get(f"/usulan/documents/{document.id}").data.startswith(b"%PDF-")
    assert client.get(f"/agreements/{founding.kb_agreement_id}/edit").status_code == 403
