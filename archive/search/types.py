"""What goes into and comes out of a search engine: plain dataclasses, never engine objects."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

SORTS = ("relevance", "date", "title")
FACETS = ("type", "year", "lang", "collection")


@dataclass(frozen=True)
class IndexedDocument:
    """What the index needs to know about a document (given by the catalog)."""

    id: int
    title: str
    creators: Sequence[str]
    type: str
    language: str | None
    collection: str | None
    date: str | None
    pages: Sequence[tuple[int, str]]


@dataclass(frozen=True)
class SearchRequest:
    """A reader's question, already checked for sane numbers by the caller."""

    q: str
    page: int = 1
    per_page: int = 10
    sort: str = "relevance"
    filters: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PageHit:
    page: int
    score: float
    snippet: str  # HTML: escaped page text with <mark> around matches


@dataclass(frozen=True)
class DocumentHit:
    doc_id: int
    score: float
    pages: list[PageHit]


@dataclass(frozen=True)
class SearchResults:
    total: int
    hits: list[DocumentHit]
    facets: dict[str, list[tuple[str, int]]]
    suggestion: str | None
    elapsed_ms: float


#: Gives the stored text of (document id, page number) pairs; snippets are cut from it.
Texts = Callable[[Iterable[tuple[int, int]]], Mapping[tuple[int, int], str]]
