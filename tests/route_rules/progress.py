"""Rules for progress.*: only the owning agency's officers and its Pemda's admins report and correct."""

from tests.route_rules import Rule
from tests.route_rules.programs import FOREIGN_WRITES, OWNER_WRITES
from tests.route_rules.world import archived


def entry_data(w, **extra):
    data = {"reported_on": "2026-03-02", "description": "Pendataan", "quantity": "5", "location": "Sampit"}
    data.update(extra)
    return data


def _add(w):
    return w.url("progress.add", programme_id=w.programme.id)


def _entry(endpoint, target=lambda w: w.entry):
    return lambda w: w.url(endpoint, entry_id=target(w).id)


RULES = [
    Rule("progress.add", OWNER_WRITES, url=_add),
    Rule("progress.add", OWNER_WRITES, method="POST", url=_add, data=entry_data),
    Rule("progress.edit", OWNER_WRITES, url=_entry("progress.edit")),
    Rule("progress.edit", OWNER_WRITES, method="POST", url=_entry("progress.edit"),
         data=lambda w: entry_data(w, version="1")),
    Rule("progress.archive", OWNER_WRITES, method="POST", url=_entry("progress.archive")),
    Rule("progress.restore", OWNER_WRITES, method="POST",
         url=_entry("progress.restore", archived(lambda w: w.entry))),
    Rule("progress.restore", FOREIGN_WRITES, method="POST",
         url=_entry("progress.restore", archived(lambda w: w.foreign_entry)), name="foreign"),
]
