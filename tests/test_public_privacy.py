"""An anonymous crawl of /publik/ shows published agreements only, and never a person or a secret.

Property test over the demo data plus generated agreements (published or not, each choice on or
off, photos marked public or not, people and notes with unique markers), bounded in examples.
"""

from __future__ import annotations

import io
import re
from collections import deque
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from tests.samples import JPEG
from tracker.agreements.models import Agreement, AgreementParty
from tracker.attachments import services as attachments
from tracker.attachments.models import Attachment
from tracker.demo import load_demo
from tracker.monev.models import Monev
from tracker.parties.models import Agency
from tracker.publication import services as publication
from tracker.publication.models import PublicPhoto
from tracker.users.models import User

LINK = re.compile(r'(?:href|src)="(/publik/[^"#]*)"')
CRAWL_LIMIT = 400
REGIONS = ("62.02", "62.07", "62.06", "62", "63.01")

token = st.text(alphabet="bcdfghjklmnpqrstvwxz", min_size=8, max_size=8)
photo = st.booleans()
agreement_spec = st.fixed_dictionaries({
    "published": st.booleans(),
    "choices": st.fixed_dictionaries({name: st.booleans() for name in publication.CHOICES}),
    "regions": st.lists(st.sampled_from(REGIONS), min_size=2, max_size=3, unique=True),
    "photos": st.lists(photo, max_size=3),
    "marker": token,
})


def _crawl(client) -> dict[str, bytes]:
    """Every /publik/ URL reachable from the index (and its English twin), with its body."""
    seen: dict[str, bytes] = {}
    queue = deque(["/publik/", "/publik/data.json?per_page=100", "/publik/data.csv"])
    while queue and len(seen) < CRAWL_LIMIT:
        url = queue.popleft().replace("&amp;", "&")
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        assert "Set-Cookie" not in response.headers, url
        seen[url] = response.data
        if response.mimetype == "text/html":
            queue.extend(u for u in LINK.findall(response.get_data(as_text=True)) if u not in seen)
    return seen


def _add(db, make, spec, n) -> Agreement:
    from tracker.parties.services import region

    parties = [region(code) for code in spec["regions"]]
    title = ("Terbit " if spec["published"] else "Rahasia ") + spec["marker"] + f" {n}"
    agreement = make.agreement(parties, title=title, fields=[f"Bidang {spec['marker']}"],
                               notes=f"Catatan-{spec['marker']}")
    for link in agreement.parties:
        link.signatory_name = f"Penandatangan{spec['marker']}"
    agency = make.agency(parties[0], name=f"Dinas {spec['marker']} {n}", email=f"kantor.{spec['marker']}{n}@x.example")
    officer = make.user("officer", agency=agency, email=f"{spec['marker']}{n}@orang.example")
    officer.name = f"Orang{spec['marker']}{n}"
    programme = make.programme(agreement.fields[0], agency, name=f"Program {spec['marker']}",
                               status_note=f"Status-{spec['marker']}")
    for public in spec["photos"]:
        entry = make.progress(programme, description=f"Laporan {spec['marker']}", reported_by=officer,
                              latitude=Decimal("-2.531947"), longitude=Decimal("112.954321"))  # the officer's GPS
        attachments.store_upload(FileStorage(io.BytesIO(JPEG), "f.jpg"), progress_entry=entry, user=officer)
        publication.set_public_photos(entry, public, user=officer)
    db.session.add(Monev(agreement=agreement, party_id=parties[0].id, period_label="2026 I",
                         obstacles=f"Kendala-{spec['marker']}", review_note=f"Telaah-{spec['marker']}"))
    if spec["published"]:
        publication.publish(agreement, spec["choices"])
    db.session.commit()
    return agreement


def _secrets(db) -> set[str]:
    """Text that must never reach the public: people, contacts, notes, signatories, monev."""
    values = set()
    for user in db.session.scalars(select(User)):
        values |= {user.name, user.email}
    values |= {a.email for a in db.session.scalars(select(Agency)) if a.email}
    values |= {a.notes for a in db.session.scalars(select(Agreement)) if a.notes}
    values |= {link.signatory_name for link in db.session.scalars(select(AgreementParty)) if link.signatory_name}
    for monev in db.session.scalars(select(Monev)):
        values |= {v for v in (monev.obstacles, monev.review_note) if v}
    from tracker.programs.models import Programme

    values |= {p.status_note for p in db.session.scalars(select(Programme)) if p.status_note}
    return values


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(specs=st.lists(agreement_spec, min_size=1, max_size=3))
def test_anonymous_crawl_shows_only_what_was_published(client, db, make, specs):
    if not db.session.scalar(select(Agreement.id).limit(1)):
        load_demo()
        db.session.commit()
    for n, spec in enumerate(specs):
        _add(db, make, spec, n)
    pages = _crawl(client)
    text = b"\n".join(pages.values()).decode("utf-8", "replace")

    published = set(db.session.scalars(select(Agreement.id).where(publication_scope())))
    unpublished = db.session.scalars(select(Agreement).where(Agreement.id.not_in(published))).all()
    for agreement in db.session.scalars(select(Agreement).where(Agreement.id.in_(published))):
        assert f"/publik/kerja-sama/{agreement.id}" in pages, agreement.title  # reached from the index
    for agreement in unpublished:
        assert agreement.title not in text and f"/publik/kerja-sama/{agreement.id}" not in text
    for secret in _secrets(db) | {"2.531947", "112.954321"}:
        assert secret not in text, secret
    public_ids = set(db.session.scalars(select(PublicPhoto.attachment_id)))
    shown = {int(i) for i in re.findall(r"/publik/foto/(\d+)/", text)}
    for attachment in db.session.scalars(select(Attachment).where(Attachment.id.in_(shown))):
        assert attachment.id in public_ids
        assert publication.public_attachment(attachment.id) is not None
    for attachment_id in set(db.session.scalars(select(Attachment.id))) - public_ids:
        assert client.get(f"/publik/foto/{attachment_id}/kecil.jpg").status_code == 404


def publication_scope():
    from tracker.permissions import published_scope

    return published_scope()
