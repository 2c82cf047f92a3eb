"""One mail per recipient: every due item, in the recipient's language, with links to act."""

from __future__ import annotations

from datetime import date

from flask import current_app, render_template
from flask_babel import force_locale

from tracker import labels
from tracker.i18n import format_day, format_number, format_percent
from tracker.i18n import gettext as _
from tracker.i18n import lazy_gettext as _l
from tracker.reminders.engine import DIGEST_RULES, DueItem
from tracker.reminders.links import external_url, make_token

RULE_LABELS = {
    "field_no_programme": _l("Bidang belum punya program tindak lanjut"),
    "kb_no_followup": _l("KB belum ditindaklanjuti dengan PKS atau program"),
    "due_soon": _l("Program mendekati batas waktu"),
    "overdue": _l("Program melewati batas waktu"),
    "stalled": _l("Program tanpa laporan kemajuan"),
    "expiring": _l("Naskah kerja sama segera berakhir"),
    "monev_overdue": _l("Monev terlambat"),
    "proposal_stuck": _l("Usulan kerja sama melewati tenggat tahap"),
    "weekly_digest": _l("Ringkasan mingguan"),
    "monthly_summary": _l("Ringkasan bulanan"),
    "partner_edits": _l("Perubahan oleh pihak mitra dan usulan yang menunggu keputusan"),
}


def _day(iso: str | None) -> str:
    return format_day(date.fromisoformat(iso)) if iso else "–"


def describe(item: DueItem) -> dict:
    """Label, sentence and link to the place to act for one item."""
    f, escalated = item.facts, item.recipient.audience == "leader"
    rule = item.rule
    if rule == "field_no_programme":
        text = _("Bidang pada \u201c%(agreement)s\u201d belum punya program, %(days)s hari sejak ditandatangani.",
                 agreement=f["agreement_title"], days=f["days"])
        link = (external_url("agreements.detail", agreement_id=f["agreement_id"]) if escalated
                else external_url("programs.add", field_id=item.record_id))
    elif rule == "kb_no_followup":
        text = _("Belum ada PKS maupun program, %(days)s hari sejak ditandatangani.", days=f["days"])
        link = external_url("agreements.detail", agreement_id=item.record_id)
    elif rule == "monev_overdue":
        text = _("Monev jatuh tempo %(date)s, terlambat %(days)s hari.", date=_day(f["due_on"]), days=f["days_late"])
        link = external_url("agreements.detail", agreement_id=item.record_id)
    elif rule == "expiring":
        days = f["days_left"]
        text = (_("Berakhir hari ini (%(date)s).", date=_day(f["valid_until"])) if days == 0 else
                _("Sudah berakhir pada %(date)s.", date=_day(f["valid_until"])) if days < 0 else
                _("Berlaku sampai %(date)s, %(days)s hari lagi.", date=_day(f["valid_until"]), days=days))
        link = external_url("agreements.detail", agreement_id=item.record_id)
    elif rule == "proposal_stuck":
        text = _("Tahap %(stage)s melewati tenggat %(date)s, terlambat %(days)s hari.",
                 stage=labels.label(labels.PROPOSAL_STAGE, f["stage"]), date=_day(f["due_on"]), days=f["days_late"])
        link = external_url("proposals.detail", proposal_id=item.record_id)
    else:
        text = _programme_text(item)
        link = external_url("programs.detail" if escalated else "progress.add", programme_id=item.record_id)
    return {
        "label": str(RULE_LABELS[rule]) + (" " + _("(eskalasi)") if escalated and rule != "expiring" else ""),
        "title": item.title, "text": text, "link": link,
        "act": external_url("reminders.act", token=make_token(item)),
    }


def _programme_text(item: DueItem) -> str:
    f = item.facts
    if item.rule == "due_soon":
        return _("Batas waktu %(date)s, %(days)s hari lagi; realisasi %(realised)s dari target %(target)s.",
                 date=_day(f["due_on"]), days=f["days_left"], realised=format_number(f["realised"]),
                 target=format_number(f["target"]))
    if item.rule == "overdue":
        return _("Terlambat %(days)s hari dari batas waktu %(date)s; realisasi %(realised)s dari target %(target)s.",
                 days=f["days_late"], date=_day(f["due_on"]), realised=format_number(f["realised"]),
                 target=format_number(f["target"]))
    return _("Tidak ada laporan kemajuan selama %(days)s hari (terakhir: %(date)s).",
             days=f["days_quiet"], date=_day(f["last_progress_on"]))


def compose(items: list[DueItem], today: date) -> dict:
    """Subject, text, HTML and headers of the one mail for these items' recipient."""
    person = items[0].recipient
    with force_locale(person.locale or "id"):
        actions = [describe(i) for i in items if i.rule not in DIGEST_RULES]
        digests = [i for i in items if i.rule in DIGEST_RULES]
        unsubscribe = external_url("reminders.act", token=make_token(digests[0])) if digests else None
        context = {"person": person, "actions": actions, "digests": digests, "today": today,
                   "unsubscribe": unsubscribe, "home": current_app.config["BASE_URL"].rstrip("/") + "/",
                   "rule_labels": RULE_LABELS, "day": _day, "url": external_url,
                   "percent": format_percent, "number": format_number}
        if actions:
            subject = _("[Sinergi] %(n)s hal perlu tindak lanjut (%(date)s)", n=len(actions), date=format_day(today))
        else:
            subject = _("[Sinergi] %(label)s, %(date)s", label=RULE_LABELS[digests[0].rule], date=format_day(today))
        text = render_template("mail/reminders/reminders.txt", **context)
        html = render_template("mail/reminders/reminders.html", **context)
    headers = {"Auto-Submitted": "auto-generated"}
    if unsubscribe:
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
    return {"subject": subject, "text": text, "html": html, "headers": headers}
