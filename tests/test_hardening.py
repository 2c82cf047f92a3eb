"""Issue 14's findings, each as what a user or a client would notice."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import select

from tests.route_rules.world import sign_in
from tests.samples import PNG
from tracker.api.services import create_token
from tracker.attachments.models import Attachment
from tracker.programs.models import Programme
from tracker.users.models import User

ADMIN = "admin/own-pemda/own-agency"
OFFICER = "officer/own-pemda/own-agency"


def _bearer(world, kind=ADMIN) -> dict:
    _token, secret = create_token(world.users[kind], "uji", 30)
    world.db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def _deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def test_deep_json_to_any_api_write_answers_400_in_the_api_error_format(app, client, world):
    headers = {**_bearer(world), "Content-Type": "application/json"}
    writes = [(rule.rule, method) for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")
              for method in rule.methods & {"POST", "PATCH", "PUT"}]
    assert writes, "the API has write routes"
    for path, method in writes:
        url = path.replace("<int:field_id>", str(world.field.id)).replace(
            "<int:programme_id>", str(world.programme.id))
        url = url.replace("<int:entry_id>", str(world.entry.id))
        response = client.open(url, method=method, data=_deep(1000), headers=headers)
        assert response.status_code == 400, (method, url, response.status_code)
        assert response.json["error"]["code"] == "bad_request"
        assert "terlalu dalam" in response.json["error"]["message"]
    # Ordinary nesting still works.
    ok = client.post(f"/api/v1/fields/{world.field.id}/programmes", headers=headers, data=json.dumps(
        {"name": "Program", "indicator": "Anak", "unit": "anak", "target": 5, "agency_id": world.own_agency.id}))
    assert ok.status_code == 201, ok.json


def test_the_api_refuses_fractional_rupiah_and_control_characters_with_422(client, world):
    headers = _bearer(world)
    url = f"/api/v1/fields/{world.field.id}/programmes"
    base = {"name": "Program", "indicator": "Anak", "unit": "anak", "target": 5, "agency_id": world.own_agency.id}
    fractional = client.post(url, headers=headers, json={**base, "budget": 1.5})
    assert fractional.status_code == 422 and "budget" in fractional.json["error"]["details"]
    nul = client.post(url, headers=headers, json={**base, "name": "Program\x00 baru"})
    assert nul.status_code == 422 and "karakter kendali" in nul.json["error"]["details"]["name"][0]
    old = client.post(url, headers=headers, json={**base, "due_on": "0001-01-01"})
    assert old.status_code == 422 and "1900" in old.json["error"]["details"]["due_on"][0]
    names = world.db.session.scalars(select(Programme.name)).all()
    assert not any("\x00" in name for name in names) and names.count("Program") == 0
    whole = client.post(url, headers=headers, json={**base, "budget": 1_500_000})
    assert whole.status_code == 201 and whole.json["budget"] == 1_500_000


@pytest.mark.parametrize("next_value", ["/agreements/\r\nSet-Cookie: x=1", "/\nX", "/%0d%0aLocation: //evil"])
def test_cr_lf_in_next_on_login_and_language_lands_safely(app, client, world, next_value):
    user = world.users[ADMIN]
    response = client.post("/login", query_string={"next": next_value},
                           data={"email": user.email, "password": world.password})
    assert response.status_code == 302 and "\n" not in response.location and "Set-Cookie" not in response.location
    assert client.get("/account").status_code == 200  # signed in
    switched = client.post("/language", data={"lang": "en", "next": next_value})
    assert switched.status_code == 302 and "\n" not in switched.location and "x=1" not in str(switched.headers)


def test_a_control_character_in_a_form_is_refused_and_what_was_typed_is_kept(client, world):
    sign_in(client, world.users[OFFICER])
    url = world.url("programs.edit", programme_id=world.programme.id)
    page = client.get(url).get_data(as_text=True)
    assert "Program Kotim" in page
    data = {"name": "Program\x07 baru", "indicator": "Anak kembali sekolah", "unit": "orang", "target": "100",
            "baseline": "0", "budget": "1.000.000", "funding_source": "apbd_kabupaten",
            "version": str(world.programme.version)}
    response = client.post(url, data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "karakter kendali" in body and "Anak kembali sekolah" in body
    world.db.session.expire_all()
    assert world.db.session.get(Programme, world.programme.id).name == "Program Kotim"


def test_bidi_controls_are_removed_from_stored_file_names(client, world):
    sign_in(client, world.users[OFFICER])
    url = world.url("progress.add", programme_id=world.programme.id)
    response = client.post(url, data={"reported_on": "2026-03-02", "description": "Pendataan", "quantity": "1",
                                      "files": (io.BytesIO(PNG), "foto\u202egnp.exe")},
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    names = world.db.session.scalars(select(Attachment.original_name)).all()
    assert names and all("\u202e" not in n for n in names), names


def test_hsts_only_when_base_url_is_https(make_app):
    for base, expected in (("https://sinergi.example.go.id", True), ("http://127.0.0.1:5000", False)):
        app = make_app(BASE_URL=base)
        with app.app_context():
            header = app.test_client().get("/login").headers.get("Strict-Transport-Security")
        assert (header is not None and "max-age=" in header) is expected, base


def test_signed_in_pages_and_exports_are_never_cached(client, world):
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")
    sign_in(client, world.users[ADMIN])
    for url in ("/agreements/", "/agreements/?format=csv", "/audit/?format=csv",
                world.url("reports.monev_xlsx", agreement_id=world.agreement.id)):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers.get("Cache-Control") == "private, no-store", url
    api = client.get("/api/v1/parties", headers=_bearer(world))
    assert api.headers.get("Cache-Control") == "private, no-store"


def test_the_cli_refuses_an_address_the_login_form_would_refuse(app, runner, world):
    result = runner.invoke(args=["user", "create", "--email", "a@example.test", "--name", "A", "--role", "leader",
                                 "--party", world.own.region_code, "--password", "rahasia-123-456"])
    assert result.exit_code != 0 and "Alamat email tidak valid" in result.output
    assert world.db.session.scalar(select(User).where(User.email == "a@example.test")) is None
    login = app.test_client().post("/login", data={"email": "a@example.test", "password": "x"})
    assert "Alamat email tidak valid" in login.get_data(as_text=True)  # the same rule, the same words


def test_an_unreadable_filter_is_ignored_with_a_notice_and_a_huge_page_shows_the_last(client, world):
    sign_in(client, world.users["leader/own-pemda/own-agency"])
    response = client.get("/dashboard", query_string={"end": "0001-01-01", "agreement_id": "9" * 20})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "tidak dapat dibaca dan diabaikan" in page
    listed = client.get("/agreements/", query_string={"page": "9" * 20})
    assert listed.status_code == 200 and world.agreement.title in listed.get_data(as_text=True)
