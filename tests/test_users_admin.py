"""User management by the admins of one Pemda: invite, change, deactivate."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.factories import Factories
from tests.smtp import body_text
from tracker.audit.models import AuditEvent
from tracker.extensions import db as _db
from tracker.users.models import User


def test_admin_sees_only_own_pemda_users(client, make, login):
    admin = make.user("admin")
    colleague = make.user("officer", party=admin.party)
    stranger = make.user("officer")
    login(admin)
    page = client.get("/users/").get_data(as_text=True)
    assert colleague.email in page and stranger.email not in page
    assert client.get(f"/users/{stranger.id}/edit").status_code == 404
    assert client.post(f"/users/{stranger.id}/deactivate").status_code == 404


def test_non_admins_cannot_manage_users(client, make, login):
    officer = make.user("officer")
    colleague = make.user("leader", party=officer.party)
    login(officer)
    assert client.get("/users/").status_code == 403
    assert client.get("/users/add").status_code == 403
    assert client.get(f"/users/{colleague.id}/edit").status_code == 403
    # Not even their own role: that is the admin's job.
    assert client.post(f"/users/{officer.id}/edit", data={"name": "X", "role": "admin"}).status_code == 403


def test_invite_sends_a_set_password_link(make_app, smtp_server):
    app = make_app(**smtp_server.config())
    with app.app_context():
        make = Factories(_db)
        admin = make.user("admin")
        agency = make.agency(admin.party, "Dinas Pendidikan")
        client = app.test_client()
        client.post("/login", data={"email": admin.email, "password": Factories.PASSWORD})
        response = client.post("/users/add", data={
            "name": "Rina", "email": "Rina@Kotim.example", "role": "officer", "agency_id": str(agency.id)})
        assert response.status_code == 302
        user = _db.session.scalar(select(User).where(User.email == "rina@kotim.example"))
        assert user.party_id == admin.party_id and user.agency_id == agency.id and user.password_hash is None
        message = smtp_server.messages[-1]
        assert message["To"] == "rina@kotim.example"
        text = body_text(message)
        assert "Petugas OPD" in text and admin.name in text
        path = re.search(r"http://sinergi\.test(/password/reset/\S+)", text).group(1)
        client.post("/logout")
        response = client.post(path, data={"new_password": "sandi pertama rina", "confirm": "sandi pertama rina"})
        assert response.status_code == 302
        response = client.post("/login", data={"email": "rina@kotim.example", "password": "sandi pertama rina"})
        assert response.status_code == 302
        assert client.post(path, data={"new_password": "x" * 12, "confirm": "x" * 12}).status_code == 400


def test_invite_keeps_input_and_explains_errors(client, make, login):
    admin = make.user("admin")
    existing = make.user("leader", party=admin.party)
    login(admin)
    response = client.post("/users/add", data={"name": "Budi", "email": existing.email, "role": "leader"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "sudah terdaftar" in page and 'value="Budi"' in page
    response = client.post("/users/add", data={"name": "Budi", "email": "budi@uji.example", "role": "officer"})
    assert "Petugas OPD harus terhubung" in response.get_data(as_text=True)


def test_admin_cannot_pick_another_pemdas_agency(client, make, login, db):
    admin = make.user("admin")
    colleague = make.user("leader", party=admin.party)
    foreign = make.agency()
    login(admin)
    response = client.post(f"/users/{colleague.id}/edit", data={
        "name": colleague.name, "role": "officer", "agency_id": str(foreign.id)})
    assert response.status_code == 200 and "Pilih perangkat daerah dari Pemda Anda." in response.get_data(as_text=True)
    db.session.refresh(colleague)
    assert colleague.role == "leader" and colleague.agency_id is None


def test_change_role_and_agency_is_audited(client, make, login, db):
    admin = make.user("admin")
    agency = make.agency(admin.party)
    colleague = make.user("leader", party=admin.party)
    login(admin)
    response = client.post(f"/users/{colleague.id}/edit", data={
        "name": "Pak Camat", "role": "officer", "agency_id": str(agency.id)})
    assert response.status_code == 302
    db.session.refresh(colleague)
    assert (colleague.role, colleague.agency_id, colleague.name) == ("officer", agency.id, "Pak Camat")
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity_type == "users", AuditEvent.entity_id == colleague.id)).all()[-1]
    assert event.action == "update" and event.user_id == admin.id and event.party_id == admin.party_id
    assert event.changes["role"] == ["leader", "officer"]
    assert event.changes["agency_id"] == [None, agency.id]
    assert "Pak Camat" in client.get(f"/users/{colleague.id}/edit").get_data(as_text=True)


def _signed_in(app, *users):
    """One test client per user, each signed in through the form."""
    clients = []
    for user in users:
        client = app.test_client()
        client.post("/login", data={"email": user.email, "password": Factories.PASSWORD})
        clients.append(client)
    return clients


def test_deactivated_user_is_logged_out_on_next_request_and_cannot_log_in(app, make, db):
    admin = make.user("admin")
    officer = make.user("officer", party=admin.party)
    admin_client, officer_client = _signed_in(app, admin, officer)
    assert officer_client.get("/account").status_code == 200
    assert admin_client.post(f"/users/{officer.id}/deactivate", data={"confirm": "y"}).status_code == 302
    response = officer_client.get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    response = officer_client.post("/login", data={"email": officer.email, "password": Factories.PASSWORD})
    assert "Email atau kata sandi salah." in response.get_data(as_text=True)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "deactivate")).one()
    assert event.entity_id == officer.id and event.changes == {"active": [True, False]}
    assert "Nonaktif" in admin_client.get("/users/").get_data(as_text=True)


def test_admin_cannot_deactivate_itself(client, make, login, db):
    admin = make.user("admin")
    login(admin)
    response = client.post(f"/users/{admin.id}/deactivate", data={"confirm": "y"}, follow_redirects=True)
    assert "tidak dapat menonaktifkan akun Anda sendiri" in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.active


def test_reactivated_user_can_sign_in_again_and_the_trail_shows_both_steps(app, make, db):
    admin = make.user("admin")
    officer = make.user("officer", party=admin.party)
    admin_client, officer_client = _signed_in(app, admin, officer)
    admin_client.post(f"/users/{officer.id}/deactivate", data={"confirm": "y"})
    assert "Aktifkan kembali" in admin_client.get(f"/users/{officer.id}/edit").get_data(as_text=True)

    response = admin_client.post(f"/users/{officer.id}/reactivate", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert f"Akun {officer.email} aktif kembali" in page
    assert "Nonaktifkan akun" in page and "Aktifkan kembali</button>" not in page
    # The session that deactivation ended stays ended; the password works again.
    assert officer_client.get("/account").status_code == 302
    response = officer_client.post("/login", data={"email": officer.email, "password": Factories.PASSWORD})
    assert response.status_code == 302
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.entity_type == "users", AuditEvent.entity_id == officer.id,
        AuditEvent.user_id == admin.id).order_by(AuditEvent.id)).all()
    assert actions == ["deactivate", "reactivate"]
    assert "mengaktifkan kembali" in admin_client.get(f"/users/{officer.id}/edit").get_data(as_text=True)


def test_resend_invitation_mails_a_new_link_and_setting_a_password_uses_up_both(make_app, smtp_server):
    app = make_app(**smtp_server.config())
    with app.app_context():
        make = Factories(_db)
        admin = make.user("admin")
        client = app.test_client()
        client.post("/login", data={"email": admin.email, "password": Factories.PASSWORD})
        client.post("/users/add", data={"name": "Budi", "email": "budi@kotim.example", "role": "leader",
                                        "agency_id": ""})
        user = _db.session.scalar(select(User).where(User.email == "budi@kotim.example"))
        page = client.get(f"/users/{user.id}/edit").get_data(as_text=True)
        assert "Kirim ulang undangan" in page and "berlaku 7 hari" in page

        response = client.post(f"/users/{user.id}/invite", follow_redirects=True)
        assert "Undangan baru dikirim ke budi@kotim.example." in response.get_data(as_text=True)
        assert len(smtp_server.messages) == 2
        first, second = (re.search(r"http://sinergi\.test(/password/reset/\S+)", body_text(m)).group(1)
                         for m in smtp_server.messages)
        event = _db.session.scalars(select(AuditEvent).where(AuditEvent.action == "invite")).one()
        assert (event.entity_id, event.user_id) == (user.id, admin.id)

        client.post("/logout")
        assert client.post(second, data={"new_password": "sandi budi yang baru",
                                         "confirm": "sandi budi yang baru"}).status_code == 302
        # Setting the password used up every invitation link, the first one too.
        assert "tidak berlaku" in client.get(first, follow_redirects=True).get_data(as_text=True).lower()

        client.post("/login", data={"email": admin.email, "password": Factories.PASSWORD})
        assert "Kirim ulang undangan" not in client.get(f"/users/{user.id}/edit").get_data(as_text=True)
        response = client.post(f"/users/{user.id}/invite", follow_redirects=True)
        assert "sudah membuat kata sandi" in response.get_data(as_text=True)
        assert len(smtp_server.messages) == 2


def test_resend_invitation_to_a_deactivated_account_sends_nothing(make_app, smtp_server):
    app = make_app(**smtp_server.config())
    with app.app_context():
        make = Factories(_db)
        admin = make.user("admin")
        invited = make.user("leader", party=admin.party, active=False)
        invited.password_hash = None
        _db.session.commit()
        client = app.test_client()
        client.post("/login", data={"email": admin.email, "password": Factories.PASSWORD})
        response = client.post(f"/users/{invited.id}/invite", follow_redirects=True)
        assert "Aktifkan dulu akun" in response.get_data(as_text=True)
        assert smtp_server.messages == []


def test_sign_ins_are_in_the_audit_trail_and_wrong_passwords_in_the_log(client, make, db, caplog):
    admin = make.user("admin")
    officer = make.user("officer", party=admin.party)
    with caplog.at_level("WARNING", logger="tracker"):
        client.post("/login", data={"email": officer.email.upper(), "password": "bukan sandinya"})
        client.post("/login", data={"email": "tidak.ada@uji.example", "password": "bukan sandinya"})
    assert [r.getMessage() for r in caplog.records if "sign-in" in r.getMessage()] == [
        f"Failed sign-in (account {officer.id})", "Failed sign-in (account unknown)"]
    assert "bukan sandinya" not in caplog.text and "tidak.ada" not in caplog.text
    client.post("/login", data={"email": officer.email, "password": Factories.PASSWORD})
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "users")
                                .order_by(AuditEvent.id)).all()
    assert [(e.action, e.entity_id, e.user_id, e.party_id) for e in events] == [
        ("login", officer.id, officer.id, admin.party_id)]
    client.post("/logout")
    client.post("/login", data={"email": admin.email, "password": Factories.PASSWORD})
    rows = client.get("/audit/?record_type=users").get_data(as_text=True).count('">masuk</td>')
    assert rows == 2  # the officer's sign-in and the admin's own
    # The account's own page keeps its history for changes, not for every sign-in.
    panel = " ".join(client.get(f"/users/{officer.id}/edit").get_data(as_text=True).split())
    assert "· masuk ·" not in panel


def test_a_resent_invitation_ends_the_earlier_link(make_app, smtp_server):
    app = make_app(**smtp_server.config())
    with app.app_context():
        admin = Factories(_db).user("admin")
        client = app.test_client()
        client.post("/login", data={"email": admin.email, "password": Factories.PASSWORD})
        client.post("/users/add", data={"name": "Sari", "email": "sari@kotim.example", "role": "leader",
                                        "agency_id": ""})
        user = _db.session.scalar(select(User).where(User.email == "sari@kotim.example"))
        client.post(f"/users/{user.id}/invite")
        first, second = (re.search(r"http://sinergi\.test(/password/reset/\S+)", body_text(m)).group(1)
                         for m in smtp_server.messages)
        client.post("/logout")
        # The mail that went astray first no longer sets a password; the newest one does.
        response = client.post(first, data={"new_password": "sandi orang lain", "confirm": "sandi orang lain"})
        assert response.status_code == 400 and "tidak berlaku" in response.get_data(as_text=True).lower()
        assert client.post(second, data={"new_password": "sandi sari sendiri",
                                         "confirm": "sandi sari sendiri"}).status_code == 302
