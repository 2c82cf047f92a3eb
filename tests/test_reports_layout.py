"""Briefing PDF layout: a KB before its PKS, headings kept with their tables, no half-empty pages."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from flask_babel import force_locale, gettext
from pypdf import PdfReader

from tracker.core.clock import today

CHROME = ("Sinergi · ", "Halaman ", "Page ")  # the running header and footer of every page


def _lines(page) -> list[tuple[float, str]]:
    """(distance from the top in pt, text) of each piece of text on ``page``, top to bottom."""
    height = float(page.mediabox.height)
    pieces: list[tuple[float, str]] = []

    def visit(text, cm, tm, _font, _size):
        # Flowed HTML text comes with WeasyPrint's flipped px-to-pt matrix; SVG text (charts)
        # with its own and is left out: a chart is found by its heading.
        if text.strip() and cm[3] < 0:
            pieces.append((height - (tm[5] * cm[3] + cm[5]), text.strip()))

    page.extract_text(visitor_text=visit)
    return sorted(p for p in pieces if not p[1].startswith(CHROME))


def _pdf(response) -> PdfReader:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return PdfReader(io.BytesIO(response.data))


@pytest.fixture
def region(make, db):
    """Kotim's cooperation with Seruyan: a KB with four fields, two PKS under it and an NK."""
    kotim, seruyan = make.party("Kabupaten Kotawaringin Timur", "62.02"), make.party("Kabupaten Seruyan", "62.07")
    agencies = [make.agency(kotim, name) for name in ("Dinas Pendidikan", "Dinas Perikanan", "BPBD", "Damkar")]
    start = today() - timedelta(days=90)
    kb = make.agreement([kotim, seruyan], title="KB Kotim Seruyan", signed_on=date(2025, 11, 3),
                        fields=["Anak tidak sekolah", "Benih ikan nila", "Penanggulangan bencana", "Kebakaran"])
    for field, agency in zip(kb.fields, agencies, strict=True):
        for n in range(3):
            programme = make.programme(field, agency, name=f"{field.title} program {n + 1}", target=100,
                                       start_on=start, due_on=today() + timedelta(days=200 + n))
            make.progress(programme, quantity=10 * n, reported_on=today() - timedelta(days=n + 1))
    pks = []
    for title, field_titles in (("PKS Benih Nila", ["Benih ikan nila"]),
                                ("PKS Anak Tidak Sekolah", ["Pendataan", "Beasiswa"])):
        # signed after the KB: "newest first" used to put every PKS before the KB it implements
        pks.append(make.agreement([kotim, seruyan], kind="PKS", title=title, parent=kb,
                                  signed_on=date(2026, 2, 1), fields=field_titles))
        make.programme(pks[-1].fields[0], agencies[1], name=f"{title} program", start_on=start,
                       due_on=today() + timedelta(days=100))
    make.agreement([kotim, seruyan], kind="NK", title="NK Pariwisata", signed_on=date(2024, 5, 1), fields=1)
    db.session.commit()
    return {"kotim": kotim, "seruyan": seruyan, "kb": kb, "pks": pks}


SECTIONS = ("Sekilas", "Tenggat berikutnya", "Yang tersendat", "Pelaksanaan per bidang", "Capaian per bidang")


@pytest.fixture(params=["id", "en"])
def reader_in(request, app, client, login, make, region):
    """A leader of Kotim signed in, reading in Indonesian or English; the words to look for."""
    login(make.user("leader", party=region["kotim"]))
    client.post("/language", data={"lang": request.param})
    with app.test_request_context(), force_locale(request.param):
        words = {text: gettext(text) for text in (*SECTIONS, "Bidang / program", "Pejabat yang menandatangani")}
    return words


def _pages(client, path) -> list[list[str]]:
    reader = _pdf(client.get(path))
    assert reader.pages[0].mediabox.height == pytest.approx(841.9, abs=1)  # A4
    return [[text for _y, text in _lines(page)] for page in reader.pages], reader


def _check_pages(reader, words: dict) -> None:
    """No page but the last is half empty; no page ends on a heading or starts with a stray row."""
    pages = [_lines(page) for page in reader.pages]
    for number, lines in enumerate(pages[:-1], start=1):
        assert lines[-1][0] > 0.6 * 841.9, f"page {number} ends {lines[-1][0]:.0f} pt from the top: half empty"
        headings = tuple(words[title] for title in SECTIONS)
        assert not lines[-1][1].startswith(headings), f"page {number} ends on the heading {lines[-1][1]!r}"
    for number, lines in enumerate(pages[1:], start=2):
        texts = [text for _y, text in lines]
        if texts[0].startswith(words["Bidang / program"]):  # the table goes on: its header is repeated
            # The fixture's programme names all say "program"; a field's heading row is "N. title".
            rows = [t for t in texts[1:] if re.match(r"\d+\. ", t) or " program" in t]
            assert re.match(r"\d+\. ", rows[0]), f"page {number} starts inside a field: {rows[0]!r}"


def test_region_briefing_puts_each_kb_before_its_pks_without_half_empty_pages(client, region, reader_in):
    pages, reader = _pages(client, f"/reports/regions/{region['seruyan'].id}/briefing.pdf")
    text = "\n".join("\n".join(page) for page in pages)
    headings = [line.split(" · ", 1)[1] for line in text.splitlines() if line[:1].isdigit() and ". " in line
                and " · " in line]
    # NK (2024) on its own; the KB (2025) followed by the PKS under it, in signing order.
    assert headings == ["NK Pariwisata", "KB Kotim Seruyan", "PKS Benih Nila", "PKS Anak Tidak Sekolah"]
    assert len(pages) <= 5  # four agreements used to take a page each and more (six half-empty pages)
    _check_pages(reader, reader_in)


def test_kb_briefing_never_starts_a_page_with_a_fragment_of_a_field(client, region, reader_in):
    pages, reader = _pages(client, f"/reports/agreements/{region['kb'].id}/briefing.pdf")
    assert reader_in["Sekilas"] in pages[0]  # in the reader's language
    assert len(pages) == 2 and reader_in["Pejabat yang menandatangani"] in " ".join(pages[-1])
    _check_pages(reader, reader_in)
