"""Test data for the public pages: a published and an unpublished agreement, photos, people."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from werkzeug.datastructures import FileStorage

from tracker.attachments import services as attachments
from tracker.publication import services as publication


def photo_bytes(artist: str = "Petugas Rahasia", size: tuple[int, int] = (1600, 1200)) -> bytes:
    """A JPEG whose EXIF names the photographer and the camera (it must never reach the public)."""
    from PIL import Image

    image = Image.new("RGB", size, (30, 120, 200))
    exif = Image.Exif()
    exif[0x013B] = artist  # Artist
    exif[0x010F] = "KameraMerek"  # Make
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def add_photo(db, entry, *, public: bool, user=None, name: str = "foto.jpg", data: bytes | None = None):
    upload = FileStorage(io.BytesIO(data or photo_bytes()), filename=name)
    attachment = attachments.store_upload(upload, progress_entry=entry, user=user)
    db.session.flush()
    if public:
        publication.set_public_photos(entry, True, user=user)
    db.session.commit()
    return attachment


@dataclass
class PublicWorld:
    kotim: object
    seruyan: object
    shown: object  # published agreement
    hidden: object  # never published
    officer: object
    programme: object
    entry: object
    public_photo: object
    private_photo: object
    hidden_photo: object


def build(db, make) -> PublicWorld:
    """Kotim and Seruyan (real codes), a published KB with a programme and photos, an unpublished one."""
    from tracker.parties.services import load_regions, region

    load_regions()
    db.session.commit()
    kotim, seruyan = region("62.02"), region("62.07")
    agency = make.agency(kotim, name="Dinas Perikanan", email="perikanan@kotim.example")
    officer = make.user("officer", agency=agency, email="budi.santoso@kotim.example")
    officer.name = "Budi Santoso"
    make.user("admin", party=kotim, email="siti.aminah@kotim.example").name = "Siti Aminah"
    shown = make.agreement([kotim, seruyan], title="KB Kotim Seruyan benih nila", fields=["Benih ikan nila"],
                           notes="Catatan internal rahasia")
    shown.parties[0].signatory_name = "Halikinnor"
    shown.parties[0].signatory_title = "Bupati Kotawaringin Timur"
    hidden = make.agreement([kotim, seruyan], title="KB rahasia belum terbit", fields=["Bidang tersembunyi"])
    programme = make.programme(shown.fields[0], agency, name="Penyaluran benih nila", unit="ekor", target=1000,
                               budget=175_000_000, status_note="Catatan status internal")
    entry = make.progress(programme, quantity=300, description="Benih disalurkan ke kelompok Mina Jaya",
                          location="Kuala Pembuang", reported_by=officer, reported_on=date(2026, 5, 20))
    hidden_programme = make.programme(hidden.fields[0], agency, name="Program tersembunyi")
    hidden_entry = make.progress(hidden_programme, description="Laporan tersembunyi")
    public_photo = add_photo(db, entry, public=True, user=officer, name="publik.jpg")
    private_photo = add_photo(db, make.progress(programme, description="Laporan kedua", quantity=0), public=False,
                              user=officer, name="pribadi.jpg")
    hidden_photo = add_photo(db, hidden_entry, public=True, user=officer, name="tersembunyi.jpg")
    publication.publish(shown, {"show_photos": True})
    db.session.commit()
    return PublicWorld(kotim, seruyan, shown, hidden, officer, programme, entry, public_photo, private_photo,
                       hidden_photo)
