"""Laporkan kemajuan: entries with evidence move realisation and percentage."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.samples import EXE, JPEG, PNG
from tracker.attachments.models import Attachment
from tracker.core.clock import today
from tracker.programs.models import Programme
from tracker.progress.models import ProgressEntry
from tracker.progress.services import create_entry


@pytest.fixture
def setup(make):
    kotim, seruyan = make.party("Kotim", "62.02"), make.party("Seruyan", "62.07")
    kb = make.agreement([kotim, seruyan], fields=["ATS"])
    disdik = make.agency(kotim, "Dinas Pendidikan")
    programme = make.programme(kb.fields[0], disdik, target=150, status="planned", unit="anak",
                               start_on=date(2025, 1, 1), due_on=date(2099, 12, 31))
    return {"programme": programme, "officer": make.user("officer", agency=disdik),
            "colleague": make.user("officer", agency=make.agency(kotim, "Dinas Sosial")),
            "leader": make.user("leader", party=kotim)}


def entry_data(**overrides):
    data = {"reported_on": today().isoformat(), "description": "Pendataan ATS di Baamang",
            "quantity": "42", "location": "Baamang"}
    data.update(overrides)
    return data


def url(programme):
    return f"/programmes/{programme.id}/progress/add"


def test_form_defaults_to_today_and_is_built_for_a_phone(client, login, setup):
    login(setup["officer"])
    page = client.get(url(setup["programme"])).get_data(as_text=True)
    assert f'value="{today().isoformat()}"' in page
    assert 'type="file"' in page and "multiple" in page and 'capture="environment"' in page
    assert 'accept="image/jpeg' in page and "touch-target" in page and 'name="viewport"' in page
    assert "progress-form.js" in page and "<script>" not in page


def test_two_photos_update_realisation_and_percentage(client, login, setup, db):
    programme = setup["programme"]
    login(setup["officer"])
    data = entry_data(files=[(io.BytesIO(JPEG), "foto1.jpg"), (io.BytesIO(PNG), "foto2.png")])
    response = client.post(url(programme), data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert ">42<" in page and "28%" in page  # 42 of 150 anak
    assert "foto1.jpg" in page and "foto2.png" in page
    client.post(url(programme), data=entry_data(quantity="33"), content_type="multipart/form-data")
    page = client.get(f"/programmes/{programme.id}").get_data(as_text=True)
    assert ">75<" in page and "50%" in page
    db.session.expire_all()
    assert db.session.get(Programme, programme.id).status == "running"  # planned -> running
    assert db.session.scalar(select(func.count(Attachment.id))) == 2


def test_future_date_and_bad_quantity_refused_with_typed_text_kept(client, login, setup, db):
    login(setup["officer"])
    tomorrow = (today() + timedelta(days=1)).isoformat()
    page = client.post(url(setup["programme"]), data=entry_data(reported_on=tomorrow, quantity="-3",
                       description="Kunjungan ke rumah warga"), content_type="multipart/form-data").get_data(as_text=True)
    assert "tidak boleh di masa depan" in page and "Tulis angka tidak negatif" in page
    assert "Kunjungan ke rumah warga" in page and 'value="-3"' in page
    assert db.session.scalar(select(ProgressEntry)) is None


def test_one_bad_file_stores_nothing_and_names_the_file(client, login, setup, db, app):
    login(setup["officer"])
    data = entry_data(description="Penyaluran benih tahap II",
                      files=[(io.BytesIO(JPEG), "bagus.jpg"), (io.BytesIO(EXE), "virus.jpg")])
    page = client.post(url(setup["programme"]), data=data, content_type="multipart/form-data").get_data(as_text=True)
    assert "virus.jpg" in page and "tidak diizinkan" in page
    assert "Penyaluran benih tahap II" in page
    assert db.session.scalar(select(ProgressEntry)) is None
    assert db.session.scalar(select(Attachment)) is None
    from pathlib import Path

    folder = Path(app.config["UPLOAD_FOLDER"])
    assert not folder.exists() or not any(folder.iterdir())


def test_service_is_all_or_nothing_when_the_disk_fails(app, setup, db, monkeypatch):
    from werkzeug.datastructures import FileStorage

    from tracker.attachments import services as attachments

    calls = []
    real = attachments._write_atomically

    def flaky(data, target):
        calls.append(target)
        if len(calls) == 2:
            raise OSError("disk full")
        real(data, target)

    monkeypatch.setattr(attachments, "_write_atomically", flaky)
    files = [FileStorage(io.BytesIO(JPEG), "a.jpg"), FileStorage(io.BytesIO(PNG), "b.png")]
    with pytest.raises(attachments.UploadError):
        create_entry(setup["programme"], reported_on=today(), description="x", quantity=1,
                     user=setup["officer"], files=files)
    db.session.rollback()
    assert not calls[0].exists()  # the first file was removed again with the rollback
    assert db.session.scalar(select(ProgressEntry)) is None


def test_edit_with_concurrent_change_caught(client, login, setup, make, db):
    entry = make.progress(setup["programme"], quantity=10, reported_on=date(2026, 1, 10))
    login(setup["officer"])
    page = client.get(f"/progress/{entry.id}/edit").get_data(as_text=True)
    assert "Ubah laporan kemajuan" in page
    first = client.post(f"/progress/{entry.id}/edit", data=entry_data(quantity="12", version="1"),
                        content_type="multipart/form-data")
    assert first.status_code == 302
    second = client.post(f"/progress/{entry.id}/edit", data=entry_data(quantity="99", description="Versi saya", version="1"),
                         content_type="multipart/form-data")
    text = second.get_data(as_text=True)
    assert second.status_code == 200 and "baru saja diubah oleh orang lain" in text and "Versi saya" in text
    db.session.expire_all()
    assert db.session.get(ProgressEntry, entry.id).quantity == 12


def test_archive_takes_entry_out_of_realisation(client, login, setup, make):
    entry = make.progress(setup["programme"], quantity=30)
    login(setup["officer"])
    assert client.post(f"/progress/{entry.id}/archive").status_code == 302
    page = client.get(f"/programmes/{setup['programme'].id}").get_data(as_text=True)
    assert "Belum ada laporan kemajuan." in page


@pytest.mark.parametrize("who", ["colleague", "leader"])
def test_others_cannot_report_or_edit(client, login, setup, make, who):
    entry = make.progress(setup["programme"])
    login(setup[who])
    assert client.get(url(setup["programme"])).status_code == 403
    assert client.post(f"/progress/{entry.id}/edit", data=entry_data()).status_code == 403
    assert client.post(f"/progress/{entry.id}/archive").status_code == 403
    assert client.get(f"/programmes/{setup['programme'].id}").status_code == 200


def test_request_over_the_total_limit_returns_to_the_form_with_a_message(make_app, make, setup):
    app = make_app(MAX_UPLOAD_MB=1, MAX_CONTENT_LENGTH=1024 * 1024)
    client = app.test_client()
    client.post("/login", data={"email": setup["officer"].email, "password": "rahasia-123"})
    big = io.BytesIO(b"\xff\xd8\xff" + b"\x00" * (1024 * 1024 + 10))
    response = client.post(url(setup["programme"]), data=entry_data(files=[(big, "besar.jpg")]),
                           content_type="multipart/form-data", follow_redirects=True)
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "melebihi 1 MB" in text and "Laporkan kemajuan" in text
