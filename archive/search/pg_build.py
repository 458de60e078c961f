"""Rebuilding the PostgreSQL engine's index in bulk (``archive reindex``).

Adding documents one by one (``PostgresWriter.add``) is right for ingest, but a full
rebuild of a large archive would spend its time in row-at-a-time INSERTs, in keeping a GIN
index up to date page by page and in counting words with one upsert per document. A
rebuild instead:

* analyses pages into tsvector literals in worker processes (the analysis is pure Python:
  it is most of the work, and it parallelises by batches of documents);
* loads the pages with COPY into a new table, then builds its primary key and GIN index
  once, with a larger ``maintenance_work_mem``;
* counts the indexed words in the workers (the pages each lexeme is on) and COPYs the
  totals into ``search_words``, instead of one upsert per document;
* swaps the new table in for the old one at the end of the same transaction, so readers
  keep searching the old index until the new one commits, as before; then ANALYZEs.

The rows are exactly those ``PostgresWriter.add`` writes (the tests compare the two).
"""

from __future__ import annotations

import multiprocessing
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from archive.search import pg_lexemes as lx
from archive.search.types import IndexedDocument

BATCH_PAGES = 500  # pages per task sent to a worker
MAINTENANCE_WORK_MEM = "512MB"  # for building the GIN index in one pass (session-local)
NEXT = "search_pages_next"

# One row of a document for the workers: (doc_id, year, title, creators, keys, stemmed,
# pages). Plain tuples pickle quickly.
Task = tuple[int, int | None, str, tuple[str, ...], tuple[str, ...], bool, tuple[Any, ...]]


@dataclass
class Analysed:
    """What a worker made of a batch: COPY text of its pages and their words' page counts."""

    copy_text: str
    words: Counter[str]
    pages: int
    documents: int


def _copy_escape(value: str) -> str:
    """A value in COPY's text format."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return value


def analyse(tasks: list[Task]) -> Analysed:
    """The pages' rows (as COPY text) and the count of pages each non-stem lexeme is on."""
    lines: list[str] = []
    words: Counter[str] = Counter()
    pages = 0
    for doc_id, year, title, creators, keys, stemmed, doc_pages in tasks:
        year_text = "\\N" if year is None else str(year)
        for number, page_text in doc_pages:
            builder = lx.page_builder(
                page_text, title=title, creators=creators, keys=keys, stemmed=stemmed
            )
            literal = _copy_escape(builder.literal())
            lines.append(f"{doc_id}\t{number}\t{year_text}\t{literal}\n")
            words.update(lex for lex in builder.lexemes() if not lex.startswith("stem|"))
            pages += 1
    return Analysed("".join(lines), words, pages, len(tasks))


def tasks_of(
    documents: Iterable[IndexedDocument],
    task: Callable[[IndexedDocument], Task],
    batch_pages: int = BATCH_PAGES,
) -> Iterator[list[Task]]:
    """Documents grouped into batches of about ``batch_pages`` pages."""
    batch: list[Task] = []
    size = 0
    for doc in documents:
        batch.append(task(doc))
        size += len(doc.pages)
        if size >= batch_pages:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def analysed(batches: Iterable[list[Task]], procs: int) -> Iterator[Analysed]:
    """``analyse`` of every batch, in order, in ``procs`` worker processes (or here).

    At most two batches per worker are in flight, so the documents are read from the
    catalog as fast as they are analysed, not all into memory first.
    """
    if procs <= 1:
        yield from map(analyse, batches)
        return
    # spawn: the caller may hold database connections and threads a fork would copy.
    with multiprocessing.get_context("spawn").Pool(procs) as pool:
        pending: deque[Any] = deque()
        for batch in batches:
            pending.append(pool.apply_async(analyse, (batch,)))
            if len(pending) >= 2 * procs:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def word_rows(words: Counter[str]) -> Iterator[tuple[str, str, int]]:
    """(field, word, pages) rows of ``search_words`` from lexeme counts."""
    for lex, pages in words.items():
        field, sep, word = lex.partition(lx.SEP)
        yield (field, word, pages) if sep else ("content", lex, pages)


CREATE_NEXT = (
    f"CREATE TABLE {NEXT} (doc_id integer NOT NULL, page integer NOT NULL, year integer, "
    "tsv tsvector NOT NULL)"
)
# Keys and index after the load (one sorted pass each), then the new table takes the old
# one's place and names.
SWAP = (
    f"ALTER TABLE {NEXT} ADD CONSTRAINT {NEXT}_pkey PRIMARY KEY (doc_id, page)",
    f"CREATE INDEX ix_{NEXT}_tsv ON {NEXT} USING gin (tsv)",
    "DROP TABLE search_pages",
    f"ALTER TABLE {NEXT} RENAME TO search_pages",
    f"ALTER TABLE search_pages RENAME CONSTRAINT {NEXT}_pkey TO search_pages_pkey",
    f"ALTER INDEX ix_{NEXT}_tsv RENAME TO ix_search_pages_tsv",
    "ANALYZE search_pages",
    "ANALYZE search_documents",
    "ANALYZE search_words",
)
