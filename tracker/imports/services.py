"""Check imported rows against the database, then write them all in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.agreements.models import KINDS_WITH_PARENT, Agreement, AgreementParty, Field, Responsibility
from tracker.agreements.ownership import acts_alone
from tracker.audit import services as audit
from tracker.core.clock import utcnow
from tracker.extensions import db
from tracker.i18n import gettext as _
from tracker.imports import choices, sheets
from tracker.imports.sheets import AGREEMENT_SHEET, Row
from tracker.parties.models import Agency, Party
from tracker.programs.models import Programme

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
    agencies_by_party: dict  # party id -> {lower name: Agency}
    lists: dict  # closed list key -> {typed label or code: code}


def load_context(user: Any) -> Context:
    parties = list(db.session.scalars(select(Party).where(Party.archived_at.is_(None))))
    links = db.session.scalars(
        select(AgreementParty).where(AgreementParty.party_id == user.party_id,
                                     AgreementParty.document_number.is_not(None))
        .options(selectinload(AgreementParty.agreement).selectinload(Agreement.fields)
                 .selectinload(Field.programmes),
                 selectinload(AgreementParty.agreement).selectinload(Agreement.parties)))
    by_party: dict[int, dict] = {}
    for agency in db.session.scalars(select(Agency).where(Agency.archived_at.is_(None))):
        by_party.setdefault(agency.party_id, {})[agency.name.lower()] = agency
    return Context(
        user=user,
        parties_by_code={p.region_code: p for p in parties if p.region_code},
        parties_by_name={p.name.lower(): p for p in parties},
        existing={link.document_number: link.agreement for link in links},
        agencies=by_party.get(user.party_id, {}),
        agencies_by_party=by_party,
        lists={key: choices.reader(key) for key in choices.LISTS},
    )


def _closed(row: Row, ctx: Context, key: str, required: bool = False) -> str | None:
    """The code of a value chosen from one of the template's lists; a value off the list is a row error."""
    typed = sheets.text(row, key, required=required)
    if not typed:
        return None
    code = choices.code_for(key, typed, ctx.lists[key])
    if code is None:
        row.error(key, _("\"%(value)s\" tidak ada dalam daftar; pilih salah satu dari: %(choices)s.",
                         value=typed, choices="; ".join(choices.offered(key))))
    return code


def _check_agreement(row: Row, ctx: Context, numbers_in_file: dict, all_numbers: set) -> None:
    v = row.values
    number = sheets.text(row, "document_number", required=True, limit=120)
    kind = _closed(row, ctx, "kind", required=True) or ""
    clean = {"document_number": number, "kind": kind, "title": sheets.text(row, "title", required=True),
             "government_affair": _closed(row, ctx, "government_affair"),
             "signed_place": sheets.text(row, "signed_place", limit=200) or None,
             "signatory_name": sheets.text(row, "signatory_name", limit=200) or None,
             "signatory_title": sheets.text(row, "signatory_title", limit=200) or None}
    for key in ("signed_on", "valid_from", "valid_until"):
        clean[key] = sheets.parse_date(row, key)
    clean["valid_from"] = clean["valid_from"] or clean["signed_on"]
    if clean["valid_from"] and clean["valid_until"] and clean["valid_until"] < clean["valid_from"]:
        row.error("valid_until", _("Tanggal berakhir tidak boleh sebelum tanggal mulai berlaku."))
    partners, partner_numbers = sheets.split_list(v.get("partners")), sheets.split_list(v.get("partner_numbers"))
    signatories, titles = sheets.split_list(v.get("partner_signatories")), sheets.split_list(v.get("partner_titles"))
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
            clean["partners"].append((party, *(_nth(values, i) for values in (partner_numbers, signatories, titles))))
    clean["parent_number"] = sheets.text(row, "parent_number", limit=120) or None
    if kind in KINDS_WITH_PARENT and not clean["parent_number"]:
        row.error("parent_number", _("PKS dan adendum harus menyebut nomor naskah induknya."))
    elif clean["parent_number"] and clean["parent_number"] not in ctx.existing \
            and clean["parent_number"] not in all_numbers:
        row.error("parent_number", _("Naskah induk \"%(number)s\" tidak ditemukan.", number=clean["parent_number"]))
    clean["fields"] = sheets.split_list(sheets.text(row, "fields", limit=10_000))
    clean["leads"] = _leads(row, ctx, clean)
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
    new = [party.name for party, *_rest in clean["partners"] if party.id not in linked]
    if new:
        row.error("partners", _("Menambah pihak (%(names)s) pada naskah bersama diusulkan dari halaman naskah, "
                                "tidak lewat impor.", names=", ".join(new)))
    if (clean["valid_from"], clean["valid_until"]) != (agreement.valid_from, agreement.valid_until):
        row.error("valid_until", _("Masa berlaku naskah bersama diubah lewat usulan perubahan di halaman naskah, "
                                   "tidak lewat impor."))


def _nth(values: list[str], index: int) -> str | None:
    return values[index][:200] if index < len(values) and values[index] != "-" else None


def _leads(row: Row, ctx: Context, clean: dict) -> list[list]:
    """Per field (in the Bidang order): the lead agencies named for the own Pemda and for the partners."""
    own = sheets.split_list(row.values.get("own_agencies"))
    theirs = sheets.split_list(row.values.get("partner_agencies"))
    partner_ids = [party.id for party, *_rest in clean["partners"]]
    leads: list[list] = [[] for _title in clean["fields"]]
    for key, names, party_ids in (("own_agencies", own, [ctx.user.party_id]), ("partner_agencies", theirs, partner_ids)):
        if len(names) > len(clean["fields"]):
            row.error(key, _("Lebih banyak penanggung jawab daripada bidang; tulis satu per bidang."))
            continue
        for position, name in enumerate(names):
            if name == "-":
                continue
            agency = next((ctx.agencies_by_party.get(pid, {}).get(name.lower()) for pid in party_ids
                           if name.lower() in ctx.agencies_by_party.get(pid, {})), None)
            if agency is None:
                row.error(key, _("Perangkat daerah \"%(name)s\" tidak terdaftar pada pihak tersebut.", name=name))
            else:
                leads[position].append(agency)
    return leads


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
             "funding_source": _closed(row, ctx, "funding_source") or "apbd_kabupaten",
             "start_on": sheets.parse_date(row, "start_on"), "due_on": sheets.parse_date(row, "due_on")}
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
    own = linked.get(ctx.user.party_id) or agreement.parties[0]
    own.signatory_name = values["signatory_name"] or own.signatory_name
    own.signatory_title = values["signatory_title"] or own.signatory_title
    for party, number, signatory, title in values["partners"]:
        link = linked.get(party.id)
        if link is None:
            link = AgreementParty(party_id=party.id, position=len(agreement.parties) + 1,
                                  joined_at=utcnow() if agreement.id else None)
            agreement.parties.append(link)
        elif not alone:
            continue  # a partner's own row is the partner's, once it can speak for itself
        link.document_number = number or link.document_number
        link.signatory_name, link.signatory_title = signatory or link.signatory_name, title or link.signatory_title
    known = {f.title.lower(): f for f in agreement.fields}
    for title, agencies in zip(values["fields"], values["leads"], strict=True):
        field = known.get(title.lower())
        if field is None:
            field = known[title.lower()] = Field(title=title[:500], position=len(agreement.fields) + 1)
            agreement.fields.append(field)
        _lead(field, [a for a in agencies if alone or a.party_id == ctx.user.party_id])
    by_number[values["document_number"]] = agreement
    return agreement, changes


def _lead(field: Field, agencies: list[Agency]) -> None:
    """Add the named lead agencies to a field; responsibilities already there stay."""
    present = {r.agency_id for r in field.responsibilities if r.archived_at is None}
    for agency in agencies:
        if agency.id not in present:
            field.responsibilities.append(Responsibility(agency=agency, role="lead"))
            present.add(agency.id)


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
