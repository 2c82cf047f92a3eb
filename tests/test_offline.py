"""The installable app, server side: manifest, service worker, the phone's state, JSON answers, GPS."""

from __future__ import annotations

import html
import io
import json
import re

from sqlalchemy import select

from tests import test_progress
from tests.test_progress import entry_data, url
from tracker.progress.models import ProgressEntry

setup = test_progress.setup  # the progress tests' fixture: a programme of 150 anak
JSON = {"Accept": "application/json"}


def test_manifest_names_the_app_in_indonesian_with_icons(client):
    manifest = client.get("/manifest.webmanifest")
    assert manifest.mimetype == "application/manifest+json"
    body = manifest.json
    assert body["name"].startswith("Sinergi") and "Kerja Sama Daerah" in body["name"] and body["lang"] == "id"
    assert body["display"] == "standalone" and body["start_url"] == "/"
    for icon in body["icons"]:
        image = client.get(icon["src"])
        assert image.status_code == 200 and image.data.startswith(b"\x89PNG")
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in body["icons"]}


def test_every_page_links_the_manifest_and_runs_no_inline_script(client, login, setup):
    login(setup["officer"])
    page = client.get(url(setup["programme"])).get_data(as_text=True)
    assert 'rel="manifest" href="/manifest.webmanifest"' in page
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", page))
    assert "https://" not in "".join(re.findall(r'(?:src|href)="[^"]*"', page))


def test_service_worker_is_served_at_the_root_for_the_whole_site(client):
    response = client.get("/sw.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/" and response.headers["Cache-Control"] == "no-cache"
    script = response.get_data(as_text=True)
    assert "/static/js/offline/store.js" in script and "/offline/luring" in script


def test_a_new_release_is_a_new_worker_with_its_own_caches(make_app):
    scripts = {}
    for release in ("2026.12.1", "2026.12.2"):
        app = make_app(RELEASE_VERSION=release)
        scripts[release] = app.test_client().get("/sw.js").get_data(as_text=True)
        assert f'var RELEASE = "{release}";' in scripts[release]
    assert scripts["2026.12.1"] != scripts["2026.12.2"]  # the browser installs the new worker


def test_state_tells_the_phone_who_is_signed_in_and_which_pages_to_keep(client, login, setup, make):
    programme = setup["programme"]
    other = make.programme(programme.field, programme.agency, name="Selesai", status="done")
    assert client.get("/offline/state").json["user_id"] is None
    login(setup["officer"])
    state = client.get("/offline/state")
    assert "no-store" in state.headers["Cache-Control"]
    body = state.json
    assert body["user_id"] == setup["officer"].id and body["csrf_token"]
    assert body["pages"][0] == "/my-work"  # "Pekerjaan saya"
    assert f"/programmes/{programme.id}/progress/add" in body["pages"]
    assert f"/programmes/{other.id}/progress/add" not in body["pages"]  # done: nothing left to report


def test_state_of_an_officer_of_another_agency_keeps_none_of_its_forms(client, login, setup):
    login(setup["colleague"])
    assert f"/programmes/{setup['programme'].id}/progress/add" not in client.get("/offline/state").json["pages"]


def test_offline_sender_gets_json_for_stored_refused_and_resent(client, login, setup, db):
    programme = setup["programme"]
    login(setup["officer"])
    data = entry_data(submission_key="k" * 32)
    sent = client.post(url(programme), data=dict(data), headers=JSON)
    entry = db.session.scalar(select(ProgressEntry))
    assert sent.json == {"ok": True, "replayed": False,
                         "url": f"/programmes/{programme.id}#entry-{entry.id}"}
    again = client.post(url(programme), data=dict(data), headers=JSON)
    assert again.json["ok"] and again.json["replayed"] and again.json["url"] == sent.json["url"]
    refused = client.post(url(programme), data=entry_data(description="", submission_key="r" * 32), headers=JSON)
    assert refused.status_code == 422 and refused.json["errors"]["description"] == ["Wajib diisi."]
    assert refused.json["message"] == "Apa yang dikerjakan: Wajib diisi."


def test_the_form_without_javascript_still_posts_and_redirects(client, login, setup):
    login(setup["officer"])
    response = client.post(url(setup["programme"]), data=entry_data())
    assert response.status_code == 302 and response.headers["Location"].endswith("#entry-1")


def test_gps_position_is_stored_and_shown_with_a_map_link(client, login, setup, db):
    programme = setup["programme"]
    login(setup["officer"])
    data = entry_data(latitude="-2.5412346", longitude="112.9501234", accuracy="12.4",
                      files=[(io.BytesIO(b"x"), "")])
    client.post(url(programme), data=data, content_type="multipart/form-data")
    entry = db.session.scalar(select(ProgressEntry))
    assert (str(entry.latitude), str(entry.longitude), entry.position_accuracy_m) == ("-2.541235", "112.950123", 12)
    page = client.get(f"/programmes/{programme.id}").get_data(as_text=True)
    assert "Koordinat: -2.541235, 112.950123 (±12 m)" in page
    assert "https://www.openstreetmap.org/?mlat=-2.541235&amp;mlon=112.950123#map=17/-2.541235/112.950123" in page


def test_a_bad_or_partial_position_is_left_out_not_refused(client, login, setup, db):
    login(setup["officer"])
    client.post(url(setup["programme"]), data=entry_data(latitude="91", longitude="10"))
    client.post(url(setup["programme"]), data=entry_data(latitude="-2.5", longitude=""))
    assert [e.latitude for e in db.session.scalars(select(ProgressEntry))] == [None, None]


def test_waiting_list_and_offline_page_render(client, login, setup):
    assert "Tidak ada sinyal" in client.get("/offline/luring").get_data(as_text=True)
    login(setup["officer"])
    page = client.get("/offline/menunggu").get_data(as_text=True)
    assert "Laporan yang menunggu dikirim" in page and "data-offline-list" in page
    data = json.loads(html.unescape(re.search(r"id=\"offline-data\" hidden data-json='([^']*)'", page).group(1)))
    assert data["user_id"] == setup["officer"].id and "%(count)s" in data["strings"]["count"]
