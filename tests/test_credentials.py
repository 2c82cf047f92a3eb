"""Credentials die together: a new password or a deactivation ends API tokens and calendar URLs."""

from __future__ import annotations

from tests.factories import Factories
from tracker.api.services import create_token
from tracker.calendar.services import create_feed
from tracker.users import tokens

NEW = "kalimat sandi yang baru"


def _credentials(db, user) -> tuple[dict, str]:
    _token, secret = create_token(user, "sistem lain", 90)
    _feed, calendar = create_feed(user)
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}, f"/calendar/{calendar}.ics"


def _alive(client, bearer, feed) -> tuple[int, int]:
    return client.get("/api/v1/parties", headers=bearer).status_code, client.get(feed).status_code


def test_a_password_change_revokes_tokens_and_calendar_urls_and_says_so(client, db, make, login):
    user = make.user("officer")
    bearer, feed = _credentials(db, user)
    assert _alive(client, bearer, feed) == (200, 200)
    login(user)
    response = client.post("/account/password", data={
        "current_password": Factories.PASSWORD, "new_password": NEW, "confirm": NEW}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Token API dan tautan kalender Anda ikut dicabut" in page
    assert 'href="/account/tokens/"' in page and 'href="/account/calendar"' in page  # new ones offered
    assert _alive(client, bearer, feed) == (401, 404)


def test_a_password_reset_revokes_tokens_and_calendar_urls(client, db, make):
    user = make.user("leader")
    bearer, feed = _credentials(db, user)
    link = "/password/reset/" + tokens.make_token(user, tokens.RESET)
    response = client.post(link, data={"new_password": NEW, "confirm": NEW}, follow_redirects=True)
    assert "Token API dan tautan kalender lama Anda ikut dicabut" in response.get_data(as_text=True)
    assert _alive(client, bearer, feed) == (401, 404)


def test_reactivating_an_account_does_not_bring_old_credentials_back(client, db, make, login):
    admin = make.user("admin")
    user = make.user("leader", party=admin.party)
    bearer, feed = _credentials(db, user)
    login(admin)
    for step in ("deactivate", "reactivate"):
        response = client.post(f"/users/{user.id}/{step}", data={"confirm": "y"})  # the ticked second look
        assert response.status_code == 302 and "/login" not in response.location
    assert _alive(client, bearer, feed) == (401, 404)
