"""Rules for users.*: login, account, password reset and user management."""

from tests.route_rules import (
    ADMINS,
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    OWN_PEMDA_ADMINS,
    PUBLIC,
    SIGNED_IN,
    Rule,
)
from tracker.users import tokens

# Managing the other Pemda's user: the mirror image of OWN_PEMDA_ADMINS.
OTHER_PEMDA_ADMINS = {"anon": LOGIN, "admin/other-pemda/*": OK, "*/other-pemda/*": FORBIDDEN, "*": NOT_FOUND}
NEW_PASSWORD = "kalimat sandi yang baru"


def _edit(target):
    return lambda w: w.url("users.edit", user_id=target(w).id)


def _deactivate(target):
    return lambda w: w.url("users.deactivate", user_id=target(w).id)


def _reactivate(target):
    return lambda w: w.url("users.reactivate", user_id=target(w).id)


def _invite(target):
    return lambda w: w.url("users.resend_invitation", user_id=target(w).id)


def _edit_data(w):
    return {"name": "Nama Baru", "role": "leader", "agency_id": ""}


def _colleague(w):
    return w.colleague


def _stranger(w):
    return w.stranger


def _reset_url(w):
    return w.url("users.reset", token=tokens.make_token(w.colleague, tokens.RESET))


RULES = [
    Rule("users.login", PUBLIC),
    Rule("users.login", PUBLIC, method="POST", data=lambda w: {"email": w.colleague.email, "password": w.password}),
    Rule("users.logout", SIGNED_IN, method="POST"),
    Rule("users.account", SIGNED_IN),
    Rule("users.account", SIGNED_IN, method="POST", data=lambda w: {"locale": "en"}),
    Rule("users.password", SIGNED_IN),
    Rule("users.password", SIGNED_IN, method="POST",
         data=lambda w: {"current_password": w.password, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}),
    Rule("users.reset_request", PUBLIC),
    Rule("users.reset_request", PUBLIC, method="POST", data=lambda w: {"email": w.colleague.email}),
    Rule("users.reset", PUBLIC, url=_reset_url),
    Rule("users.reset", PUBLIC, method="POST", url=_reset_url,
         data=lambda w: {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}),
    Rule("users.list", ADMINS),
    Rule("users.add", ADMINS),
    Rule("users.add", ADMINS, method="POST",
         data=lambda w: {"name": "Baru", "email": "baru@uji.example", "role": "leader", "agency_id": ""}),
    Rule("users.edit", OWN_PEMDA_ADMINS, url=_edit(_colleague), name="own-pemda-user"),
    Rule("users.edit", OWN_PEMDA_ADMINS, method="POST", url=_edit(_colleague), data=_edit_data,
         name="own-pemda-user"),
    Rule("users.edit", OTHER_PEMDA_ADMINS, url=_edit(_stranger), name="other-pemda-user"),
    Rule("users.edit", OTHER_PEMDA_ADMINS, method="POST", url=_edit(_stranger), data=_edit_data,
         name="other-pemda-user"),
    # Nobody changes their own role through the admin page except admins (and not the role).
    Rule("users.edit", ADMINS, url=lambda w: w.url("users.edit", user_id=(w.me or w.colleague).id),
         name="self"),
    Rule("users.deactivate", OWN_PEMDA_ADMINS, method="POST", url=_deactivate(_colleague),
         data=lambda w: {"confirm": "y"}, name="own-pemda-user"),
    Rule("users.deactivate", OTHER_PEMDA_ADMINS, method="POST", url=_deactivate(_stranger),
         data=lambda w: {"confirm": "y"}, name="other-pemda-user"),
    Rule("users.reactivate", OWN_PEMDA_ADMINS, method="POST", url=_reactivate(_colleague),
         name="own-pemda-user"),
    Rule("users.reactivate", OTHER_PEMDA_ADMINS, method="POST", url=_reactivate(_stranger),
         name="other-pemda-user"),
    Rule("users.resend_invitation", OWN_PEMDA_ADMINS, method="POST", url=_invite(_colleague),
         name="own-pemda-user"),
    Rule("users.resend_invitation", OTHER_PEMDA_ADMINS, method="POST", url=_invite(_stranger),
         name="other-pemda-user"),
]
