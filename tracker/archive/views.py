"""The Arsip page: what the user archived (or may restore), each with its "Pulihkan" button."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, url_for
from flask_login import current_user, login_required

from tracker import permissions
from tracker.archive.queries import Archived, ArchivePage, archived_rows
from tracker.audit.forms import RECORD_TYPES
from tracker.core.inputs import page_number

bp = Blueprint("archive", __name__, url_prefix="/archive")

# kind -> (restore endpoint, its id argument); every restore route redirects to the record.
RESTORE = {
    "agreements": ("agreements.restore", "agreement_id"),
    "programmes": ("programs.restore", "programme_id"),
    "progress_entries": ("progress.restore", "entry_id"),
    "agencies": ("parties.agency_restore", "agency_id"),
    "attachments": ("attachments.restore", "attachment_id"),
}


def restore_url(item: Archived) -> str:
    endpoint, argument = RESTORE[item.kind]
    return url_for(endpoint, **{argument: item.record.id})


@bp.route("/", endpoint="list")
@login_required
def list_archived():
    if not permissions.may_restore(current_user):
        abort(403)
    page = ArchivePage(select=archived_rows(current_user), page=page_number(),
                       per_page=current_app.config.get("PAGE_SIZE", 20), error_out=False)
    return render_template("archive/list.html", page=page, kinds=RECORD_TYPES, restore_url=restore_url)
