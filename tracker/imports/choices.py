"""The import's closed lists: what the template offers by label, and how a typed label maps to its code."""

from __future__ import annotations

from flask_babel import force_locale

from tracker import labels
from tracker.agreements.models import AGREEMENT_KINDS
from tracker.programs.models import FUNDING_SOURCES

LANGUAGES = ("id", "en")
LISTS = {  # key: (label mapping, codes in the order offered)
    "kind": (labels.AGREEMENT_KIND, AGREEMENT_KINDS),
    "government_affair": (labels.GOVERNMENT_AFFAIRS, tuple(labels.GOVERNMENT_AFFAIRS)),
    "funding_source": (labels.FUNDING_SOURCE, FUNDING_SOURCES),
}


def offered(key: str) -> list[str]:
    """The labels of a list in the reader's language, in order."""
    mapping, codes = LISTS[key]
    return [str(mapping[code]) for code in codes]


def reader(key: str) -> dict[str, str]:
    """Lower-case label (Indonesian or English), code, or a KB-style abbreviation -> code."""
    mapping, codes = LISTS[key]
    found = {code.lower(): code for code in codes}
    for language in LANGUAGES:
        with force_locale(language):
            for code in codes:
                label = str(mapping[code]).lower()
                found[label] = code
                found[label.split(" (")[0]] = code  # "Kesepakatan Bersama" for "Kesepakatan Bersama (KB)"
    return found


def code_for(key: str, text: str, known: dict[str, str]) -> str | None:
    """The code a typed value names, or None when it is not on the list."""
    return known.get(" ".join(text.split()).lower())
