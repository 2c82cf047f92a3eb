"""Recognise an uploaded file by its bytes, never by its name (allow-list)."""

from __future__ import annotations

import io
import zipfile

import filetype
from filetype.types import image

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# (extension, MIME type) of every kind Sinergi accepts, keyed by filetype's detection.
IMAGES = {
    "image/jpeg": ("jpg", "image/jpeg"),
    "image/png": ("png", "image/png"),
    "image/webp": ("webp", "image/webp"),
    "image/heic": ("heic", "image/heic"),
}
PDF = ("pdf", "application/pdf")
OOXML = {
    # main part content type in [Content_Types].xml -> (extension, MIME type)
    "wordprocessingml.document.main+xml": (
        "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "wordprocessingml.template.main+xml": (
        "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "spreadsheetml.sheet.main+xml": (
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "presentationml.presentation.main+xml": (
        "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
}
# Stream names inside an OLE2 compound file (UTF-16LE in its directory) that mark Office files.
OLE2_STREAMS = {
    "WordDocument": ("doc", "application/msword"),
    "Workbook": ("xls", "application/vnd.ms-excel"),
    "Book": ("xls", "application/vnd.ms-excel"),
    "PowerPoint Document": ("ppt", "application/vnd.ms-powerpoint"),
}


def detect(data: bytes) -> tuple[str, str] | None:
    """``(extension, mime)`` when ``data`` is an allowed kind of file, else None."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        return _ooxml(data)
    if data.startswith(OLE2_MAGIC):
        return _ole2(data)
    kind = filetype.match(data[:8192], matchers=[image.Jpeg(), image.Png(), image.Webp(), image.Heic()])
    if kind is not None and kind.mime in IMAGES:
        return IMAGES[kind.mime]
    return None


def _ooxml(data: bytes) -> tuple[str, str] | None:
    """A zip is only accepted when [Content_Types].xml names a Word, Excel or PowerPoint main part."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > 1_000_000:  # a real one is a few kB; refuse zip bombs
                return None
            types = archive.read(info).decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError, EOFError):
        return None
    for marker, result in OOXML.items():
        if marker in types:
            return result
    return None


def _ole2(data: bytes) -> tuple[str, str] | None:
    for stream, result in OLE2_STREAMS.items():
        if stream.encode("utf-16-le") + b"\x00\x00" in data:
            return result
    return None
