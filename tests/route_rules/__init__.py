"""Route rules for the permission matrix (tests/test_permission_matrix.py); see README.md.

Each feature module here exposes ``RULES``: a list of :class:`Rule` (and :class:`Exempt`)
objects. A rule says how to call one endpoint with one method against the shared world
(tests/route_rules/world.py) and what each kind of user must get back.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

# Outcomes. An int means exactly that status code (401, 405, 400, ...).
OK = "ok"  # 2xx or 3xx, except the "sign in first" redirect (to /login?next=...)
LOGIN = "login"  # a redirect to the login page (sign in first)
FORBIDDEN = 403
NOT_FOUND = 404

ROLES = ("admin", "officer", "leader")
# "own" is the world's home Pemda (w.own) and the agency that owns w.programme (w.own_agency);
# "other" Pemda is w.other, the partner in w.agreement, whose own agency owns w.other_programme.
KINDS = ("anon",) + tuple(
    f"{role}/{pemda}-pemda/{agency}-agency"
    for role in ROLES
    for pemda in ("own", "other")
    for agency in ("own", "other")
) + ("admin/province-pemda/no-agency", "leader/province-pemda/no-agency")
# The province kinds belong to w.province (62), whose kab/kota own and other are: it reads their
# agreements by oversight and writes none of them (PP 28/2018 Pasal 44(4)).

# Presets for the most common expectations (patterns are fnmatch, first match wins).
PUBLIC = {"*": OK}
SIGNED_IN = {"anon": LOGIN, "*": OK}
# Put first in a writing rule's expectations: the province reads its kab/kota's records, never writes.
READ_ONLY_PROVINCE = {"*/province-pemda/*": FORBIDDEN}
ADMINS = {"anon": LOGIN, "admin/*": OK, "*": FORBIDDEN}
OWN_PEMDA_ADMINS = {"anon": LOGIN, "admin/own-pemda/*": OK, "*/own-pemda/*": FORBIDDEN, "*": NOT_FOUND}


@dataclass(frozen=True)
class Rule:
    """How to call ``endpoint`` with ``method`` and what each kind of user gets."""

    endpoint: str
    expect: Mapping[str, Any]
    method: str = "GET"
    url: Callable[[Any], str] | None = None  # world -> path; default url_for(endpoint)
    data: Callable[[Any], dict] | None = None  # world -> form data (POST)
    json: Callable[[Any], Any] | None = None  # world -> JSON body
    headers: Callable[[Any], dict] | None = None  # world -> extra headers (w.me is the caller)
    sign_in: bool = True  # log the kind's user in through the login form first
    name: str = ""  # tells several rules of one endpoint apart in test ids

    def outcome(self, kind: str) -> Any:
        """The expected outcome for ``kind``: the first matching pattern in ``expect``."""
        for pattern, outcome in self.expect.items():
            if fnmatchcase(kind, pattern):
                return outcome
        return None


@dataclass(frozen=True)
class Exempt:
    """An endpoint the matrix does not check (static files), with the reason."""

    endpoint: str
    reason: str
    methods: tuple[str, ...] = field(default=("GET",))


def collect() -> tuple[list[Rule], list[Exempt]]:
    """Every RULES list of every module in this package."""
    rules: list[Rule] = []
    exempt: list[Exempt] = []
    for info in pkgutil.iter_modules(__path__):
        if info.name == "world" or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for item in getattr(module, "RULES", []):
            (exempt if isinstance(item, Exempt) else rules).append(item)
    return rules, exempt


def check(response, expected) -> str | None:
    """None when ``response`` matches ``expected``, else what went wrong."""
    status = response.status_code
    location = response.headers.get("Location", "")
    # Flask-Login's "please sign in" redirect carries ?next=; a plain redirect to the login
    # page after a logout or a password reset is a success, not a refusal.
    path, _, query = location.partition("?")
    to_login = status in (301, 302, 303) and path.endswith("/login")
    refused = to_login and "next=" in query
    got = f"{status}{' → ' + location if location else ''}"
    if expected == OK:
        return None if status < 400 and not refused else f"expected allowed, got {got}"
    if expected == LOGIN:
        return None if to_login else f"expected a redirect to the login page, got {got}"
    return None if status == expected else f"expected {expected}, got {got}"
