"""Every route × every kind of user (role × own/other agency × own/other Pemda, and anonymous).

Rules live in tests/route_rules/<feature>.py (see its README.md). A route without a rule
fails here, so a page added later cannot skip the permission check.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from sqlalchemy.exc import DBAPIError

from tests.conftest import _empty_tables, _test_config
from tests.route_rules import KINDS, Rule, check, collect
from tests.route_rules.world import build_world, sign_in
from tracker import create_app
from tracker.extensions import db as _db

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def _routes() -> set[tuple[str, str]]:
    """(endpoint, method) pairs the app serves, read from a throw-away app's url_map."""
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - IGNORED_METHODS
    }


ROUTES = _routes()
RULES, EXEMPT = collect()
EXEMPTED = {(e.endpoint, m) for e in EXEMPT for m in e.methods}
BY_ROUTE: dict[tuple[str, str], list[Rule]] = defaultdict(list)
for _rule in RULES:
    BY_ROUTE[(_rule.endpoint, _rule.method.upper())].append(_rule)
MISSING = sorted(ROUTES - EXEMPTED - set(BY_ROUTE))


def _cases():
    for endpoint, method in sorted(ROUTES - EXEMPTED):
        rules = BY_ROUTE.get((endpoint, method))
        if not rules:
            yield pytest.param(endpoint, method, None, None, id=f"{endpoint}-{method}-NO-RULE")
            continue
        for rule in rules:
            for kind in KINDS:
                suffix = f"-{rule.name}" if rule.name else ""
                yield pytest.param(endpoint, method, rule, kind, id=f"{endpoint}-{method}{suffix}-{kind}")


@pytest.fixture(scope="module")
def matrix_app(database_url, _schema, tmp_path_factory):
    """One app for the whole matrix (building one per case would dominate the run)."""
    app = create_app(_test_config(database_url, tmp_path_factory.mktemp("matrix")))
    yield app
    with app.app_context():
        _db.session.remove()
        _db.engine.dispose()


def _clear_tables() -> None:
    """DELETE is much faster than TRUNCATE on PostgreSQL for these tiny tables."""
    _db.session.remove()
    try:
        with _db.engine.begin() as conn:
            for table in reversed(_db.metadata.sorted_tables):
                conn.execute(table.delete())
    except DBAPIError:  # a foreign key cycle: fall back to the fixtures' way
        _empty_tables()


def _call(client, rule: Rule, world):
    url = rule.url(world) if rule.url else world.url(rule.endpoint)
    kwargs = {}
    if rule.data:
        kwargs["data"] = rule.data(world)
    if rule.json:
        kwargs["json"] = rule.json(world)
    if rule.headers:
        kwargs["headers"] = rule.headers(world)
    return url, client.open(url, method=rule.method.upper(), **kwargs)


@pytest.mark.parametrize(("endpoint", "method", "rule", "kind"), list(_cases()))
def test_route_permission(matrix_app, endpoint, method, rule, kind):
    assert rule is not None, (
        f"{endpoint} {method} has no permission rule: add one to tests/route_rules/<feature>.py "
        "(see tests/route_rules/README.md)"
    )
    expected = rule.outcome(kind)
    assert expected is not None, f"rule for {endpoint} {method} says nothing about {kind!r}"
    with matrix_app.app_context():
        try:
            world = build_world(_db)
            client = matrix_app.test_client()
            if kind != "anon":
                world.me = world.users[kind]
                if rule.sign_in:
                    sign_in(client, world.me)
            url, response = _call(client, rule, world)
            problem = check(response, expected)
            assert problem is None, f"{kind} {method} {url}: {problem}"
        finally:
            _db.session.rollback()
            _clear_tables()


def test_every_route_has_a_rule():
    """The list of uncovered routes, in one message."""
    listing = "\n".join(f"  {endpoint} {method}" for endpoint, method in MISSING)
    assert not MISSING, (
        f"{len(MISSING)} route(s) without a permission rule; add them to "
        f"tests/route_rules/<feature>.py (see README.md):\n{listing}"
    )


def test_rules_name_routes_that_exist():
    stale = sorted({(r.endpoint, r.method.upper()) for r in RULES} - ROUTES)
    stale += sorted({(e.endpoint, m) for e in EXEMPT for m in e.methods} - ROUTES)
    assert not stale, f"rules for routes the app does not serve (renamed or removed?): {stale}"


def test_every_rule_covers_every_kind():
    gaps = [f"{r.endpoint} {r.method} {r.name}: {k}" for r in RULES for k in KINDS if r.outcome(k) is None]
    assert not gaps, "rules without an expectation for some kinds of user:\n" + "\n".join(gaps)
