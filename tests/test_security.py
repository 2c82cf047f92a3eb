"""CSRF, cookies, security headers and a CSP without inline script."""

from __future__ import annotations

import re

from tests.factories import Factories
from tracker.extensions import db as _db


def _csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def test_post_without_csrf_token_is_refused(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        user = Factories(_db).user("admin")
        client = app.test_client()
        response = client.post("/login", data={"email": user.email, "password": Factories.PASSWORD})
        assert response.status_code == 400
        assert "Sesi formulir kedaluwarsa" in response.get_data(as_text=True)
        token = _csrf_token(client.get("/login").get_data(as_text=True))
        response = client.post("/login", data={"email": user.email, "password": Factories.PASSWORD,
                                               "csrf_token": token})
        assert response.status_code == 302
        # Signed in, a forged logout or deactivation without the token does nothing.
        assert client.post("/logout").status_code == 400
        other = Factories(_db).user("officer", party=user.party)
        assert client.post(f"/users/{other.id}/deactivate").status_code == 400
        _db.session.refresh(other)
        assert other.active
        assert client.get("/account").status_code == 200


def test_session_cookie_is_httponly_and_samesite_lax(client, make):
    user = make.user("leader")
    response = client.post("/login", data={"email": user.email, "password": Factories.PASSWORD, "remember": "y"})
    cookies = response.headers.getlist("Set-Cookie")
    session = next(c for c in cookies if c.startswith("session="))
    remember = next(c for c in cookies if c.startswith("remember_token="))
    for cookie in (session, remember):
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert "Secure" not in cookie  # BASE_URL is http in the tests


def test_cookies_are_secure_when_base_url_is_https(make_app, monkeypatch):
    monkeypatch.setenv("BASE_URL", "https://sinergi.example.go.id")
    app = make_app()
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    with app.app_context():
        user = Factories(_db).user("leader")
        response = app.test_client().post(
            "/login", data={"email": user.email, "password": Factories.PASSWORD, "remember": "y"})
        cookies = response.headers.getlist("Set-Cookie")
        assert cookies and all("Secure" in c and "HttpOnly" in c for c in cookies)


def test_security_headers_and_csp_without_inline_script(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", csp).group(1)
    assert script_src.strip() == "'self'" and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_carry_no_inline_script_or_style(client, make, login):
    admin = make.user("admin")
    colleague = make.user("leader", party=admin.party)
    pages = ["/login", "/password/reset"]
    anonymous = [client.get(path).get_data(as_text=True) for path in pages]
    login(admin)
    signed_in = [client.get(path).get_data(as_text=True)
                 for path in ("/account", "/account/password", "/users/", "/users/add",
                              f"/users/{colleague.id}/edit", "/audit/")]
    for page in anonymous + signed_in:
        for tag in re.findall(r"<script\b[^>]*>", page):
            assert "src=" in tag, f"inline script: {tag}"
        assert not re.search(r"\sstyle=", page) and "<style" not in page
        assert not re.search(r"\son[a-z]+=", page), "inline event handler"


def test_session_protection_ends_a_session_replayed_from_another_browser(client, make, login):
    user = make.user("leader")
    login(user)
    assert client.get("/account").status_code == 200
    stolen = client.get("/account", headers={"User-Agent": "Pencuri/1.0"})
    assert stolen.status_code == 302 and "/login" in stolen.headers["Location"]


# url_for's own parameter names, typed into a query string by anyone.
HOSTILE_QUERY = "endpoint=x&_anchor=y&_external=1&_scheme=javascript&_method=POST&page=2"


def test_query_keys_named_like_url_for_parameters_never_break_a_page(app, client, world):
    """Every page without path arguments, as a coordinator and as a leader, with hostile keys."""
    from tests.route_rules.world import sign_in

    paths = sorted({
        rule.rule for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments
        and not rule.rule.startswith(("/static", "/bootstrap", "/api"))
    })
    assert "/agreements/" in paths and "/reminders/answers" in paths
    for kind in ("admin/own-pemda/own-agency", "leader/own-pemda/own-agency"):
        sign_in(client, world.users[kind])
        for path in paths:
            response = client.get(f"{path}?{HOSTILE_QUERY}")
            assert response.status_code < 500, (kind, path, response.status_code)
            html = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
            for link in re.findall(r'class="[^"]*csv-link[^"]*" href="([^"]+)"', html):
                assert "endpoint=" not in link and "_anchor" not in link and "#" not in link, link
        client.post("/logout")
