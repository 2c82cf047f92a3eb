"""The rule engine: a plain function of (session, today) that returns what is due.

A rule fires when its window has been *reached* and that occurrence has not fired
yet, never on "date equals today": after downtime, the latest reached occurrence
of a series fires once. Repeats count from when the previous one actually went out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select, text

from tracker.core.clock import today as local_today
from tracker.reminders.models import Acknowledgement, OutboxMail, ReminderLog, ReminderSettings
from tracker.reminders.recipients import Directory, Recipient

CHUNK = 500
RULES = (
    "field_no_programme",
    "kb_no_followup",
    "due_soon",
    "overdue",
    "stalled",
    "expiring",
    "monev_overdue",
    "proposal_stuck",
    "weekly_digest",
    "monthly_summary",
    "partner_edits",
)
DIGEST_RULES = ("weekly_digest", "monthly_summary", "partner_edits")


@dataclass
class DueItem:
    """One thing one recipient must hear about, with the key that makes it fire once."""

    rule: str
    record_type: str
    record_id: int
    episode: str
    occurrence: str
    recipient: Recipient
    title: str
    facts: dict = field(default_factory=dict)

    @property
    def dedupe_key(self) -> str:
        return ":".join(
            [self.rule, self.record_type, str(self.record_id), self.recipient.email, self.occurrence]
        )


@dataclass
class _Seen:
    count: int = 0
    last: date | None = None
    occurrences: set = field(default_factory=set)


# What ``history`` answers for a record that never fired: read-only, so lookups add no entries.
_NEVER = _Seen(occurrences=frozenset())


def latest_before(days_left: int, series: list[int]) -> int | None:
    """The closest-to-the-end threshold already reached (days before an end date)."""
    reached = [t for t in series if days_left <= t]
    return min(reached) if reached else None


def latest_after(elapsed: int, series: list[int]) -> int | None:
    """The largest threshold already reached (days after a start date)."""
    reached = [t for t in series if elapsed >= t]
    return max(reached) if reached else None


class ReminderPass:
    """State shared by the rules during one pass: recipients, settings, history, answers."""

    def __init__(self, session, today: date) -> None:
        self.session = session
        self.today = today
        self.directory = Directory(session)
        self.items: list[DueItem] = []
        self._settings = {s.party_id: s for s in session.scalars(select(ReminderSettings))}
        self._series: dict[tuple[int, str], list[int]] = {}
        self._silenced: set[tuple] = set()
        for ack in session.scalars(select(Acknowledgement)):
            if ack.silences(today):
                self._silenced.add((ack.rule, ack.record_type, ack.record_id, ack.episode, ack.party_id))

    def settings(self, party_id: int) -> ReminderSettings:
        if party_id not in self._settings:
            self._settings[party_id] = ReminderSettings.defaults(party_id)
        return self._settings[party_id]

    def series(self, party_id: int, name: str) -> list[int]:
        """A party's threshold series setting, parsed once per pass."""
        key = (party_id, name)
        if key not in self._series:
            self._series[key] = ReminderSettings.series(getattr(self.settings(party_id), name))
        return self._series[key]

    def saved_settings(self) -> dict[int, ReminderSettings]:
        """Settings a party has saved (the rest use the defaults)."""
        return {party_id: s for party_id, s in self._settings.items() if s.id is not None}

    def smallest(self, name: str) -> int:
        """The smallest value of a setting across parties, to narrow SQL before Python decides."""
        values = [getattr(s, name) for s in self._settings.values()]
        return min([getattr(ReminderSettings.defaults(), name), *values])

    def largest_series(self, name: str) -> int:
        values = [ReminderSettings.series(getattr(s, name)) for s in self._settings.values()]
        return max(max(v or [0]) for v in [ReminderSettings.series(getattr(ReminderSettings.defaults(), name)), *values])

    def history(self, rules: tuple[str, ...], record_type: str, ids: list[int]) -> dict:
        """Earlier firings per (rule, record id, recipient, episode) for one chunk of records."""
        seen: dict[tuple, _Seen] = defaultdict(_Seen)
        for start in range(0, len(ids), CHUNK):
            self._load_history(seen, rules, record_type, ids[start:start + CHUNK])
        return seen

    def _load_history(self, seen: dict, rules: tuple[str, ...], record_type: str, ids: list[int]) -> None:
        rows = self.session.execute(
            select(
                ReminderLog.rule, ReminderLog.record_id, ReminderLog.recipient, ReminderLog.episode,
                ReminderLog.occurrence, ReminderLog.fired_on, OutboxMail.sent_at, OutboxMail.simulated_on,
            )
            .outerjoin(OutboxMail, OutboxMail.id == ReminderLog.outbox_id)
            .where(
                ReminderLog.rule.in_(rules),
                ReminderLog.record_type == record_type,
                ReminderLog.record_id.in_(ids),
            )
        )
        for rule, rid, email, episode, occurrence, fired_on, sent_at, simulated_on in rows:
            entry = seen[(rule, rid, email, episode)]
            entry.count += 1
            entry.occurrences.add(occurrence)
            # A repeat counts from the day the previous mail actually left; for a simulated
            # pass (`--today`) from the day it simulated.
            went_out = simulated_on or (local_today(sent_at) if sent_at else fired_on)
            entry.last = max(filter(None, [entry.last, went_out]))

    def offer(self, proto: dict, people: list[Recipient], occurrence: str, seen: dict) -> None:
        """Add the item for each recipient that has not had this occurrence yet."""
        for person in people:
            if self._is_silenced(proto, person):
                continue
            key = (proto["rule"], proto["record_id"], person.email, proto["episode"])
            if occurrence in seen.get(key, _NEVER).occurrences:
                continue
            self.items.append(DueItem(recipient=person, occurrence=occurrence, **proto))

    def offer_repeating(
        self, proto: dict, people: list[Recipient], first: date, every: int, seen: dict
    ) -> None:
        """First on ``first``, then every ``every`` days after the previous one went out."""
        if self.today < first:
            return
        for person in people:
            entry = seen.get((proto["rule"], proto["record_id"], person.email, proto["episode"]), _NEVER)
            if entry.count and entry.last and self.today < entry.last + timedelta(days=max(every, 1)):
                continue
            self.offer(proto, [person], f"{proto['episode']}#{entry.count + 1}", seen)

    def _is_silenced(self, proto: dict, person: Recipient) -> bool:
        key = (proto["rule"], proto["record_type"], proto["record_id"], proto["episode"], person.party_id)
        return key in self._silenced

    def stream(self, stmt):
        """Rows of ``stmt`` in chunks, with a server-side cursor where the database has one."""
        if self.session.get_bind().dialect.name == "postgresql":
            # A cursor tells PostgreSQL only a tenth of the rows will be read, so it picks a
            # fast-start plan (nested loops over the progress totals); every row is read here.
            self.session.execute(text("SET LOCAL cursor_tuple_fraction = 1.0"))
        result = self.session.execute(stmt.execution_options(yield_per=CHUNK))
        yield from result.partitions()


def due_items(session, today: date, rules: tuple[str, ...] = RULES) -> list[DueItem]:
    """Everything due on ``today`` that has not fired yet, one item per recipient."""
    from tracker.reminders import digests, monev_rule, partner_edits, proposals
    from tracker.reminders import rules as rule_module

    state = ReminderPass(session, today)
    wanted = set(rules)
    for handler, names in (
        (rule_module.fields_without_programme, {"field_no_programme"}),
        (rule_module.kb_without_followup, {"kb_no_followup"}),
        (rule_module.programmes, {"due_soon", "overdue", "stalled"}),
        (rule_module.expiring, {"expiring"}),
        (monev_rule.monev_overdue, {"monev_overdue"}),
        (proposals.stuck_proposals, {"proposal_stuck"}),
        (digests.weekly_digest, {"weekly_digest"}),
        (digests.monthly_summary, {"monthly_summary"}),
        (partner_edits.partner_edits, {"partner_edits"}),
    ):
        if wanted & names:
            handler(state, wanted & names)
    return state.items
