"""Issue 13: the quantity is added, the form says where it leads, over the target needs a confirmation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from tracker.core.clock import today
from tracker.progress.models import ProgressEntry


@pytest.fixture
def setup(make):
    kotim, seruyan = make.party("Kotim", "62.02"), make.party("Seruyan", "62.07")
    kb = make.agreement([kotim, seruyan], fields=["ATS"])
    disdik = make.agency(kotim, "Dinas Pendidikan")
    programme = make.programme(kb.fields[0], disdik, target=150, unit="anak", status="running",
                               start_on=date(2025, 1, 1), due_on=date(2099, 12, 31))
    make.progress(programme, quantity=107, reported_on=date(2026, 1, 5))
    return {"programme": programme, "officer": make.user("officer", agency=disdik)}


def post(client, programme, **values):
    data = {"reported_on": today().isoformat(), "description": "Pendataan ATS", "quantity": "3",
            "location": "Baamang", **values}
    return client.post(f"/programmes/{programme.id}/progress/add", data=data, content_type="multipart/form-data")


def test_label_and_help_say_the_quantity_is_added(client, login, setup):
    login(setup["officer"])
    page = client.get(f"/programmes/{setup['programme'].id}/progress/add").get_data(as_text=True)
    assert "Jumlah yang ditambahkan" in page and "Jumlah yang dicapai" not in page
    assert "Ditambahkan ke realisasi saat ini (107 anak)" in page and "bukan total berjalan" in page
    assert 'data-before="107' in page and "progress-quantity.js" in page and "<script>" not in page
    assert 'name="confirm_over_target"' not in page  # only once the server asks


def test_validation_round_trip_repeats_the_outcome_sentence(client, login, setup):
    login(setup["officer"])
    page = post(client, setup["programme"], quantity="3", description="").get_data(as_text=True)
    assert "Realisasi menjadi 110 dari 150 anak (73,3%)." in page


def test_running_total_over_target_asks_for_confirmation_then_marks_the_entry(client, login, setup, db):
    programme = setup["programme"]
    login(setup["officer"])
    first = post(client, programme, quantity="110")  # the running total, typed by mistake
    page = first.get_data(as_text=True)
    assert first.status_code == 200
    assert "Realisasi menjadi 217 dari 150 anak (144,7%)." in page and "melebihi target" in page
    assert 'name="confirm_over_target"' in page and 'value="110"' in page
    assert db.session.scalars(select(ProgressEntry.quantity)).all() == [Decimal(107)]
    second = post(client, programme, quantity="110", confirm_over_target="y")
    assert second.status_code == 302
    entry = db.session.scalar(select(ProgressEntry).order_by(ProgressEntry.id.desc()))
    assert entry.quantity == 110 and entry.over_target is True
    shown = client.get(f"/programmes/{programme.id}").get_data(as_text=True)
    assert "Melebihi target" in shown


def test_within_target_goes_through_unmarked(client, login, setup, db):
    login(setup["officer"])
    assert post(client, setup["programme"], quantity="43").status_code == 302  # exactly 150
    entry = db.session.scalar(select(ProgressEntry).order_by(ProgressEntry.id.desc()))
    assert entry.over_target is False


def test_correcting_an_entry_counts_it_once(client, login, setup, make, db):
    entry = db.session.scalar(select(ProgressEntry))
    login(setup["officer"])
    data = {"reported_on": "2026-01-05", "description": "Koreksi", "quantity": "140", "version": "1"}
    response = client.post(f"/progress/{entry.id}/edit", data=data, content_type="multipart/form-data")
    assert response.status_code == 302  # 140 of 150: its own 107 is replaced, not added


def test_api_needs_the_confirmation_too(client, setup, make, db):
    from tracker.api.services import create_token

    _token, raw = create_token(setup["officer"], "uji", 30)
    db.session.commit()
    url = f"/api/v1/programmes/{setup['programme'].id}/progress"
    headers = {"Authorization": f"Bearer {raw}"}
    data = {"reported_on": today().isoformat(), "description": "x", "quantity": "50"}
    refused = client.post(url, data=data, headers=headers)
    assert refused.status_code == 422 and "melebihi target" in refused.get_data(as_text=True)
    accepted = client.post(url, data={**data, "confirm_over_target": "true"}, headers=headers)
    assert accepted.status_code == 201 and accepted.get_json()["over_target"] is True
