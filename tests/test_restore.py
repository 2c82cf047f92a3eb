"""Pulihkan: what was archived by mistake comes back, through the pages a user clicks."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.route_rules.world import sign_in
from tracker.agreements.models import Agreement
from tracker.audit.models import AuditEvent
from tracker.consent import services as consent
from tracker.consent.services import pending_in_agreement
from tracker.core.clock import utcnow
from tracker.parties.models import Agency
from tracker.programs.models import Programme
from tracker.progress.models import ProgressEntry

ADMIN = "admin/own-pemda/own-agency"
OFFICER = "officer/own-pemda/own-agency"


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def _restore_button(page: str, action: str) -> bool:
    """A POST form to ``action`` with its CSRF field and a "Pulihkan" button."""
    form = re.search(rf'<form method="post" action="{re.escape(action)}"[^>]*>(.*?)</form>', page, re.S)
    return form is not None and 'name="csrf_token"' in form.group(1) and "Pulihkan" in form.group(1)


def _click(client, url: str) -> str:
    """Press a POST button ("Arsipkan", "Pulihkan") and land on the page it redirects to."""
    response = client.post(url, data={"confirm": "y"})  # the ticked second look, where asked
    assert response.status_code == 302, (url, response.status_code)
    return _page(client, response.headers["Location"])


def _fresh(db, model, record_id):
    db.session.expire_all()
    return db.session.get(model, record_id)


def _archive_agreement(client, world) -> None:
    """Press "Arsipkan" on the shared agreement; the partner's coordinator agrees (the consent step)."""
    page = _click(client, world.url("agreements.archive", agreement_id=world.agreement.id))
    assert "Usulan dikirim ke pihak lain" in page
    partner = world.users["admin/other-pemda/own-agency"]
    for request in pending_in_agreement(world.agreement.id):
        consent.respond(request, by=partner, accept=True)
    world.db.session.commit()


def _restore_events(db, record) -> list[AuditEvent]:
    return db.session.query(AuditEvent).filter_by(
        action="restore", entity_type=record.__tablename__, entity_id=record.id).all()


def test_archived_agreement_comes_back_to_the_list(client, world, db):
    agreement = world.agreement
    sign_in(client, world.users[ADMIN])
    detail_url = world.url("agreements.detail", agreement_id=agreement.id)
    restore_url = world.url("agreements.restore", agreement_id=agreement.id)
    assert not _restore_button(_page(client, detail_url), restore_url)  # nothing to restore yet

    _archive_agreement(client, world)
    assert agreement.title not in _page(client, world.url("agreements.list"))
    page = _page(client, detail_url)
    assert "Naskah ini sudah diarsipkan." in page and _restore_button(page, restore_url)
    # Archived, it can be read but not changed: restore it first.
    assert ">Ubah</a>" not in page and ">Akhiri</a>" not in page
    for endpoint in ("agreements.edit", "agreements.extend", "agreements.terminate"):
        assert client.get(world.url(endpoint, agreement_id=agreement.id)).status_code == 404, endpoint
    archive = _page(client, world.url("archive.list"))
    assert agreement.title in archive and _restore_button(archive, restore_url)

    page = _click(client, restore_url)
    assert "Naskah dipulihkan." in page
    assert "Naskah ini sudah diarsipkan." not in page
    assert "memulihkan" in page.split('id="history-title"')[1]  # the Riwayat panel
    assert agreement.title in _page(client, world.url("agreements.list"))
    assert agreement.title not in _page(client, world.url("archive.list"))
    assert _fresh(db, Agreement, agreement.id).archived_at is None
    [event] = _restore_events(db, agreement)
    assert event.user_id == world.users[ADMIN].id and event.changes["archived_at"][1] is None
    assert event.changes["archived_at"][0] is not None


def test_archived_programme_counts_again_once_restored(client, world, db):
    programme = world.programme
    sign_in(client, world.users[OFFICER])
    agreement_url = world.url("agreements.detail", agreement_id=world.agreement.id)
    list_url = world.url("programs.list")
    restore_url = world.url("programs.restore", programme_id=programme.id)
    assert programme.name in _page(client, agreement_url)

    _click(client, world.url("programs.archive", programme_id=programme.id))
    assert programme.name not in _page(client, agreement_url)
    assert programme.name not in _page(client, list_url)
    page = _page(client, world.url("programs.detail", programme_id=programme.id))
    assert "Program ini sudah diarsipkan." in page and _restore_button(page, restore_url)
    archive = _page(client, world.url("archive.list"))
    assert programme.name in archive and _restore_button(archive, restore_url)

    page = _click(client, restore_url)
    assert f"Program {programme.name} dipulihkan." in page
    assert "Program ini sudah diarsipkan." not in page
    assert "Laporkan kemajuan" in page  # reporting is open again
    assert "Kegiatan Program Kotim" in page  # its entry shows
    assert "memulihkan" in page.split('id="history-title"')[1]
    listing = _page(client, list_url)
    assert programme.name in listing and "10 / 100 orang" in listing  # its realisation counts
    assert programme.name in _page(client, agreement_url)
    assert _fresh(db, Programme, programme.id).archived_at is None
    # Both steps carry the archive date, so the panel reads "Diarsipkan: – → <date>" and back.
    archived, restored = (db.session.query(AuditEvent).filter_by(entity_type="programmes", entity_id=programme.id)
                          .filter(AuditEvent.action.in_(("archive", "restore"))).order_by(AuditEvent.id).all())
    assert archived.changes["archived_at"][1] == restored.changes["archived_at"][0] is not None
    assert len(_restore_events(db, programme)) == 1


def test_restored_entry_is_back_in_the_realised_total(client, world, db):
    programme, entry = world.programme, world.entry
    sign_in(client, world.users[OFFICER])
    detail_url = world.url("programs.detail", programme_id=programme.id)
    restore_url = world.url("progress.restore", entry_id=entry.id)
    assert '<span id="realised">10</span>' in _page(client, detail_url)

    _click(client, world.url("progress.archive", entry_id=entry.id))
    page = _page(client, detail_url)
    assert '<span id="realised">0</span>' in page and entry.description not in page
    # An archived entry has no page of its own: the Arsip page brings it back.
    archive = _page(client, world.url("archive.list"))
    assert entry.description in archive and programme.name in archive
    assert _restore_button(archive, restore_url)

    response = client.post(restore_url)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{detail_url}#entry-{entry.id}")
    page = _page(client, response.headers["Location"])
    assert "Laporan kemajuan dipulihkan." in page
    assert '<span id="realised">10</span>' in page and entry.description in page
    assert "10 / 100 orang" in _page(client, world.url("programs.list"))
    assert _fresh(db, ProgressEntry, entry.id).archived_at is None
    assert len(_restore_events(db, entry)) == 1


def test_restoring_inside_something_still_archived_says_what_else_to_restore(client, world, db):
    programme = world.programme
    sign_in(client, world.users[ADMIN])
    _click(client, world.url("progress.archive", entry_id=world.entry.id))
    _click(client, world.url("programs.archive", programme_id=programme.id))
    page = _click(client, world.url("progress.restore", entry_id=world.entry.id))
    assert "Laporan kemajuan dipulihkan. Programnya masih diarsipkan" in page

    _archive_agreement(client, world)
    page = _click(client, world.url("programs.restore", programme_id=programme.id))
    assert f"Program {programme.name} dipulihkan. Naskahnya masih diarsipkan" in page
    page = _click(client, world.url("agreements.restore", agreement_id=world.agreement.id))
    assert programme.name in page and "masih diarsipkan" not in page

    # A field removed from the agreement (archived by the edit form) has no way back.
    _click(client, world.url("programs.archive", programme_id=programme.id))
    world.field.archived_at = utcnow()
    db.session.commit()
    page = _click(client, world.url("programs.restore", programme_id=programme.id))
    assert "Bidangnya sudah dihapus dari naskah, jadi program ini tidak tampil di daftar." in page


def test_restored_agency_is_offered_again_for_programmes(client, world, db):
    agency = world.own_other_agency
    sign_in(client, world.users[ADMIN])
    form_url = world.url("programs.add", field_id=world.field.id)
    party_url = world.url("parties.detail", party_id=world.own.id)
    restore_url = world.url("parties.agency_restore", agency_id=agency.id)
    option = f'<option value="{agency.id}">{agency.name}</option>'
    assert option in _page(client, form_url)

    _click(client, world.url("parties.agency_archive", agency_id=agency.id))
    assert option not in _page(client, form_url)
    page = _page(client, party_url)
    assert "diarsipkan" in page and _restore_button(page, restore_url)
    archive = _page(client, world.url("archive.list"))
    assert agency.name in archive and _restore_button(archive, restore_url)

    page = _click(client, restore_url)
    assert "Perangkat daerah dipulihkan." in page and not _restore_button(page, restore_url)
    assert option in _page(client, form_url)
    assert _fresh(db, Agency, agency.id).archived_at is None
    [event] = _restore_events(db, agency)
    assert event.summary == agency.name and event.party_id == world.own.id


def test_restoring_a_live_record_changes_nothing(client, world, db):
    sign_in(client, world.users[ADMIN])
    page = _click(client, world.url("programs.restore", programme_id=world.programme.id))
    assert "Program ini sudah diarsipkan." not in page
    assert _restore_events(db, world.programme) == []


# Who may restore: as for archiving -------------------------------------------------------

def _archive_all(world, *records, at=None):
    for record in records:
        record.archived_at = at or utcnow()
    world.db.session.commit()


@pytest.mark.parametrize(("kind", "target", "url", "status"), [
    # Another Pemda's admin does not learn the record exists.
    (ADMIN, "foreign_agreement", lambda w, r: w.url("agreements.restore", agreement_id=r.id), 404),
    (ADMIN, "foreign_programme", lambda w, r: w.url("programs.restore", programme_id=r.id), 404),
    (ADMIN, "foreign_entry", lambda w, r: w.url("progress.restore", entry_id=r.id), 404),
    # An officer of another agency sees the record but may not change it.
    ("officer/own-pemda/other-agency", "programme", lambda w, r: w.url("programs.restore", programme_id=r.id), 403),
    ("officer/own-pemda/other-agency", "entry", lambda w, r: w.url("progress.restore", entry_id=r.id), 403),
    ("officer/own-pemda/own-agency", "agreement", lambda w, r: w.url("agreements.restore", agreement_id=r.id), 403),
    # Agencies are reference data everyone reads: another Pemda's admin gets 403, as for archive.
    ("admin/other-pemda/own-agency", "own_agency",
     lambda w, r: w.url("parties.agency_restore", agency_id=r.id), 403),
    ("leader/own-pemda/own-agency", "programme", lambda w, r: w.url("programs.restore", programme_id=r.id), 403),
])
def test_restore_is_refused_like_archive(client, world, db, kind, target, url, status):
    record = getattr(world, target)
    _archive_all(world, record)
    sign_in(client, world.users[kind])
    assert client.post(url(world, record)).status_code == status
    assert _fresh(db, type(record), record.id).archived_at is not None


def test_leaders_have_no_archive_page_and_no_link(client, world):
    sign_in(client, world.users["leader/own-pemda/own-agency"])
    assert client.get(world.url("archive.list")).status_code == 403
    assert world.url("archive.list") not in _page(client, world.url("agreements.list"))


def _restore_urls(w) -> dict[str, str]:
    return {
        "agreement": w.url("agreements.restore", agreement_id=w.agreement.id),
        "foreign_agreement": w.url("agreements.restore", agreement_id=w.foreign_agreement.id),
        "programme": w.url("programs.restore", programme_id=w.programme.id),
        "other_programme": w.url("programs.restore", programme_id=w.other_programme.id),
        "foreign_entry": w.url("progress.restore", entry_id=w.foreign_entry.id),
        "own_other_agency": w.url("parties.agency_restore", agency_id=w.own_other_agency.id),
        "other_other_agency": w.url("parties.agency_restore", agency_id=w.other_other_agency.id),
    }


@pytest.mark.parametrize("kind, shown", [
    (OFFICER, {"programme"}),  # its own agency's programme, nothing else
    ("officer/other-pemda/own-agency", {"other_programme", "foreign_entry"}),
    (ADMIN, {"agreement", "programme", "own_other_agency"}),
    ("admin/other-pemda/other-agency", {"agreement", "foreign_agreement", "other_programme", "foreign_entry",
                                        "other_other_agency"}),
])
def test_archive_page_shows_only_what_the_user_may_restore(client, world, kind, shown):
    urls = _restore_urls(world)
    _archive_all(world, *(getattr(world, name) for name in urls))
    sign_in(client, world.users[kind])
    assert f'href="{world.url("archive.list")}"' in _page(client, world.url("agreements.list"))  # the way there
    page = _page(client, world.url("archive.list"))
    assert {name for name, url in urls.items() if _restore_button(page, url)} == shown


def test_archive_page_lists_newest_archive_first_and_pages(client, world, db, app):
    app.config["PAGE_SIZE"] = 2
    for days, record in enumerate((world.own_other_agency, world.programme, world.entry)):  # oldest first
        _archive_all(world, record, at=utcnow() - timedelta(days=3 - days))
    sign_in(client, world.users[ADMIN])
    first = _page(client, world.url("archive.list"))
    assert first.index(world.entry.description) < first.index(world.programme.name)
    assert world.own_other_agency.name not in first
    assert world.own_other_agency.name in _page(client, world.url("archive.list", page=2))


@pytest.mark.parametrize("endpoint, argument, target", [
    ("agreements.restore", "agreement_id", "agreement"),
    ("programs.restore", "programme_id", "programme"),
    ("progress.restore", "entry_id", "entry"),
    ("parties.agency_restore", "agency_id", "own_agency"),
])
def test_restore_urls_take_post_only(client, world, endpoint, argument, target):
    sign_in(client, world.users[ADMIN])
    assert client.get(world.url(endpoint, **{argument: getattr(world, target).id})).status_code == 405


# A restore the database refuses ----------------------------------------------------------

@pytest.mark.parametrize("module, function, endpoint, argument, target", [
    ("tracker.agreements.services", "restore", "agreements.restore", "agreement_id", "agreement"),
    ("tracker.programs.services", "restore_programme", "programs.restore", "programme_id", "programme"),
    ("tracker.progress.services", "restore_entry", "progress.restore", "entry_id", "entry"),
    ("tracker.parties.services", "restore_agency", "parties.agency_restore", "agency_id", "own_agency"),
])
def test_a_refused_restore_says_why_and_changes_nothing(client, world, db, monkeypatch,
                                                        module, function, endpoint, argument, target):
    """No constraint refuses a restore today: every unique key (agency name per Pemda, document
    number per party) also covers archived rows, so an archived record keeps its name and number.
    Here the restore's transaction is made to break one for real (a second agency of the same
    name) to prove the route rolls back whole and explains instead of failing."""
    import importlib

    services = importlib.import_module(module)
    real = getattr(services, function)

    def refused(record, user):
        real(record, user)
        db.session.add(Agency(party_id=world.own_agency.party_id, name=world.own_agency.name))
        db.session.flush()

    monkeypatch.setattr(services, function, refused)
    record = getattr(world, target)
    _archive_all(world, record)
    sign_in(client, world.users[ADMIN])
    response = client.post(world.url(endpoint, **{argument: record.id}))
    assert response.status_code == 302
    page = _page(client, response.headers["Location"])
    assert "Tidak dapat dipulihkan: Perangkat daerah dengan nama ini sudah ada." in page
    assert "dipulihkan." not in page.replace("Tidak dapat dipulihkan", "")
    assert _fresh(db, type(record), record.id).archived_at is not None
    assert _restore_events(db, record) == []


def test_an_archived_evidence_file_comes_back_from_the_arsip_page(client, world, db):
    import io

    from werkzeug.datastructures import FileStorage

    from tests.samples import PNG
    from tracker.attachments.services import store_upload

    evidence = store_upload(FileStorage(io.BytesIO(PNG), "foto-kegiatan.png"), progress_entry=world.entry)
    db.session.commit()
    sign_in(client, world.users[OFFICER])
    download = world.url("attachments.download", attachment_id=evidence.id)
    detail_url = world.url("programs.detail", programme_id=world.programme.id)
    _click(client, world.url("attachments.archive", attachment_id=evidence.id))
    assert "foto-kegiatan.png" not in _page(client, detail_url) and client.get(download).status_code == 404

    archive = _page(client, world.url("archive.list"))
    restore_url = world.url("attachments.restore", attachment_id=evidence.id)
    assert "foto-kegiatan.png" in archive and _restore_button(archive, restore_url)
    page = _click(client, restore_url)
    assert "Berkas foto-kegiatan.png dipulihkan." in page and "foto-kegiatan.png" in _page(client, detail_url)
    assert client.get(download).status_code == 200
    assert "foto-kegiatan.png" not in _page(client, world.url("archive.list"))
