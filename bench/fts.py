"""The baseline engine: SQLite FTS5 (standard library), indexing and answering like the archive.

The FTS5 table holds one row per page (title and text indexed, document id and page number
carried along); a plain table holds each document's facet values. A search answers what
``Archive.search`` answers: the total number of matching documents, facet counts over them
(a document-level GROUP BY), the best ten documents ranked by their best page (bm25) or
sorted by date, and the three best pages of each with FTS5's own ``snippet()``.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TOKENIZER = "unicode61 remove_diacritics 2"
FACETS = ("type", "year", "lang", "collection")


def build(catalog_db: Path, target: Path) -> dict[str, Any]:
    """Index every published page of a catalog into a new FTS5 database; time it."""
    target.unlink(missing_ok=True)
    started = time.perf_counter()
    cpu = time.process_time()
    db = sqlite3.connect(target)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute(
        "CREATE VIRTUAL TABLE fts USING fts5("
        f"title, text, doc_id UNINDEXED, page UNINDEXED, tokenize='{TOKENIZER}')"
    )
    db.execute(
        "CREATE TABLE docs (id INTEGER PRIMARY KEY, title TEXT, type TEXT, year TEXT, "
        "lang TEXT, collection TEXT, date TEXT)"
    )
    db.execute("ATTACH DATABASE ? AS cat", (f"file:{catalog_db}?mode=ro",))
    with db:
        db.execute(
            "INSERT INTO docs SELECT d.id, d.title, d.type, substr(d.date, 1, 4), "
            "coalesce(d.language, ''), coalesce(c.slug, ''), coalesce(d.date, '') "
            "FROM cat.documents d LEFT JOIN cat.collections c ON c.id = d.collection_id "
            "WHERE d.status = 'published'"
        )
        rows = db.execute(
            "SELECT d.title, p.text, p.document_id, p.number FROM cat.pages p "
            "JOIN cat.documents d ON d.id = p.document_id WHERE d.status = 'published' "
            "ORDER BY p.document_id, p.number"
        )
        db.executemany("INSERT INTO fts (title, text, doc_id, page) VALUES (?, ?, ?, ?)", rows)
    pages = db.execute("SELECT count(*) FROM fts").fetchone()[0]
    db.execute("DETACH DATABASE cat")
    db.close()
    size = sum(p.stat().st_size for p in target.parent.glob(target.name + "*"))
    return {
        "pages": pages,
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu,
        "size_mb": round(size / 1e6, 1),
    }


@dataclass(frozen=True)
class Answer:
    """What one FTS5 search gave."""

    total: int
    hits: list[tuple[int, list[tuple[int, str]]]]
    facets: dict[str, list[tuple[str, int]]]


class Fts:
    """An open FTS5 database answering searches."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)

    def close(self) -> None:
        self.db.close()

    def search(
        self, match: str, *, filters: dict[str, str] | None = None, sort: str = "relevance"
    ) -> Answer:
        """Total, facets, best ten documents with their three best pages' snippets."""
        where, args = _filter_sql(filters or {})
        order = "d.date DESC, m.doc_id" if sort == "date" else "best, m.doc_id"
        top = self.db.execute(
            "WITH m AS (SELECT doc_id, rank AS r FROM fts WHERE fts MATCH ?) "
            "SELECT m.doc_id, min(m.r) AS best FROM m JOIN docs d ON d.id = m.doc_id "
            f"WHERE 1 {where} GROUP BY m.doc_id ORDER BY {order} LIMIT 10",
            (match, *args),
        ).fetchall()
        facets = self._facets(match, where, args)
        total = sum(c for _, c in facets["type"])
        return Answer(total, self._snippets(match, [d for d, _ in top]), facets)

    def _facets(self, match: str, where: str, args: list[str]) -> dict[str, list[tuple[str, int]]]:
        rows = self.db.execute(
            "WITH m AS (SELECT DISTINCT doc_id FROM fts WHERE fts MATCH ?) "
            "SELECT d.type, d.year, d.lang, d.collection, count(*) FROM docs d "
            f"JOIN m ON m.doc_id = d.id WHERE 1 {where} GROUP BY 1, 2, 3, 4",
            (match, *args),
        ).fetchall()
        out: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        for *values, count in rows:
            for name, value in zip(FACETS, values, strict=True):
                if value:
                    out[name][value] = out[name].get(value, 0) + count
        return {k: sorted(v.items(), key=lambda kv: (-kv[1], kv[0])) for k, v in out.items()}

    def _snippets(self, match: str, doc_ids: list[int]) -> list[tuple[int, list[tuple[int, str]]]]:
        if not doc_ids:
            return []
        marks = ",".join("?" * len(doc_ids))
        rows = self.db.execute(
            "SELECT doc_id, page, snippet(fts, 1, '<mark>', '</mark>', '…', 40) FROM fts "
            f"WHERE fts MATCH ? AND doc_id IN ({marks}) ORDER BY rank",
            (match, *doc_ids),
        ).fetchall()
        pages: dict[int, list[tuple[int, str]]] = {d: [] for d in doc_ids}
        for doc_id, page, snippet in rows:
            if len(pages[doc_id]) < 3:
                pages[doc_id].append((page, snippet))
        return [(d, pages[d]) for d in doc_ids]


def _filter_sql(filters: dict[str, str]) -> tuple[str, list[str]]:
    where, args = "", []
    for name, value in filters.items():
        if name not in FACETS:
            raise ValueError(f"not a facet: {name}")
        where += f" AND d.{name} = ?"
        args.append(value)
    return where, args
