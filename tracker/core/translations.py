"""Template translations memoised per locale: a page asks for the same few hundred strings all day."""

from __future__ import annotations

from functools import lru_cache

from flask import Flask
from flask_babel import get_locale, get_translations


def install(app: Flask) -> None:
    """Replace the templates' ``_()`` lookup by one that remembers (locale, text) → translation."""

    @lru_cache(maxsize=4096)
    def translated(_locale: str, text: str) -> str:
        return get_translations().ugettext(text)

    def gettext(text: str) -> str:
        return translated(str(get_locale()), text)

    app.jinja_env.install_gettext_callables(
        gettext=gettext,
        ngettext=lambda s, p, n: get_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: get_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: get_translations().unpgettext(c, s, p, n),
    )
