"""Recording and editing an agreement with its parties, fields and agencies in one form."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from tracker.agreements.models import Agreement, AgreementExtension, Field, Responsibility
from tracker.audit.models import AuditEvent

FIELD_TITLES = [
    "Penanganan anak tidak sekolah (ATS)",
    "Pembudidayaan ikan melalui penyediaan benih ikan nila",
    "Penanggulangan bencana",
    "Pencegahan dan penanganan kebakaran permukiman",
]


@pytest.fixture
def world(make):
    kotim = make.party("Kabupaten Kotawaringin Timur", "62.02")
    seruyan = make.party("Kabupaten Seruyan", "62.07")
    kotim_agencies = [make.agency(kotim, f"Dinas Kotim {i}") for i in range(4)]
    seruyan_agencies = [make.agency(seruyan, f"Dinas Seruyan {i}") for i in range(4)]
    admin = make.user("admin", party=kotim)
    return {"kotim": kotim, "seruyan": seruyan, "ka": kotim_agencies, "sa": seruyan_agencies, "admin": admin}


def form_data(world, fields=4, **overrides) -> dict:
    data = {
        "kind": "KB",
        "title": "Kesepakatan Bersama Kotim dan Seruyan",
        "government_affair": "",
        "signed_on": "2025-11-03",
        "signed_place": "Sampit",
        "valid_from": "2025-11-03",
        "valid_until": "2030-11-02",
        "parties-0-party_id": str(world["kotim"].id),
        "parties-0-document_number": "000.3/01/KSD/XI/2025",
        "parties-0-signatory_name": "Halikinnor",
        "parties-0-signatory_title": "Bupati Kotawaringin Timur",
        "parties-1-party_id": str(world["seruyan"].id),
        "parties-1-document_number": "100.3.7/02/HUK/XI/2025",
        "parties-1-signatory_name": "Ahmad Selanorwanda",
        "parties-1-signatory_title": "Bupati Seruyan",
        "submit": "Simpan",
    }
    for i in range(fields):
        data[f"fields-{i}-title"] = FIELD_TITLES[i % 4] + ("" if i < 4 else f" {i}")
        data[f"fields-{i}-agencies-0-agency_id"] = str(world["ka"][i % 4].id)
        data[f"fields-{i}-agencies-0-role"] = "lead"
        data[f"fields-{i}-agencies-1-agency_id"] = str(world["sa"][i % 4].id)
        data[f"fields-{i}-agencies-1-role"] = "support" if i == 3 else "lead"
    data.update(overrides)
    return data


def test_new_form_offers_own_party_first_and_all_regions(client, login, world):
    login(world["admin"])
    page = client.get("/agreements/add").get_data(as_text=True)
    assert "Pihak Kesatu" in page and "Pihak Kedua" in page
    own = page.index("Kabupaten Kotawaringin Timur")
    assert own < page.index("Kabupaten Seruyan")
    kotim_id = world["kotim"].id
    assert f'value="{kotim_id}" selected' in page or f'selected value="{kotim_id}"' in page
    assert "agreement-form.js" in page


def test_create_kb_with_two_parties_and_four_fields_with_agencies(client, login, world, db):
    login(world["admin"])
    response = client.post("/agreements/add", data=form_data(world))
    assert response.status_code == 302, response.get_data(as_text=True)
    agreement = db.session.scalar(select(Agreement))
    assert [link.party.name for link in agreement.parties] == ["Kabupaten Kotawaringin Timur", "Kabupaten Seruyan"]
    assert agreement.parties[1].signatory_name == "Ahmad Selanorwanda"
    assert [f.title for f in agreement.fields] == FIELD_TITLES
    assert db.session.scalar(select(func.count(Responsibility.id))) == 8
    fire = agreement.fields[3]
    roles = {r.agency.name: r.role for r in fire.responsibilities}
    assert roles == {"Dinas Kotim 3": "lead", "Dinas Seruyan 3": "support"}
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "agreements"))
    assert event.action == "create" and "Kabupaten Seruyan" in event.changes["parties"][1]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Pencegahan dan penanganan kebakaran permukiman" in page and "Halikinnor" in page


def test_add_row_without_javascript_keeps_typed_input(client, login, world):
    login(world["admin"])
    data = form_data(world, fields=1, title="Judul yang sudah diketik")
    data.pop("submit")
    data["add_field"] = "Tambah baris"
    page = client.post("/agreements/add", data=data).get_data(as_text=True)
    assert 'name="fields-1-title"' in page
    assert "Judul yang sudah diketik" in page
    assert FIELD_TITLES[0] in page
    assert "is-invalid" not in page


def test_remove_row_and_add_party_without_javascript(client, login, world, make):
    third = make.party("Universitas Palangka Raya", kind="pihak_ketiga")
    login(world["admin"])
    data = form_data(world, fields=2)
    data.pop("submit")
    data["remove_field"] = "0"
    page = client.post("/agreements/add", data=data).get_data(as_text=True)
    assert FIELD_TITLES[0] not in page and FIELD_TITLES[1] in page
    data = form_data(world, fields=1)
    data.pop("submit")
    data["add_party"] = "Tambah pihak"
    page = client.post("/agreements/add", data=data).get_data(as_text=True)
    assert "Pihak Ketiga" in page and 'name="parties-2-party_id"' in page
    assert third.name in page
    assert 'name="fields-0-agencies-2-agency_id"' in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"valid_until": "2024-01-01"}, "Tanggal berakhir tidak boleh sebelum tanggal mulai berlaku."),
        ({"parties-1-party_id": ""}, "sedikitnya dua pihak"),
        ({"title": ""}, "Judul wajib diisi."),
        ({"kind": "PKS"}, "Pilih naskah induk"),
        ({"signed_on": "2025-02-31"}, "Tanggal tidak valid"),
        ({"fields-0-agencies-0-role": "<script>"}, "Pilihan tidak dikenal."),
        ({"fields-0-title": "x" * 600}, "Paling banyak 500 karakter."),
    ],
)
def test_validation_messages_keep_typed_input(client, login, world, db, overrides, message):
    login(world["admin"])
    data = form_data(world, **overrides)
    response = client.post("/agreements/add", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    assert "Ahmad Selanorwanda" in page and FIELD_TITLES[2] in page
    assert db.session.scalar(select(func.count(Agreement.id))) == 0


def test_own_party_must_be_a_party(client, login, world, make):
    other = make.party("Kabupaten Katingan", "62.06")
    login(world["admin"])
    page = client.post("/agreements/add", data=form_data(world, **{"parties-0-party_id": str(other.id)})).get_data(as_text=True)
    assert "Pihak Anda sendiri harus menjadi salah satu pihak." in page


def test_duplicate_document_number_of_same_party_is_refused(client, login, world, make, db):
    make.agreement([world["kotim"], world["seruyan"]])
    existing = db.session.scalar(select(Agreement)).parties[0].document_number
    login(world["admin"])
    page = client.post(
        "/agreements/add", data=form_data(world, **{"parties-0-document_number": existing})
    ).get_data(as_text=True)
    assert "Nomor naskah ini sudah dipakai oleh pihak yang sama untuk naskah lain." in page
    assert db.session.scalar(select(func.count(Agreement.id))) == 1


def test_agency_of_another_party_is_refused(client, login, world):
    login(world["admin"])
    data = form_data(world, **{"fields-0-agencies-0-agency_id": str(world["sa"][0].id)})
    page = client.post("/agreements/add", data=data).get_data(as_text=True)
    assert "Perangkat daerah ini bukan milik pihak tersebut." in page


def test_pks_attached_to_its_kb(client, login, world, make, db):
    kb = make.agreement([world["kotim"], world["seruyan"]], title="KB induk")
    login(world["admin"])
    data = form_data(world, kind="PKS", parent_id=str(kb.id), title="PKS ATS",
                     **{"parties-0-document_number": "PKS/1", "parties-1-document_number": "PKS/2"})
    response = client.post("/agreements/add", data=data)
    assert response.status_code == 302
    pks = db.session.scalar(select(Agreement).where(Agreement.kind == "PKS"))
    assert pks.parent_id == kb.id
    page = client.get(f"/agreements/{kb.id}").get_data(as_text=True)
    assert "PKS ATS" in page


def test_edit_changes_fields_and_archives_removed_rows(client, login, world, db):
    login(world["admin"])
    client.post("/agreements/add", data=form_data(world))
    agreement = db.session.scalar(select(Agreement))
    page = client.get(f"/agreements/{agreement.id}/edit").get_data(as_text=True)
    assert FIELD_TITLES[3] in page and 'name="version"' in page
    data = form_data(world, fields=3, version=str(agreement.version), title="Judul baru")
    for i, field in enumerate(agreement.fields[:3]):
        data[f"fields-{i}-id"] = str(field.id)
    response = client.post(f"/agreements/{agreement.id}/edit", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    agreement = db.session.get(Agreement, agreement.id)
    assert agreement.title == "Judul baru"
    assert [f.title for f in agreement.active_fields] == FIELD_TITLES[:3]
    assert db.session.scalar(select(func.count(Field.id))) == 4
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "update"))
    assert event.changes["title"] == ["Kesepakatan Bersama Kotim dan Seruyan", "Judul baru"]


def test_concurrent_edit_is_caught_and_typed_input_kept(client, login, world, db, app):
    login(world["admin"])
    client.post("/agreements/add", data=form_data(world))
    agreement = db.session.scalar(select(Agreement))
    loaded_version = str(agreement.version)
    field_ids = [f.id for f in agreement.fields]

    def edit(title):
        data = form_data(world, version=loaded_version, title=title)
        for i, fid in enumerate(field_ids):
            data[f"fields-{i}-id"] = str(fid)
        return client.post(f"/agreements/{agreement.id}/edit", data=data)

    assert edit("Judul dari pengguna pertama").status_code == 302
    second = edit("Judul dari pengguna kedua")
    page = second.get_data(as_text=True)
    assert second.status_code == 200
    assert "Data ini baru saja diubah oleh orang lain." in page
    assert "Judul dari pengguna pertama" in page and "Judul dari pengguna kedua" in page
    db.session.expire_all()
    assert db.session.get(Agreement, agreement.id).title == "Judul dari pengguna pertama"


def test_concurrent_change_of_fields_and_parties_shows_in_the_conflict_table(client, login, world, db):
    login(world["admin"])
    client.post("/agreements/add", data=form_data(world, fields=2))
    agreement = db.session.scalar(select(Agreement))
    loaded_version = str(agreement.version)
    field_ids = [f.id for f in agreement.fields]

    def edit(**overrides):
        data = form_data(world, fields=2, version=loaded_version, **overrides)
        for i, fid in enumerate(field_ids):
            data[f"fields-{i}-id"] = str(fid)
        return client.post(f"/agreements/{agreement.id}/edit", data=data)

    # The first editor only renames a field; the second only corrects a document number.
    assert edit(**{"fields-1-title": "Benih ikan nila"}).status_code == 302
    second = edit(**{"parties-1-document_number": "100.3.7/09/HUK/XI/2025"})
    page = second.get_data(as_text=True)
    assert second.status_code == 200 and "Data ini baru saja diubah oleh orang lain." in page
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", page)
    assert [label for label, _stored, _typed in rows] == ["Para pihak", "Bidang kerja sama"]
    parties, fields = rows
    assert "100.3.7/02/HUK/XI/2025" in parties[1] and "100.3.7/09/HUK/XI/2025" in parties[2]
    assert fields[1] == "Penanganan anak tidak sekolah (ATS); Benih ikan nila"
    assert fields[2] == "Penanganan anak tidak sekolah (ATS); Pembudidayaan ikan melalui penyediaan benih ikan nila"
    # What the second editor typed is still in the form, and nothing of it was saved.
    assert 'value="100.3.7/09/HUK/XI/2025"' in page
    db.session.expire_all()
    assert [link.document_number for link in db.session.get(Agreement, agreement.id).parties][1] == \
        "100.3.7/02/HUK/XI/2025"


def test_terminate_records_date_and_reason(client, login, world, make, db):
    agreement = make.agreement([world["kotim"], world["seruyan"]])
    login(world["admin"])
    page = client.post(f"/agreements/{agreement.id}/terminate", data={"terminated_on": "2026-01-15", "reason": ""}).get_data(as_text=True)
    assert "Alasan wajib diisi." in page
    response = client.post(
        f"/agreements/{agreement.id}/terminate", data={"terminated_on": "2026-01-15", "reason": "Kesepakatan para pihak", "confirm": "y"}
    )
    assert response.status_code == 302
    page = client.get(f"/agreements/{agreement.id}").get_data(as_text=True)
    assert "15 Januari 2026" in page and "Kesepakatan para pihak" in page


def test_extend_keeps_previous_end_in_history(client, login, world, make, db):
    agreement = make.agreement([world["kotim"], world["seruyan"]], valid_until=date(2030, 11, 2))
    login(world["admin"])
    page = client.post(f"/agreements/{agreement.id}/extend", data={"new_valid_until": "2029-01-01", "reason": "x"}).get_data(as_text=True)
    assert "harus sesudah tanggal berakhir sekarang" in page
    response = client.post(
        f"/agreements/{agreement.id}/extend", data={"new_valid_until": "2035-11-02", "reason": "Hasil evaluasi baik"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    extension = db.session.scalar(select(AgreementExtension))
    assert extension.previous_valid_until == date(2030, 11, 2)
    assert db.session.get(Agreement, agreement.id).valid_until == date(2035, 11, 2)
    page = client.get(f"/agreements/{agreement.id}").get_data(as_text=True)
    assert "2 November 2035" in page
    assert "<del>2 November 2030</del>" in page  # the old end in the Riwayat panel


@pytest.mark.parametrize("role", ["officer", "leader"])
def test_officers_and_leaders_cannot_record_or_change(client, login, world, make, role):
    agreement = make.agreement([world["kotim"], world["seruyan"]])
    login(make.user(role, party=world["kotim"]))
    assert client.get("/agreements/add").status_code == 403
    assert client.post("/agreements/add", data=form_data(world)).status_code == 403
    assert client.get(f"/agreements/{agreement.id}/edit").status_code == 403
    assert client.post(f"/agreements/{agreement.id}/terminate", data={"terminated_on": "2026-01-01", "reason": "x"}).status_code == 403
    assert client.post(f"/agreements/{agreement.id}/extend", data={"new_valid_until": "2036-01-01", "reason": "x"}).status_code == 403


def test_another_pemdas_agreement_is_not_found(client, login, world, make):
    others = make.agreement([make.party(), make.party()])
    login(world["admin"])
    for path in ("", "/edit", "/terminate", "/extend"):
        assert client.get(f"/agreements/{others.id}{path}").status_code == 404


def test_hostile_text_is_stored_safely_not_a_server_error(client, login, world, db):
    login(world["admin"])
    data = form_data(world, title="KB\x00 <script>alert(1)</script>", **{"parties-0-party_id": "99999999999999999999"})
    page = client.post("/agreements/add", data=data).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "Pihak Anda sendiri" in page
    # A control character is refused with a message (issue 14), what was typed stays in the field.
    refused = client.post("/agreements/add", data=form_data(world, title="KB\x00 <b>uji</b>"))
    assert refused.status_code == 200 and "karakter kendali" in refused.get_data(as_text=True)
    assert db.session.scalar(select(Agreement.title)) is None
    response = client.post("/agreements/add", data=form_data(world, title="KB <b>uji</b>"))
    assert response.status_code == 302
    assert db.session.scalar(select(Agreement.title)) == "KB <b>uji</b>"
    assert "&lt;b&gt;uji&lt;/b&gt;" in client.get(response.headers["Location"]).get_data(as_text=True)
