"""The number of SQL statements a dashboard or list page issues does not grow with the data."""

from __future__ import annotations

from datetime import date

import pytest
from flask import current_app
from sqlalchemy import event

from tracker.extensions import db

LEADER_PAGES = ["/dashboard", "/dashboard/fields", "/dashboard/entries", "/dashboard/agencies",
                "/dashboard/expiry", "/dashboard/trends", "/dashboard/agreements/{agreement}"]
OTHER_LISTS = ["agreements.list", "programs.list"]


def grow(make, leader_party, partner, agency, partner_agency, agreements: int):
    """``agreements`` agreements with fields, programmes on both sides and progress entries."""
    for n in range(agreements):
        agreement = make.agreement([leader_party, partner], fields=2, signed_on=date(2025, 1, 1),
                                   valid_until=date(2026, 12 if n % 2 else 1, 20))
        for field, owner in zip(agreement.fields, (agency, partner_agency), strict=True):
            programme = make.programme(field, owner, due_on=date(2026, 1 + n % 12, 1))
            for month in (1, 2, 3):
                make.progress(programme, reported_on=date(2026, month, 10))
    return agreement


def count_statements(client, url: str) -> int:
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        response = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert response.status_code == 200, url
    return len(statements)


def _urls(first):
    urls = [u.format(agreement=first.id) for u in LEADER_PAGES]
    with current_app.test_request_context():
        from flask import url_for

        urls += [url_for(e) for e in OTHER_LISTS if e in current_app.view_functions]
    return urls


@pytest.mark.parametrize("extra", [6])
def test_statement_counts_do_not_grow(make, login, extra):
    kab, partner = make.party(), make.party()
    agency, partner_agency = make.agency(kab), make.agency(partner)
    client = login(make.user("leader", party=kab))
    first = grow(make, kab, partner, agency, partner_agency, 1)
    small = {url: count_statements(client, url) for url in _urls(first)}
    grow(make, kab, partner, agency, partner_agency, extra)
    large = {url: count_statements(client, url) for url in _urls(first)}
    assert large == small


def test_officer_work_list_statements_do_not_grow(make, login):
    kab, partner = make.party(), make.party()
    agency, partner_agency = make.agency(kab), make.agency(partner)
    client = login(make.user("officer", agency=agency))
    grow(make, kab, partner, agency, partner_agency, 1)
    small = count_statements(client, "/my-work")
    grow(make, kab, partner, agency, partner_agency, 6)
    assert count_statements(client, "/my-work") == small
