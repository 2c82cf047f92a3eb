"""The SQL health of the dashboards agrees with tracker.programs.status.programme_health."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from sqlalchemy import select

from tracker.dashboards.filters import Filters
from tracker.dashboards.queries import programme_facts
from tracker.extensions import db
from tracker.programs.models import Programme
from tracker.programs.queries import totals_for
from tracker.programs.status import programme_health

TODAY = date(2026, 6, 15)


def test_sql_health_matches_python_rules(make, app):
    app.config.update(PROGRAMME_STALLED_DAYS=20, PROGRAMME_DUE_SOON_DAYS=10)  # settings, not constants
    kab = make.party()
    agreement = make.agreement([kab, make.party()], fields=1)
    agency = make.agency(kab)
    cases = itertools.product(
        ("planned", "running", "done"),
        (None, TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=10), TODAY + timedelta(days=11),
         TODAY + timedelta(days=200)),
        (0, 30, 60, 100),  # realised out of a target of 100
        (None, 19, 20),  # days since the last report
    )
    for status, due, realised, quiet in cases:
        programme = make.programme(agreement.fields[0], agency, target=100, status=status,
                                   start_on=TODAY - timedelta(days=150), due_on=due)
        if realised or quiet is not None:
            make.progress(programme, quantity=realised,
                          reported_on=TODAY - timedelta(days=quiet if quiet is not None else 5))
    leader = make.user("leader", party=kab)
    ph = programme_facts(leader, Filters(), TODAY)
    in_sql = dict(db.session.execute(select(ph.c.id, ph.c.health)).all())
    programmes = db.session.scalars(select(Programme)).all()
    totals = totals_for([p.id for p in programmes])
    seen = set()
    for programme in programmes:
        realised, last, _count = totals.get(programme.id, (0, None, 0))
        expected = programme_health(programme, TODAY, realised, last)
        assert in_sql[programme.id] == expected, (programme.status, programme.due_on, realised, last)
        seen.add(expected)
    assert seen == {None, "on_track", "at_risk", "overdue", "stalled"}


def test_demo_dashboard_numbers(runner, make, login, monkeypatch):
    """The demo (Kotim–Seruyan KB) as its leader sees it on 28 November 2026."""
    monkeypatch.setattr("tracker.dashboards.views.current_day", lambda: date(2026, 11, 28))
    assert runner.invoke(args=["demo"]).exit_code == 0
    from tracker.users.models import User

    leader = db.session.scalar(select(User).where(User.email == "pimpinan@kotim.example"))
    client = login(leader, password="sinergi-demo")
    html = client.get("/dashboard").get_data(as_text=True)
    import re

    def kpi(name):
        return re.sub(r"<[^>]+>|\s+", " ", re.search(rf'id="kpi-{name}"[^>]*>(.*?)</div>', html, re.S).group(1)).strip()

    assert kpi("no-follow-up") == "1"  # the fire field, left without follow-up on purpose
    assert kpi("active") == "1"
    assert kpi("overdue") == "1"  # tilapia seed, due 31 October 2026 at 30 %
    assert kpi("stalled") == "1"  # out-of-school children, last report 7 September 2026
    assert kpi("realisation") == "27,8%"  # (80/150 + 30,000/100,000 + 0/2) / 3
