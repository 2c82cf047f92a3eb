"""The founding case as example data: the Kotim–Seruyan KB of 3 November 2025."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from tracker.agreements.models import Agreement, AgreementParty, Field, Responsibility
from tracker.audit import services as audit
from tracker.extensions import db
from tracker.monev.services import create_monev, submit_monev, update_field_input
from tracker.parties.services import ensure_agency, load_regions, region
from tracker.programs.models import Programme
from tracker.progress import totals
from tracker.progress.models import ProgressEntry
from tracker.proposals import demo as proposals_demo
from tracker.publication.demo import publish_founding_kb
from tracker.users.models import User
from tracker.users.services import create_user

DEMO_PASSWORD = "sinergi-demo"  # noqa: S105 - the published password of the example accounts
KOTIM, SERUYAN, KALTENG = "62.02", "62.07", "62"
KB_NUMBER_KOTIM = "000.3/01/KSD/XI/2025 (contoh)"

# (field title, affair, Kotim agency, Seruyan agency)
FIELDS = [
    ("Penanganan anak tidak sekolah (ATS)", "pendidikan", "Dinas Pendidikan", "Dinas Pendidikan dan Kebudayaan"),
    (
        "Pembudidayaan ikan melalui penyediaan benih ikan nila",
        "kelautan_perikanan",
        "Dinas Perikanan",
        "Dinas Perikanan",
    ),
    ("Penanggulangan bencana", "trantibum_linmas", "Badan Penanggulangan Bencana Daerah (BPBD)", "Badan Penanggulangan Bencana Daerah (BPBD)"),
    (
        "Pencegahan dan penanganan kebakaran permukiman",
        "trantibum_linmas",
        "Dinas Pemadam Kebakaran dan Penyelamatan",
        "Dinas Pemadam Kebakaran dan Penyelamatan",
    ),
]

# (email, name, role, region, agency name or None)
DEMO_USERS = [
    ("koordinator@kotim.example", "Koordinator Bagian Kerja Sama Kotim", "admin", KOTIM, None),
    ("disdik@kotim.example", "Petugas Dinas Pendidikan Kotim", "officer", KOTIM, "Dinas Pendidikan"),
    ("pimpinan@kotim.example", "Sekretaris Daerah Kotim (contoh)", "leader", KOTIM, None),
    ("koordinator@seruyan.example", "Koordinator Bagian Kerja Sama Seruyan", "admin", SERUYAN, None),
    ("perikanan@seruyan.example", "Petugas Dinas Perikanan Seruyan", "officer", SERUYAN, "Dinas Perikanan"),
    ("pimpinan@kalteng.example", "Pimpinan Provinsi Kalimantan Tengah (contoh)", "leader", KALTENG, None),
]


def load_demo() -> bool:
    """Create the example data unless it is there; True when something was created."""
    load_regions()
    db.session.flush()
    if db.session.scalar(select(AgreementParty.id).where(AgreementParty.document_number == KB_NUMBER_KOTIM)):
        return False
    kotim, seruyan = region(KOTIM), region(SERUYAN)
    agencies = _agencies(kotim, seruyan)
    users = _users(agencies)
    kb = _agreement(kotim, seruyan, users["koordinator@kotim.example"])
    _fields_and_programmes(kb, agencies, users)
    _monev(kb, kotim, users["koordinator@kotim.example"])
    _publish(kb)
    proposals_demo.load(kb, FIELDS, agencies, users)
    return True


def _publish(kb: Agreement) -> None:
    """The founding KB is on the public pages (issue 19), with one public photo."""
    publish_founding_kb(kb)


def _monev(kb: Agreement, kotim, admin: User) -> None:
    """Kotim's evaluation of the first half of 2026, submitted for the leader's review."""
    monev = create_monev(kb, kotim, {
        "period_label": "Semester I 2026", "period_start": date(2026, 1, 1), "period_end": date(2026, 6, 30),
        "purpose_fit": "Program sejalan dengan maksud kesepakatan (contoh).",
        "obstacles": "Pendataan ATS di desa terpencil terkendala sinyal (contoh).",
        "recommendation": "continue",
    }, admin, date(2026, 7, 6), notify=False)  # example data sends no mail
    for item in monev.inputs:  # each responsible agency filled its row before the coordinator submitted
        update_field_input(item, {"achievement": f"Kegiatan {item.field.title.lower()} berjalan sesuai rencana (contoh).",
                                  "obstacles": None}, admin)
    submit_monev(monev, admin)


def _agencies(kotim, seruyan) -> dict:
    agencies = {}
    for _title, _affair, kotim_name, seruyan_name in FIELDS:
        slug = kotim_name.split()[-1].strip("()").lower()
        agencies[(KOTIM, kotim_name)] = ensure_agency(kotim, kotim_name, email=f"{slug}@kotim.example")
        agencies[(SERUYAN, seruyan_name)] = ensure_agency(seruyan, seruyan_name, email=f"{slug}@seruyan.example")
    return agencies


def _users(agencies: dict) -> dict:
    users = {}
    for email, name, role, code, agency_name in DEMO_USERS:
        existing = db.session.scalar(select(User).where(User.email == email))
        users[email] = existing or create_user(
            email=email,
            name=name,
            role=role,
            party=region(code),
            agency=agencies[(code, agency_name)] if agency_name else None,
            password=DEMO_PASSWORD,
        )
    return users


def _agreement(kotim, seruyan, admin: User) -> Agreement:
    kb = Agreement(
        kind="KB",
        title="Kesepakatan Bersama antara Pemerintah Kabupaten Kotawaringin Timur dan "
        "Pemerintah Kabupaten Seruyan tentang Kerja Sama Daerah",
        government_affair="lainnya",
        signed_on=date(2025, 11, 3),
        signed_place="Sampit",
        valid_from=date(2025, 11, 3),
        valid_until=date(2030, 11, 2),
        notes="Contoh data (example data). Dasar hukum: Permendagri Nomor 22 Tahun 2020.",
        created_by_id=admin.id,
    )
    kb.parties = [
        AgreementParty(party=kotim, position=1, document_number=KB_NUMBER_KOTIM,
                       signatory_name="Halikinnor", signatory_title="Bupati Kotawaringin Timur"),
        AgreementParty(party=seruyan, position=2, document_number="100.3.7/02/HUK/XI/2025 (contoh)",
                       signatory_name="Ahmad Selanorwanda", signatory_title="Bupati Seruyan"),
    ]
    db.session.add(kb)
    audit.record("create", kb, audit.snapshot(kb, ("kind", "title", "signed_on", "valid_until")), user=admin)
    return kb


def _fields_and_programmes(kb: Agreement, agencies: dict, users: dict) -> None:
    fields = []
    for position, (title, affair, kotim_name, seruyan_name) in enumerate(FIELDS, start=1):
        field = Field(agreement=kb, position=position, title=title, government_affair=affair)
        field.responsibilities = [
            Responsibility(agency=agencies[(KOTIM, kotim_name)], role="lead"),
            Responsibility(agency=agencies[(SERUYAN, seruyan_name)], role="lead"),
        ]
        db.session.add(field)
        fields.append(field)
    ats, nila, bencana, _fire = fields  # the fire field is left without follow-up on purpose
    disdik = agencies[(KOTIM, "Dinas Pendidikan")]
    perikanan_seruyan = agencies[(SERUYAN, "Dinas Perikanan")]
    bpbd_kotim = agencies[(KOTIM, "Badan Penanggulangan Bencana Daerah (BPBD)")]
    ats_prog = Programme(
        field=ats, agency=disdik, name="Pendataan dan pengembalian anak tidak sekolah ke sekolah",
        indicator="Anak tidak sekolah yang kembali bersekolah", unit="anak",
        baseline=Decimal(0), target=Decimal(150), budget=250_000_000,
        funding_source="apbd_kabupaten", start_on=date(2026, 1, 5), due_on=date(2026, 12, 31), status="running",
    )
    nila_prog = Programme(
        field=nila, agency=perikanan_seruyan, name="Penyediaan benih ikan nila bagi pembudidaya",
        indicator="Benih ikan nila tersalurkan", unit="ekor",
        baseline=Decimal(0), target=Decimal(100_000), budget=175_000_000,
        funding_source="apbd_kabupaten", start_on=date(2026, 2, 1), due_on=date(2026, 10, 31), status="running",
    )
    drill = Programme(
        field=bencana, agency=bpbd_kotim, name="Latihan gabungan penanggulangan bencana banjir",
        indicator="Latihan gabungan terlaksana", unit="kegiatan",
        baseline=Decimal(0), target=Decimal(2), budget=60_000_000,
        funding_source="apbd_kabupaten", start_on=date(2026, 3, 1), due_on=date(2027, 3, 31), status="planned",
    )
    db.session.add_all([ats_prog, nila_prog, drill])
    officer = users["disdik@kotim.example"]
    fisher = users["perikanan@seruyan.example"]
    entries = [
        ProgressEntry(programme=ats_prog, reported_on=date(2026, 3, 16), quantity=Decimal(42),
                      description="Verifikasi data ATS di Kecamatan Mentawa Baru Ketapang; 42 anak kembali ke sekolah.",
                      location="Sampit", reported_by=officer),
        ProgressEntry(programme=ats_prog, reported_on=date(2026, 9, 7), quantity=Decimal(38),
                      description="Pendampingan keluarga dan program kejar paket di Kecamatan Baamang.",
                      location="Baamang", reported_by=officer),
        ProgressEntry(programme=nila_prog, reported_on=date(2026, 5, 20), quantity=Decimal(30_000),
                      description="Penyaluran benih nila tahap I kepada kelompok pembudidaya.",
                      location="Kuala Pembuang", reported_by=fisher),
    ]
    db.session.add_all(entries)
    db.session.flush()
    for record in [*fields, ats_prog, nila_prog, drill, *entries]:
        audit.record("create", record, summary="demo", user=None, party_id=None)
    for programme in (ats_prog, nila_prog):
        totals.refresh(programme.id)
