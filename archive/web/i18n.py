"""The interface's language: which locale a request gets, and the switcher that changes it.

The order is ``?lang=`` (a supported locale), then the ``archive_lang`` cookie (set by the
switcher and by ``?lang=``), then the browser's ``Accept-Language``, else
``ARCHIVE_DEFAULT_LOCALE``. The JSON API always answers in English: programs compare its
messages. Catalogues live in ``archive/web/translations`` (README: Languages of the interface).

``lang`` used to be the search's document-language filter; that filter is now ``language``.
An old ``/search?...&lang=th`` link is moved (301) to ``language=th`` when it cannot be an
interface choice: when ``lang`` comes with other search parameters and without ``language``,
or when its value is no interface locale.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from flask import Flask, current_app, g, redirect, request, url_for
from flask_babel import Babel, get_locale, gettext
from flask_babel import lazy_gettext as _l

from archive.errors import ArchiveError
from archive.messages import Message

#: Interface locales, each named in its own language (as the switcher shows them).
LOCALES: dict[str, str] = {
    "en": "English",
    "id": "Bahasa Indonesia",
    "ms": "Bahasa Melayu",
    "fil": "Filipino",
    "vi": "Tiếng Việt",
    "th": "ไทย",
    "km": "ខ្មែរ",
    "lo": "ລາວ",
    "my": "မြန်မာ",
}
#: Browser tags that mean one of our locales under another code (Tagalog is read as Filipino).
ALIASES = {"tl": "fil", "zsm": "ms", "in": "id"}
#: The Babel locale of an interface locale where they differ: the archive writes British
#: English ("labour", "25 November 2015"), as its documents do.
BABEL_NAMES = {"en": "en_GB"}
COOKIE = "archive_lang"
COOKIE_AGE = 365 * 24 * 3600
_DOC_LANG = re.compile(r"^[a-z]{2,3}$")
#: Search parameters other than ``lang`` whose presence marks an old filter link.
_SEARCH_PARAMS: tuple[str, ...] = ("q", "page", "per_page", "sort", "type", "year", "collection")
_SEARCH_PARAMS += ("creator", "subject", "day")

#: The readable names of the document types (catalog.DOCUMENT_TYPES), marked for translation.
TYPE_LABELS = {
    "report": _l("Report"),
    "speech": _l("Speech"),
    "presentation": _l("Presentation"),
    "press-release": _l("Press release"),
    "participant-list": _l("List of participants"),
    "recommendations": _l("Recommendations"),
    "other": _l("Other"),
}


def init_app(app: Flask, default_locale: str) -> None:
    """Install Flask-Babel with the locale choice, the switcher and the cookie."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", default_locale)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "UTC")
    Babel(app, locale_selector=select_locale)
    app.before_request(redirect_old_search_filter)
    app.after_request(remember_choice)
    app.add_url_rule("/language", "language", switch_language)
    app.jinja_env.globals.update(
        interface_locales=LOCALES, current_locale=current_locale, switch_url=switch_url
    )
    app.jinja_env.filters["say"] = say


def say(message: Message | BaseException | str) -> str:
    """A message of the archive's core in the reader's language (README: Languages of the
    interface). Under /api/ the locale is English, so programs keep the English sentence; a
    plain string (an old stored reason, a message not marked yet) is shown as it is."""
    if isinstance(message, ArchiveError):
        message = message.msg
    if not isinstance(message, Message):
        return str(message)
    try:
        return message.translated(gettext)
    except (KeyError, ValueError, TypeError):  # a damaged translation: the English is true
        return str(message)


def supported(code: str | None) -> str | None:
    """The interface locale a code names (``th``, ``TH``, ``tl``→``fil``), or None."""
    code = (code or "").strip().lower().replace("_", "-").split("-")[0]
    code = ALIASES.get(code, code)
    return code if code in LOCALES else None


def default_locale() -> str:
    """The locale used when nothing else decides (ARCHIVE_DEFAULT_LOCALE)."""
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_locale() -> str:
    """The Babel locale of this request (Flask-Babel's locale selector)."""
    code = interface_locale()
    return BABEL_NAMES.get(code, code)


def interface_locale() -> str:
    """The interface locale of this request (see the module's docstring for the order)."""
    if request.path.startswith("/api/"):
        return "en"
    chosen = supported(request.args.get("lang")) or supported(request.cookies.get(COOKIE))
    return chosen or browser_locale() or default_locale()


def browser_locale() -> str | None:
    """The best of our locales in ``Accept-Language`` (region variants count), or None."""
    for tag, _quality in request.accept_languages:  # already sorted, best first
        found = supported(tag)
        if found:
            return found
    return None


def current_locale() -> str:
    """The code of this request's locale, as ``<html lang>`` wants it."""
    locale = get_locale()
    return str(locale.language if locale else default_locale())


def is_old_search_filter(args: Any) -> bool:
    """True when ``/search``'s ``lang`` is the old document-language filter, not a locale."""
    value = (args.get("lang") or "").strip()
    if not value or "language" in args or not _DOC_LANG.match(value):
        return False
    return value not in LOCALES or any(args.get(name) for name in _SEARCH_PARAMS)


def redirect_old_search_filter() -> Any:
    """Move an old ``/search?lang=xx`` filter link to ``language=xx`` (301)."""
    if request.endpoint != "public.search":
        return None
    if not is_old_search_filter(request.args):
        return None
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    args.append(("language", request.args["lang"].strip()))
    return redirect(f"{request.path}?{urlencode(args)}", code=301)


def remember_choice(response: Any) -> Any:
    """Keep a locale chosen by ``?lang=`` in a cookie; pages vary by the reader's language."""
    chosen = g.get("chosen_locale") or supported(request.args.get("lang"))
    if chosen and not request.path.startswith("/api/"):
        response.set_cookie(COOKIE, chosen, max_age=COOKIE_AGE, samesite="Lax", httponly=True)
    if response.mimetype == "text/html":
        response.vary.update(("Accept-Language", "Cookie"))
    return response


def safe_next(target: str | None) -> str:
    """A local path to return to (never another site); the home page otherwise."""
    target = target or ""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("public.home")
    return target


def switch_language() -> Any:
    """The switcher: remember ``?lang=`` and go back to ``?next=`` (a local path)."""
    g.chosen_locale = supported(request.args.get("lang"))
    return redirect(safe_next(request.args.get("next")), code=303)


def switch_url(code: str) -> str:
    """Where the switcher's link for ``code`` goes: /language, then back to this page."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    here = f"{request.path}?{urlencode(args)}" if args else request.path
    return url_for("language", lang=code, next=here)
