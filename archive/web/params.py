"""Reading a reader's search and listing parameters, refusing absurd ones with a clear message.

Shared by the public pages and the JSON API, so that both accept and refuse the same things.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

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
    "year": (re.compile(r"^[0-9]{4}$"), "a year of four digits, such as 2015"),
    "lang": (re.compile(r"^[a-z]{2,3}$"), "a language code of two or three letters, such as en"),
    "collection": (re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$"), "a collection's short name"),
    "day": (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "a date such as 2015-11-25"),
    "creator": (re.compile(r"^[^\x00-\x1f\x7f\"]{1,200}$"), "a name of at most 200 characters"),
    "subject": (re.compile(r"^[^\x00-\x1f\x7f\"]{1,200}$"), "a subject of at most 200 characters"),
}
#: Filters read from a request: the engine's facets, then those only the catalog knows.
FILTERS = (*FACETS, "creator", "subject", "day")


class ParamError(QueryError):
    """A request parameter that is missing its sense (not a number, out of range, unknown)."""


def whole_number(args: Mapping[str, str], name: str, default: int, high: int) -> int:
    """The parameter ``name`` as an int in 1..high, or ``ParamError``."""
    raw = (args.get(name) or "").strip()
    if not raw:
        return default
    if not _DIGITS.fullmatch(raw) or not 1 <= int(raw) <= high:
        raise ParamError(f"{name} must be a whole number from 1 to {high}, not {raw[:40]!r}.")
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
        raise ParamError(f"{name} must be a record number such as 12, not {raw[:40]!r}.")
    return found


def query_text(args: Mapping[str, str]) -> str:
    """The ``q`` parameter; a NUL character (never typed by a person) is refused."""
    q = args.get("q") or ""
    if "\x00" in q:
        raise ParamError("The query contains a NUL character; type words to search for.")
    return q


def sort_order(args: Mapping[str, str]) -> str:
    """The ``sort`` parameter: relevance (default), date or title."""
    sort = (args.get("sort") or "relevance").strip()
    if sort not in SORTS:
        raise ParamError(f"sort must be one of {', '.join(SORTS)}, not {sort[:40]!r}.")
    return sort


def facet_filters(args: Mapping[str, str]) -> dict[str, str]:
    """The filters (type, year, lang, collection, creator, subject, day) given, each checked."""
    filters: dict[str, str] = {}
    for name in FILTERS:
        value = (args.get(name) or "").strip()
        if not value:
            continue
        if name == "type":
            if value not in DOCUMENT_TYPES:
                raise ParamError(
                    f"type must be one of {', '.join(DOCUMENT_TYPES)}, not {value[:40]!r}."
                )
        else:
            pattern, wanted = _FILTER_PATTERNS[name]
            if not pattern.match(value):
                raise ParamError(f"{name} must be {wanted}, not {value[:40]!r}.")
        filters[name] = value
    return filters


def search_request(args: Mapping[str, str], settings: Settings) -> SearchRequest:
    """Build a ``SearchRequest`` from request parameters, or raise ``ParamError``."""
    return SearchRequest(
        q=query_text(args),
        page=whole_number(args, "page", 1, settings.search_max_page),
        per_page=whole_number(args, "per_page", DEFAULT_PER_PAGE, settings.search_max_per_page),
        sort=sort_order(args),
        filters=facet_filters(args),
    )
