"""Reading a reader's search and listing parameters, refusing absurd ones with a clear message.

Shared by the public pages and the JSON API, so that both accept and refuse the same things.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from archive.catalog import DOCUMENT_TYPES
from archive.config import Settings
from archive.errors import QueryError
from archive.search import FACETS, SORTS, SearchRequest

DEFAULT_PER_PAGE = 10
LIST_MAX_PAGE = 100_000  # listing pages go by SQL offset: cheap, but not unbounded
MAX_ID = 2**63 - 1  # the largest id SQL integers hold
# ASCII digits only: str.isdigit and \d also accept "²" and "١٢", which int() refuses or reads.
_DIGITS = re.compile(r"[0-9]{1,19}")
_FILTER_PATTERNS = {
    "year": (re.compile(r"^[0-9]{4}$"), _l("a year of four digits, such as 2015")),
    "lang": (
        re.compile(r"^[a-z]{2,3}$"),
        _l("a language code of two or three letters, such as en"),
    ),
    "collection": (re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$"), _l("a collection's short name")),
    "day": (re.compile(r"^\d{4}-\d{2}-\d{2}$"), _l("a date such as 2015-11-25")),
    "creator": (re.compile(r"^[^\x00-\x1f\x7f\"]{1,200}$"), _l("a name of at most 200 characters")),
    "subject": (
        re.compile(r"^[^\x00-\x1f\x7f\"]{1,200}$"),
        _l("a subject of at most 200 characters"),
    ),
}
#: Filters read from a request: the engine's facets, then those only the catalog knows.
FILTERS = (*FACETS, "creator", "subject", "day")
#: A filter's parameter name where it differs from the engine's: ``lang`` is the interface's
#: language on the pages, so the document-language filter is ``language``.
PARAM_NAMES = {"lang": "language"}


class ParamError(QueryError):
    """A request parameter that is missing its sense (not a number, out of range, unknown)."""


def whole_number(args: Mapping[str, str], name: str, default: int, high: int) -> int:
    """The parameter ``name`` as an int in 1..high, or ``ParamError``."""
    raw = (args.get(name) or "").strip()
    if not raw:
        return default
    if not _DIGITS.fullmatch(raw) or not 1 <= int(raw) <= high:
        raise ParamError(
            _(
                "%(name)s must be a whole number from 1 to %(high)s, not %(raw)s.",
                name=name,
                high=high,
                raw=repr(raw[:40]),
            )
        )
    return int(raw)


def parse_id(value: str) -> int | None:
    """A record id written in ASCII digits, from 1 to ``MAX_ID``; None for anything else."""
    value = value.strip()
    if not _DIGITS.fullmatch(value) or not 1 <= int(value) <= MAX_ID:
        return None
    return int(value)


def record_id(args: Mapping[str, str], name: str) -> int | None:
    """The parameter ``name`` as a record id, None when absent, or ``ParamError``."""
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    found = parse_id(raw)
    if found is None:
        raise ParamError(
            _(
                "%(name)s must be a record number such as 12, not %(raw)s.",
                name=name,
                raw=repr(raw[:40]),
            )
        )
    return found


def query_text(args: Mapping[str, str]) -> str:
    """The ``q`` parameter; a NUL character (never typed by a person) is refused."""
    q = args.get("q") or ""
    if "\x00" in q:
        raise ParamError(_("The query contains a NUL character; type words to search for."))
    return q


def sort_order(args: Mapping[str, str]) -> str:
    """The ``sort`` parameter: relevance (default), date or title."""
    sort = (args.get("sort") or "relevance").strip()
    if sort not in SORTS:
        raise ParamError(
            _(
                "%(name)s must be one of %(choices)s, not %(raw)s.",
                name="sort",
                choices=", ".join(SORTS),
                raw=repr(sort[:40]),
            )
        )
    return sort


def filter_param(name: str) -> str:
    """The URL parameter of the filter ``name`` (``lang`` → ``language``)."""
    return PARAM_NAMES.get(name, name)


def _filter_value(args: Mapping[str, str], name: str, *, old_lang: bool) -> tuple[str, str]:
    """The parameter that gives the filter ``name`` and its value ("" when absent)."""
    param = filter_param(name)
    value = args.get(param) or ""
    if not value and name == "lang" and old_lang:
        param, value = "lang", args.get("lang") or ""  # the old name, kept for programs
    return param, value.strip()


def _check_filter(name: str, param: str, value: str) -> None:
    if name == "type":
        if value not in DOCUMENT_TYPES:
            raise ParamError(
                _(
                    "%(name)s must be one of %(choices)s, not %(raw)s.",
                    name="type",
                    choices=", ".join(DOCUMENT_TYPES),
                    raw=repr(value[:40]),
                )
            )
        return
    pattern, wanted = _FILTER_PATTERNS[name]
    if not pattern.match(value):
        raise ParamError(
            _(
                "%(name)s must be %(wanted)s, not %(raw)s.",
                name=param,
                wanted=wanted,
                raw=repr(value[:40]),
            )
        )


def facet_filters(args: Mapping[str, str], *, old_lang: bool = True) -> dict[str, str]:
    """The filters (type, year, language, collection, creator, subject, day) given, checked.

    The document-language filter is ``language``; ``old_lang`` also accepts its old name
    ``lang`` (the API and feeds do; the pages read ``lang`` as the interface's language).
    """
    filters: dict[str, str] = {}
    for name in FILTERS:
        param, value = _filter_value(args, name, old_lang=old_lang)
        if value:
            _check_filter(name, param, value)
            filters[name] = value
    return filters


def search_request(
    args: Mapping[str, str], settings: Settings, *, old_lang: bool = True
) -> SearchRequest:
    """Build a ``SearchRequest`` from request parameters, or raise ``ParamError``."""
    return SearchRequest(
        q=query_text(args),
        page=whole_number(args, "page", 1, settings.search_max_page),
        per_page=whole_number(args, "per_page", DEFAULT_PER_PAGE, settings.search_max_per_page),
        sort=sort_order(args),
        filters=facet_filters(args, old_lang=old_lang),
    )
