"""The JSON API: tokens, reading, writing, pagination, errors and the served OpenAPI document."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest

from tracker.api.services import create_token, revoke_token
from tracker.core.clock import utcnow
from tracker.progress.models import ProgressEntry

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
       b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def bearer(db, user, days: int = 30) -> dict:
    _token, secret = create_token(user, "uji", days)
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def world(make):
    """Kotim and Seruyan in one agreement with a field, an officer's programme, and another Pemda."""
    kotim, seruyan, other = make.party("Kotim"), make.party("Seruyan"), make.party("Lain")
    disdik = make.agency(kotim, "Dinas Pendidikan")
    agreement = make.agreement([kotim, seruyan], title="KB Kotim Seruyan")
    field = make.field(agreement, "Anak tidak sekolah", lead=disdik)
    programme = make.programme(field, disdik, name="Gerakan kembali sekolah")
    make.progress(programme, quantity=25)
    foreign = make.agreement([other, make.party()], title="Naskah rahasia", fields=1)
    return {
        "kotim": kotim, "agreement": agreement, "field": field, "programme": programme, "foreign": foreign,
        "admin": make.user("admin", kotim), "officer": make.user("officer", agency=disdik),
        "leader": make.user("leader", kotim), "stranger": make.user("admin", other),
    }


def test_requests_without_a_valid_token_get_a_json_401(client, db, world):
    assert client.get("/api/v1/agreements").status_code == 401
    response = client.get("/api/v1/agreements", headers={"Authorization": "Bearer salah"})
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    assert "Bearer" in response.headers["WWW-Authenticate"]


def test_a_session_cookie_alone_does_not_open_the_api(client, login, world):
    login(world["admin"])
    assert client.get("/api/v1/agreements").status_code == 401


def test_revoked_and_expired_tokens_stop_working(client, db, world):
    token, secret = create_token(world["admin"], "uji", 30)
    db.session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/agreements", headers=headers).status_code == 200
    assert token.last_used_at is not None
    revoke_token(token, world["admin"])
    db.session.commit()
    assert client.get("/api/v1/agreements", headers=headers).status_code == 401
    token2, secret2 = create_token(world["admin"], "lama", 30)
    token2.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert client.get("/api/v1/parties", headers={"Authorization": f"Bearer {secret2}"}).status_code == 401


def test_token_is_stored_hashed(db, world):
    token, secret = create_token(world["admin"], "uji", 30)
    assert secret not in (token.token_hash, token.prefix) and len(token.token_hash) == 64
    assert secret.startswith(token.prefix)


def test_agreements_list_only_own_pemda_with_status_and_parties(client, db, world):
    response = client.get("/api/v1/agreements", headers=bearer(db, world["officer"]))
    assert response.status_code == 200
    titles = [a["title"] for a in response.json["items"]]
    assert titles == ["KB Kotim Seruyan"]
    item = response.json["items"][0]
    assert item["status"] == "active" or item["status"] in ("signed", "expiring", "active")
    assert {p["party_name"] for p in item["parties"]} == {"Kotim", "Seruyan"}


def test_agreement_detail_has_fields_responsibilities_programmes(client, db, world):
    agreement_id = world["agreement"].id
    response = client.get(f"/api/v1/agreements/{agreement_id}", headers=bearer(db, world["leader"]))
    assert response.status_code == 200
    field = response.json["fields"][0]
    assert field["title"] == "Anak tidak sekolah" and field["has_follow_up"] is True
    assert field["responsibilities"][0]["agency_name"] == "Dinas Pendidikan"
    programme = field["programmes"][0]
    assert programme["name"] == "Gerakan kembali sekolah"
    assert programme["realised"] == 25.0 and programme["realised_percent"] == 25.0


def test_another_pemdas_agreement_is_404_not_403(client, db, world):
    response = client.get(f"/api/v1/agreements/{world['foreign'].id}", headers=bearer(db, world["admin"]))
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_pagination_and_its_maximum(client, db, make, world):
    headers = bearer(db, world["admin"])
    for _ in range(3):
        make.party(kind="pihak_ketiga")
    response = client.get("/api/v1/parties?per_page=2&page=2", headers=headers)
    assert response.status_code == 200
    assert response.json["meta"]["page"] == 2 and response.json["meta"]["per_page"] == 2
    assert len(response.json["items"]) == 2 and response.json["meta"]["total"] >= 6
    too_many = client.get("/api/v1/parties?per_page=1000", headers=headers)
    assert too_many.status_code == 422
    assert "per_page" in too_many.json["error"]["details"]


def test_agencies_and_parties_filters(client, db, world):
    headers = bearer(db, world["officer"])
    response = client.get(f"/api/v1/agencies?party_id={world['kotim'].id}", headers=headers)
    assert [a["name"] for a in response.json["items"]] == ["Dinas Pendidikan"]
    response = client.get("/api/v1/parties?q=Seru", headers=headers)
    assert [p["name"] for p in response.json["items"]] == ["Seruyan"]


def test_officer_creates_a_programme_for_its_agency(client, db, world):
    response = client.post(
        f"/api/v1/fields/{world['field'].id}/programmes",
        json={"name": "Beasiswa ATS", "indicator": "Anak kembali sekolah", "unit": "anak", "target": 40,
              "budget": 5_000_000, "due_on": "2026-12-31", "start_on": "2026-01-01"},
        headers=bearer(db, world["officer"]),
    )
    assert response.status_code == 201, response.json
    assert response.json["agency_name"] == "Dinas Pendidikan" and response.json["status"] == "planned"


def test_validation_errors_name_each_field_in_indonesian(client, db, world):
    response = client.post(
        f"/api/v1/fields/{world['field'].id}/programmes",
        json={"indicator": "x", "unit": "anak", "target": "banyak"},
        headers=bearer(db, world["officer"]),
    )
    assert response.status_code == 422
    details = response.json["error"]["details"]
    assert details["name"] == ["Wajib diisi."]
    assert details["target"] == ["Harus berupa angka."]


def test_progress_entry_with_evidence_upload(client, db, world):
    programme = world["programme"]
    response = client.post(
        f"/api/v1/programmes/{programme.id}/progress",
        data={"reported_on": "2026-04-01", "description": "Pendataan anak", "quantity": "5",
              "files": (io.BytesIO(PNG), "bukti.png")},
        content_type="multipart/form-data",
        headers=bearer(db, world["officer"]),
    )
    assert response.status_code == 201, response.json
    assert response.json["attachments"][0]["original_name"] == "bukti.png"
    listed = client.get(f"/api/v1/programmes/{programme.id}/progress", headers=bearer(db, world["leader"]))
    assert listed.json["meta"]["total"] == 2


def test_refused_upload_is_a_422_and_nothing_is_stored(client, db, world):
    programme = world["programme"]
    response = client.post(
        f"/api/v1/programmes/{programme.id}/progress",
        data={"reported_on": "2026-04-01", "description": "Pendataan", "files": (io.BytesIO(b"MZ\x90\x00exe"), "x.exe")},
        content_type="multipart/form-data",
        headers=bearer(db, world["officer"]),
    )
    assert response.status_code == 422
    assert "files" in response.json["error"]["details"]
    assert db.session.query(ProgressEntry).count() == 1


def test_too_large_upload_is_a_json_413(make_app, db, world):
    headers, programme_id = bearer(db, world["officer"]), world["programme"].id
    app = make_app(MAX_CONTENT_LENGTH=1000)
    with app.app_context():
        client = app.test_client()
        response = client.post(
            f"/api/v1/programmes/{programme_id}/progress",
            data={"reported_on": "2026-04-01", "description": "x", "files": (io.BytesIO(b"0" * 5000), "a.pdf")},
            content_type="multipart/form-data", headers=headers,
        )
    assert response.status_code == 413
    assert response.json["error"]["code"] == "payload_too_large"


def test_rate_limit_answers_a_json_429(make_app, db, world):
    headers = bearer(db, world["admin"])
    app = make_app(RATELIMIT_ENABLED=True, API_RATE_LIMIT="2/minute")
    with app.app_context():
        client = app.test_client()
        codes = [client.get("/api/v1/parties", headers=headers).status_code for _ in range(3)]
        response = client.get("/api/v1/parties", headers=headers)
    assert codes[:2] == [200, 200] and response.status_code == 429
    assert response.json["error"]["code"] == "rate_limited"


def test_dashboard_summary_counts_visible_work(client, db, world):
    response = client.get("/api/v1/dashboard/summary", headers=bearer(db, world["leader"]))
    assert response.status_code == 200, response.json
    assert response.json["agreements"] == 1 and response.json["programmes"] == 1


def test_unknown_paths_and_methods_answer_json_not_html(client, db, world):
    headers = bearer(db, world["admin"])
    missing = client.get("/api/v1/tidak-ada", headers=headers)
    assert missing.status_code == 404 and missing.is_json
    wrong = client.put("/api/v1/agreements", headers=headers)
    assert wrong.status_code == 405 and wrong.json["error"]["code"] == "method_not_allowed"


def test_openapi_document_and_local_docs_are_served(client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/agreements/{agreement_id}" in spec["paths"]
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200 and b"swagger-ui-bundle.js" in page.data
    assert b"https://" not in page.data  # no CDN
    assert client.get("/api/v1/docs/assets/swagger-ui-bundle.js").status_code == 200


def test_token_page_shows_the_secret_once_and_revokes(client, login, db, world):
    login(world["officer"])
    response = client.post("/account/tokens/", data={"name": "Dasbor provinsi", "days": 90})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "hanya ditampilkan sekali" in page
    secret = page.split('id="new-token" class="form-control font-monospace" readonly value="')[1].split('"')[0]
    assert client.get("/api/v1/agreements", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    again = client.get("/account/tokens/").get_data(as_text=True)
    assert secret not in again and "Dasbor provinsi" in again
    from tracker.api.models import ApiToken

    token = db.session.query(ApiToken).one()
    client.post(f"/account/tokens/{token.id}/revoke")
    assert client.get("/api/v1/agreements", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
