"""The kinds of change that need consent, registered by the features that own them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tracker.consent.models import ChangeRequest


@dataclass(frozen=True)
class Kind:
    """What one kind of proposed change means: how to apply it, who decides, how to say it."""

    name: str
    label: Any
    apply: Callable[[ChangeRequest], None]
    deciders: Callable[[ChangeRequest], list[int]] | None = None
    describe: Callable[[ChangeRequest], str] | None = None


KINDS: dict[str, Kind] = {}


def register(name: str, *, label: Any, apply: Callable[[ChangeRequest], None],
             deciders: Callable[[ChangeRequest], list[int]] | None = None,
             describe: Callable[[ChangeRequest], str] | None = None) -> Kind:
    """Make ``name`` a kind of change ``propose`` accepts (idempotent: the last one wins)."""
    KINDS[name] = Kind(name, label, apply, deciders, describe)
    return KINDS[name]


def kind_of(request: ChangeRequest) -> Kind:
    """The registered kind of ``request``; a stored kind whose code is gone is an error."""
    try:
        return KINDS[request.kind]
    except KeyError:
        raise LookupError(f"consent kind {request.kind!r} is not registered") from None


def describe(request: ChangeRequest) -> str:
    """One line in the reader's language for lists, notices and mails."""
    kind = KINDS.get(request.kind)
    if kind is None:
        return request.kind
    return kind.describe(request) if kind.describe else str(kind.label)
