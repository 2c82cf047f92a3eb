"""Evidence photos shrunk on the server with Pillow: turned upright, EXIF (GPS, camera) dropped.

Thumbnails are a cache beside the uploads (THUMBNAIL_FOLDER, never under static): the stored
file behind an attachment never changes, so a thumbnail once made stays right.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from flask import current_app

from tracker.attachments.models import Attachment
from tracker.attachments.services import path_of

SIZES = {"small": 240, "large": 1600}
# What Pillow opens here without plug-ins; HEIC stays a file link.
IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp"}
# A 10 MB upload can still declare a huge canvas (a "pixel bomb"); beyond this many pixels
# (a 48-megapixel phone photo is well inside) the file stays a link and nothing is decoded.
MAX_PIXELS = 60_000_000


def has_thumbnail(attachment: Attachment) -> bool:
    """Whether the server can show ``attachment`` as a picture."""
    return attachment.content_type in IMAGE_TYPES


def thumbnail_folder() -> Path:
    configured = current_app.config.get("THUMBNAIL_FOLDER")
    return Path(configured) if configured else Path(current_app.config["UPLOAD_FOLDER"]).parent / "thumbnails"


def thumbnail_of(attachment: Attachment, size: str) -> Path | None:
    """The cached JPEG of ``attachment`` at ``size`` (made on first use); None if it is no picture."""
    if not has_thumbnail(attachment) or size not in SIZES:
        return None
    target = thumbnail_folder() / f"{Path(attachment.stored_name).stem}-{size}.jpg"
    if target.is_file():
        return target
    source = path_of(attachment)
    if not source.is_file():
        return None
    data = _render(source, SIZES[size])
    if data is None:
        return None
    _write(target, data)
    return target


def _render(source: Path, edge: int) -> bytes | None:
    """A JPEG at most ``edge`` px on its long side, upright, without any metadata."""
    import io

    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(source) as image:
            if image.width * image.height > MAX_PIXELS:
                current_app.logger.warning("No thumbnail for %s: %sx%s px", source.name, *image.size)
                return None
            image.draft("RGB", (edge, edge))  # JPEG: decode at a reduced scale, fast and small
            upright = ImageOps.exif_transpose(image)
            upright = upright.convert("RGB")
            upright.thumbnail((edge, edge), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            # No exif=, no icc_profile=: nothing of the camera's record (GPS, owner) is copied.
            upright.save(out, "JPEG", quality=82, optimize=True, progressive=True)
            return out.getvalue()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as error:
        current_app.logger.warning("No thumbnail for %s: %s", source.name, error)
        return None


def _write(target: Path, data: bytes) -> None:
    """Write atomically: two workers making the same thumbnail never serve half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".thumb-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
