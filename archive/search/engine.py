"""The interface every search engine implements; the ``Archive`` facade talks only to it.

An engine keeps a derived index of published pages (rebuildable from the catalog at any
time), answers a reader's query with documents, best pages, snippets, facets and a bounded
"did you mean", finds similar documents, and says whether its index is healthy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import Protocol

from archive.search.query import Limits
from archive.search.types import IndexedDocument, PageHit, SearchRequest, SearchResults, Texts


class EngineWriter(Protocol):
    """Adds and removes documents' pages within one write transaction."""

    def add(self, doc: IndexedDocument, *, update: bool = True) -> int:
        """Write every page of a document (replacing what was there); return pages written."""
        ...

    def delete(self, doc_id: int) -> None:
        """Remove every page of a document."""
        ...


class SearchEngine(Protocol):
    """One search engine behind the archive (Whoosh today; PostgreSQL full text next)."""

    def exists(self) -> bool:
        """True if an index of the current schema is there to search."""
        ...

    def health(self) -> str | None:
        """None if the index opens and reads; otherwise what is wrong with it."""
        ...

    def needs_rebuild(self) -> str | None:
        """Why the index must be rebuilt from the catalog, or None."""
        ...

    def rebuild(
        self,
        documents: Iterable[IndexedDocument],
        *,
        procs: int = 1,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Replace the index with one of these documents; return the pages written."""
        ...

    def writer(self, *, lock_timeout: float | None = None) -> AbstractContextManager[EngineWriter]:
        """A writer (the only one) that commits when the block ends without error; waits
        ``lock_timeout`` seconds (default: the engine's) for another writer to finish."""
        ...

    def search(self, request: SearchRequest, texts: Texts, *, limits: Limits) -> SearchResults:
        """Answer a reader's query: filters, facets, sort, paging, snippets, suggestion."""
        ...

    def page_snippets(
        self, q: str, doc_id: int, texts: Texts, *, limits: Limits, limit: int = 20
    ) -> list[PageHit]:
        """The pages of one document that match a query, with snippets."""
        ...

    def similar(self, doc_id: int, sample_text: str, *, limit: int = 5) -> list[int]:
        """Ids of documents like the one whose text is sampled (never itself)."""
        ...

    def indexed_pages(self) -> dict[int, set[int]]:
        """Every document id in the index with its page numbers (for ``check``)."""
        ...

    def warm(self) -> None:
        """Open what searching needs now, not on a reader's first search."""
        ...

    def close(self) -> None:
        """Release what this thread holds open."""
        ...
