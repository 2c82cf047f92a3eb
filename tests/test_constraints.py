"""Database constraints keep the data honest, and say why when they refuse."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.exc import IntegrityError

from tracker.agreements.models import Agreement
from tracker.core.errors import describe_integrity_error
from tracker.progress.models import ProgressEntry


def _refused(db, obj) -> str:
    db.session.add(obj)
    with pytest.raises(IntegrityError) as info:
        db.session.commit()
    db.session.rollback()
    return describe_integrity_error(info.value)


def test_validity_end_not_before_start(db):
    bad = Agreement(kind="KB", title="X", valid_from=date(2026, 1, 2), valid_until=date(2026, 1, 1))
    assert "berakhir" in _refused(db, bad)
    same_day = Agreement(kind="KB", title="X", valid_from=date(2026, 1, 1), valid_until=date(2026, 1, 1))
    db.session.add(same_day)
    db.session.commit()


@pytest.mark.parametrize("kind", ["PKS", "ADDENDUM"])
def test_pks_and_addendum_need_a_parent(db, make, kind):
    assert "induk" in _refused(db, Agreement(kind=kind, title="Tanpa induk"))
    kb = make.agreement()
    db.session.add(Agreement(kind=kind, title="Dengan induk", parent=kb))
    db.session.commit()


@pytest.mark.parametrize("column", ["target", "baseline", "budget"])
def test_programme_amounts_not_negative(db, make, column):
    programme = make.programme()
    setattr(programme, column, -1 if column == "budget" else Decimal("-0.5"))
    with pytest.raises(IntegrityError) as info:
        db.session.commit()
    db.session.rollback()
    assert "negatif" in describe_integrity_error(info.value)


def test_achieved_quantity_not_negative(db, make):
    programme = make.programme()
    entry = ProgressEntry(programme=programme, reported_on=date(2026, 1, 1), description="x", quantity=Decimal(-1))
    assert "negatif" in _refused(db, entry)


def test_progress_entry_belongs_to_a_programme(db):
    entry = ProgressEntry(reported_on=date(2026, 1, 1), description="x", quantity=Decimal(1))
    assert "program" in _refused(db, entry).lower()


def test_archiving_keeps_history(db, make):
    programme = make.programme()
    make.progress(programme)
    from tracker.core.clock import utcnow

    programme.archived_at = utcnow()
    db.session.commit()
    assert programme.is_archived and len(programme.entries) == 1
