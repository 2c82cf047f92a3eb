"""Hostile query strings and JSON: every GET parameter of every route, the API with deep JSON.

The second half of the hostile-input suite (tests/test_hostile_input.py has the forms): no 5xx,
nothing rendered unescaped, every API refusal in the API's JSON error body.
"""

from __future__ import annotations

import json
import os
import time
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import ImmutableMultiDict

from tests.route_rules import KINDS, OK, collect
from tests.route_rules.world import sign_in
from tests.test_hostile_input import (
    EXAMPLES,
    HOSTILE_DATES,
    HOSTILE_NUMBERS,
    HOSTILE_TEXT,
    MARKER,
    PREFERRED,
    _query_names,
)

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
        check(json.dumps({**base, **extra, **drawn}))

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(body=deep_bodies)
    def post_deep(body):
        check(body)

    post_hostile()
    post_deep()
    check("[" * 1000 + "]" * 1000)  # the depth that overflowed the parser's stack
