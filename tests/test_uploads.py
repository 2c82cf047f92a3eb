"""Uploads: allow-list by content, size limit, storage outside static, guarded downloads."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from tests.samples import EXE, HTML, JPEG, PDF, PNG, docx, plain_zip
from tracker.attachments import services
from tracker.attachments.detect import detect
from tracker.attachments.models import Attachment
from tracker.audit.models import AuditEvent
from tracker.core.clock import today


@pytest.fixture
def setup(make):
    kotim, seruyan, other = make.party("Kotim", "62.02"), make.party("Seruyan", "62.07"), make.party("Lain", "63.01")
    kb = make.agreement([kotim, seruyan], fields=["ATS"])
    disdik = make.agency(kotim, "Dinas Pendidikan")
    programme = make.programme(kb.fields[0], disdik)
    return {"kb": kb, "programme": programme, "officer": make.user("officer", agency=disdik),
            "colleague": make.user("officer", agency=make.agency(kotim, "Dinas Sosial")),
            "seruyan": make.user("officer", agency=make.agency(seruyan, "Dinas Perikanan")),
            "leader": make.user("leader", party=kotim), "outsider": make.user("admin", party=other)}


def report(client, programme, *files):
    data = {"reported_on": today().isoformat(), "description": "Kegiatan", "quantity": "1",
            "files": [(io.BytesIO(content), name) for content, name in files]}
    return client.post(f"/programmes/{programme.id}/progress/add", data=data,
                       content_type="multipart/form-data")


@pytest.mark.parametrize(("content", "kind"), [
    (JPEG, "jpg"), (PNG, "png"), (PDF, "pdf"), (docx(), "docx"),
    (b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 40, "webp"),
    (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 40, "heic"),
])
def test_allowed_kinds_are_recognised_by_content(content, kind):
    assert detect(content)[0] == kind


@pytest.mark.parametrize("content", [EXE, HTML, plain_zip(), b"GIF89a\x01\x00", b"plain text"])
def test_other_content_is_refused(content):
    assert detect(content) is None


@pytest.mark.parametrize(("content", "name"), [(EXE, "foto.jpg"), (HTML, "foto.jpg"), (HTML, "surat.pdf")])
def test_renamed_files_are_refused_by_content(client, login, setup, db, content, name):
    login(setup["officer"])
    page = report(client, setup["programme"], (content, name)).get_data(as_text=True)
    assert f"Jenis berkas {name} tidak diizinkan" in page
    assert db.session.scalar(select(Attachment)) is None


def test_oversized_file_refused_with_message(make_app, setup, db):
    app = make_app(MAX_UPLOAD_MB=1)
    client = app.test_client()
    client.post("/login", data={"email": setup["officer"].email, "password": "rahasia-123"})
    big = JPEG + b"\x00" * (1024 * 1024)
    page = report(client, setup["programme"], (big, "besar.jpg")).get_data(as_text=True)
    assert "Berkas besar.jpg terlalu besar. Batas ukuran per berkas 1 MB." in page
    assert db.session.scalar(select(Attachment)) is None


def test_stored_outside_static_under_random_name_with_sha256(client, login, setup, db, app):
    login(setup["officer"])
    assert report(client, setup["programme"], (JPEG, "../../static/foto kegiatan.jpg")).status_code == 302
    attachment = db.session.scalar(select(Attachment))
    path = Path(app.config["UPLOAD_FOLDER"]) / attachment.stored_name
    assert path.read_bytes() == JPEG
    assert attachment.sha256 == hashlib.sha256(JPEG).hexdigest() and attachment.size_bytes == len(JPEG)
    assert Path(app.static_folder).resolve() not in path.resolve().parents
    assert "foto" not in attachment.stored_name and attachment.original_name == "foto kegiatan.jpg"
    assert not list(path.parent.glob(".upload-*"))  # no temp file left behind
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "attachments"))


def test_store_upload_for_an_agreement(app, setup, db):
    attachment = services.store_upload(FileStorage(io.BytesIO(PDF), "KB ditandatangani.pdf"),
                                       agreement=setup["kb"], user=setup["officer"])
    db.session.commit()
    assert attachment.content_type == "application/pdf" and attachment.agreement_id == setup["kb"].id
    with pytest.raises(services.UploadError, match="tidak diizinkan"):
        services.store_upload(FileStorage(io.BytesIO(HTML), "scan.pdf"), agreement=setup["kb"])


@pytest.fixture
def evidence(client, login, setup, db):
    login(setup["officer"])
    report(client, setup["programme"], (PNG, "bukti.png"))
    client.post("/logout")
    return db.session.scalar(select(Attachment))


@pytest.mark.parametrize(("who", "status"), [
    ("officer", 200), ("colleague", 200), ("leader", 200), ("seruyan", 200), ("outsider", 404)])
def test_download_only_for_users_who_see_the_record(client, login, setup, evidence, who, status):
    login(setup[who])
    response = client.get(f"/attachments/{evidence.id}")
    assert response.status_code == status
    if status == 200:
        assert response.data == PNG
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert "bukti.png" in response.headers["Content-Disposition"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.mimetype == "image/png"


def test_download_needs_login_and_unknown_ids_are_404(client, login, setup, evidence):
    assert client.get(f"/attachments/{evidence.id}").status_code == 302
    login(setup["officer"])
    assert client.get("/attachments/999999").status_code == 404


def test_archive_attachment_only_by_permitted_users(client, login, setup, evidence, db):
    login(setup["colleague"])
    assert client.post(f"/attachments/{evidence.id}/archive").status_code == 403
    client.post("/logout")
    login(setup["officer"])
    assert client.post(f"/attachments/{evidence.id}/archive").status_code == 302
    assert client.get(f"/attachments/{evidence.id}").status_code == 404
    assert "bukti.png" not in client.get(f"/programmes/{setup['programme'].id}").get_data(as_text=True)


def test_clean_filename_strips_paths_and_controls():
    assert services.clean_filename('..\\..\\evil"\r\n;name.jpg') == "evilname.jpg"
    assert services.clean_filename("laporan.jpg", "png") == "laporan.png"
    assert services.clean_filename("") == "berkas"
