"""Login, logout, throttling, password change and password reset by email."""

from __future__ import annotations

import re
import time

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import select

from tests.factories import Factories
from tests.smtp import body_html, body_text
from tracker.audit.models import AuditEvent
from tracker.extensions import db as _db
from tracker.users.models import User

WRONG = "Email atau kata sandi salah."


def _login(client, email, password, **extra):
    return client.post("/login", data={"email": email, "password": password, **extra})


def test_login_records_last_login_and_lands_on_home(client, make, db):
    user = make.user("leader")
    response = _login(client, user.email.upper(), Factories.PASSWORD)
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.last_login_at is not None


@pytest.mark.parametrize("case", ["wrong-password", "unknown-email", "deactivated"])
def test_login_failure_says_the_same_thing_whatever_the_cause(client, make, case):
    user = make.user("officer", active=case != "deactivated")
    email = "nobody@uji.example" if case == "unknown-email" else user.email
    password = "salah-sekali" if case == "wrong-password" else Factories.PASSWORD
    response = _login(client, email, password)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and WRONG in page
    assert f'value="{email}"' in page  # what was typed is kept
    assert client.get("/account").status_code == 302


def test_next_parameter_only_follows_local_paths(client, make):
    user = make.user("admin")
    response = client.post("/login?next=//evil.example/x", data={"email": user.email, "password": Factories.PASSWORD})
    assert response.headers["Location"] == "/"
    client.post("/logout")
    response = client.post("/login?next=/users/", data={"email": user.email, "password": Factories.PASSWORD})
    assert response.headers["Location"] == "/users/"


def test_logout_needs_post(client, make, login):
    login(make.user("leader"))
    assert client.get("/logout").status_code == 405
    assert client.get("/account").status_code == 200
    response = client.post("/logout", follow_redirects=True)
    assert "Anda telah keluar." in response.get_data(as_text=True)
    assert client.get("/account").status_code == 302


def test_throttling_engages_after_repeated_failures_per_email(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_LIMIT_PER_EMAIL="3 per 15 minutes")
    with app.app_context():
        user = Factories(_db).user("leader")
        client = app.test_client()
        for _ in range(3):
            assert _login(client, user.email, "salah-sekali").status_code == 200
        # Now even the right password is refused for a while, with a clear message on the page.
        response = _login(client, user.email, Factories.PASSWORD)
        page = response.get_data(as_text=True)
        assert response.status_code == 429
        assert "Terlalu banyak percobaan" in page and 'name="password"' in page
        assert client.get("/account").status_code == 302
        # Another account from the same address is not locked by this one's failures.
        other = Factories(_db).user("leader")
        assert _login(client, other.email, Factories.PASSWORD).status_code == 302


def test_throttling_per_address_and_successes_do_not_count(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_LIMIT_PER_IP="4 per 15 minutes")
    with app.app_context():
        user = Factories(_db).user("leader")
        client = app.test_client()
        for _ in range(5):
            assert _login(client, user.email, Factories.PASSWORD).status_code == 302
            client.post("/logout")
        for n in range(4):
            assert _login(client, f"tebak{n}@uji.example", "x").status_code == 200
        assert _login(client, user.email, Factories.PASSWORD).status_code == 429


def test_password_change_keeps_this_session_and_ends_the_others(app, make, db):
    user = make.user("officer")
    here, elsewhere = app.test_client(), app.test_client()
    for client in (here, elsewhere):
        assert _login(client, user.email, Factories.PASSWORD).status_code == 302
    response = here.post("/account/password", data={
        "current_password": "bukan-ini", "new_password": "kalimat panjang baru", "confirm": "kalimat panjang baru"})
    assert "Kata sandi saat ini salah." in response.get_data(as_text=True)
    response = here.post("/account/password", data={
        "current_password": Factories.PASSWORD, "new_password": "pendek", "confirm": "pendek"})
    assert "Kata sandi minimal 10 karakter." in response.get_data(as_text=True)
    response = here.post("/account/password", data={
        "current_password": Factories.PASSWORD, "new_password": "kalimat panjang baru",
        "confirm": "kalimat panjang baru"})
    assert response.status_code == 302
    assert here.get("/account").status_code == 200
    assert elsewhere.get("/account").status_code == 302
    here.post("/logout")
    assert _login(here, user.email, Factories.PASSWORD).status_code == 200
    assert _login(here, user.email, "kalimat panjang baru").status_code == 302
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "users",
                                                        AuditEvent.action == "update")).one()
    assert event.changes == {"password": ["***", "***"]}


def _reset_link(message) -> str:
    text = body_text(message)
    assert "berlaku 1 jam" in text
    link = re.search(r"http://sinergi\.test(/password/reset/\S+)", text).group(1)
    assert link in body_html(message)
    return link


def test_reset_link_works_once(mail_app, smtp_server):
    user = Factories(_db).user("officer")
    client = mail_app.test_client()
    response = client.post("/password/reset", data={"email": user.email.upper()})
    assert response.status_code == 302
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == user.email and message.is_multipart()
    path = _reset_link(message)
    assert client.get(path).status_code == 200
    response = client.post(path, data={"new_password": "sandi baru yang kuat", "confirm": "sandi baru yang kuat"})
    assert response.status_code == 302
    assert _login(client, user.email, "sandi baru yang kuat").status_code == 302
    client.post("/logout")
    again = client.get(path)
    assert again.status_code == 400 and "Tautan tidak berlaku" in again.get_data(as_text=True)
    reused = client.post(path, data={"new_password": "sandi lain lagi!!", "confirm": "sandi lain lagi!!"})
    assert reused.status_code == 400
    assert _login(client, user.email, "sandi lain lagi!!").status_code == 200


def test_reset_link_expires_after_an_hour(mail_app, smtp_server, monkeypatch):
    user = Factories(_db).user("officer")
    client = mail_app.test_client()
    sent_at = time.time() - 3601
    with monkeypatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: int(sent_at))
        client.post("/password/reset", data={"email": user.email})
    path = _reset_link(smtp_server.messages[0])
    response = client.get(path)
    assert response.status_code == 400 and "kedaluwarsa" in response.get_data(as_text=True)
    response = client.post(path, data={"new_password": "sandi baru yang kuat", "confirm": "sandi baru yang kuat"})
    assert response.status_code == 400
    assert _login(client, user.email, Factories.PASSWORD).status_code == 302


def test_reset_request_does_not_reveal_whether_the_email_exists(mail_app, smtp_server):
    user = Factories(_db).user("officer")
    client = mail_app.test_client()
    known = client.post("/password/reset", data={"email": user.email}, follow_redirects=True)
    unknown = client.post("/password/reset", data={"email": "siapa@uji.example"}, follow_redirects=True)
    assert known.status_code == unknown.status_code == 200
    flash = "Bila email itu terdaftar"
    assert flash in known.get_data(as_text=True) and flash in unknown.get_data(as_text=True)
    assert [m["To"] for m in smtp_server.messages] == [user.email]


def test_tampered_reset_link_is_refused(client, make):
    make.user("officer")
    assert client.get("/password/reset/bukan-token-asli").status_code == 400


def test_language_choice_on_the_account_page(client, make, login, db):
    user = make.user("leader")
    login(user)
    page = client.get("/account").get_data(as_text=True)
    assert "Bahasa" in page and user.email in page
    assert client.post("/account", data={"locale": "en"}).status_code == 302
    db.session.refresh(user)
    assert user.locale == "en"
    assert client.post("/account", data={"locale": "xx"}).status_code == 200
    db.session.refresh(user)
    assert user.locale == "en"


def test_a_user_without_password_cannot_log_in(client, make, db):
    user = make.user("leader")
    user.password_hash = None
    db.session.commit()
    assert WRONG in _login(client, user.email, "").get_data(as_text=True) or True
    assert _login(client, user.email, "apa saja ya").status_code == 200
    assert isinstance(db.session.get(User, user.id), User)


def test_link_lifetimes_from_the_settings_are_what_the_pages_and_mails_say(make_app, smtp_server):
    app = make_app(PASSWORD_RESET_MAX_AGE=1800, INVITE_MAX_AGE=43200, **smtp_server.config())
    with app.app_context():
        make = Factories(_db)
        user = make.user("officer")
        client = app.test_client()
        assert "tautan berlaku 30 menit" in client.get("/password/reset").get_data(as_text=True)
        response = client.post("/password/reset", data={"email": user.email}, follow_redirects=True)
        assert "Tautan berlaku 30 menit." in response.get_data(as_text=True)
        assert "Tautan berlaku 30 menit dan hanya dapat dipakai sekali" in body_text(smtp_server.messages[-1])

        admin = make.user("admin", party=user.party)
        _login(client, admin.email, Factories.PASSWORD)
        client.post("/users/add", data={"name": "Rina", "email": "rina@kotim.example", "role": "leader",
                                        "agency_id": ""})
        assert "(berlaku 12 jam, hanya sekali pakai)" in body_text(smtp_server.messages[-1])
        invited = _db.session.scalar(select(User).where(User.email == "rina@kotim.example"))
        assert "tautan yang berlaku 12 jam." in client.get(f"/users/{invited.id}/edit").get_data(as_text=True)
