"""Demo: the founding KB on the public pages, with one public photo of the tilapia seed hand-over."""

from __future__ import annotations

import io

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from tracker.agreements.models import Agreement, Field
from tracker.attachments import services as attachments
from tracker.extensions import db
from tracker.programs.models import Programme
from tracker.progress.models import ProgressEntry
from tracker.publication import services


def example_photo() -> bytes:
    """A small drawn picture (ponds and seed bags), clearly example data, made with Pillow."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (960, 640), (120, 170, 210))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 420, 960, 640), fill=(70, 120, 70))
    for x in range(80, 900, 160):
        draw.ellipse((x, 470, x + 110, 560), fill=(40, 90, 160))
        draw.rectangle((x + 20, 300, x + 90, 410), fill=(235, 235, 220), outline=(90, 90, 90), width=4)
    draw.text((30, 30), "Contoh foto (example) - penyaluran benih ikan nila", fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def publish_founding_kb(kb: Agreement) -> None:
    """Publish the KB with photos shown, and mark the photo of the first seed hand-over public."""
    entry = db.session.scalar(
        select(ProgressEntry).join(Programme).join(Field)
        .where(Field.agreement_id == kb.id, Programme.unit == "ekor").order_by(ProgressEntry.id)
    )
    if entry is not None:
        upload = FileStorage(io.BytesIO(example_photo()), filename="penyaluran-benih-nila-tahap-1.jpg")
        officer = entry.reported_by
        attachments.store_upload(upload, progress_entry=entry, user=officer)
        services.set_public_photos(entry, True, user=officer)
    services.publish(kb, {"show_photos": True}, user=None)
