"""Full-text search: one analysis, one query language, engines behind one interface.

* ``analysis``  — text to normalised, segmented words (pages and queries alike);
* ``query``     — the reader's query language: cleaning, limits, the query tree, the time
  budget and the bounded "did you mean";
* ``types``     — requests and results as plain dataclasses;
* ``snippets``  — marked, escaped windows of page text;
* ``engine``    — the ``SearchEngine`` interface;
* ``whoosh_engine`` — the embedded default engine, the only module that imports Whoosh
  (``pg_lexemes`` borrows its pure-Python Porter stemmer, so both engines stem alike);
* ``postgres_engine`` — PostgreSQL full text in the catalog's own tables, with
  ``pg_lexemes`` (pages and queries as lexemes) and ``pg_query`` (the tree as tsquery/SQL);
* ``hits``      — ranked pages to shown hits with snippets (engine-neutral).

``open_engine(settings)`` gives the engine ``ARCHIVE_SEARCH_ENGINE`` names.
"""

from __future__ import annotations

from typing import Any

from archive.config import ConfigError, Settings
from archive.search.engine import EngineWriter, SearchEngine
from archive.search.query import Deadline, Limits, clean_query
from archive.search.types import (
    FACETS,
    SORTS,
    DocumentHit,
    IndexedDocument,
    PageHit,
    SearchRequest,
    SearchResults,
    Texts,
)

ENGINES = ("whoosh", "postgres")


def open_engine(settings: Settings) -> SearchEngine:
    """The search engine the settings name, or ``ConfigError`` saying why it cannot be used."""
    name = settings.search_engine
    if name == "whoosh":
        from archive.search.whoosh_engine import WhooshEngine

        return WhooshEngine(
            settings.index_path,
            lock_timeout=settings.index_lock_timeout,
            memory_mb=settings.index_memory_mb,
        )
    if name == "postgres":
        url = settings.effective_database_url
        if not url.startswith("postgresql"):
            raise ConfigError(
                "ARCHIVE_SEARCH_ENGINE=postgres needs a PostgreSQL catalog "
                "(ARCHIVE_DATABASE_URL=postgresql+psycopg://...), but this archive's catalog "
                f"is {url.split(':', 1)[0]}; use ARCHIVE_SEARCH_ENGINE=whoosh."
            )
        from archive.search.postgres_engine import PostgresEngine

        return PostgresEngine(
            url, lock_timeout=settings.index_lock_timeout, read_url=settings.database_read_url
        )
    raise ConfigError(f"ARCHIVE_SEARCH_ENGINE: unknown engine {name!r}; choose whoosh or postgres.")


def search_limits(settings: Settings) -> Limits:
    """The query limits the settings give."""
    return Limits(
        max_length=settings.search_max_query_length,
        max_clauses=settings.search_max_clauses,
        max_expansions=settings.search_max_expansions,
        time_budget_ms=settings.search_time_budget_ms,
    )


_WHOOSH_NAMES = ("WhooshEngine", "SearchIndex", "SCHEMA_VERSION", "VERSION_FILE")


def __getattr__(name: str) -> Any:
    # The Whoosh engine's names, still importable from here, without importing Whoosh
    # for code that never searches.
    if name in _WHOOSH_NAMES:
        from archive.search import whoosh_engine

        return getattr(whoosh_engine, name)
    raise AttributeError(name)


__all__ = [
    "ENGINES",
    "FACETS",
    "SORTS",
    "Deadline",
    "DocumentHit",
    "EngineWriter",
    "IndexedDocument",
    "Limits",
    "PageHit",
    "SearchEngine",
    "SearchRequest",
    "SearchResults",
    "Texts",
    "clean_query",
    "open_engine",
    "search_limits",
]
