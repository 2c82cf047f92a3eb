"""Exactly once: back + resend, a phone's retry and concurrent submits store one entry."""

from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import func, select

from tests import dbsetup, test_progress
from tests.factories import Factories
from tests.test_progress import entry_data, url
from tracker.extensions import db as _db
from tracker.idempotency import services as once
from tracker.idempotency.models import SubmissionKey
from tracker.progress.models import ProgressEntry

setup = test_progress.setup  # the progress tests' fixture: a programme of 150 anak
KEY = re.compile(r'name="submission_key" type="hidden" value="([^"]+)"')


def form_key(client, programme) -> str:
    page = client.get(url(programme)).get_data(as_text=True)
    return KEY.search(page).group(1)


def realised(programme) -> str:
    total = _db.session.scalar(select(func.sum(ProgressEntry.quantity)).where(
        ProgressEntry.programme_id == programme.id, ProgressEntry.archived_at.is_(None)))
    return f"{total or 0:.0f}"


def entries(programme) -> int:
    return _db.session.scalar(select(func.count()).select_from(ProgressEntry).where(
        ProgressEntry.programme_id == programme.id))


def test_each_rendering_gets_its_own_key(client, login, setup):
    login(setup["officer"])
    first, second = form_key(client, setup["programme"]), form_key(client, setup["programme"])
    assert once.valid(first) and first != second


def test_back_and_resend_stores_one_entry(client, login, setup):
    programme = setup["programme"]
    login(setup["officer"])
    key = form_key(client, programme)
    sent = client.post(url(programme), data=entry_data(quantity="3", submission_key=key))
    assert sent.status_code == 302 and realised(programme) == "3"
    # Back to the cached form, the same report again (the browser had lost the typed date).
    again = client.post(url(programme), data=entry_data(quantity="3", reported_on="", submission_key=key),
                        follow_redirects=True)
    page = again.get_data(as_text=True)
    assert "Laporan ini sudah tersimpan" in page
    entry = _db.session.scalar(select(ProgressEntry))
    assert again.request.path == f"/programmes/{programme.id}" and f'id="entry-{entry.id}"' in page
    assert entries(programme) == 1 and realised(programme) == "3"


def test_phone_retry_of_the_same_post_stores_one(client, login, setup):
    programme = setup["programme"]
    login(setup["officer"])
    data = entry_data(submission_key=form_key(client, programme))
    assert client.post(url(programme), data=dict(data)).status_code == 302
    assert client.post(url(programme), data=dict(data)).status_code == 303
    assert entries(programme) == 1 and realised(programme) == "42"


def test_refused_report_keeps_its_key_for_the_corrected_send(client, login, setup):
    programme = setup["programme"]
    login(setup["officer"])
    key = form_key(client, programme)
    page = client.post(url(programme), data=entry_data(description="", submission_key=key)).get_data(as_text=True)
    assert "Wajib diisi" in page and f'value="{key}"' in page and entries(programme) == 0
    assert client.post(url(programme), data=entry_data(submission_key=key)).status_code == 302
    assert entries(programme) == 1


def test_a_new_form_is_a_new_report(client, login, setup):
    programme = setup["programme"]
    login(setup["officer"])
    for _ in range(2):
        client.post(url(programme), data=entry_data(submission_key=form_key(client, programme)))
    assert entries(programme) == 2 and realised(programme) == "84"


def test_another_users_key_does_not_lead_to_their_entry(client, login, setup, make):
    programme = setup["programme"]
    login(setup["officer"])
    key = form_key(client, programme)
    client.post(url(programme), data=entry_data(submission_key=key))
    client.post("/logout")
    login(make.user("officer", agency=programme.agency))
    assert client.post(url(programme), data=entry_data(submission_key=key)).status_code == 302
    assert entries(programme) == 2


def _post_in_thread(app, user_email, path, data, results):
    client = app.test_client()
    client.post("/login", data={"email": user_email, "password": Factories.PASSWORD})
    results.append(client.post(path, data=dict(data)).status_code)


@pytest.mark.skipif(dbsetup.backend() != "postgresql", reason="concurrency is PostgreSQL's to prove")
def test_concurrent_submits_of_one_key_store_one_entry(app, setup):
    programme, officer = setup["programme"], setup["officer"]
    email, path = officer.email, url(programme)  # read here: the fixtures' session is this thread's
    data = entry_data(submission_key=once.new_key())
    results: list[int] = []
    barrier = threading.Barrier(4)

    def run():
        with app.app_context():
            barrier.wait()
            _post_in_thread(app, email, path, data, results)
            _db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    _db.session.expire_all()
    assert sorted(results) == [302, 303, 303, 303] and entries(programme) == 1


@pytest.mark.skipif(dbsetup.backend() != "postgresql", reason="concurrency is PostgreSQL's to prove")
def test_a_claim_racing_an_open_transaction_waits_and_replays(app, setup):
    """The second insert blocks on the unique constraint, then sees the first one's record."""
    officer, key = setup["officer"], once.new_key()
    officer_id, user_class = officer.id, type(officer)
    first_claimed, outcome = threading.Event(), {}

    def first():
        with app.app_context():
            user = _db.session.get(user_class, officer_id)
            slot = once.claim(key, user, "progress.add")
            first_claimed.set()
            threading.Event().wait(0.5)  # the other request arrives meanwhile
            once.bind(slot, record_type="progress_entries", record_id=77)
            _db.session.commit()
            _db.session.remove()

    def second():
        first_claimed.wait(10)
        with app.app_context():
            slot = once.claim(key, _db.session.get(user_class, officer_id), "progress.add")
            outcome.update(replay=slot.replay, record_id=slot.record_id)
            _db.session.rollback()
            _db.session.remove()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcome == {"replay": True, "record_id": 77}
    assert _db.session.scalar(select(func.count()).select_from(SubmissionKey)) == 1
