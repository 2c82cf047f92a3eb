"""What an entry's quantity does to its programme's realisation ("Realisasi menjadi X dari Y")."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tracker.i18n import format_number, format_percent
from tracker.i18n import gettext as _
from tracker.programs.models import Programme
from tracker.programs.queries import totals_for
from tracker.programs.status import percent
from tracker.progress.models import ProgressEntry


@dataclass
class Outcome:
    """The realisation an entry leads to, against the programme's target."""

    before: Decimal
    total: Decimal
    target: Decimal
    unit: str

    @property
    def percent(self) -> Decimal | None:
        return percent(self.total, self.target)

    @property
    def over_target(self) -> bool:
        return self.target > 0 and self.total > self.target

    def sentence(self) -> str:
        """'Realisasi menjadi 110 dari 150 anak (73,3%)', as the form's script writes it."""
        share = self.percent
        if share is None:
            return _("Realisasi menjadi %(total)s %(unit)s.", total=format_number(self.total), unit=self.unit)
        return _("Realisasi menjadi %(total)s dari %(target)s %(unit)s (%(percent)s).",
                 total=format_number(self.total), target=format_number(self.target),
                 unit=self.unit, percent=format_percent(share))


def realised_without(programme: Programme, entry: ProgressEntry | None = None) -> Decimal:
    """The programme's realisation leaving ``entry`` out (the one being corrected)."""
    realised = Decimal(str(totals_for([programme.id]).get(programme.id, (0,))[0] or 0))
    if entry is not None and entry.id is not None and entry.archived_at is None:
        realised -= Decimal(str(entry.quantity or 0))
    return realised


def outcome(programme: Programme, quantity: Decimal, entry: ProgressEntry | None = None) -> Outcome:
    """The realisation once ``quantity`` is added (or replaces ``entry``'s quantity)."""
    before = realised_without(programme, entry)
    return Outcome(before=before, total=before + Decimal(str(quantity or 0)),
                   target=Decimal(str(programme.target or 0)), unit=programme.unit)
