"""Kept totals per programme: always equal to a full recount, whatever the order of writes."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from tracker.progress import services, totals
from tracker.progress.models import ProgressEntry

FIRST_DAY = date(2026, 1, 1)

steps = st.lists(
    st.one_of(
        st.tuples(st.just("create"), st.integers(0, 2), st.integers(0, 200), st.decimals(0, 10_000, places=2)),
        st.tuples(st.just("correct"), st.integers(0, 30), st.integers(0, 200), st.decimals(0, 10_000, places=2)),
        st.tuples(st.just("archive"), st.integers(0, 30), st.just(0), st.just(Decimal(0))),
        st.tuples(st.just("restore"), st.integers(0, 30), st.just(0), st.just(Decimal(0))),
    ),
    min_size=1, max_size=25,
)


def _apply(step, programmes, entries, user) -> None:
    action, pick, day, quantity = step
    reported_on = FIRST_DAY + timedelta(days=day)
    if action == "create":
        entries.append(services.create_entry(programmes[pick], reported_on=reported_on, description="Kegiatan",
                                             quantity=quantity, user=user, confirm_over_target=True))
    elif entries:
        entry = entries[pick % len(entries)]
        if action == "correct":
            if entry.archived_at is not None:
                return  # archived is read-only: an archived entry takes no correction until restored
            services.update_entry(entry, reported_on=reported_on, description=entry.description,
                                  quantity=quantity, user=user, confirm_over_target=True)
        elif action == "archive":
            services.archive_entry(entry, user)
        else:
            services.restore_entry(entry, user)


def _recount(db, programmes) -> dict:
    """What a full recount of the live entries says, per programme."""
    result = {}
    for programme in programmes:
        live = db.session.scalars(select(ProgressEntry).where(
            ProgressEntry.programme_id == programme.id, ProgressEntry.archived_at.is_(None))).all()
        result[programme.id] = (sum((e.quantity for e in live), Decimal(0)),
                                max((e.reported_on for e in live), default=None), len(live))
    return result


def _kept(programmes) -> dict:
    found = totals.totals_for([p.id for p in programmes])
    return {p.id: tuple(found.get(p.id, (Decimal(0), None, 0))) for p in programmes}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=steps)
def test_kept_totals_equal_a_full_recount_after_any_sequence_of_writes(db, make, sequence):
    field = make.field()
    agency = make.agency(field.agreement.parties[0].party)
    officer = make.user("officer", agency=agency)
    programmes = [make.programme(field, agency) for _ in range(3)]
    entries: list = []
    for step in sequence:
        _apply(step, programmes, entries, officer)
        db.session.commit()
    kept = {pid: (Decimal(r), last, n) for pid, (r, last, n) in _kept(programmes).items()}
    assert kept == _recount(db, programmes)
    with db.engine.connect() as conn:
        assert totals.drift(conn) == []


def test_the_programme_page_shows_the_kept_realisation_after_archive_and_restore(client, login, make, db):
    programme = make.programme(target=100)
    officer = make.user("officer", agency=programme.agency)
    first = make.progress(programme, quantity=30)
    make.progress(programme, quantity=12)
    login(officer)
    assert "42%" in client.get(f"/programmes/{programme.id}").get_data(as_text=True)
    assert client.post(f"/progress/{first.id}/archive").status_code == 302
    assert "12%" in client.get(f"/programmes/{programme.id}").get_data(as_text=True)
    assert client.post(f"/progress/{first.id}/restore").status_code == 302
    assert "42%" in client.get(f"/programmes/{programme.id}").get_data(as_text=True)


def test_flask_totals_rebuild_repairs_and_check_reports_drift(runner, make, db):
    programme = make.programme()
    make.progress(programme, quantity=7, reported_on=date(2026, 2, 3))
    db.session.execute(update(totals.ProgrammeTotals.__table__).values(realised=999, entries=5))
    db.session.commit()
    checked = runner.invoke(args=["totals", "check"])
    assert checked.exit_code == 1 and f"programme {programme.id}" in checked.output
    rebuilt = runner.invoke(args=["totals", "rebuild"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert totals.totals_for([programme.id])[programme.id] == (Decimal(7), date(2026, 2, 3), 1)
    assert runner.invoke(args=["totals", "check"]).exit_code == 0
