"""The last step of every restore route: commit, or say why the database refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from tracker.core.errors import describe_integrity_error
from tracker.extensions import db
from tracker.i18n import gettext as _


def restore_and_redirect(restore: Callable[[Any, Any], None], record: Any, done: str, target: str):
    """Run ``restore(record, user)`` and commit, then go to ``target``.

    A restore the database refuses (a constraint, or a concurrent change) is rolled back
    whole, so the record stays archived, and the user reads why instead of an error page.
    """
    try:
        restore(record, current_user)
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        flash(_("Tidak dapat dipulihkan: %(reason)s", reason=describe_integrity_error(error)), "danger")
    except StaleDataError:
        db.session.rollback()
        flash(_("Data ini baru saja diubah oleh orang lain. Muat ulang lalu coba lagi."), "warning")
    else:
        flash(done, "success")
    return redirect(target)
