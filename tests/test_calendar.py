"""Calendar feeds: valid iCalendar, the right events per user, nothing of another agency, revocable."""

from __future__ import annotations

from datetime import date

import pytest
from icalendar import Calendar

from tracker.calendar.services import create_feed


@pytest.fixture
def setup(make):
    kotim, seruyan = make.party("Kotim"), make.party("Seruyan")
    disdik, damkar = make.agency(kotim, "Dinas Pendidikan"), make.agency(kotim, "Damkar")
    agreement = make.agreement([kotim, seruyan], title="KB Kotim Seruyan", valid_until=date(2030, 11, 2))
    other = make.agreement([kotim, seruyan], title="KB Damkar saja", valid_until=date(2029, 1, 1))
    ats = make.field(agreement, "ATS", lead=disdik)
    make.field(other, "Kebakaran", lead=damkar)
    mine = make.programme(ats, disdik, name="Kembali sekolah", due_on=date(2026, 12, 31))
    theirs = make.programme(ats, damkar, name="Program Damkar", due_on=date(2026, 10, 1))
    seruyan_agency = make.agency(seruyan, "Disdik Seruyan")
    make.programme(ats, seruyan_agency, name="Program Seruyan", due_on=date(2026, 9, 1))
    return {"officer": make.user("officer", agency=disdik), "admin": make.user("admin", kotim),
            "mine": mine, "theirs": theirs, "agreement": agreement, "other": other}


def fetch(client, db, user) -> Calendar:
    _feed, secret = create_feed(user)
    db.session.commit()
    response = client.get(f"/calendar/{secret}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    return Calendar.from_ical(response.data)


def summaries(cal: Calendar) -> set[str]:
    return {str(e["SUMMARY"]) for e in cal.walk("VEVENT")}


def test_officer_sees_its_agency_programmes_and_agreements_it_is_responsible_for(client, db, setup):
    cal = fetch(client, db, setup["officer"])
    assert summaries(cal) == {"Tenggat program: Kembali sekolah", "Naskah berakhir: KB Kotim Seruyan"}
    due = next(e for e in cal.walk("VEVENT") if "Kembali" in str(e["SUMMARY"]))
    assert due.decoded("DTSTART") == date(2026, 12, 31)  # an all-day date, no clock time to shift
    assert str(due["UID"]) == f"programme-{setup['mine'].id}-due@sinergi.test"


def test_nothing_of_another_agency_or_pemda_reaches_the_officer(client, db, setup):
    text = " ".join(summaries(fetch(client, db, setup["officer"])))
    assert "Damkar" not in text and "Seruyan" not in text.replace("KB Kotim Seruyan", "")


def test_admin_sees_its_whole_pemda(client, db, setup):
    names = summaries(fetch(client, db, setup["admin"]))
    assert {"Tenggat program: Kembali sekolah", "Tenggat program: Program Damkar",
            "Naskah berakhir: KB Damkar saja"} <= names
    assert "Tenggat program: Program Seruyan" not in names


def test_feed_is_valid_rfc5545_with_stable_uids(client, db, setup):
    _feed, secret = create_feed(setup["officer"])
    db.session.commit()
    first = client.get(f"/calendar/{secret}.ics").data
    second = client.get(f"/calendar/{secret}.ics").data
    cal = Calendar.from_ical(first)
    assert cal["VERSION"] == "2.0" and "PRODID" in cal
    assert first.startswith(b"BEGIN:VCALENDAR\r\n") and b"\r\n" in first
    uids = lambda data: sorted(str(e["UID"]) for e in Calendar.from_ical(data).walk("VEVENT"))  # noqa: E731
    assert uids(first) == uids(second)
    for event in cal.walk("VEVENT"):
        assert {"UID", "DTSTAMP", "DTSTART", "SUMMARY"} <= set(event.keys())


def test_revoked_or_replaced_feed_stops_working(client, login, db, setup):
    _feed, secret = create_feed(setup["officer"])
    db.session.commit()
    assert client.get(f"/calendar/{secret}.ics").status_code == 200
    login(setup["officer"])
    client.post("/account/calendar/revoke")
    assert client.get(f"/calendar/{secret}.ics").status_code == 404
    page = client.post("/account/calendar").get_data(as_text=True)
    new_url = page.split('id="calendar-url" class="form-control font-monospace" readonly value="')[1].split('"')[0]
    assert client.get(new_url.replace("http://sinergi.test", "")).status_code == 200
    client.post("/account/calendar")  # a new address replaces the old one
    assert client.get(new_url.replace("http://sinergi.test", "")).status_code == 404


def test_unknown_token_is_404(client, setup):
    assert client.get("/calendar/cal_tebakan.ics").status_code == 404


def test_deactivated_user_feed_stops(client, db, setup):
    _feed, secret = create_feed(setup["officer"])
    setup["officer"].active = False
    db.session.commit()
    assert client.get(f"/calendar/{secret}.ics").status_code == 404


def test_a_monev_period_ending_in_year_9999_neither_breaks_the_feed_nor_is_accepted_again(
        client, db, login, setup):
    from tracker.monev.models import Monev

    admin, agreement = setup["admin"], setup["agreement"]
    # Stored before dates were checked (the form took any year then).
    db.session.add(Monev(agreement_id=agreement.id, party_id=admin.party_id, period_label="Selamanya",
                         period_start=date(2026, 1, 1), period_end=date(9999, 12, 31)))
    db.session.commit()
    names = summaries(fetch(client, db, admin))
    assert "Tenggat program: Kembali sekolah" in names  # the rest of the feed is there
    login(admin)
    response = client.post(f"/agreements/{agreement.id}/monev/add", data={
        "period_label": "Lagi", "period_start": "2026-01-01", "period_end": "9999-12-31"})
    assert response.status_code == 200 and "Tanggal di luar rentang" in response.get_data(as_text=True)
    assert db.session.query(Monev).count() == 1
