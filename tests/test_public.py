"""The public pages (/publik/): what citizens read without an account, cacheable and cookie-free."""

from __future__ import annotations

import csv
import io
import json

import pytest
from PIL import Image

from tests import public_fixture
from tracker.publication import services as publication


@pytest.fixture(autouse=True)
def _locale_per_request(request):
    """Flask-Babel caches the locale on ``g``; the test app context outlives requests, a server's does not."""
    if "app" in request.fixturenames:
        from flask_babel import refresh

        request.getfixturevalue("app").before_request(refresh)


@pytest.fixture
def pw(db, make):
    return public_fixture.build(db, make)


def _text(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def test_index_lists_the_province_then_its_pemda_and_only_published_agreements(client, pw):
    page = _text(client, "/publik/")
    assert "Kalimantan Tengah" in page and 'href="/publik/daerah/62"' in page and "1 naskah" in page
    assert "KB Kotim Seruyan benih nila" in page
    province = _text(client, "/publik/daerah/62")
    assert 'href="/publik/daerah/62.02">Kabupaten Kotawaringin Timur' in province
    assert 'href="/publik/daerah/62.07">Kabupaten Seruyan' in province
    assert "KB rahasia belum terbit" not in page
    assert "<title>Kerja sama daerah · Sinergi" in page and '<meta name="description"' in page


def test_region_pages_by_kemendagri_code_a_province_holds_its_regencies(client, pw):
    for code in ("62", "62.02", "62.07"):
        page = _text(client, f"/publik/daerah/{code}")
        assert "KB Kotim Seruyan benih nila" in page and "KB rahasia belum terbit" not in page
    assert "Kabupaten Seruyan" in _text(client, "/publik/daerah/62")
    assert "Belum ada kerja sama" in _text(client, "/publik/daerah/11")  # Aceh: nothing published
    _text(client, "/publik/daerah/99.99", 404)
    _text(client, "/publik/daerah/<script>", 404)


def test_agreement_page_shows_parties_fields_programmes_realisation_and_timeline(client, pw):
    page = _text(client, f"/publik/kerja-sama/{pw.shown.id}")
    for text in ("Kabupaten Kotawaringin Timur", "Kabupaten Seruyan", "Benih ikan nila", "Penyaluran benih nila",
                 "300", "1.000", "ekor", "capaian 30%", "Benih disalurkan ke kelompok Mina Jaya", "Kuala Pembuang",
                 "Bupati Kotawaringin Timur", "Rp 175.000.000", "Dinas Perikanan"):
        assert text in page, text
    for secret in ("Halikinnor", "Catatan internal rahasia", "Catatan status internal", "Budi Santoso",
                   "budi.santoso@kotim.example", "perikanan@kotim.example", "Siti Aminah"):
        assert secret not in page, secret
    assert f"/publik/foto/{pw.public_photo.id}/kecil.jpg" in page
    assert f"/publik/foto/{pw.private_photo.id}/" not in page


def test_unpublished_archived_and_unknown_agreements_are_not_found(client, db, pw):
    _text(client, f"/publik/kerja-sama/{pw.hidden.id}", 404)
    _text(client, "/publik/kerja-sama/999999", 404)
    publication.unpublish(pw.shown)
    db.session.commit()
    _text(client, f"/publik/kerja-sama/{pw.shown.id}", 404)  # at once, no consent
    assert "KB Kotim Seruyan benih nila" not in _text(client, "/publik/")
    publication.publish(pw.shown)
    pw.shown.archived_at = pw.shown.created_at
    db.session.commit()
    _text(client, f"/publik/kerja-sama/{pw.shown.id}", 404)


def test_the_coordinators_choices_hide_budgets_descriptions_photos_and_programmes(client, db, pw):
    publication.publish(pw.shown, {"show_budgets": False, "show_progress": False, "show_photos": False})
    db.session.commit()
    page = _text(client, f"/publik/kerja-sama/{pw.shown.id}")
    assert "Penyaluran benih nila" in page and "300" in page
    assert "Rp 175.000.000" not in page and "Mina Jaya" not in page and "/publik/foto/" not in page
    assert client.get(f"/publik/foto/{pw.public_photo.id}/kecil.jpg").status_code == 404
    publication.publish(pw.shown, {"show_programmes": False})
    db.session.commit()
    page = _text(client, f"/publik/kerja-sama/{pw.shown.id}")
    assert "Benih ikan nila" in page and "Penyaluran benih nila" not in page and "capaian" not in page
    data = client.get(f"/publik/data.json?agreement_id={pw.shown.id}").get_json()
    assert data["agreements"][0]["fields"][0]["programmes"] == [] and data["agreements"][0]["progress"] == []


def test_search_finds_published_agreements_by_party_field_and_programme(client, db, pw):
    for words in ("Seruyan", "ikan nila", "penyaluran BENIH", "Kotawaringin"):
        page = _text(client, f"/publik/cari?q={words}")
        assert "KB Kotim Seruyan benih nila" in page, words
        assert "KB rahasia belum terbit" not in page
    assert "KB Kotim" not in _text(client, "/publik/cari?q=tersembunyi").split("Hasil pencarian")[1]
    assert "paling sedikit dua huruf" in _text(client, "/publik/cari?q=a")
    publication.publish(pw.shown, {"show_programmes": False})
    db.session.commit()
    assert "KB Kotim Seruyan" not in _text(client, "/publik/cari?q=penyaluran").split("Hasil pencarian")[1]
    assert "KB Kotim Seruyan" in _text(client, "/publik/cari?q=nila")  # its field's title is still public
    _text(client, "/publik/cari?q=%25_%5C%27%22")  # LIKE wildcards and quotes are plain text
    for url in ("/publik/cari?q=nila&page=" + "9" * 30, "/publik/daerah/62?page=-4", "/publik/data.json?page=" + "9" * 30):
        assert client.get(url).status_code == 200, url


def test_english_by_query_parameter_links_keep_it(client, pw):
    page = _text(client, f"/publik/kerja-sama/{pw.shown.id}?lang=en")
    assert '<html lang="en"' in page and "Parties" in page and "Timeline" in page
    assert "lang=en" in page.split("navbar-brand")[1][:200]  # the home link stays English
    assert '<html lang="id"' in _text(client, f"/publik/kerja-sama/{pw.shown.id}")
    assert '<html lang="id"' in _text(client, f"/publik/kerja-sama/{pw.shown.id}?lang=xx")


def test_login_page_links_to_the_public_pages(client):
    assert 'href="/publik/"' in _text(client, "/login")


PUBLIC_URLS = ("/publik/", "/publik/daerah/62", "/publik/daerah/62.02", "/publik/cari?q=nila",
               "/publik/data.json", "/publik/data.csv", "/publik/data-terbuka", "/publik/kerja-sama/{shown}",
               "/publik/kerja-sama/{shown}?lang=en", "/publik/foto/{photo}/kecil.jpg", "/publik/foto/{photo}/besar.jpg",
               "/publik/kerja-sama/{hidden}", "/publik/foto/{private}/kecil.jpg", "/publik/daerah/00")


@pytest.mark.parametrize("csrf", [False, True])
def test_no_public_answer_sets_a_cookie_even_with_csrf_and_a_signed_in_reader(make_app, make, db, csrf):
    app = make_app(WTF_CSRF_ENABLED=csrf)
    with app.app_context():
        pw = public_fixture.build(db, make)
        urls = [u.format(shown=pw.shown.id, hidden=pw.hidden.id, photo=pw.public_photo.id,
                         private=pw.private_photo.id) for u in PUBLIC_URLS]
        anonymous = app.test_client()
        for url in urls:
            response = anonymous.get(url)
            assert response.status_code in (200, 404), url
            assert "Set-Cookie" not in response.headers, url
            assert "Cookie" not in response.headers.get("Vary", ""), url
        # From the login page (a session with a CSRF token) or signed in, as the citizen's journey goes.
        reader = app.test_client()
        assert "Set-Cookie" in reader.get("/login").headers
        if not csrf:
            reader.post("/login", data={"email": pw.officer.email, "password": make.PASSWORD})
        for url in urls:
            assert "Set-Cookie" not in reader.get(url).headers, url


def test_pages_carry_etag_and_cache_control_and_answer_304(client, pw):
    for url in ("/publik/", f"/publik/kerja-sama/{pw.shown.id}", "/publik/data.json",
                f"/publik/foto/{pw.public_photo.id}/kecil.jpg"):
        first = client.get(url)
        assert first.headers["Cache-Control"] == "public, max-age=60", url
        etag = first.headers["ETag"]
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.data == b"", url


def test_public_photo_is_a_resized_jpeg_without_exif(client, pw):
    small = client.get(f"/publik/foto/{pw.public_photo.id}/kecil.jpg")
    assert small.status_code == 200 and small.mimetype == "image/jpeg"
    image = Image.open(io.BytesIO(small.data))
    assert max(image.size) == 480 and not image.getexif()
    assert b"Petugas Rahasia" not in small.data and b"KameraMerek" not in small.data
    assert max(Image.open(io.BytesIO(client.get(f"/publik/foto/{pw.public_photo.id}/besar.jpg").data)).size) == 1280
    for photo in (pw.private_photo, pw.hidden_photo):  # not marked public / agreement not published
        assert client.get(f"/publik/foto/{photo.id}/kecil.jpg").status_code == 404
    assert client.get(f"/publik/foto/{pw.public_photo.id}/asli.jpg").status_code == 404


def test_open_data_json_and_csv_follow_the_documented_schema(client, pw):
    data = client.get("/publik/data.json").get_json()
    assert data["schema"] == "sinergi-open-data/1" and data["total"] == 1 and data["next"] is None
    (agreement,) = data["agreements"]
    assert agreement["title"] == "KB Kotim Seruyan benih nila"
    assert [p["region_code"] for p in agreement["parties"]] == ["62.02", "62.07"]
    programme = agreement["fields"][0]["programmes"][0]
    assert programme["realised"] == 300 and programme["target"] == 1000 and programme["realisation_percent"] == 30
    assert agreement["progress"][0]["photos"][0].endswith(f"/publik/foto/{pw.public_photo.id}/besar.jpg")
    assert "Halikinnor" not in json.dumps(data) and "Budi" not in json.dumps(data)
    rows = list(csv.DictReader(io.StringIO(client.get("/publik/data.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert [(r["programme"], r["realised"], r["realisation_percent"]) for r in rows] == [
        ("Penyaluran benih nila", "300.0", "30.0")]
    assert rows[0]["region_codes"] == "62.02 | 62.07" and rows[0]["budget"] == "175000000"
    assert client.get("/publik/data.json?daerah=11").get_json()["total"] == 0
    assert client.get("/publik/data.csv?daerah=99.99").status_code == 404


def test_rate_limited_per_address_in_redis(make_app):
    app = make_app(RATELIMIT_ENABLED=True, PUBLIC_RATE_LIMIT="3/minute",
                   RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/3", RATELIMIT_KEY_PREFIX="i19-test-rate")
    with app.app_context():
        from tracker.extensions import limiter

        limiter.reset()
        client = app.test_client()
        here = {"REMOTE_ADDR": "198.51.100.7"}
        assert [client.get("/publik/", environ_base=here).status_code for _ in range(4)] == [200, 200, 200, 429]
        refused = client.get("/publik/", environ_base=here)
        assert "Tunggu sebentar" in refused.get_data(as_text=True) and "Set-Cookie" not in refused.headers
        assert client.get("/publik/", environ_base={"REMOTE_ADDR": "198.51.100.8"}).status_code == 200
        limiter.reset()


def test_a_csv_download_left_unread_holds_no_transaction(client, db, pw):
    response = client.get("/publik/data.csv")  # streamed: the body is not read here
    assert response.status_code == 200
    assert not db.session().in_transaction()  # else PostgreSQL keeps locks for a reader that went away
    assert "Penyaluran benih nila" in response.get_data(as_text=True)


def test_the_demo_kb_is_published_with_its_programmes_and_one_public_photo(client, db):
    from tracker.demo import load_demo

    load_demo()
    db.session.commit()
    data = client.get("/publik/data.json").get_json()
    (kb,) = data["agreements"]
    assert kb["kind"] == "KB" and [f["position"] for f in kb["fields"]] == [1, 2, 3, 4]
    assert sum(len(f["programmes"]) for f in kb["fields"]) == 3
    photos = [url for entry in kb["progress"] for url in entry["photos"]]
    assert len(photos) == 1 and client.get(photos[0].replace("http://localhost", "")).mimetype == "image/jpeg"
