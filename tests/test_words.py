"""Words: "Kondisi" for a programme's condition, plural English menu, translated buckets, the real menu name."""

from __future__ import annotations

import pytest
from flask_babel import refresh

from tests.route_rules.world import sign_in


@pytest.fixture(autouse=True)
def _locale_per_request(app):
    app.before_request(refresh)  # the test app context outlives requests; a server's does not


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_indonesian_pages_say_kondisi_never_kesehatan_for_a_programme(app, client, world):
    sign_in(client, world.users["leader/own-pemda/own-agency"])
    dashboard = _page(client, "/dashboard")
    assert "Kondisi program berjalan" in dashboard and "Kesehatan" not in dashboard
    officer = app.test_client()
    sign_in(officer, world.users["officer/own-pemda/own-agency"])
    work = _page(officer, "/my-work")
    assert ">Kondisi<" in work and "Kesehatan" not in work


def test_english_menu_is_plural_and_buckets_are_translated(client, world):
    user = world.users["leader/own-pemda/own-agency"]
    user.locale = "en"
    world.db.session.commit()
    sign_in(client, user)
    page = _page(client, "/dashboard/expiry")
    for item in ("Cooperation agreements</a>", "Programmes</a>", "Parties</a>"):
        assert item in page, item
    assert "0–30 days" in page and "Past validity, not yet decided" in page
    assert "0–30 hari" not in page and "Lewat masa berlaku" not in page
    assert "Condition of running programmes" in _page(client, "/dashboard")


def test_api_docs_name_the_real_menu(client):
    description = client.get("/api/v1/openapi.json").get_json()["info"]["description"]
    assert "Integrasi" in description and "menu Token API" not in description
