"""The agreement list (search, filters, pages) and the detail page."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from tracker.agreements.models import Agreement, AgreementExtension
from tracker.agreements.queries import AgreementFilters, visible_agreements
from tracker.agreements.status import STATUSES, agreement_status
from tracker.core.clock import today


@pytest.fixture
def kotim(make):
    return make.party("Kabupaten Kotawaringin Timur", "62.02")


@pytest.fixture
def seruyan(make):
    return make.party("Kabupaten Seruyan", "62.07")


@pytest.fixture
def admin(make, kotim):
    return make.user("admin", party=kotim)


def titles(page: str, candidates) -> set[str]:
    return {t for t in candidates if t in page}


def test_search_matches_title_number_party_and_field(client, login, make, admin, kotim, seruyan):
    katingan = make.party("Kabupaten Katingan", "62.06")
    make.agreement([kotim, seruyan], title="KB Satu", fields=["Benih ikan nila"])
    make.agreement([kotim, katingan], title="KB Dua", fields=["Jalan poros"])
    login(admin)
    names = ["KB Satu", "KB Dua"]
    assert titles(client.get("/agreements/?q=nila").get_data(as_text=True), names) == {"KB Satu"}
    assert titles(client.get("/agreements/?q=Katingan").get_data(as_text=True), names) == {"KB Dua"}
    assert titles(client.get("/agreements/?q=dua").get_data(as_text=True), names) == {"KB Dua"}
    number = make.db.session.scalar(select(Agreement).where(Agreement.title == "KB Satu")).parties[1].document_number
    assert titles(client.get(f"/agreements/?q={number}").get_data(as_text=True), names) == {"KB Satu"}


def test_filters_by_kind_party_and_expiring_window(client, login, make, admin, kotim, seruyan):
    now = today()
    katingan = make.party("Kabupaten Katingan", "62.06")
    kb = make.agreement([kotim, seruyan], title="KB Lama", valid_until=now + timedelta(days=20))
    make.agreement([kotim, seruyan], kind="PKS", parent=kb, title="PKS Anak", valid_until=now + timedelta(days=400))
    make.agreement([kotim, katingan], title="NK Katingan", kind="NK", valid_until=now + timedelta(days=90))
    login(admin)
    names = ["KB Lama", "PKS Anak", "NK Katingan"]
    assert titles(client.get("/agreements/?kind=PKS").get_data(as_text=True), names) == {"PKS Anak"}
    page = client.get(f"/agreements/?party={katingan.id}").get_data(as_text=True)
    assert titles(page, names) == {"NK Katingan"}
    assert titles(client.get("/agreements/?expiring=30").get_data(as_text=True), names) == {"KB Lama"}
    assert titles(client.get("/agreements/?expiring=100").get_data(as_text=True), names) == {"KB Lama", "NK Katingan"}
    assert client.get("/agreements/?expiring=abc&party=x&kind=<b>").status_code == 200


def _one_of_each_status(make, parties):
    now = today()
    made = {
        "draft": make.agreement(parties, signed_on=None, title="S-draft"),
        "signed": make.agreement(parties, signed_on=now - timedelta(days=1), valid_from=now + timedelta(days=10), title="S-signed"),
        "active": make.agreement(parties, signed_on=now - timedelta(days=30), valid_until=now + timedelta(days=900), title="S-active"),
        "expiring": make.agreement(parties, signed_on=now - timedelta(days=30), valid_until=now + timedelta(days=10), title="S-expiring"),
        "expired": make.agreement(parties, signed_on=now - timedelta(days=900), valid_until=now - timedelta(days=1), title="S-expired"),
        "terminated": make.agreement(parties, signed_on=now - timedelta(days=30), terminated_on=now,
                                     termination_reason="alasan", title="S-terminated"),
        "extended": make.agreement(parties, signed_on=now - timedelta(days=30), valid_until=now + timedelta(days=900), title="S-extended"),
    }
    ext = made["extended"]
    make.db.session.add(AgreementExtension(agreement=ext, decided_on=now, previous_valid_until=now,
                                           new_valid_until=ext.valid_until, reason="evaluasi"))
    make.db.session.commit()
    return made


def test_status_filter_in_sql_matches_derived_status(app, make, admin, kotim, seruyan, db):
    made = _one_of_each_status(make, [kotim, seruyan])
    now = today()
    for status in STATUSES:
        rows = db.session.scalars(visible_agreements(admin, filters=AgreementFilters(status=status))).all()
        assert [a.title for a in rows] == [made[status].title], status
        assert all(agreement_status(a, now) == status for a in rows)


def test_status_filter_page_and_pagination_keep_filters(client, login, make, admin, kotim, seruyan, app):
    app.config["PAGE_SIZE"] = 5
    for i in range(12):
        make.agreement([kotim, seruyan], title=f"Naskah berlaku {i:02d}", valid_until=today() + timedelta(days=900))
    make.agreement([kotim, seruyan], title="Naskah draf", signed_on=None)
    login(admin)
    page = client.get("/agreements/?status=active&q=berlaku").get_data(as_text=True)
    assert "12 naskah" in page and "Naskah draf" not in page
    assert "page=2" in page and "status=active" in page and "q=berlaku" in page
    second = client.get("/agreements/?status=active&q=berlaku&page=3").get_data(as_text=True)
    assert second.count("Naskah berlaku") == 2


def test_detail_shows_parties_validity_fields_programmes_and_history(client, login, make, admin, kotim, seruyan, db):
    kb = make.agreement([kotim, seruyan], title="KB Kotim Seruyan", valid_until=today() + timedelta(days=45),
                        dprd_approval_required=True)
    disdik = make.agency(kotim, "Dinas Pendidikan")
    disdikbud = make.agency(seruyan, "Dinas Pendidikan dan Kebudayaan")
    ats = make.field(kb, "Penanganan anak tidak sekolah", lead=disdik)
    from tracker.agreements.models import Responsibility

    db.session.add(Responsibility(field=ats, agency=disdikbud, role="support"))
    db.session.commit()
    make.field(kb, "Kebakaran permukiman")
    programme = make.programme(ats, disdik, name="Pengembalian ATS ke sekolah", target=150)
    make.progress(programme, quantity=42)
    make.agreement([kotim, seruyan], kind="PKS", parent=kb, title="PKS pelaksanaan ATS")
    kb.parties[1].signatory_name = "Ahmad Selanorwanda"
    db.session.commit()
    login(admin)
    page = client.get(f"/agreements/{kb.id}").get_data(as_text=True)
    assert "Pihak Kesatu" in page and "Kabupaten Seruyan" in page and "Ahmad Selanorwanda" in page
    assert kb.parties[0].document_number in page
    assert "45 hari lagi" in page
    assert "Persetujuan DPRD diperlukan tetapi belum tercatat." in page
    assert "Dinas Pendidikan dan Kebudayaan" in page and "Pendukung" in page
    assert "Pengembalian ATS ke sekolah" in page and "42 / 150 orang" in page and "28%" in page
    assert page.count("Belum ada tindak lanjut") == 1  # the fire field only
    assert "PKS pelaksanaan ATS" in page
    assert "Riwayat" in page
    assert f"/fields/{ats.id}/programmes/add" in page  # "Tambah program"
    assert "Unggah" in page


@contextmanager
def count_statements(engine):
    statements = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def _grow(make, agreement, kotim, seruyan, fields, programmes_per_field):
    kotim_agency = make.agency(kotim)
    seruyan_agency = make.agency(seruyan)
    for i in range(fields):
        field = make.field(agreement, f"Bidang ukur {i}", lead=kotim_agency)
        from tracker.agreements.models import Responsibility

        make.db.session.add(Responsibility(field=field, agency=seruyan_agency, role="lead"))
        make.db.session.commit()
        for _ in range(programmes_per_field):
            make.progress(make.programme(field, kotim_agency), quantity=3)


def test_detail_query_count_stays_constant_as_fields_and_programmes_grow(client, login, make, admin, kotim, seruyan, db):
    small = make.agreement([kotim, seruyan], title="Kecil")
    large = make.agreement([kotim, seruyan], title="Besar")
    _grow(make, small, kotim, seruyan, fields=1, programmes_per_field=1)
    _grow(make, large, kotim, seruyan, fields=6, programmes_per_field=3)
    login(admin)
    counts = []
    for agreement in (small, large):
        client.get(f"/agreements/{agreement.id}")
        with count_statements(db.engine) as statements:
            response = client.get(f"/agreements/{agreement.id}")
        assert response.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    assert counts[1] < 30


def test_officer_sees_detail_without_change_buttons(client, login, make, kotim, seruyan):
    kb = make.agreement([kotim, seruyan], title="KB Terlihat", fields=1)
    login(make.user("officer", party=kotim))
    page = client.get(f"/agreements/{kb.id}").get_data(as_text=True)
    assert "KB Terlihat" in page
    assert f"/agreements/{kb.id}/edit" not in page and "Unggah" not in page
    list_page = client.get("/agreements/").get_data(as_text=True)
    assert "KB Terlihat" in list_page and "Catat naskah baru" not in list_page


def test_list_hides_other_pemdas_agreements(client, login, make, admin, kotim):
    make.agreement([make.party(), make.party()], title="Naskah daerah lain")
    login(admin)
    assert "Naskah daerah lain" not in client.get("/agreements/?q=lain").get_data(as_text=True)


def test_admin_uploads_signed_scan_and_a_wrong_type_is_refused(client, login, make, admin, kotim, seruyan):
    import io

    from tests.samples import EXE, PDF

    kb = make.agreement([kotim, seruyan], title="KB dengan pindaian")
    login(admin)
    response = client.post(
        f"/agreements/{kb.id}/documents", data={"file": (io.BytesIO(PDF), "naskah-ttd.pdf")}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "naskah-ttd.pdf" in page
    assert "/attachments/" in page
    refused = client.post(
        f"/agreements/{kb.id}/documents", data={"file": (io.BytesIO(EXE), "naskah.pdf")}, follow_redirects=True
    ).get_data(as_text=True)
    assert "alert-danger" in refused
    assert refused.count("naskah.pdf<") == 0


def test_hostile_filter_values_do_not_break_the_list(client, login, admin):
    login(admin)
    for query in ("party=99999999999999999999", "expiring=-5", "status=<script>", "page=0", "q=%00%27"):
        assert client.get(f"/agreements/?{query}").status_code == 200, query
