"""Hostile input to every form: never a 5xx, nothing invalid stored, nothing rendered unescaped.

Every POST route of the app that a permission-matrix rule (tests/route_rules/) lets some kind of
user call is fed, by hypothesis, with random and hostile values for each of its fields: the
field names come from the rule's sample data and from the form on the route's GET page.
"""

from __future__ import annotations

import io
import os
import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import String, select

from tests.route_rules import KINDS, OK, collect
from tests.route_rules.world import sign_in

MARKER = '<script>alert("sinergi-xss")</script>'
# Endpoints whose success ends the session the following examples need.
SKIPPED = {"users.logout"}
# The first of these kinds that may submit a form is the one that fills it in.
PREFERRED = ("admin/own-pemda/own-agency", "officer/own-pemda/own-agency", "leader/own-pemda/own-agency")
# A few examples per form keep `make test` quick; HOSTILE_EXAMPLES=200 for a deeper local run.
EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "5"))

HOSTILE_TEXT = [
    "", " ", MARKER, f"Judul {MARKER}", '"><img src=x onerror=alert(1)>', "{{ 7*7 }}", "%(name)s %s",
    "x" * 20_000, "🙂" * 500, "\u202eRTL\u200f marks\u202c", "nul\x00byte", "\x00", "\r\n\t",
    "'; DROP TABLE users; --", "ﷺ\u0301\u0301\u0301", "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗͕̐",
]
HOSTILE_NUMBERS = [
    "-1", "-0.01", "0", "1e309", "-1e309", "NaN", "inf", "-inf", "99999999999999999999999999",
    "-9223372036854775809", "2147483648", "1.250.000", "1,5", "0x1F", "1_000", "١٢٣", "  7  ",
]
HOSTILE_DATES = [
    "2025-02-30", "2025-13-01", "0000-00-00", "0001-01-01", "9999-12-31", "31/02/2025", "2025-2-3",
    "-2025-01-01", "20250101", "tomorrow",
]
HOSTILE_FILES = [
    (b"MZ\x90\x00\x03" + b"\x00" * 64, "foto.jpg"),  # a Windows executable named as a photo
    (b"<html><script>alert(1)</script></html>", "laporan.pdf"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "gambar.svg"),
    (b"", "kosong.png"),
    (b"%PDF-1.4 not really", "../../etc/passwd"),
    (b"plain text", MARKER + ".txt"),
    (b"PK\x03\x04broken zip", "data.xlsx"),
]

text_values = st.one_of(
    st.sampled_from(HOSTILE_TEXT + HOSTILE_NUMBERS + HOSTILE_DATES),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),  # past every integer column
    st.dates().map(date.isoformat),  # years 1 to 9999, as a date input sends them
)
file_values = st.sampled_from(HOSTILE_FILES)


def _form_cases():
    """One case per POST endpoint a user may submit, with the kind of user who does."""
    rules, _exempt = collect()
    seen = set()
    for rule in rules:
        if rule.method.upper() != "POST" or rule.json or rule.endpoint in SKIPPED or rule.endpoint in seen:
            continue
        kinds = [*PREFERRED, *(k for k in KINDS if k not in PREFERRED)]
        kind = next((k for k in kinds if rule.outcome(k) == OK), None)
        if kind is None:
            continue
        seen.add(rule.endpoint)
        yield pytest.param(rule, kind, id=f"{rule.endpoint}-{kind}")


FORM_CASES = list(_form_cases())


def _field_names(client, url: str) -> tuple[set[str], set[str]]:
    """(text field names, file field names) of the form(s) on the GET page of ``url``."""
    response = client.get(url)
    if response.status_code != 200 or "html" not in (response.content_type or ""):
        return set(), set()
    html = re.sub(r'<form[^>]*id="language-switcher".*?</form>', "", response.get_data(as_text=True), flags=re.S)
    texts, files = set(), set()
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
        name = re.search(r'\bname="([^"]+)"', tag)
        if not name or name.group(1) == "csrf_token":
            continue
        (files if 'type="file"' in tag else texts).add(name.group(1))
    return texts, files


def _payload(base: dict, drawn: dict, files: dict) -> dict:
    data = dict(base)
    data.update(drawn)
    for name, (content, filename) in files.items():
        data[name] = (io.BytesIO(content), filename)
    # Sample files in the rule's data are read once; give each request fresh bytes.
    for name, value in base.items():
        if isinstance(value, tuple) and name not in files:
            data[name] = (io.BytesIO(value[0].getvalue()), value[1])
    return data


def _assert_escaped(body: str, where: str) -> None:
    assert MARKER not in body, f"{where} renders hostile text unescaped"
    assert "<img src=x onerror" not in body, f"{where} renders hostile HTML unescaped"


def _assert_stored_data_valid(db) -> None:
    """Every stored string fits its column (SQLite does not enforce it) and holds no NUL."""
    problems = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String)]
        if not columns:
            continue
        for row in db.session.execute(select(*columns)):  # the world's tables are tiny
            for column, value in zip(columns, row, strict=True):
                if value is None:
                    continue
                if column.type.length and len(value) > column.type.length:
                    problems.append(f"{table.name}.{column.name}: {len(value)} > {column.type.length} characters")
                if "\x00" in value:
                    problems.append(f"{table.name}.{column.name}: a NUL character in {value[:40]!r}")
    assert not problems, problems


def _pages_showing_stored_text(world) -> list[str]:
    return [
        world.url("agreements.list"),
        world.url("agreements.detail", agreement_id=world.agreement.id),
        world.url("programs.detail", programme_id=world.programme.id),
        world.url("programs.list"),
        world.url("parties.list"),
        world.url("parties.detail", party_id=world.own.id),
        world.url("users.list"),
        world.url("audit.list"),
        world.url("monev.list"),
    ]


@pytest.mark.parametrize(("rule", "kind"), FORM_CASES)
def test_form_survives_hostile_input(app, db, client, world, rule, kind):
    world.me = world.users.get(kind)
    if world.me is not None and rule.sign_in:
        sign_in(client, world.me)
    url = rule.url(world) if rule.url else world.url(rule.endpoint)
    headers = rule.headers(world) if rule.headers else {}
    base = rule.data(world) if rule.data else {}
    texts, files = _field_names(client, url)
    texts |= {name for name, value in base.items() if not isinstance(value, tuple)}
    files |= {name for name, value in base.items() if isinstance(value, tuple)}
    text_fields = sorted(texts)
    file_fields = sorted(files)
    seen_bodies: list[tuple[str, str]] = []

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(
        drawn=st.fixed_dictionaries({}, optional={name: text_values for name in text_fields}),
        uploads=st.fixed_dictionaries({}, optional={name: file_values for name in file_fields}),
    )
    def post_hostile(drawn, uploads):
        data = _payload(base, drawn, uploads)
        response = client.post(url, data=data, headers=headers)
        body = response.get_data(as_text=True)
        assert response.status_code < 500, f"{rule.endpoint} answered {response.status_code} to {drawn!r}:\n{body[:800]}"
        if "html" in (response.content_type or ""):
            _assert_escaped(body, f"{rule.endpoint} ({response.status_code})")
        if response.status_code in (302, 303) and response.location.startswith("/"):
            follow = client.get(response.location)
            assert follow.status_code < 500, f"{response.location} after {rule.endpoint}: {follow.status_code}"
            seen_bodies.append((response.location, follow.get_data(as_text=True)))
        db.session.rollback()

    post_hostile()

    for where, body in seen_bodies:
        _assert_escaped(body, where)
    _assert_stored_data_valid(db)
    # A fresh session of an admin the examples do not touch (the caller may have a new password).
    reader = app.test_client()
    sign_in(reader, world.users["admin/own-pemda/other-agency"])
    for page in _pages_showing_stored_text(world):
        response = reader.get(page)
        assert response.status_code < 500, (page, response.status_code)
        _assert_escaped(response.get_data(as_text=True), page)


def _search_cases():
    """One case per GET page that carries a search or filter form (method="get")."""
    rules, _exempt = collect()
    seen = set()
    for rule in rules:
        if rule.method.upper() != "GET" or rule.endpoint in seen or not rule.sign_in:
            continue
        kind = next((k for k in PREFERRED if rule.outcome(k) == OK), None)
        if kind is None or rule.endpoint.split(".")[0] not in SEARCHABLE:
            continue
        seen.add(rule.endpoint)
        yield pytest.param(rule, kind, id=f"{rule.endpoint}-{kind}")


# Blueprints whose pages have GET filter forms (templates with method="get").
SEARCHABLE = {"agreements", "programs", "parties", "audit", "monev", "dashboards", "reports", "public"}


def _query_names(html: str) -> set[str]:
    names = set()
    for form in re.findall(r'<form[^>]*method="get"[^>]*>.*?</form>', html, flags=re.S | re.I):
        names |= set(re.findall(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"', form))
    return names | {"page", "format", "sort"}


@pytest.mark.parametrize(("rule", "kind"), list(_search_cases()))
def test_search_and_filter_forms_survive_hostile_queries(client, world, rule, kind):
    world.me = world.users[kind]
    sign_in(client, world.me)
    url = rule.url(world) if rule.url else world.url(rule.endpoint)
    first = client.get(url)
    if first.status_code != 200 or "html" not in (first.content_type or ""):
        first.close()  # a streamed download (CSV) ends its request context only when closed
        pytest.skip(f"{url} is not an HTML page")
    names = sorted(_query_names(first.get_data(as_text=True)))

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(query=st.fixed_dictionaries({}, optional={name: text_values for name in names}))
    def get_hostile(query):
        response = client.get(url, query_string=query)
        assert response.status_code < 500, f"{url} answered {response.status_code} to {query!r}"
        if "html" in (response.content_type or ""):
            _assert_escaped(response.get_data(as_text=True), url)

    get_hostile()
