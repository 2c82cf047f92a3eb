"""Public photos: resized JPEGs of photos marked public, without their EXIF (no GPS, no device)."""

from __future__ import annotations

import io

from flask import abort, current_app, send_file
from PIL import Image

from tracker.attachments import services as attachments
from tracker.publication import services, web
from tracker.publication.blueprint import bp

SIZES = {"kecil": 480, "besar": 1280}


def resized(path, longest: int) -> bytes:
    """The image at ``path`` as a JPEG whose longest side is at most ``longest`` pixels."""
    from PIL import ImageOps

    with Image.open(path) as image:
        image.draft("RGB", (longest, longest))  # JPEGs decode at a fraction of their size: much faster
        image = ImageOps.exif_transpose(image)  # the phone's orientation, before EXIF is dropped
        image.thumbnail((longest, longest))
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        out = io.BytesIO()
        image.save(out, "JPEG", quality=82, optimize=True)  # no exif= argument: metadata is left out
        return out.getvalue()


@bp.route("/foto/<int:attachment_id>/<any(kecil, besar):size>.jpg")
def photo(attachment_id: int, size: str):
    """A public photo, checked on every request: marked public, agreement published, showing photos."""
    attachment = services.public_attachment(attachment_id)
    if attachment is None:
        abort(404)
    path = attachments.path_of(attachment)
    if not path.is_file():
        abort(404)
    try:
        data = resized(path, SIZES[size])
    except (OSError, ValueError, Image.DecompressionBombError):  # unreadable or absurd: nothing to show
        current_app.logger.warning("Public photo %s could not be resized", attachment_id)
        abort(404)
    response = send_file(io.BytesIO(data), mimetype="image/jpeg", max_age=web.max_age(),
                         etag=f"{attachment.sha256[:32]}-{size}", conditional=True)
    return web.cacheable(response)
