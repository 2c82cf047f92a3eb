"""Issue 13: a PKS field names the KB field it implements; the KB's figures include the PKS's work."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.test_agreement_form import form_data
from tests.test_agreement_form import world as form_world  # noqa: F401  (fixture)
from tracker.agreements.models import Agreement, Field, Responsibility
from tracker.core.clock import today


@pytest.fixture
def chain(make, db):
    """A KB with two fields (ATS led by Disdik), a PKS whose one field implements ATS, and its programme."""
    kotim, seruyan = make.party("Kabupaten Kotawaringin Timur", "62.02"), make.party("Kabupaten Seruyan", "62.07")
    disdik = make.agency(kotim, "Dinas Pendidikan")
    kb = make.agreement([kotim, seruyan], title="KB Kotim Seruyan", fields=["Anak tidak sekolah", "Benih ikan nila"],
                        signed_on=date(2025, 11, 3), valid_until=date(2030, 11, 2))
    kb.fields[0].responsibilities = [Responsibility(agency=disdik, role="lead")]
    pks = make.agreement([kotim, seruyan], kind="PKS", parent=kb, title="PKS ATS", fields=["Pendataan ATS"],
                         signed_on=date(2025, 12, 1), valid_until=date(2030, 11, 1))
    pks.fields[0].implements_field_id = kb.fields[0].id
    db.session.commit()
    programme = make.programme(pks.fields[0], disdik, name="Pendataan anak", target=150, unit="anak",
                               status="running", start_on=today() - timedelta(days=30),
                               due_on=today() + timedelta(days=300))
    make.progress(programme, quantity=80, reported_on=today() - timedelta(days=2))
    return {"kb": kb, "pks": pks, "programme": programme, "kotim": kotim, "seruyan": seruyan,
            "admin": make.user("admin", party=kotim), "leader": make.user("leader", party=kotim)}


def test_kb_page_counts_the_pks_programme_under_its_field(client, login, chain):
    login(chain["leader"])
    page = client.get(f"/agreements/{chain['kb'].id}").get_data(as_text=True)
    ats = page[page.index("Anak tidak sekolah"):page.index("Benih ikan nila")]
    assert "Pendataan anak" in ats and "80 / 150 anak" in ats and "Lewat PKS" in ats
    assert "Belum ada tindak lanjut" not in ats
    assert "Belum ada tindak lanjut" in page[page.index("Benih ikan nila"):]
    pks_page = client.get(f"/agreements/{chain['pks'].id}").get_data(as_text=True)
    assert "Melaksanakan bidang KB" in pks_page and "Pendataan anak" in pks_page


def test_monev_excel_and_briefing_include_the_pks_programme(client, login, chain):
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    login(chain["leader"])
    wb = load_workbook(io.BytesIO(client.get(f"/reports/agreements/{chain['kb'].id}/monev.xlsx").data))
    ats = [row for row in wb["1. Anak tidak sekolah"].iter_rows(min_row=5, values_only=True) if any(row)]
    assert ats[0][1] == "Pendataan anak" and ats[0][6] == 80
    pdf = client.get(f"/reports/agreements/{chain['kb'].id}/briefing.pdf")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages).split())
    assert "Pendataan anak Dinas Pendidikan 150 anak 80 53,3" in text and "1 bidang tanpa tindak lanjut" in text


def test_buat_pks_prefills_parties_and_fields_of_the_kb(client, login, chain):
    login(chain["admin"])
    kb_page = client.get(f"/agreements/{chain['kb'].id}").get_data(as_text=True)
    assert f"/agreements/add?kb={chain['kb'].id}" in kb_page and "Buat PKS" in kb_page
    form = client.get(f"/agreements/add?kb={chain['kb'].id}").get_data(as_text=True)
    assert '<option selected value="PKS">' in form or 'value="PKS" selected' in form
    assert f'<option selected value="{chain["kb"].id}">' in form
    assert 'value="Anak tidak sekolah"' in form and 'value="Benih ikan nila"' in form
    assert f'<option selected value="{chain["kb"].fields[0].id}">' in form  # the row implements its KB field
    assert f'<option selected value="{chain["seruyan"].id}">' in form


def test_the_implemented_field_must_belong_to_the_parent_kb(client, login, form_world, make, db):  # noqa: F811
    kb = make.agreement([form_world["kotim"], form_world["seruyan"]], title="KB induk", fields=["ATS"])
    stranger = make.agreement([form_world["kotim"], form_world["seruyan"]], title="KB lain", fields=["Lain"])
    login(form_world["admin"])
    base = form_data(form_world, fields=1, kind="PKS", parent_id=str(kb.id), title="PKS ATS",
                     **{"parties-0-document_number": "PKS/1", "parties-1-document_number": "PKS/2"})
    refused = client.post("/agreements/add", data={**base, "fields-0-implements_field_id": str(stranger.fields[0].id)})
    assert refused.status_code == 200 and "Pilih bidang dari KB induk" in refused.get_data(as_text=True)
    assert db.session.scalar(select(Agreement).where(Agreement.kind == "PKS")) is None
    accepted = client.post("/agreements/add", data={**base, "fields-0-implements_field_id": str(kb.fields[0].id)})
    assert accepted.status_code == 302
    field = db.session.scalar(select(Field).join(Agreement).where(Agreement.kind == "PKS"))
    assert field.implements_field_id == kb.fields[0].id


def test_pks_beyond_its_kb_and_programme_after_the_end_warn(client, login, chain, make, db):
    chain["pks"].valid_until = date(2031, 12, 31)
    late = make.programme(chain["kb"].fields[1], chain["programme"].agency, name="Benih tahap akhir",
                          target=10, start_on=date(2026, 1, 1), due_on=date(2031, 6, 30))
    db.session.commit()
    login(chain["leader"])
    pks_page = client.get(f"/agreements/{chain['pks'].id}").get_data(as_text=True)
    assert "di luar masa berlaku KB induknya" in pks_page
    kb_page = client.get(f"/agreements/{chain['kb'].id}").get_data(as_text=True)
    assert "Tanggal program \u201cBenih tahap akhir\u201d di luar masa berlaku naskah ini." in kb_page
    programme_page = client.get(f"/programmes/{late.id}").get_data(as_text=True)
    assert "di luar masa berlaku naskah kerja samanya" in programme_page
    import io

    from pypdf import PdfReader

    pdf = client.get(f"/reports/agreements/{chain['kb'].id}/briefing.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages).replace("\n", " ")
    assert "Benih tahap akhir — setelah kerja sama berakhir" in text


def test_kb_field_followed_up_by_its_pks_gets_no_reminder(db, make):
    from tests.test_reminders import fire, who

    party, other = make.party(), make.party()
    agency = make.agency(party, name="Dinas Pendidikan")
    make.user("admin", party=party, email="admin@uji.example")
    kb = make.agreement([party, other], signed_on=date(2026, 1, 1), valid_until=date(2030, 12, 31),
                        fields=["ATS", "Nila"])
    pks = make.agreement([party, other], kind="PKS", parent=kb, signed_on=date(2026, 1, 5),
                         valid_until=date(2030, 12, 31), fields=["Pendataan ATS"])
    pks.fields[0].implements_field_id = kb.fields[0].id
    db.session.commit()
    make.programme(pks.fields[0], agency, start_on=date(2026, 1, 10), due_on=date(2026, 12, 31))
    fired = fire(db, date(2026, 2, 5), "field_no_programme")
    assert who(fired) == {"admin"}
    from sqlalchemy import select as sel

    from tracker.reminders.models import ReminderLog

    ids = set(db.session.scalars(sel(ReminderLog.record_id).where(ReminderLog.rule == "field_no_programme")))
    assert ids == {kb.fields[1].id}  # Nila only: ATS is carried out by the PKS


def test_api_agreement_lists_the_pks_programme_under_the_kb_field(client, chain, db):
    from tracker.api.services import create_token

    _token, secret = create_token(chain["leader"], "uji", 30)
    db.session.commit()
    data = client.get(f"/api/v1/agreements/{chain['kb'].id}", headers={"Authorization": f"Bearer {secret}"}).get_json()
    ats, nila = data["fields"]
    assert ats["has_follow_up"] is True and [p["name"] for p in ats["programmes"]] == ["Pendataan anak"]
    assert ats["programmes"][0]["realised"] == 80 and nila["has_follow_up"] is False
    pks = client.get(f"/api/v1/agreements/{chain['pks'].id}", headers={"Authorization": f"Bearer {secret}"}).get_json()
    assert pks["fields"][0]["implements_field_id"] == chain["kb"].fields[0].id


def test_programme_list_behind_a_kb_figure_includes_the_pks_programme(client, login, chain):
    login(chain["leader"])
    by_field = client.get(f"/programmes/?field_id={chain['kb'].fields[0].id}").get_data(as_text=True)
    by_agreement = client.get(f"/programmes/?agreement_id={chain['kb'].id}").get_data(as_text=True)
    assert "Pendataan anak" in by_field and "Pendataan anak" in by_agreement


def test_monthly_summary_counts_a_kb_field_followed_by_its_pks(db, chain):
    from tracker.reminders.digests import party_summaries
    from tracker.reminders.engine import ReminderPass

    summary = party_summaries(ReminderPass(db.session, today()))(chain["kotim"].id)
    assert summary["bare_fields"] == 1  # the KB's Benih ikan nila; ATS is carried out by the PKS


def test_linking_a_pks_field_is_audited(client, login, form_world, make, db):  # noqa: F811
    from tracker.audit.models import AuditEvent

    kb = make.agreement([form_world["kotim"], form_world["seruyan"]], title="KB induk", fields=["ATS"])
    login(form_world["admin"])
    data = form_data(form_world, fields=1, kind="PKS", parent_id=str(kb.id), title="PKS ATS",
                     **{"parties-0-document_number": "PKS/1", "parties-1-document_number": "PKS/2",
                        "fields-0-implements_field_id": str(kb.fields[0].id)})
    assert client.post("/agreements/add", data=data).status_code == 302
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "create",
                                                       AuditEvent.entity_type == "agreements")
                              .order_by(AuditEvent.id.desc()))
    assert "→ ATS" in str(event.changes["fields"])
