"""The history panel and the audit page name every change in the reader's language.

The audit trail stores column names and action codes; tracker/labels.py turns them into
words. This test reads the services' source for every action and changed column they
record, so a new audited column without a label fails here instead of showing
``renewal_decision`` to a Bupati.
"""

from __future__ import annotations

import re
from pathlib import Path

from tracker import labels
from tracker.agreements.services import AGREEMENT_COLUMNS
from tracker.monev.services import MONEV_FIELDS
from tracker.parties.services import AGENCY_COLUMNS, PARTY_COLUMNS
from tracker.programs.services import FIELDS as PROGRAMME_FIELDS
from tracker.progress.services import FIELDS as PROGRESS_FIELDS
from tracker.reminders.models import SETTING_DEFAULTS
from tracker.users.services import EDITABLE as USER_FIELDS

SOURCE = "\n".join(p.read_text() for p in (Path(__file__).parent.parent / "tracker").rglob("*.py"))

ACTIONS = (
    r'record\(\s*"(\w+)"',  # audit.record("create", ...)
    r'_set_active\(\w+, \w+, "(\w+)"',  # deactivate / reactivate
    r'_transition\(\w+, "(\w+)"',  # monev submit / return / review
)
DICTS = (
    r'apply_changes\(\s*\w+,\s*\{([^}]*)\}',  # apply_changes(obj, {"status": ..., ...})
    r'record\(\s*"?\w+"?,\s*\w+,\s*\{([^}]*)\}',  # record("archive", obj, {"archived_at": (...)})
)
SNAPSHOTS = r'snapshot\(\s*\w+,\s*\(([^)]*)\)'  # snapshot(obj, ("a", "b"))
ASSIGNED = r'changes\["(\w+)"\] ='  # changes["parties"] = (...)
QUOTED = r'"(\w+)"'


def _audited_actions() -> set[str]:
    found = {m for pattern in ACTIONS for m in re.findall(pattern, SOURCE)}
    return found | {"create", "update"}  # the import writes these through a variable


def _audited_keys() -> set[str]:
    keys = set(AGREEMENT_COLUMNS) | set(MONEV_FIELDS) | set(PARTY_COLUMNS) | set(AGENCY_COLUMNS)
    keys |= set(PROGRAMME_FIELDS) | set(PROGRESS_FIELDS) | set(SETTING_DEFAULTS) | set(USER_FIELDS)
    for pattern in DICTS:
        for body in re.findall(pattern, SOURCE, flags=re.S):
            keys |= set(re.findall(r'"(\w+)"\s*:', body))  # literal keys
            for names in re.findall(r"\(([^()]*)\)", body):  # {k: ... for k in ("a", "b")}
                keys |= set(re.findall(QUOTED, names)) if " in " in body else set()
    for names in re.findall(SNAPSHOTS, SOURCE, flags=re.S):
        keys |= set(re.findall(QUOTED, names))
    keys |= set(re.findall(ASSIGNED, SOURCE))
    return keys


def test_the_scan_finds_what_the_services_record():
    # Guards the regular expressions themselves: known actions and keys must be found.
    assert {"create", "terminate", "deactivate", "reactivate", "submit", "login", "revoke"} <= _audited_actions()
    assert {"parties", "fields", "renewal_decision", "termination_reason", "achievement", "password",
            "original_name", "expires_at", "status_note"} <= _audited_keys()


def test_every_audited_action_and_column_has_a_label():
    assert sorted(_audited_actions() - set(labels.AUDIT_ACTION)) == []
    assert sorted(_audited_keys() - set(labels.FIELD_NAMES)) == []


def test_changed_values_read_as_words_and_local_dates(app):
    with app.test_request_context():
        assert labels.change_value("status", "running") == "Berjalan"
        assert labels.change_value("status", "submitted") == "Diajukan"  # a monev's status
        assert labels.change_value("kind", "PKS") == "Perjanjian Kerja Sama (PKS)"
        assert labels.change_value("valid_until", "2030-11-02") == "2 November 2030"
        # Stored in UTC, read in WIB: 20:30 UTC is 03:30 the next morning in Sampit.
        assert labels.change_value("archived_at", "2026-01-05T20:30:00+00:00") == "6 Januari 2026 03.30 WIB"
        assert labels.change_value("active", False) == "Tidak"
        assert labels.change_value("title", "KB Kotim–Seruyan") == "KB Kotim–Seruyan"
        assert labels.change_value("target", "150") == "150" and labels.change_value("notes", None) == "–"
        # Free text that looks like a date stays as typed; a date column that does not parse too.
        assert labels.change_value("title", "2024-05-01") == "2024-05-01"
        assert labels.change_value("notes", "2024-01-01T10:00 rapat -07:00") == "2024-01-01T10:00 rapat -07:00"
        assert labels.change_value("signed_on", "2024-02-30") == "2024-02-30"


def test_every_table_is_named_on_the_audit_page_or_never_audited(app):
    from tracker.audit.forms import RECORD_TYPES
    from tracker.extensions import db

    never_audited = {"audit_events", "heartbeats", "outbox_mails", "reminder_logs",  # logs of their own
                     "change_decisions",  # audited as answers on their change request
                     "edit_notice_reads",  # who has read a notice: not a change
                     "public_photos",  # marking a photo public is audited on its attachment
                     "programme_totals",  # kept sums of audited progress entries
                     "submission_keys"}  # one-time keys: the records they created are audited
    tables = set(db.metadata.tables)
    assert sorted(tables - set(RECORD_TYPES) - never_audited) == []
