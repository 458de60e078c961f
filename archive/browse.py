"""Browsing without words: published documents by filters, with facets, from the catalog.

``/search`` with filters and no words lists documents, newest first (or by title), with
counts for type, year, language, collection, creator, subject and day. Creators match
their aliases from the synonym file (``creator=ILO`` lists documents credited to the
International Labour Organization). Only the ``Archive`` facade calls this module.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.catalog import PUBLISHED, Collection, Document
from archive.search import synonyms as synmod

#: Filters that only the catalog knows (the engine's are ``archive.search.FACETS``).
CATALOG_FILTERS = ("creator", "subject", "day")
BROWSE_FACETS = ("type", "year", "lang", "collection", "creator", "subject", "day")
MAX_FACET_VALUES = 30  # per facet; the commonest first


@dataclass(frozen=True)
class Row:
    """What browsing needs of one published document."""

    id: int
    title: str
    date: str
    type: str
    lang: str
    collection: str
    creators: tuple[str, ...]
    subjects: tuple[str, ...]

    def values(self, name: str) -> tuple[str, ...]:
        """The document's values for one facet."""
        if name == "creator":
            return self.creators
        if name == "subject":
            return self.subjects
        if name == "year":
            return (self.date[:4],) if self.date[:4].isdigit() else ()
        if name == "day":
            return (self.date,) if len(self.date) == 10 else ()
        value = getattr(self, name)
        return (value,) if value else ()


def rows(session: Session) -> list[Row]:
    """Every published document's browsing values."""
    stmt = (
        select(
            Document.id,
            Document.title,
            Document.date,
            Document.type,
            Document.language,
            Collection.slug,
            Document.creators,
            Document.subjects,
        )
        .outerjoin(Collection, Document.collection_id == Collection.id)
        .where(Document.status == PUBLISHED)
    )
    return [
        Row(i, t, d or "", ty, lang or "", slug or "", tuple(c or ()), tuple(s or ()))
        for i, t, d, ty, lang, slug, c, s in session.execute(stmt)
    ]


def matcher(name: str, wanted: str, synonyms: synmod.Synonyms) -> Callable[[Row], bool]:
    """Whether a document has the filter's value (creators also by their aliases)."""
    if name in ("creator", "subject"):
        forms = {synmod.key(wanted)}
        if name == "creator":
            forms |= {synmod.key(f) for f in synonyms.variants(synmod.key(wanted))}
        return lambda row: any(synmod.key(v) in forms for v in row.values(name))
    folded = wanted.lower()
    return lambda row: folded in (v.lower() for v in row.values(name))


def select_rows(
    all_rows: Iterable[Row], filters: dict[str, str], synonyms: synmod.Synonyms
) -> list[Row]:
    """The documents every filter admits."""
    tests = [matcher(name, value, synonyms) for name, value in filters.items()]
    return [row for row in all_rows if all(test(row) for test in tests)]


def facet_counts(
    chosen: list[Row], *, with_day: bool, canonical: dict[tuple[str, ...], str] | None = None
) -> dict[str, list[tuple[str, int]]]:
    """Counts per facet value, commonest first (day only inside one collection).

    ``canonical`` maps a creator's normalised name or alias to its record's name, so the
    creator facet counts "ILO" and "International Labour Organization" as one.
    """
    out = {}
    for name in BROWSE_FACETS:
        if name == "day" and not with_day:
            continue
        counts = Counter(v for row in chosen for v in _facet_values(row, name, canonical or {}))
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        out[name] = ordered[:MAX_FACET_VALUES]
    return out


def _facet_values(row: Row, name: str, canonical: dict[tuple[str, ...], str]) -> set[str]:
    if name != "creator":
        return set(row.values(name))
    return {canonical.get(synmod.key(v), v) for v in row.creators}


def ordered(chosen: list[Row], sort: str) -> list[Row]:
    """Documents by title, or newest first (the default)."""
    if sort == "title":
        return sorted(chosen, key=lambda r: (r.title.casefold(), r.id))
    return sorted(chosen, key=lambda r: (r.date or "0000", -r.id), reverse=True)
