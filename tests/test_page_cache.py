"""The shared page cache: what a user reads is what an uncached page would show, at once after a write."""

from __future__ import annotations

import re
import secrets
import socket
from datetime import date, timedelta

import pytest

from tests.factories import Factories
from tracker.core.clock import today

CSRF_VALUE = re.compile(r'(name="csrf_token"[^>]*value=")[^"]+(")')


@pytest.fixture
def pair(make):
    """A Kotim–Seruyan KB with one Kotim programme (10 of 100 realised) and users of every kind."""
    kotim, seruyan, far = make.party("Kotim", "62.02"), make.party("Seruyan", "62.07"), make.party("Sorong", "92.01")
    kb = make.agreement([kotim, seruyan], title="KB Penanganan ATS", fields=["ATS"], signed_on=date(2025, 11, 3))
    disdik, dinsos, perikanan = make.agency(kotim, "Dinas Pendidikan"), make.agency(kotim, "Dinas Sosial"), \
        make.agency(seruyan, "Dinas Perikanan")
    programme = make.programme(kb.fields[0], disdik, target=100, start_on=today() - timedelta(days=60),
                               due_on=today() + timedelta(days=300))
    make.progress(programme, quantity=10, reported_on=today() - timedelta(days=3))
    users = {
        "admin": make.user("admin", party=kotim), "officer": make.user("officer", agency=disdik),
        "other_officer": make.user("officer", agency=dinsos), "leader": make.user("leader", party=kotim),
        "partner_admin": make.user("admin", party=seruyan), "partner_officer": make.user("officer", agency=perikanan),
        "partner_leader": make.user("leader", party=seruyan), "stranger": make.user("leader", party=far),
        "english_leader": make.user("leader", party=kotim, locale="en"),
    }
    return {"agreement": kb, "programme": programme, "users": users}


def signed_in(app, user):
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": Factories.PASSWORD})
    assert response.status_code == 302
    return client


def text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return CSRF_VALUE.sub(r"\1…\2", response.get_data(as_text=True))


def report(app, officer, programme, quantity: str) -> None:
    client = signed_in(app, officer)
    response = client.post(f"/programmes/{programme.id}/progress/add", data={
        "reported_on": today().isoformat(), "description": "Pendampingan keluarga", "quantity": quantity,
        "location": "Baamang"}, content_type="multipart/form-data")
    assert response.status_code == 302


def kpi(page: str, name: str) -> str:
    match = re.search(rf'id="kpi-{name}">(.*?)</div>', page, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def both_leaders_see_a_new_entry_at_once(app, pair) -> None:
    agreement_url = f"/agreements/{pair['agreement'].id}"
    leaders = [signed_in(app, pair["users"][k]) for k in ("leader", "partner_leader")]
    for client in leaders:  # fill the cache first
        assert "10 / 100" in text(client, agreement_url)
        assert kpi(text(client, "/dashboard"), "entries") == "1"
    report(app, pair["users"]["officer"], pair["programme"], "42")
    for client in leaders:
        assert "52 / 100" in text(client, agreement_url)
        dashboard = text(client, "/dashboard")
        assert kpi(dashboard, "entries") == "2"
        assert kpi(dashboard, "realisation").startswith("52")


def test_a_new_progress_entry_shows_at_once_for_both_parties(app, pair):
    both_leaders_see_a_new_entry_at_once(app, pair)


def test_a_cached_page_equals_an_uncached_one_for_every_kind_of_user(app, pair):
    agreement_url = f"/agreements/{pair['agreement'].id}"
    for kind, user in pair["users"].items():
        if kind == "stranger":
            continue
        client = signed_in(app, user)
        urls = [agreement_url] + (["/dashboard", "/dashboard?q=ATS"] if user.role == "leader" else [])
        for url in urls:
            app.config["CACHE_PAGES"] = True
            first, cached = text(client, url), text(client, url)
            app.config["CACHE_PAGES"] = False
            uncached = text(client, url)
            assert first == cached == uncached, (kind, url)
    app.config["CACHE_PAGES"] = True


def test_another_pemdas_user_never_gets_a_cached_page_it_may_not_see(app, pair):
    agreement_url = f"/agreements/{pair['agreement'].id}"
    assert "KB Penanganan ATS" in text(signed_in(app, pair["users"]["leader"]), agreement_url)
    assert "KB Penanganan ATS" in text(signed_in(app, pair["users"]["leader"]), "/dashboard")
    stranger = signed_in(app, pair["users"]["stranger"])
    refused = stranger.get(agreement_url)
    assert refused.status_code == 404 and "ATS" not in refused.get_data(as_text=True)
    dashboard = text(stranger, "/dashboard")
    assert "ATS" not in dashboard and kpi(dashboard, "active").startswith("0")


def test_each_language_gets_its_own_cached_page(make_app, pair):
    app = make_app()  # its own app context per request, as in production (the locale is chosen per request)
    assert "Dasbor pimpinan" in text(signed_in(app, pair["users"]["leader"]), "/dashboard")
    english = text(signed_in(app, pair["users"]["english_leader"]), "/dashboard")
    assert "Leader&#39;s dashboard" in english or "Leader's dashboard" in english
    assert "Dasbor pimpinan" not in english


def test_the_csrf_token_in_a_cached_page_is_the_readers_own(make_app, pair):
    app = make_app(WTF_CSRF_ENABLED=True)
    url = f"/agreements/{pair['agreement'].id}"
    tokens = []
    user = pair["users"]["admin"]
    for _session in range(2):
        client = app.test_client()
        login_page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login_page).group(1)
        client.post("/login", data={"email": user.email, "password": Factories.PASSWORD, "csrf_token": token})
        page = client.get(url).get_data(as_text=True)
        tokens.append((client, re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)))
    (first, first_token), (second, second_token) = tokens
    assert first_token != second_token  # two sessions, the second page from the cache
    refused = second.post(f"{url}/archive", data={"csrf_token": first_token})
    assert refused.status_code == 400  # another session's token is no good
    assert second.post(f"{url}/archive", data={"csrf_token": second_token}).status_code == 302


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_reachable(), reason="Redis is not running on 127.0.0.1:6379")
def test_with_redis_a_new_entry_shows_at_once_too(make_app, pair):
    import redis

    prefix = f"sinergi-test-{secrets.token_hex(4)}:"
    app = make_app(CACHE_REDIS_URL="redis://127.0.0.1:6379/2", CACHE_KEY_PREFIX=prefix)
    server = redis.Redis.from_url("redis://127.0.0.1:6379/2")
    try:
        both_leaders_see_a_new_entry_at_once(app, pair)
        assert server.get(f"{prefix}data-version") is not None
        assert any(key.startswith(f"{prefix}agreement:".encode()) for key in server.scan_iter(f"{prefix}*"))
    finally:
        keys = list(server.scan_iter(f"{prefix}*"))
        if keys:
            server.delete(*keys)


def test_an_unreachable_cache_only_costs_speed(make_app, pair):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    app = make_app(CACHE_REDIS_URL=f"redis://127.0.0.1:{port}/2")
    both_leaders_see_a_new_entry_at_once(app, pair)


def statements_of(app, client, url: str) -> list[str]:
    from sqlalchemy import event

    from tracker.extensions import db

    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return seen


def test_the_agreement_page_takes_a_handful_of_statements_and_fewer_from_the_cache(app, pair):
    client = signed_in(app, pair["users"]["leader"])
    url = f"/agreements/{pair['agreement'].id}"
    built = statements_of(app, client, url)
    cached = statements_of(app, client, url)
    # Built: the agreement, its fields, programmes, totals, history and monev in 14 at most (it was 20);
    # from the cache: at most the signed-in user (the permission check was passed by whoever kept it).
    assert len(built) <= 14 and len(cached) <= 1, (len(built), len(cached))
    assert not any("agreements" in s or "monevs" in s for s in cached)


def test_the_dashboard_evaluates_the_programme_facts_once(app, pair):
    client = signed_in(app, pair["users"]["leader"])
    statements = statements_of(app, client, "/dashboard")
    assert sum("pf AS MATERIALIZED" in s for s in statements) == 1


def test_a_long_agreement_list_becomes_a_search_field(app, pair, make, monkeypatch):
    from tracker.dashboards import overview

    monkeypatch.setattr(overview, "AGREEMENT_CHOICES", 2)
    kotim = pair["users"]["leader"].party
    for title in ("PKS Benih Nila", "PKS Damkar"):
        make.agreement([kotim], title=title, fields=["Bidang"])
    client = signed_in(app, pair["users"]["leader"])
    page = text(client, "/dashboard")
    assert 'name="q"' in page and "PKS Benih Nila</option>" not in page  # no option list of every agreement
    narrowed = text(client, "/dashboard?q=nila")
    assert 'value="nila"' in narrowed and kpi(narrowed, "active") != kpi(page, "active")
