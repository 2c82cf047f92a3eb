"""Every page, mail, calendar feed, workbook and PDF of the demo, in Indonesian and in English, reads right.

Fails on a raw float ("71.3%", "150.00"), an ISO month or date ("2026-03"), or a decimal point in
Indonesian text. CSV is left out: it keeps plain machine values on purpose (README).
"""

from __future__ import annotations

from collections import deque

import pytest
from flask_babel import refresh
from sqlalchemy import select

from tests.demo_outputs import faults, links, mail_texts, pdf_text, visible_text, workbook_faults
from tracker.calendar.services import create_feed
from tracker.demo import DEMO_PASSWORD, DEMO_USERS, load_demo
from tracker.extensions import db
from tracker.parties.models import Party
from tracker.reminders.history import replay_demo_history
from tracker.users.models import User

PAGES_PER_USER = 70
PDFS_PER_RUN = 3


@pytest.fixture
def demo(make_app, tmp_path, request):
    """The demo as `make run` leaves it, every demo account reading ``request.param``."""
    app = make_app(MAIL_BACKEND="", MAIL_SERVER="", MAIL_FILE_PATH=str(tmp_path / "mail"))
    # The test's app context outlives requests; a server's does not: choose the locale per request.
    app.before_request(refresh)
    with app.app_context():
        load_demo()
        for user in db.session.scalars(select(User)):
            user.locale = request.param
        db.session.commit()
        replay_demo_history()
        yield app, request.param, tmp_path / "mail"


class Reader:
    """Collects what one language's readers see and every fault in it."""

    def __init__(self, app, language: str):
        self.app, self.language, self.problems, self.seen, self.pdfs = app, language, [], set(), 0

    def check(self, where: str, text: str, language: str | None = None) -> None:
        self.problems += [f"{where}: {fault}" for fault in faults(text, language or self.language)]

    def fetch(self, client, url: str) -> str | None:
        response = client.get(url)
        kind = response.mimetype or ""
        if response.status_code != 200:
            assert response.status_code in (302, 403, 404), (url, response.status_code)
            return None
        if kind == "text/html":
            page = response.get_data(as_text=True)
            self.check(url, visible_text(page))
            return page
        if kind.endswith("spreadsheetml.sheet"):
            self.problems += [f"{url}: {f}" for f in workbook_faults(response.data, self.language)]
        elif kind == "application/pdf":
            self.pdfs += 1
            self.check(url, pdf_text(response.data))
        elif kind == "text/calendar":
            unfolded = response.get_data(as_text=True).replace("\r\n ", "").replace("\\,", ",")
            shown = [line.split(":", 1)[1] for line in unfolded.splitlines() if line.startswith(("SUMMARY", "DESCRIPTION"))]
            assert shown, url
            self.check(url, "\n".join(shown))
        return None

    def crawl(self, client, start: list[str]) -> int:
        queue, visited = deque(start), set()
        while queue and len(visited) < PAGES_PER_USER:
            url = queue.popleft()
            if url in visited or (url.endswith(".pdf") and self.pdfs >= PDFS_PER_RUN):
                continue
            visited.add(url)
            page = self.fetch(client, url)
            if page:
                queue.extend(link for link in links(page, url) if link not in visited)
        self.seen |= visited
        return len(visited)


@pytest.mark.parametrize("demo", ["id", "en"], indirect=True)
def test_every_demo_output_reads_right_in_the_readers_language(demo):
    app, language, mail_folder = demo
    reader = Reader(app, language)
    kotim = db.session.scalar(select(Party).where(Party.region_code == "62.02"))
    seruyan = db.session.scalar(select(Party).where(Party.region_code == "62.07"))
    for email_address, *_rest in DEMO_USERS:
        client = app.test_client()
        assert client.post("/login", data={"email": email_address, "password": DEMO_PASSWORD}).status_code == 302
        user = db.session.scalar(select(User).where(User.email == email_address))
        _feed, secret = create_feed(user)
        db.session.commit()
        extra = [f"/calendar/{secret}.ics", "/import/template.xlsx", f"/reports/regions/{seruyan.id}/briefing.pdf",
                 "/reports/monev-period.xlsx?start=2026-01-01&end=2026-12-31", "/dashboard/trends",
                 "/dashboard/expiry", "/dashboard/agencies", "/reminders/", "/audit/", "/archive/"]
        assert reader.crawl(client, ["/", *extra]) > 5, email_address
    assert len(reader.seen) > 40 and reader.pdfs >= 1, sorted(reader.seen)

    mails = sorted(mail_folder.glob("*.eml"))
    assert len(mails) > 10
    for path in mails:
        mail_language, plain, page = mail_texts(path)
        reader.check(path.name, plain, mail_language)
        reader.check(path.name, page, mail_language)
    assert kotim is not None
    assert not reader.problems, "\n".join(sorted(set(reader.problems))[:80])
