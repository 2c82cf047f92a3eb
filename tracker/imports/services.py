"""Check imported rows against the database, then write them all in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.agreements.models import AGREEMENT_KINDS, KINDS_WITH_PARENT, Agreement, AgreementParty, Field
from tracker.agreements.ownership import acts_alone
from tracker.audit import services as audit
from tracker.core.clock import utcnow
from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.imports import sheets
from tracker.imports.sheets import AGREEMENT_SHEET, Row
from tracker.parties.models import Agency, Party
from tracker.programs.models import FUNDING_SOURCES, Programme

AGREEMENT_VALUES = ("kind", "title", "government_affair", "signed_on", "signed_place", "valid_from", "valid_until")
PROGRAMME_VALUES = ("indicator", "unit", "target", "budget", "funding_source", "start_on", "due_on")


@dataclass
class Context:
    """Lookups loaded once, so 5,000 rows cost a handful of queries."""

    user: Any
    parties_by_code: dict
    parties_by_name: dict
    existing: dict  # the importer's document number -> Agreement
    agencies: dict  # lower name -> Agency of the importer's party


def load_context(user: Any) -> Context:
    parties = list(db.session.scalars(select(Party).where(Party.archived_at.is_(None))))
    links = db.session.scalars(
        select(AgreementParty).where(AgreementParty.party_id == user.party_id,
                                     AgreementParty.document_number.is_not(None))
        .options(selectinload(AgreementParty.agreement).selectinload(Agreement.fields)
                 .selectinload(Field.programmes),
                 selectinload(AgreementParty.agreement).selectinload(Agreement.parties)))
    agencies = db.session.scalars(select(Agency).where(Agency.party_id == user.party_id))
    return Context(
        user=user,
        parties_by_code={p.region_code: p for p in parties if p.region_code},
        parties_by_name={p.name.lower(): p for p in parties},
        existing={link.document_number: link.agreement for link in links},
        agencies={a.name.lower(): a for a in agencies},
    )


def _check_agreement(row: Row, ctx: Context, numbers_in_file: dict, all_numbers: set) -> None:
    v = row.values
    number = sheets.text(row, "document_number", required=True, limit=120)
    kind = sheets.text(row, "kind", required=True).upper()
    if kind and kind not in AGREEMENT_KINDS:
        row.error("kind", _("Jenis harus KB, PKS, NK atau ADDENDUM."))
    clean = {"document_number": number, "kind": kind, "title": sheets.text(row, "title", required=True),
             "government_affair": sheets.text(row, "government_affair", limit=100) or None,
             "signed_place": sheets.text(row, "signed_place", limit=200) or None}
    for key in ("signed_on", "valid_from", "valid_until"):
        clean[key] = sheets.parse_date(row, key)
    clean["valid_from"] = clean["valid_from"] or clean["signed_on"]
    if clean["valid_from"] and clean["valid_until"] and clean["valid_until"] < clean["valid_from"]:
        row.error("valid_until", _("Tanggal berakhir tidak boleh sebelum tanggal mulai berlaku."))
    partners, partner_numbers = sheets.split_list(v.get("partners")), sheets.split_list(v.get("partner_numbers"))
    clean["partners"] = []
    if not partners:
        row.error("partners", _("Isi minimal satu pihak lain (kode wilayah atau nama)."))
    for i, name in enumerate(partners):
        party = ctx.parties_by_code.get(name) or ctx.parties_by_name.get(name.lower())
        if party is None:
            row.error("partners", _("Pihak \"%(name)s\" tidak dikenal; pakai kode wilayah atau nama persis.", name=name))
        elif party.id == ctx.user.party_id:
            row.error("partners", _("Pemda Anda sendiri tidak perlu ditulis sebagai pihak lain."))
        else:
            clean["partners"].append((party, partner_numbers[i] if i < len(partner_numbers) else None))
    clean["parent_number"] = sheets.text(row, "parent_number", limit=120) or None
    if kind in KINDS_WITH_PARENT and not clean["parent_number"]:
        row.error("parent_number", _("PKS dan adendum harus menyebut nomor naskah induknya."))
    elif clean["parent_number"] and clean["parent_number"] not in ctx.existing \
            and clean["parent_number"] not in all_numbers:
        row.error("parent_number", _("Naskah induk \"%(number)s\" tidak ditemukan.", number=clean["parent_number"]))
    clean["fields"] = sheets.split_list(v.get("fields"))
    if number in numbers_in_file:
        row.error("document_number", _("Nomor naskah ini sudah dipakai di baris %(row)s.", row=numbers_in_file[number]))
    elif number:
        numbers_in_file[number] = row.number
    if number in ctx.existing:
        _check_shared(row, clean, ctx.existing[number], ctx.user)
    row.values = clean
    row.action = "update" if number in ctx.existing else "create"


def _check_shared(row: Row, clean: dict, agreement: Agreement, user: Any) -> None:
    """A re-import never changes an archived agreement, nor alone what the other parties must agree to."""
    if agreement.archived_at is not None:
        row.error("document_number", _("Naskah \u201c%(title)s\u201d dengan nomor ini sudah diarsipkan; pulihkan dulu "
                                       "dari halaman Arsip sebelum mengimpor ulang.", title=agreement.title))
        return
    if acts_alone(agreement, user):
        return
    linked = {link.party_id for link in agreement.parties}
    new = [party.name for party, _number in clean["partners"] if party.id not in linked]
    if new:
        row.error("partners", _("Menambah pihak (%(names)s) pada naskah bersama diusulkan dari halaman naskah, "
                                "tidak lewat impor.", names=", ".join(new)))
    if (clean["valid_from"], clean["valid_until"]) != (agreement.valid_from, agreement.valid_until):
        row.error("valid_until", _("Masa berlaku naskah bersama diubah lewat usulan perubahan di halaman naskah, "
                                   "tidak lewat impor."))


def _check_programme(row: Row, ctx: Context, agreement_rows: dict) -> None:
    number = sheets.text(row, "document_number", required=True, limit=120)
    field_title = sheets.text(row, "field", required=True)
    if number and number not in ctx.existing and number not in agreement_rows:
        row.error("document_number", _("Naskah \"%(number)s\" tidak ada di lembar Naskah maupun di Sinergi.", number=number))
    elif number in ctx.existing and ctx.existing[number].archived_at is not None:
        row.error("document_number", _("Naskah \u201c%(title)s\u201d dengan nomor ini sudah diarsipkan; pulihkan dulu "
                                       "dari halaman Arsip sebelum mengimpor ulang.", title=ctx.existing[number].title))
    elif number and field_title:
        titles = {f.title.lower() for f in ctx.existing[number].fields} if number in ctx.existing else set()
        titles |= {t.lower() for t in agreement_rows.get(number, [])}
        if field_title.lower() not in titles:
            row.error("field", _("Bidang \"%(title)s\" tidak ada pada naskah %(number)s.", title=field_title, number=number))
    agency_name = sheets.text(row, "agency", required=True)
    agency = ctx.agencies.get(agency_name.lower())
    if agency_name and agency is None:
        row.error("agency", _("Perangkat daerah \"%(name)s\" tidak terdaftar di Pemda Anda.", name=agency_name))
    clean = {"document_number": number, "field": field_title, "agency": agency,
             "name": sheets.text(row, "name", required=True, limit=300),
             "indicator": sheets.text(row, "indicator", required=True, limit=300),
             "unit": sheets.text(row, "unit", required=True, limit=50),
             "target": sheets.parse_number(row, "target", required=True),
             "budget": int(sheets.parse_number(row, "budget", whole=True) or 0),
             "funding_source": sheets.text(row, "funding_source").lower() or "apbd_kabupaten",
             "start_on": sheets.parse_date(row, "start_on"), "due_on": sheets.parse_date(row, "due_on")}
    if clean["funding_source"] not in FUNDING_SOURCES:
        row.error("funding_source", _("Sumber dana harus salah satu dari: %(choices)s.", choices=", ".join(FUNDING_SOURCES)))
    if clean["start_on"] and clean["due_on"] and clean["due_on"] < clean["start_on"]:
        row.error("due_on", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
    row.values = clean
    row.action = "programme"


def check(rows: list[Row], user: Any) -> Context:
    """Validate every row in place (errors per row and column); returns the lookups for apply."""
    ctx = load_context(user)
    numbers: dict[str, int] = {}
    agreement_rows: dict[str, list[str]] = {}
    all_numbers = {sheets.clean_text(r.values.get("document_number")) for r in rows if r.sheet == AGREEMENT_SHEET}
    for row in rows:
        if row.sheet == AGREEMENT_SHEET:
            _check_agreement(row, ctx, numbers, all_numbers)
            agreement_rows[row.values["document_number"]] = row.values["fields"]
    for row in rows:
        if row.sheet != AGREEMENT_SHEET:
            _check_programme(row, ctx, agreement_rows)
    return ctx


def _save_agreement(values: dict, ctx: Context, by_number: dict) -> tuple[Agreement, dict]:
    agreement = ctx.existing.get(values["document_number"])
    plain = {k: values[k] for k in AGREEMENT_VALUES}
    if agreement is None:
        agreement = Agreement(created_by_id=ctx.user.id, **plain)
        agreement.parties = [AgreementParty(party_id=ctx.user.party_id, position=1,
                                            document_number=values["document_number"])]
        db.session.add(agreement)
        changes = audit.snapshot(agreement, AGREEMENT_VALUES)
    else:
        changes = audit.apply_changes(agreement, plain)
    parent = values["parent_number"]
    agreement.parent = (ctx.existing.get(parent) or by_number.get(parent)) if parent else None
    linked = {link.party_id: link for link in agreement.parties}
    alone = acts_alone(agreement, ctx.user)
    for party, number in values["partners"]:
        if party.id in linked:  # a partner's own number is the partner's, once it can speak for itself
            if alone:
                linked[party.id].document_number = number or linked[party.id].document_number
        else:
            agreement.parties.append(AgreementParty(party_id=party.id, position=len(agreement.parties) + 1,
                                                    document_number=number,
                                                    joined_at=utcnow() if agreement.id else None))
    known = {f.title.lower() for f in agreement.fields}
    for title in values["fields"]:
        if title.lower() not in known:
            agreement.fields.append(Field(title=title[:500], position=len(agreement.fields) + 1))
            known.add(title.lower())
    by_number[values["document_number"]] = agreement
    return agreement, changes


def _save_programme(values: dict, ctx: Context, by_number: dict) -> tuple[Programme, dict]:
    agreement = by_number.get(values["document_number"]) or ctx.existing[values["document_number"]]
    field = next(f for f in agreement.fields if f.title.lower() == values["field"].lower())
    plain = {k: values[k] for k in PROGRAMME_VALUES}
    match = next((p for p in field.programmes if p.agency_id == values["agency"].id
                  and p.name.lower() == values["name"].lower() and p.archived_at is None), None)
    if match is None:
        match = Programme(field=field, agency=values["agency"], name=values["name"], status="planned", **plain)
        db.session.add(match)
        return match, audit.snapshot(match, PROGRAMME_VALUES)
    return match, audit.apply_changes(match, plain)


def apply(rows: list[Row], ctx: Context) -> dict:
    """Write checked rows (the caller commits once, or rolls everything back)."""
    by_number: dict[str, Agreement] = {}
    written = []
    # Parents first, so a PKS can point to a KB from the same file.
    ordered = sorted((r for r in rows if r.sheet == AGREEMENT_SHEET), key=lambda r: bool(r.values["parent_number"]))
    for row in ordered:
        written.append((row.action, *_save_agreement(row.values, ctx, by_number)))
    db.session.flush()
    for row in rows:
        if row.sheet != AGREEMENT_SHEET:
            programme, changes = _save_programme(row.values, ctx, by_number)
            written.append(("create" if programme.id is None else "update", programme, changes))
    db.session.flush()
    counts = {"create": 0, "update": 0}
    for action, obj, changes in written:
        if action == "create" or changes:
            counts[action] += 1
            audit.record(action, obj, changes, summary=_("Impor berkas"), user=ctx.user)
    return counts
