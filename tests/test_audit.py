"""The audit trail: right before/after values, the admin page, and no way to rewrite history."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tracker.audit.models import AuditEvent

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def _event(db, user, *, at, entity_type="agreements", entity_id=1, action="update", changes=None):
    event = AuditEvent(user_id=user.id, party_id=user.party_id, action=action, entity_type=entity_type,
                       entity_id=entity_id, occurred_at=at, changes=changes or {"title": ["Lama", "Baru"]})
    db.session.add(event)
    db.session.commit()
    return event


def test_edit_through_the_page_records_before_and_after(client, make, login, db):
    admin = make.user("admin")
    agency = make.agency(admin.party, "Dinas Perikanan")
    colleague = make.user("leader", party=admin.party)
    colleague.name = "Ibu Sekda"
    db.session.commit()
    login(admin)
    client.post(f"/users/{colleague.id}/edit", data={"name": "Ibu Sekda", "role": "officer", "agency_id": agency.id})
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.entity_id == colleague.id,
                                                        AuditEvent.action == "update")).one()
    assert event.user_id == admin.id and event.entity_type == "users"
    assert event.changes == {"role": ["leader", "officer"], "agency_id": [None, agency.id]}
    # The Riwayat panel and the audit page both show it.
    assert "<del>Pimpinan</del> → Petugas OPD" in client.get(f"/users/{colleague.id}/edit").get_data(as_text=True)
    page = client.get("/audit/").get_data(as_text=True)
    assert "<del>Pimpinan</del> → Petugas OPD" in page and colleague.email in page
    assert "Perangkat daerah</span>: Dinas Perikanan" in page  # the agency by its name, not its id
    assert ">Peran</span>" in page and "<code>role</code>" not in page


def test_user_creation_and_deactivation_are_audited(client, make, login, db):
    admin = make.user("admin")
    login(admin)
    client.post("/users/add", data={"name": "Dedi", "email": "dedi@uji.example", "role": "leader"})
    created = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "create")).one()
    assert created.changes["email"] == [None, "dedi@uji.example"] and created.party_id == admin.party_id
    client.post(f"/users/{created.entity_id}/deactivate", data={"confirm": "y"})
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.entity_id == created.entity_id))
    assert sorted(actions) == ["create", "deactivate"]


def test_audit_page_is_scoped_to_the_admins_pemda(client, make, login, db):
    admin = make.user("admin")
    neighbour = make.user("admin")
    _event(db, admin, at=datetime(2026, 1, 5, 3, tzinfo=UTC), changes={"title": ["A", "Milik kami"]})
    _event(db, neighbour, at=datetime(2026, 1, 5, 3, tzinfo=UTC), changes={"title": ["B", "Milik tetangga"]})
    login(admin)
    page = client.get("/audit/").get_data(as_text=True)
    assert "Milik kami" in page and "Milik tetangga" not in page


def test_audit_page_filters_by_user_type_and_date(client, make, login, db):
    admin = make.user("admin")
    officer = make.user("officer", party=admin.party)
    _event(db, admin, at=datetime(2026, 1, 5, 3, tzinfo=UTC), changes={"title": ["x", "satu-admin"]})
    _event(db, officer, at=datetime(2026, 2, 10, 3, tzinfo=UTC), entity_type="programmes",
           changes={"name": ["x", "dua-petugas"]})
    # 23:30 WIB on 28 February is still 28 February locally (16:30 UTC).
    _event(db, officer, at=datetime(2026, 2, 28, 16, 30, tzinfo=UTC), entity_type="programmes",
           changes={"name": ["x", "tiga-malam"]})
    login(admin)

    def shown(**args):
        page = client.get("/audit/", query_string=args).get_data(as_text=True)
        return {word for word in ("satu-admin", "dua-petugas", "tiga-malam") if word in page}

    assert shown() == {"satu-admin", "dua-petugas", "tiga-malam"}
    assert shown(user=officer.id) == {"dua-petugas", "tiga-malam"}
    assert shown(record_type="agreements") == {"satu-admin"}
    assert shown(date_from="2026-02-01", date_to="2026-02-28") == {"dua-petugas", "tiga-malam"}
    assert shown(date_to="2026-02-27") == {"satu-admin", "dua-petugas"}
    # A bad filter is explained, not a 500, and the other filters still apply.
    response = client.get("/audit/", query_string={"date_from": "2026-03-01", "date_to": "2026-02-01"})
    assert response.status_code == 200
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in response.get_data(as_text=True)
    response = client.get("/audit/", query_string={"date_from": "kemarin", "record_type": "agreements"})
    assert "Tanggal tidak valid" in response.get_data(as_text=True)
    assert "satu-admin" in response.get_data(as_text=True) and "dua-petugas" not in response.get_data(as_text=True)


def test_audit_page_is_paginated(make_app):
    app = make_app(PAGE_SIZE=5)
    with app.app_context():
        from tests.factories import Factories
        from tracker.extensions import db

        admin = Factories(db).user("admin")
        for n in range(12):
            _event(db, admin, at=datetime(2026, 1, 1 + n, tzinfo=UTC), changes={"n": [None, f"nomor-{n:02d}"]})
        client = app.test_client()
        client.post("/login", data={"email": admin.email, "password": Factories.PASSWORD})
        # The admin's own sign-in is in the trail too; the filter leaves the twelve edits.
        first = client.get("/audit/?record_type=agreements").get_data(as_text=True)
        third = client.get("/audit/?record_type=agreements&page=3").get_data(as_text=True)
        assert "nomor-11" in first and "nomor-06" not in first
        assert "nomor-01" in third and "nomor-00" in third and "nomor-02" not in third
        assert "page=2" in first


@pytest.mark.parametrize("role", ["officer", "leader"])
def test_only_admins_open_the_audit_page(client, make, login, role):
    login(make.user(role))
    assert client.get("/audit/").status_code == 403


def test_no_audit_route_can_change_history(app, client, make, login, db):
    admin = make.user("admin")
    event = _event(db, admin, at=datetime(2026, 1, 5, tzinfo=UTC))
    audit_rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("audit.")]
    assert audit_rules
    for rule in audit_rules:
        assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, f"{rule.endpoint} accepts {rule.methods}"
    # No endpoint anywhere is named like an audit edit or delete.
    assert not [r.endpoint for r in app.url_map.iter_rules()
                if "audit" in r.endpoint and r.methods & set(WRITE_METHODS)]
    login(admin)
    for method in WRITE_METHODS:
        for path in ("/audit/", f"/audit/{event.id}", f"/audit/{event.id}/edit", f"/audit/{event.id}/delete"):
            assert client.open(path, method=method).status_code in (404, 405)
    db.session.expire_all()
    # The edit and the admin's sign-in; nothing removed, nothing added by the write attempts.
    assert db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all() == ["update", "login"]
    assert db.session.get(AuditEvent, event.id).changes == {"title": ["Lama", "Baru"]}


def test_audit_page_filters_by_action(client, make, login, db):
    admin = make.user("admin")
    for n, action in enumerate(("create", "update", "terminate")):
        _event(db, admin, at=datetime(2026, 1, 1 + n, tzinfo=UTC), action=action,
               changes={"title": [None, f"judul-{action}"]})
    login(admin)
    page = client.get("/audit/?action=terminate").get_data(as_text=True)
    assert "judul-terminate" in page and "judul-create" not in page and "judul-update" not in page
    assert '<option selected value="terminate">mengakhiri</option>' in page
    # A made-up action keeps the other filters and shows everything of the Pemda.
    page = client.get("/audit/?action=hapus").get_data(as_text=True)
    assert "judul-create" in page and "judul-terminate" in page
