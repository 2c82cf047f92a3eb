"""The API asks the same permission module as the pages: who may read and write what."""

from __future__ import annotations

import pytest

from tests.test_api import bearer, world  # noqa: F401  (fixture)


@pytest.fixture
def more(make, world):  # noqa: F811
    damkar = make.agency(world["kotim"], "Damkar")
    return {"damkar_officer": make.user("officer", agency=damkar), "damkar": damkar}


@pytest.mark.parametrize(("who", "status"), [("admin", 200), ("officer", 200), ("leader", 403),
                                             ("damkar_officer", 403), ("stranger", 404)])
def test_changing_a_programme_follows_ownership(client, db, world, more, who, status):  # noqa: F811
    user = world.get(who) or more.get(who)
    response = client.patch(f"/api/v1/programmes/{world['programme'].id}", json={"name": "Nama baru"},
                            headers=bearer(db, user))
    assert response.status_code == status, response.json
    if status == 403:
        assert response.json["error"]["code"] == "forbidden"


@pytest.mark.parametrize(("who", "status"), [("admin", 201), ("officer", 201), ("leader", 403),
                                             ("damkar_officer", 403), ("stranger", 404)])
def test_reporting_progress_follows_ownership(client, db, world, more, who, status):  # noqa: F811
    user = world.get(who) or more.get(who)
    response = client.post(f"/api/v1/programmes/{world['programme'].id}/progress",
                           data={"reported_on": "2026-05-01", "description": "Sosialisasi"},
                           headers=bearer(db, user))
    assert response.status_code == status, response.json


def test_leader_may_not_add_programmes(client, db, world):  # noqa: F811
    response = client.post(f"/api/v1/fields/{world['field'].id}/programmes",
                           json={"name": "x", "indicator": "y", "unit": "z", "target": 1},
                           headers=bearer(db, world["leader"]))
    assert response.status_code == 403


def test_officer_programme_always_belongs_to_its_own_agency(client, db, world, more):  # noqa: F811
    response = client.post(f"/api/v1/fields/{world['field'].id}/programmes",
                           json={"name": "x", "indicator": "y", "unit": "z", "target": 1,
                                 "agency_id": more["damkar"].id},
                           headers=bearer(db, world["officer"]))
    assert response.status_code == 201 and response.json["agency_name"] == "Dinas Pendidikan"


def test_admin_may_not_give_a_programme_to_another_pemdas_agency(client, db, make, world):  # noqa: F811
    seruyan_agency = make.agency(world["agreement"].parties[1].party, "Disdik Seruyan")
    response = client.post(f"/api/v1/fields/{world['field'].id}/programmes",
                           json={"name": "x", "indicator": "y", "unit": "z", "target": 1,
                                 "agency_id": seruyan_agency.id},
                           headers=bearer(db, world["admin"]))
    assert response.status_code == 422 and "agency_id" in response.json["error"]["details"]


@pytest.mark.parametrize("path", ["/api/v1/agreements/{a}", "/api/v1/programmes/{p}", "/api/v1/programmes/{p}/progress"])
def test_another_pemdas_records_do_not_leak(client, db, world, path):  # noqa: F811
    url = path.format(a=world["agreement"].id, p=world["programme"].id)
    assert client.get(url, headers=bearer(db, world["stranger"])).status_code == 404
    assert client.get(url, headers=bearer(db, world["officer"])).status_code == 200


def test_lists_are_narrowed_to_the_callers_pemda(client, db, world):  # noqa: F811
    for path in ("/api/v1/agreements", "/api/v1/programmes"):
        assert client.get(path, headers=bearer(db, world["stranger"])).json["meta"]["total"] == (
            1 if path.endswith("agreements") else 0)


def test_deactivated_users_token_stops_working(client, db, world):  # noqa: F811
    headers = bearer(db, world["officer"])
    world["officer"].active = False
    db.session.commit()
    assert client.get("/api/v1/agreements", headers=headers).status_code == 401
