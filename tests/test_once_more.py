"""Exactly once beyond progress: the API's Idempotency-Key, programmes, agreements, monev, imports."""

from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from tests import test_api
from tests.test_api import PNG, bearer
from tests.test_programmes import form_data as programme_data
from tracker.agreements.models import Agreement
from tracker.idempotency import services as once
from tracker.monev.models import Monev
from tracker.programs.models import Programme
from tracker.progress.models import ProgressEntry

world = test_api.world  # the API tests' fixture
KEY = re.compile(r'name="submission_key" type="hidden" value="([^"]+)"')


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def key_of(client, path) -> str:
    return KEY.search(client.get(path).get_data(as_text=True)).group(1)


def _progress(client, programme, headers):
    return client.post(
        f"/api/v1/programmes/{programme.id}/progress",
        data={"reported_on": "2026-04-01", "description": "Pendataan anak", "quantity": "5",
              "files": (io.BytesIO(PNG), "bukti.png")},
        content_type="multipart/form-data", headers=headers)


def test_api_retry_with_one_idempotency_key_stores_one_entry(client, db, world):
    headers = {**bearer(db, world["officer"]), "Idempotency-Key": once.new_key()}
    first, retry = _progress(client, world["programme"], headers), _progress(client, world["programme"], headers)
    assert first.status_code == retry.status_code == 201
    assert retry.json["id"] == first.json["id"] and retry.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert count(db, ProgressEntry) == 2  # the fixture's entry and this one


def test_api_without_key_or_with_a_bad_one(client, db, world):
    headers = bearer(db, world["officer"])
    assert _progress(client, world["programme"], headers).status_code == 201
    assert _progress(client, world["programme"], headers).status_code == 201
    bad = _progress(client, world["programme"], {**headers, "Idempotency-Key": "x y"})
    assert bad.status_code == 422 and "Idempotency-Key" in bad.json["error"]["message"]
    assert count(db, ProgressEntry) == 3


def test_api_programme_retry_returns_the_created_programme(client, db, world):
    headers = {**bearer(db, world["officer"]), "Idempotency-Key": once.new_key()}
    body = {"name": "Program baru", "indicator": "Anak", "unit": "anak", "target": 10}
    path = f"/api/v1/fields/{world['field'].id}/programmes"
    first, retry = client.post(path, json=body, headers=headers), client.post(path, json=body, headers=headers)
    assert first.status_code == 201, first.json
    assert retry.status_code == 201 and retry.json["id"] == first.json["id"]
    assert count(db, Programme) == 2


def test_openapi_documents_the_idempotency_key(client):
    spec = client.get("/api/v1/openapi.json").json
    posts = {path: ops["post"] for path, ops in spec["paths"].items() if "post" in ops}
    assert {"/api/v1/programmes/{programme_id}/progress", "/api/v1/fields/{field_id}/programmes"} <= set(posts)
    for path, operation in posts.items():  # every creating endpoint, including ones added later
        names = [p.get("name") for p in operation.get("parameters", [])]
        assert "Idempotency-Key" in names, (path, names)


def test_programme_form_resend_leads_to_the_programme(client, login, db, make):
    kotim, seruyan = make.party("Kotim", "62.02"), make.party("Seruyan", "62.07")
    field = make.agreement([kotim, seruyan], fields=["ATS"]).fields[0]
    disdik = make.agency(kotim, "Dinas Pendidikan")
    login(make.user("officer", agency=disdik))
    path = f"/fields/{field.id}/programmes/add"
    data = programme_data(disdik, submission_key=key_of(client, path))
    assert client.post(path, data=dict(data)).status_code == 302
    again = client.post(path, data=dict(data), follow_redirects=True)
    assert "Program ini sudah tersimpan" in again.get_data(as_text=True)
    assert count(db, Programme) == 1


def test_agreement_form_resend_leads_to_the_agreement(client, login, db, make):
    from tests.test_agreement_form import form_data

    kotim, seruyan = make.party("Kabupaten Kotawaringin Timur", "62.02"), make.party("Kabupaten Seruyan", "62.07")
    parties = {"kotim": kotim, "seruyan": seruyan, "ka": [make.agency(kotim, f"Dinas K{i}") for i in range(4)],
               "sa": [make.agency(seruyan, f"Dinas S{i}") for i in range(4)]}
    login(make.user("admin", party=kotim))
    data = form_data(parties, submission_key=key_of(client, "/agreements/add"))
    assert client.post("/agreements/add", data=dict(data)).status_code == 302
    again = client.post("/agreements/add", data=dict(data), follow_redirects=True)
    assert "Naskah kerja sama ini sudah tersimpan" in again.get_data(as_text=True)
    assert count(db, Agreement) == 1


def test_monev_form_resend_leads_to_the_monev(client, login, db, make):
    from tests.test_monev import ASPECTS

    kotim, seruyan = make.party("Kotim", "62.02"), make.party("Seruyan", "62.07")
    agreement = make.agreement([kotim, seruyan], fields=["ATS"])
    login(make.user("admin", party=kotim))
    path = f"/agreements/{agreement.id}/monev/add"
    data = {**ASPECTS, "submission_key": key_of(client, path)}
    assert client.post(path, data=dict(data)).status_code == 302
    again = client.post(path, data=dict(data), follow_redirects=True)
    assert "Monev ini sudah tersimpan" in again.get_data(as_text=True)
    assert count(db, Monev) == 1


def test_import_confirmation_twice_imports_once(client, login, db, make):
    from tests.test_import import kb, upload, workbook

    kotim = make.party("Kotawaringin Timur", code="62.02")
    make.party("Seruyan", code="62.07")
    login(make.user("admin", kotim))
    assert upload(client, workbook([kb()], [])).status_code == 302
    key = key_of(client, "/import/preview")
    assert client.post("/import/confirm", data={"submission_key": key}).status_code == 302
    again = client.post("/import/confirm", data={"submission_key": key}, follow_redirects=True)
    assert "Impor ini sudah tersimpan" in again.get_data(as_text=True)
    assert count(db, Agreement) == 1
