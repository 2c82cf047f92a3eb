"""Hostile input to every form: never a 5xx, nothing invalid stored, nothing rendered unescaped.

Every POST route of the app that a permission-matrix rule (tests/route_rules/) lets some kind of
user call is fed, by hypothesis, with random and hostile values for each of its fields: the
field names come from the rule's sample data and from the form on the route's GET page.
"""

from __future__ import annotations

import io
import os
import re
import time
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import String, select
from werkzeug.datastructures import ImmutableMultiDict

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
SEARCHABLE = {"agreements", "programs", "parties", "audit", "monev", "dashboards", "reports"}


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


# --- Every GET parameter of every route -------------------------------------------------------
# The parameters a route reads are found by running it once with a recording query string, so a
# new `request.args.get("x")` is fed hostile values without anyone listing it here.
QUERY_PAYLOADS = [
    "0001-01-01", "9999-12-31", "0000-00-00", "2201-01-01", "99999999999999999999",
    "-99999999999999999999", "1e309", "nul\x00byte", "a\r\nSet-Cookie: x=1", "x" * 5000, MARKER,
]
SLOW_SECONDS = 0.3  # a route slower than this to answer once (a generated PDF) gets fewer requests
# One bad value can hide another (the first refusal wins), so these also go in alone.
ALONE_PAYLOADS = ["0001-01-01", "99999999999999999999", "nul\x00 a\r\nSet-Cookie: x=1"]
query_values = st.one_of(
    st.sampled_from(QUERY_PAYLOADS + HOSTILE_NUMBERS + HOSTILE_DATES),
    st.dates().map(date.isoformat),  # years 1 to 9999
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40),
)


class RecordingArgs(ImmutableMultiDict):
    """A query string that remembers every key the view asked for."""

    asked: set[str] = set()

    def get(self, key, *args, **kwargs):
        RecordingArgs.asked.add(key)
        return super().get(key, *args, **kwargs)

    def getlist(self, key, *args, **kwargs):
        RecordingArgs.asked.add(key)
        return super().getlist(key, *args, **kwargs)

    def __getitem__(self, key):
        RecordingArgs.asked.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        RecordingArgs.asked.add(key)
        return super().__contains__(key)


def _get_cases() -> dict[str, list]:
    """GET rules grouped by the first kind of user each lets in (anon included)."""
    rules, _exempt = collect()
    seen, cases = set(), {}
    for rule in rules:
        if rule.method.upper() != "GET" or rule.endpoint in seen or rule.endpoint.startswith("api_docs."):
            continue
        kind = next((k for k in [*PREFERRED, *KINDS] if rule.outcome(k) == OK), None)
        if kind is not None:
            seen.add(rule.endpoint)
            cases.setdefault(kind, []).append(rule)
    return cases


GET_CASES = _get_cases()
TRIED: dict[str, int] = {}  # endpoint -> parameters fed
REQUESTS = [0]


def _asked_parameters(app, client, url: str, headers: dict) -> set[str]:
    """The query parameters the route at ``url`` reads (recorded) or offers in a GET form."""
    RecordingArgs.asked = set()
    original = app.request_class.parameter_storage_class
    app.request_class.parameter_storage_class = RecordingArgs
    try:
        response = client.get(url, headers=headers)
    finally:
        app.request_class.parameter_storage_class = original
    names = set(RecordingArgs.asked)
    if "html" in (response.content_type or ""):
        names |= _query_names(response.get_data(as_text=True))
    return names | {"page", "next"}


def _queries(names: list[str], slow: bool):
    """Every payload in every parameter at once, then each parameter alone with the sharpest ones."""
    for value in ALONE_PAYLOADS + [MARKER, "x" * 5000] if slow else QUERY_PAYLOADS:
        yield dict.fromkeys(names, value)
    if slow:
        return
    for name in names:
        for value in ALONE_PAYLOADS:
            yield {name: value}


@pytest.mark.parametrize("kind", sorted(GET_CASES))
def test_every_get_parameter_survives_hostile_values(app, client, world, kind):
    """No GET route answers 5xx or renders a hostile value unescaped, whatever its query string."""
    world.me = world.users.get(kind)
    failures = []
    for rule in GET_CASES[kind]:
        if world.me is not None and rule.sign_in and not client.get_cookie("session"):
            sign_in(client, world.me)
        path, _, fixed = (rule.url(world) if rule.url else world.url(rule.endpoint)).partition("?")
        headers = rule.headers(world) if rule.headers else {}
        started = time.monotonic()
        names = sorted(_asked_parameters(app, client, path + ("?" + fixed if fixed else ""), headers))
        slow = time.monotonic() - started > SLOW_SECONDS  # a PDF: the sharpest payloads, all at once
        TRIED[rule.endpoint] = len(names)
        fixed_args = dict(pair.split("=", 1) for pair in fixed.split("&") if "=" in pair)

        def check(query, rule=rule, path=path, headers=headers, fixed_args=fixed_args):
            REQUESTS[0] += 1
            response = client.get(path, query_string={**fixed_args, **query}, headers=headers)
            html = "html" in (response.content_type or "")
            body = response.get_data(as_text=True) if html else ""
            if response.status_code >= 500:
                failures.append(f"{rule.endpoint} answered {response.status_code} to {query!r}")
            elif html and (MARKER in body or "<img src=x onerror" in body):
                failures.append(f"{rule.endpoint} renders {query!r} unescaped")
            return response

        for query in _queries(names, slow):
            check(query)

        @settings(max_examples=max(1, EXAMPLES // 2), deadline=None, derandomize=True, database=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
        @given(query=st.fixed_dictionaries({}, optional={name: query_values for name in names}))
        def get_hostile(query):
            check(query)

        if not slow:
            get_hostile()
        db_rollback(world)
    if os.environ.get("HOSTILE_COUNTS"):  # figures for the README's Reliability section
        print(f"HOSTILE_COUNTS {kind}: {len(GET_CASES[kind])} routes, {sum(TRIED.values())} parameters, "
              f"{REQUESTS[0]} requests")
    assert not failures, "\n".join(dict.fromkeys(failures))


def db_rollback(world) -> None:
    world.db.session.rollback()


# --- The API with hostile JSON -----------------------------------------------------------------
json_leaves = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**40), max_value=10**40), st.floats(),
    st.sampled_from(QUERY_PAYLOADS + HOSTILE_TEXT[:12]),
)
json_values = st.recursive(
    json_leaves, lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children,
                                                                                   max_size=3),
    max_leaves=8)
deep_bodies = st.integers(min_value=2, max_value=3000).flatmap(
    lambda n: st.sampled_from(["[" * n + "]" * n, '{"a":' * n + "1" + "}" * n, "[" * n]))


def _json_cases():
    rules, _exempt = collect()
    for rule in rules:
        if rule.json is None:
            continue
        kind = next((k for k in [*PREFERRED, *KINDS] if rule.outcome(k) == OK), None)
        if kind is not None:
            yield pytest.param(rule, kind, id=f"{rule.endpoint}-{kind}")


@pytest.mark.parametrize(("rule", "kind"), list(_json_cases()))
def test_api_writes_survive_hostile_and_deep_json(client, world, rule, kind):
    """Every JSON write answers < 500, and every refusal is the API's JSON error body."""
    world.me = world.users[kind]
    url, headers = rule.url(world), {**rule.headers(world), "Content-Type": "application/json"}
    base = rule.json(world)

    def check(body: str):
        response = client.open(url, method=rule.method, data=body, headers=headers)
        assert response.status_code < 500, f"{rule.endpoint} answered {response.status_code} to {body[:200]!r}"
        if response.status_code >= 400:
            assert response.is_json and "error" in response.json, (rule.endpoint, response.status_code)
        world.db.session.rollback()

    @settings(max_examples=EXAMPLES * 2, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(drawn=st.fixed_dictionaries({}, optional={name: json_values for name in base}),
           extra=st.dictionaries(st.text(max_size=8), json_values, max_size=2))
    def post_hostile(drawn, extra):
        import json

        check(json.dumps({**base, **extra, **drawn}))

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(body=deep_bodies)
    def post_deep(body):
        check(body)

    post_hostile()
    post_deep()
    check("[" * 1000 + "]" * 1000)  # the depth that overflowed the parser's stack
