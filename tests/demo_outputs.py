"""Reading what the demo shows: visible text of pages, mails, calendar, workbooks and PDFs, and its faults."""

from __future__ import annotations

import email
import html
import io
import re
from email import policy
from urllib.parse import urljoin, urlsplit

ISO_MONTH = re.compile(r"(?<![\w/.-])(19|20)\d\d-(0[1-9]|1[0-2])(-\d\d)?(?![\w/-])")
# One "word" of figures: digits with the separators either language uses.
FIGURE = re.compile(r"^[+-]?\d[\d.,]*$")
REGION_CODE = re.compile(r"^\d{2}(\.\d{2}){1,3}$")  # 62.02, 62.02.01: codes, not decimals (and 09.30 WIB)
ID_FIGURE = re.compile(r"^[+-]?\d{1,3}(\.\d{3})*(,\d+)?$")
EN_FIGURE = re.compile(r"^[+-]?\d{1,3}(,\d{3})*(\.\d+)?$")
SKIPPED_PATHS = ("/logout", "/static/", "/bootstrap/", "/api/v1/docs", "/reminders/act/")


def faults(text: str, language: str) -> list[str]:
    """Raw floats, ISO months and dates, and (in Indonesian) decimal points in the text a reader sees."""
    found = [f"ISO date {m.group(0)!r}" for m in ISO_MONTH.finditer(text)]
    for word in re.split(r"[\s–—()\[\]:;\"'«»]+", text):
        word = word.rstrip(".,%").lstrip("+")
        if not word or not FIGURE.match(word) or REGION_CODE.match(word) or word.isdigit():
            continue
        if language == "id" and not ID_FIGURE.match(word):
            found.append(f"Indonesian figure {word!r}")
        elif language == "en" and (not EN_FIGURE.match(word) or re.search(r"\.\d*0$", word)):
            found.append(f"English figure {word!r}")
    if "Decimal(" in text or "datetime." in text:
        found.append("Python value in the text")
    return found


def visible_text(page: str) -> str:
    """What a reader sees of an HTML page: text, and the values typed into text inputs and areas."""
    page = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", page)
    typed = []
    for tag in re.findall(r"(?is)<input\b[^>]*>", page):
        kind = re.search(r'type="(\w+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if value and (kind is None or kind.group(1) in ("text", "number", "search")):
            typed.append(value.group(1))
    text = re.sub(r"(?s)<[^>]+>", " ", page)
    return html.unescape(text + " " + " ".join(typed))


def links(page: str, base: str) -> list[str]:
    """The app's own GET links on a page (no CSV: it keeps machine values on purpose)."""
    found = []
    for href in re.findall(r'href="([^"#]+)"', page):
        url = urljoin(base, html.unescape(href))
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost") or parts.path.startswith(SKIPPED_PATHS):
            continue
        if "format=csv" in parts.query or ".csv" in parts.path or "page=" in parts.query:
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def mail_texts(path) -> tuple[str, str, str]:
    """(language, plain text, visible HTML text) of one .eml file."""
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    plain = message.get_body(("plain",)).get_content()
    page = message.get_body(("html",)).get_content()
    lang = re.search(r'<html lang="(\w+)"', page)
    return (lang.group(1) if lang else "id"), str(message["Subject"]) + "\n" + plain, visible_text(page)


def workbook_faults(data: bytes, language: str) -> list[str]:
    """Text cells read like the pages; whole numbers never carry a decimal sign ('150.')."""
    from openpyxl import load_workbook

    found = []
    for ws in load_workbook(io.BytesIO(data)).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    found += [f"{ws.title}!{cell.coordinate}: {f}" for f in faults(cell.value, language)]
                elif isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                    if float(cell.value).is_integer() and cell.number_format.endswith(".##"):
                        found.append(f"{ws.title}!{cell.coordinate}: whole number as {cell.number_format!r}")
    return found


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
