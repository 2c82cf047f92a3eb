"""Indonesian by default, English per user or per visitor; formats; a complete English catalog."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from flask_babel import force_locale, refresh
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, StringField
from wtforms.validators import DataRequired, Length

from tests.route_rules.world import sign_in
from tracker import i18n

ROOT = Path(__file__).resolve().parent.parent
PO_PATH = ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po"
# The keywords `make translations-update` extracts with, on top of Babel's defaults.
KEYWORDS = {"_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2), "_n": (1, 2)}
SKIPPED_DIRS = {".venv", ".git", "node_modules", "instance", "__pycache__", ".pytest_cache", ".hypothesis"}


@pytest.fixture(autouse=True)
def _locale_per_request(request):
    """Flask-Babel caches the locale on ``g``; the test app context outlives requests, a server's does not."""
    if "app" in request.fixturenames:
        request.getfixturevalue("app").before_request(refresh)


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def _english(world, kind: str):
    user = world.users[kind]
    user.locale = "en"
    world.db.session.commit()
    return user


# Pages a user with locale "en" reads in English --------------------------------------------

def test_english_user_reads_agreement_list_and_detail_in_english(client, world):
    sign_in(client, _english(world, "admin/own-pemda/own-agency"))
    listing = _page(client, world.url("agreements.list"))
    assert '<html lang="en"' in listing
    assert "Record a new agreement" in listing and "Title, number, party, field" in listing
    assert "Catat naskah baru" not in listing and "Judul, nomor, pihak, bidang" not in listing

    detail = _page(client, world.url("agreements.detail", agreement_id=world.agreement.id))
    for text in ("Parties", "Validity", "Document number", "Fields of cooperation and follow-up"):
        assert text in detail, text
    assert "November 3, 2025" in detail  # the signature date, English style
    assert "Para pihak" not in detail and "Masa berlaku" not in detail


def test_english_officer_reads_progress_form_and_its_errors_in_english(client, world):
    sign_in(client, _english(world, "officer/own-pemda/own-agency"))
    url = world.url("progress.add", programme_id=world.programme.id)
    form = _page(client, url)
    for text in ("Date of activity", "What was done", "Quantity added", "Send report"):
        assert text in form, text
    assert "Apa yang dikerjakan" not in form

    response = client.post(url, data={"reported_on": "2025-02-30", "description": "", "quantity": "-3"})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Wajib diisi" not in body and "Tanggal tidak valid" not in body
    assert "Required" in body or "required" in body


def test_english_officer_reads_the_programme_form_choices_in_english(client, world):
    sign_in(client, _english(world, "officer/own-pemda/own-agency"))
    form = _page(client, world.url("programs.edit", programme_id=world.programme.id))
    for text in ("Regency/City budget (APBD)", "Other source"):
        assert f">{text}</option>" in form, text
    assert "Sumber lain" not in form
    detail = _page(client, world.url("programs.detail", programme_id=world.programme.id))
    for text in ("Planned", "Running", "Cancelled"):  # the status decision's choices
        assert re.search(rf"<option[^>]*>{text}</option>", detail), text
    assert "Direncanakan</option>" not in detail


def test_english_leader_reads_dashboard_and_error_page_in_english(client, world):
    sign_in(client, _english(world, "leader/own-pemda/own-agency"))
    dashboard = _page(client, world.url("dashboards.leader"))
    assert "Leader&#39;s dashboard" in dashboard or "Leader's dashboard" in dashboard
    assert "Key figures" in dashboard and "Dasbor pimpinan" not in dashboard

    missing = client.get("/agreements/999999")
    assert missing.status_code == 404
    page = missing.get_data(as_text=True)
    assert "Not found" in page and "Back to the home page" in page
    assert "Tidak ditemukan" not in page


# Indonesian by default -----------------------------------------------------------------------

def test_indonesian_is_the_default(client, world):
    sign_in(client, world.users["admin/own-pemda/own-agency"])
    detail = _page(client, world.url("agreements.detail", agreement_id=world.agreement.id))
    assert '<html lang="id"' in detail
    assert "Para pihak" in detail and "3 November 2025" in detail
    assert "Parties" not in detail

    sign_in(client, world.users["officer/own-pemda/own-agency"])
    form = _page(client, world.url("progress.add", programme_id=world.programme.id))
    assert "Apa yang dikerjakan" in form and "What was done" not in form

    missing = client.get("/agreements/999999")
    assert "Tidak ditemukan" in missing.get_data(as_text=True)


def test_wtforms_builtin_messages_are_indonesian_by_default_and_english_on_request(app, client):
    class Sample(FlaskForm):
        class Meta:
            csrf = False

        day = DateField("d")
        count = IntegerField("n")
        name = StringField("s", validators=[DataRequired(), Length(max=3)])

    data = {"day": "2025-02-30", "count": "banyak", "name": ""}
    with app.test_request_context("/", method="POST", data=data):
        form = Sample()
        assert not form.validate()
        assert form.errors["day"] == ["Tanggal tidak valid."]
        assert form.errors["count"] == ["Harus bilangan bulat."]
        assert form.errors["name"] == ["Wajib diisi."]
    with app.test_request_context("/", method="POST", data={**data, "name": "panjang"}), force_locale("en"):
        form = Sample()
        assert not form.validate()
        assert form.errors["day"] == ["Not a valid date value."]
        assert "cannot be longer than 3" in form.errors["name"][0]


# Switching language --------------------------------------------------------------------------

def test_anonymous_visitor_switches_language_on_the_login_page(client, app):
    login = _page(client, "/login")
    assert "Masuk ke Sinergi" in login and 'id="language-switcher"' in login

    response = client.post("/language", data={"lang": "en", "next": "/login"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert "lang=en" in response.headers["Set-Cookie"]
    login = _page(client, "/login")
    assert "Sign in to Sinergi" in login and '<html lang="en"' in login

    client.post("/language", data={"lang": "id", "next": "/login"})
    assert "Masuk ke Sinergi" in _page(client, "/login")


def test_language_switch_ignores_unknown_languages_and_foreign_redirects(client):
    response = client.post("/language", data={"lang": "xx", "next": "//evil.example/"})
    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]
    assert "Set-Cookie" not in response.headers or "lang=" not in response.headers["Set-Cookie"]
    assert "Masuk ke Sinergi" in _page(client, "/login")


def test_language_switch_needs_csrf_when_csrf_is_on(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    assert app.test_client().post("/language", data={"lang": "en"}).status_code == 400


def test_signed_in_user_switch_is_saved_on_the_account(client, world, db):
    user = world.users["admin/own-pemda/own-agency"]
    sign_in(client, user)
    client.post("/language", data={"lang": "en", "next": "/agreements/"})
    db.session.refresh(user)
    assert user.locale == "en"
    client.delete_cookie("lang")
    assert "Record a new agreement" in _page(client, world.url("agreements.list"))


# Formats in both languages -------------------------------------------------------------------

@pytest.mark.parametrize(
    ("locale", "day", "moment", "number", "rupiah", "percent", "month"),
    [
        ("id", "3 November 2025", "3 November 2025 09.30 WIB", "1.250,5", "Rp 1.250.000", "53,3%", "Maret 2026"),
        ("en", "November 3, 2025", "November 3, 2025 09.30 WIB", "1,250.5", "Rp 1,250,000", "53.3%", "March 2026"),
    ],
)
def test_formats(app, locale, day, moment, number, rupiah, percent, month):
    with app.test_request_context(), force_locale(locale):
        assert i18n.format_day(date(2025, 11, 3)) == day
        assert i18n.format_moment(datetime(2025, 11, 3, 2, 30, tzinfo=UTC)) == moment
        assert i18n.format_number(Decimal("1250.50")) == number
        assert i18n.format_number(Decimal("150.00")) == i18n.format_number(150.0) == "150"
        assert i18n.format_number(0.0) == "0" and i18n.format_number(Decimal("-0.001")) == "0"
        assert i18n.format_rupiah(Decimal("1250000")) == rupiah
        assert i18n.format_percent(Decimal("53.25")) == percent  # half up, as officials round
        assert i18n.format_month("2026-03") == i18n.format_month(date(2026, 3, 17)) == month
        assert i18n.format_rupiah(None) == "–" and i18n.format_day(None) == "–"


def test_formats_outside_a_request_are_indonesian(app):
    assert i18n.format_number(1250.5) == "1.250,5" and i18n.format_day(date(2025, 11, 3)) == "3 November 2025"


def test_formats_are_fast(app):
    """Issue 15 measured 23-24 µs a call through Babel's pattern parser; a dashboard formats thousands.

    Compared with Babel's own call in the same run, so a busy machine slows both alike.
    """
    import timeit

    from babel.dates import format_date
    from babel.numbers import format_decimal

    with app.test_request_context(), force_locale("id"):
        def best(call) -> float:
            return min(timeit.repeat(call, number=2000, repeat=5)) / 2000

        number = best(lambda: i18n.format_number(Decimal("1250.5")))
        day = best(lambda: i18n.format_day(date(2025, 11, 3)))
        babel_number = best(lambda: format_decimal(Decimal("1250.5"), format="#,##0.##", locale="id"))
        babel_day = best(lambda: format_date(date(2025, 11, 3), "d MMMM y", locale="id"))
    assert number * 2 < babel_number and day * 2 < babel_day, (number, babel_number, day, babel_day)


# The English catalog is complete -------------------------------------------------------------

def _fresh_msgids() -> set:
    """Every marked string in tracker/ and templates/, extracted now (as `make translations-update`)."""
    method_map, options_map = parse_mapping_cfg((ROOT / "babel.cfg").open())
    keywords = {**_default_keywords(), **KEYWORDS}

    def keep_dir(path: str) -> bool:
        return Path(path).name not in SKIPPED_DIRS

    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords, directory_filter=keep_dir
    ):
        found.add(message if isinstance(message, str) else tuple(message[:2]))
    return found


def _default_keywords() -> dict:
    from babel.messages.extract import DEFAULT_KEYWORDS

    return dict(DEFAULT_KEYWORDS)


def test_every_marked_string_has_an_english_translation():
    catalog = read_po(PO_PATH.open("rb"), locale="en")
    translated = {
        (m.id if isinstance(m.id, str) else tuple(m.id)): m
        for m in catalog if m.id
    }
    untranslated = sorted(
        str(msgid) for msgid in _fresh_msgids()
        if msgid not in translated or "fuzzy" in translated[msgid].flags
        or not all(translated[msgid].string if isinstance(msgid, tuple) else [translated[msgid].string])
    )
    assert not untranslated, (
        "Strings without an English translation; run `make translations-update`, translate them in "
        f"{PO_PATH.relative_to(ROOT)}:\n" + "\n".join(untranslated[:50])
    )


def test_translations_keep_the_placeholders():
    placeholder = re.compile(r"%\(\w+\)[sd]")
    catalog = read_po(PO_PATH.open("rb"), locale="en")
    broken = []
    for message in catalog:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        wanted = set(placeholder.findall(ids[0]))
        for text in strings:
            if text and set(placeholder.findall(text)) != wanted:
                broken.append((ids[0], text))
    assert not broken, broken
