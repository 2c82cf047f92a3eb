"""Evidence thumbnails: made by the server, upright, without EXIF, seen only by who sees the file."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage

from tests.samples import PDF
from tracker.attachments.services import store_upload
from tracker.attachments.thumbnails import thumbnail_folder

ORIENTATION, GPS_INFO, ARTIST = 0x0112, 0x8825, 0x013B


def _camera_photo() -> bytes:
    """A 400×200 JPEG as a phone stores it: sensor landscape, EXIF 'rotate 90° to view', GPS, owner."""
    image = Image.new("RGB", (400, 200), "white")
    image.paste((200, 0, 0), (0, 0, 200, 200))  # the left half red: after turning, the top half
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[ARTIST] = "Petugas Dinas Pendidikan"
    exif.get_ifd(GPS_INFO)[2] = (2.0, 32.0, 0.0)  # GPSLatitude, the place of a child's home
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


@pytest.fixture
def evidence(make, db):
    kotim, seruyan = make.party("Kabupaten Kotawaringin Timur", "62.02"), make.party("Kabupaten Seruyan", "62.07")
    agency = make.agency(kotim, "Dinas Pendidikan")
    agreement = make.agreement([kotim, seruyan], fields=["Anak tidak sekolah"])
    programme = make.programme(agreement.fields[0], agency, name="Pendataan ATS")
    entry = make.progress(programme, quantity=12, description="12 anak terdaftar kembali")
    photo = store_upload(FileStorage(io.BytesIO(_camera_photo()), "rumah-anak.jpg"), progress_entry=entry)
    scan = store_upload(FileStorage(io.BytesIO(PDF), "daftar-hadir.pdf"), progress_entry=entry)
    db.session.commit()
    return {"kotim": kotim, "seruyan": seruyan, "agency": agency, "programme": programme, "photo": photo,
            "scan": scan, "officer": make.user("officer", party=kotim, agency=agency)}


def _image(response) -> Image.Image:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "image/jpeg"
    return Image.open(io.BytesIO(response.data))


def test_thumbnail_is_upright_small_and_without_exif(client, login, evidence):
    login(evidence["officer"])
    small = _image(client.get(f"/attachments/{evidence['photo'].id}/thumbnail/small.jpg"))
    assert small.size == (120, 240)  # turned as the phone meant it, long side 240
    assert small.getpixel((60, 30))[0] > 150 and small.getpixel((60, 210))[1] > 150  # red top, white bottom
    assert dict(small.getexif()) == {} and b"Exif" not in client.get(
        f"/attachments/{evidence['photo'].id}/thumbnail/small.jpg").data
    large = _image(client.get(f"/attachments/{evidence['photo'].id}/thumbnail/large.jpg"))
    assert large.size == (200, 400)  # never enlarged past the original


def test_thumbnails_are_cached_on_disk_outside_the_web_root(client, login, evidence, app):
    login(evidence["officer"])
    url = f"/attachments/{evidence['photo'].id}/thumbnail/small.jpg"
    first = client.get(url)
    cached = list(thumbnail_folder().glob("*-small.jpg"))
    assert len(cached) == 1 and cached[0].read_bytes() == first.data
    assert app.static_folder not in str(cached[0].resolve())
    made = cached[0].stat().st_mtime_ns
    assert client.get(url).data == first.data and cached[0].stat().st_mtime_ns == made  # served, not redrawn
    assert "private" in first.headers["Cache-Control"] and first.headers["X-Content-Type-Options"] == "nosniff"


def test_programme_page_shows_the_photo_as_a_thumbnail_that_opens_large(client, login, evidence):
    login(evidence["officer"])
    html = client.get(f"/programmes/{evidence['programme'].id}").get_data(as_text=True)
    photo, scan = evidence["photo"].id, evidence["scan"].id
    link = re.search(rf'<a href="(/attachments/{photo}/view)">\s*<img class="evidence-thumb" '
                     rf'src="/attachments/{photo}/thumbnail/small.jpg"', html)
    assert link, "no thumbnail for the photo"
    assert f"/attachments/{scan}/thumbnail" not in html  # a PDF stays a file link
    assert f'href="/attachments/{scan}"' in html
    view = client.get(link.group(1)).get_data(as_text=True)
    assert f'src="/attachments/{photo}/thumbnail/large.jpg"' in view
    assert f'href="/attachments/{photo}"' in view and "rumah-anak.jpg" in view
    assert "<script>" not in view  # opened by a plain link: no inline script


def test_thumbnail_follows_the_files_permission(client, login, evidence, make, db):
    photo = evidence["photo"].id
    assert client.get(f"/attachments/{photo}/thumbnail/small.jpg").status_code == 302  # sign in first
    login(make.user("admin", party=make.party("Kabupaten Lain", "62.99")))
    for url in (f"/attachments/{photo}", f"/attachments/{photo}/thumbnail/small.jpg", f"/attachments/{photo}/view"):
        assert client.get(url).status_code == 404, url
    assert not list(thumbnail_folder().glob("*.jpg"))  # nothing was drawn for the outsider


def test_archived_or_non_picture_files_have_no_thumbnail(client, login, evidence, db):
    login(evidence["officer"])
    assert client.get(f"/attachments/{evidence['scan'].id}/thumbnail/small.jpg").status_code == 404
    assert client.get(f"/attachments/{evidence['scan'].id}/view").status_code == 404
    client.post(f"/attachments/{evidence['photo'].id}/archive")
    assert client.get(f"/attachments/{evidence['photo'].id}/thumbnail/small.jpg").status_code == 404


def test_a_picture_too_large_to_decode_stays_a_link(client, login, evidence, monkeypatch):
    monkeypatch.setattr("tracker.attachments.thumbnails.MAX_PIXELS", 400 * 200 - 1)  # the photo is 400×200
    login(evidence["officer"])
    assert client.get(f"/attachments/{evidence['photo'].id}/thumbnail/small.jpg").status_code == 404
    assert client.get(f"/attachments/{evidence['photo'].id}").status_code == 200  # the file itself still
    assert not list(thumbnail_folder().glob("*.jpg"))
