"""The PostgreSQL full-text engine: the index is a few tables of the catalog itself.

For archives that outgrow one machine: every app server searches the same tables, so there
is no index to keep in step per server. Pages are analysed by the archive
(``archive.search.pg_lexemes``: the same words, folding, segmentation and stems as the
Whoosh engine) and stored as tsvectors under a GIN index; queries arrive as the tree of
``archive.search.query`` (``archive.search.pg_query`` translates it). Documents rank by
their best page (``ts_rank`` with field weights); facets count documents; snippets are cut
in Python from the stored text of the pages shown only. Every search runs in one read
transaction under ``SET LOCAL statement_timeout`` from the query's time budget; writes take
one advisory lock, the counterpart of Whoosh's single writer.
"""

# SQL here is assembled from this module's fixed fragments and the conditions pg_query
# generates; every value a reader typed is a bound parameter, never text of the statement.
# ruff: noqa: S608

from __future__ import annotations

import contextlib
import logging
import math
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from archive import faults
from archive.catalog import PUBLISHED, make_engine, primary_reads
from archive.errors import IndexUnavailable, QueryError, QueryTooExpensive
from archive.search import analysis
from archive.search import pg_build as pb
from archive.search import pg_lexemes as lx
from archive.search import query as qm
from archive.search.hits import SNIPPET_PAGES, ScoredPages, shown_hits
from archive.search.pg_query import Translation, translate
from archive.search.query import Deadline, Limits, checked
from archive.search.snippets import Highlighter
from archive.search.types import (
    FACETS,
    IndexedDocument,
    PageHit,
    SearchRequest,
    SearchResults,
    Texts,
)

log = logging.getLogger(__name__)

# Bump when the analysis or the tables' meaning changes: the index is then rebuilt.
SCHEMA_VERSION = 1
WRITE_LOCK = 0x41524348  # pg_advisory_xact_lock key of the single index writer ("ARCH")
SIMILAR_BUDGET_MS = 10_000
# ts_rank weights {D, C, B, A}: page words, stems, creators, title (Whoosh's field boosts).
RANK_WEIGHTS = "{0.33,0.23,0.5,1.0}"
FACET_BITS = {7: "type", 11: "lang", 13: "collection", 14: "year"}  # GROUPING() masks
FILTER_COLUMNS = {name: f"s.{name}" for name in FACETS}
WORD_FIELD = "CASE WHEN strpos(w, '|') > 0 THEN split_part(w, '|', 1) ELSE 'content' END"
WORD_TEXT = "CASE WHEN strpos(w, '|') > 0 THEN substr(w, strpos(w, '|') + 1) ELSE w END"
DOC_WORDS = (
    f"SELECT {WORD_FIELD} AS field, {WORD_TEXT} AS word, count(*) AS n "
    "FROM search_pages p, unnest(tsvector_to_array(p.tsv)) AS w "
    "WHERE p.doc_id = :d AND w NOT LIKE 'stem|%' GROUP BY 1, 2"
)
# The planner prices ``tsv @@ query`` like any cheap operator over a small heap (the
# tsvectors live in TOAST), so it prefers a sequential scan that decompresses every page's
# tsvector to one GIN lookup: 300-400 ms at 10,000 pages, growing with the archive. Searches
# use the indexes (bench/README.md, "The PostgreSQL engine at scale").
INDEX_ONLY = "SET LOCAL enable_seqscan = off"
PUBLISHED_JOIN = f"JOIN documents d ON d.id = p.doc_id AND d.status = '{PUBLISHED}'"


def _is_cancel(exc: DBAPIError) -> bool:
    return getattr(exc.orig, "sqlstate", None) == "57014"  # query_canceled


def _too_expensive(deadline: Deadline) -> QueryTooExpensive:
    return QueryTooExpensive(
        f"This query is too expensive to answer in the time allowed "
        f"({deadline.budget_ms:.0f} ms); try a narrower query: fewer or longer "
        "prefixes (protect*), fewer words, or a filter.",
        budget_ms=deadline.budget_ms,
    )


class PostgresEngine:
    """Full-text search in the PostgreSQL catalog's own tables."""

    def __init__(
        self, url: str, *, lock_timeout: float = 60.0, read_url: str | None = None
    ) -> None:
        self.engine = make_engine(url)
        self.read_engine = make_engine(read_url) if read_url else self.engine
        self.lock_timeout = lock_timeout

    def _searching_engine(self) -> Engine:
        """The standby for readers, the primary for those who read their own writes."""
        return self.engine if primary_reads.get() else self.read_engine

    # -- lifecycle -------------------------------------------------------------------------

    def exists(self) -> bool:
        """True if the search tables are there and filled by this version's analysis."""
        try:
            with self.engine.connect() as conn:
                version = conn.scalar(text("SELECT value FROM search_meta WHERE key = 'version'"))
        except DBAPIError:
            return False
        return version == str(SCHEMA_VERSION)

    def health(self) -> str | None:
        """None if the search tables read; otherwise what is wrong with them."""
        if not self.exists():
            return "the search index is missing or of an older schema"
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT doc_id FROM search_pages LIMIT 1")).all()
                conn.execute(text("SELECT doc_id FROM search_documents LIMIT 1")).all()
        except DBAPIError as exc:
            return f"the search tables cannot be read: {exc.orig}"
        return None

    def needs_rebuild(self) -> str | None:
        """Why the index must be rebuilt from the catalog, or None."""
        return None if self.exists() else "the search index is missing or of an older schema"

    def warm(self) -> None:
        """Open a connection now, not on a reader's first search."""
        with contextlib.suppress(DBAPIError), self.read_engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def close(self) -> None:
        """Nothing is held per thread (connections return to the pool)."""

    def dispose(self) -> None:
        """Close the pooled connections."""
        self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()

    # -- writing ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def _writing(self, lock_timeout: float | None = None) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            wait = self.lock_timeout if lock_timeout is None else lock_timeout
            ms = max(1, int(wait * 1000))
            conn.execute(text(f"SET LOCAL lock_timeout = {ms}"))
            try:
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK})
            except DBAPIError as exc:
                if getattr(exc.orig, "sqlstate", None) == "55P03":  # lock_not_available
                    raise TimeoutError("index write lock not obtained in time") from None
                raise
            conn.execute(text("SET LOCAL lock_timeout = 0"))
            yield conn
            faults.maybe_crash("index")

    @contextlib.contextmanager
    def writer(self, *, lock_timeout: float | None = None) -> Iterator[PostgresWriter]:
        """The single writer; its changes commit together when the block ends."""
        with self._writing(lock_timeout) as conn:
            yield PostgresWriter(conn)

    def rebuild(
        self,
        documents: Iterable[IndexedDocument],
        *,
        procs: int = 1,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Replace the index with one of these documents in one transaction; return pages.

        Readers see the old index until the new one commits. Pages are analysed in
        ``procs`` processes and loaded in bulk (``archive.search.pg_build``).
        """
        with self._writing() as conn:
            conn.execute(text(f"SET LOCAL maintenance_work_mem = '{pb.MAINTENANCE_WORK_MEM}'"))
            for table in ("search_documents", "search_words", "search_meta"):
                conn.execute(text(f"DELETE FROM {table}"))
            conn.execute(text(f"DROP TABLE IF EXISTS {pb.NEXT}"))
            conn.execute(text(pb.CREATE_NEXT))
            cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
            doc_rows: list[tuple[Any, ...]] = []
            documents = _noting_rows(documents, doc_rows)
            words: Counter[str] = Counter()
            count = 0
            for batch in pb.analysed(pb.tasks_of(documents, _task), procs):
                with cursor.copy(f"COPY {pb.NEXT} (doc_id, page, year, tsv) FROM STDIN") as copy:
                    copy.write(batch.copy_text)
                words.update(batch.words)
                count += batch.pages
                if progress:
                    progress(batch.documents)
            columns = "doc_id, type, lang, collection, year, date, title_sort"
            with cursor.copy(f"COPY search_documents ({columns}) FROM STDIN") as copy:
                for row in doc_rows:
                    copy.write_row(row)
            with cursor.copy("COPY search_words (field, word, pages) FROM STDIN") as copy:
                for row in pb.word_rows(words):
                    copy.write_row(row)
            for statement in pb.SWAP:
                conn.execute(text(statement))
            conn.execute(
                text("INSERT INTO search_meta (key, value) VALUES ('version', :v)"),
                {"v": str(SCHEMA_VERSION)},
            )
        return count

    # -- reading ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def _reading(self, deadline: Deadline) -> Iterator[Connection]:
        """A read transaction whose statements stop when the query's budget is spent."""
        deadline.check()
        try:
            with self._searching_engine().begin() as conn:
                ms = max(1, int(deadline.remaining() * 1000))
                conn.execute(text(f"SET LOCAL statement_timeout = {ms}"))
                conn.execute(text(INDEX_ONLY))
                yield conn
        except DBAPIError as exc:
            if _is_cancel(exc):
                raise _too_expensive(deadline) from None
            problem = self.health()
            if problem is None:
                raise
            raise IndexUnavailable(problem) from exc

    def indexed_pages(self) -> dict[int, set[int]]:
        """Every document id in the index with its page numbers (for ``check``)."""
        out: dict[int, set[int]] = {}
        with self._reading(Deadline(600_000)) as conn:
            for doc_id, page in conn.execute(text("SELECT doc_id, page FROM search_pages")):
                out.setdefault(doc_id, set()).add(page)
        return out

    def _translate(
        self, conn: Connection, tree: qm.Node, limits: Limits, deadline: Deadline
    ) -> Translation:
        return translate(tree, _expander(conn), _dates(conn), limits, deadline)

    def search(self, request: SearchRequest, texts: Texts, *, limits: Limits) -> SearchResults:
        """Run a reader's query: documents ranked or sorted, best pages with snippets."""
        started = time.perf_counter()
        deadline = Deadline(limits.time_budget_ms)
        tree = qm.parse(request.q, limits)
        with self._reading(deadline) as conn:
            query = self._translate(conn, tree, limits, deadline)
            filters, params = _filters(request.filters, query.params)
            total, facets = _facets(conn, query.where, filters, params)
            window = _window(conn, query, filters, params, request) if total else []
            suggestion = None if total else _suggest(conn, request.q, tree, limits, deadline)
        hits = shown_hits(window, texts, _highlighter(query), deadline)
        elapsed = (time.perf_counter() - started) * 1000
        return SearchResults(total, hits, facets, suggestion, elapsed)

    def page_snippets(
        self, q: str, doc_id: int, texts: Texts, *, limits: Limits, limit: int = 20
    ) -> list[PageHit]:
        """The pages of one document that match a query, with snippets."""
        deadline = Deadline(limits.time_budget_ms)
        tree = qm.parse(q, limits)
        with self._reading(deadline) as conn:
            query = self._translate(conn, tree, limits, deadline)
            params = {**query.params, "only": doc_id}
            request = SearchRequest(q=q, per_page=1)
            window = _window(conn, query, "AND p.doc_id = :only", params, request, limit * 2)
        [hit] = shown_hits(
            window or [(doc_id, [])],
            texts,
            _highlighter(query),
            deadline,
            shown=limit,
            fallback=False,
        )
        return hit.pages

    def similar(self, doc_id: int, sample_text: str, *, limit: int = 5) -> list[int]:
        """Documents sharing this text's characteristic words."""
        deadline = Deadline(SIMILAR_BUDGET_MS)
        with self._reading(deadline) as conn:
            terms = _shared_key_terms(conn, doc_id, sample_text, deadline)
            if not terms:
                return []
            rows = conn.execute(
                text(
                    "SELECT p.doc_id, max(ts_rank(CAST(:w AS float4[]), p.tsv, "
                    f"CAST(:q AS tsquery))) AS score FROM search_pages p {PUBLISHED_JOIN} "
                    "WHERE p.tsv @@ CAST(:q AS tsquery) AND p.doc_id <> :d "
                    "GROUP BY p.doc_id ORDER BY score DESC, p.doc_id LIMIT :n"
                ),
                {"w": RANK_WEIGHTS, "q": " | ".join(terms), "d": doc_id, "n": limit},
            )
            return [doc for doc, _ in rows]


SearchIndex = PostgresEngine


class PostgresWriter:
    """Adds and removes documents' pages within the writer's transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, doc: IndexedDocument, *, update: bool = True) -> int:
        """Write every page of a document (replacing what was there); return pages written."""
        if update:
            self.delete(doc.id)
        year = _year(doc.date)
        keys = _keys(doc)
        stemmed = doc.language in lx.STEMMED_LANGUAGES
        self.conn.execute(
            text(
                "INSERT INTO search_documents (doc_id, type, lang, collection, year, date, "
                "title_sort) VALUES (:d, :type, :lang, :collection, :year, :date, :ts)"
            ),
            {
                "d": doc.id,
                "type": doc.type.lower(),
                "lang": (doc.language or "").lower(),
                "collection": (doc.collection or "").lower(),
                "year": year,
                "date": doc.date or "",
                "ts": lx.title_sort_key(doc.title),
            },
        )
        rows = [
            {
                "d": doc.id,
                "p": number,
                "y": year,
                "t": lx.page_vector(
                    page_text, title=doc.title, creators=doc.creators, keys=keys, stemmed=stemmed
                ),
            }
            for number, page_text in doc.pages
        ]
        if rows:
            self.conn.execute(
                text(
                    "INSERT INTO search_pages (doc_id, page, year, tsv) "
                    "VALUES (:d, :p, :y, CAST(:t AS tsvector))"
                ),
                rows,
            )
            self.conn.execute(
                text(
                    f"INSERT INTO search_words (field, word, pages) {DOC_WORDS} ORDER BY 1, 2 "
                    "ON CONFLICT (field, word) DO UPDATE SET pages = search_words.pages + "
                    "excluded.pages"
                ),
                {"d": doc.id},
            )
        return len(rows)

    def delete(self, doc_id: int) -> None:
        """Remove every page of a document (and its words from the words' counts)."""
        params = {"d": doc_id}
        self.conn.execute(
            text(
                f"WITH gone AS ({DOC_WORDS}) UPDATE search_words s SET pages = s.pages - gone.n "
                "FROM gone WHERE s.field = gone.field AND s.word = gone.word"
            ),
            params,
        )
        self.conn.execute(
            text(
                f"WITH gone AS ({DOC_WORDS}) DELETE FROM search_words s USING gone "
                "WHERE s.field = gone.field AND s.word = gone.word AND s.pages <= 0"
            ),
            params,
        )
        self.conn.execute(text("DELETE FROM search_pages WHERE doc_id = :d"), params)
        self.conn.execute(text("DELETE FROM search_documents WHERE doc_id = :d"), params)


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


def _keys(doc: IndexedDocument) -> list[str]:
    """The keyword lexemes every page of a document carries."""
    values = {
        "type": doc.type,
        "lang": doc.language or "",
        "collection": doc.collection or "",
        "date": doc.date or "",
    }
    return [lx.lexeme(name, lx.id_value(name, v)) for name, v in values.items() if v]


def _task(doc: IndexedDocument) -> pb.Task:
    """A document as the build's workers take it (plain values)."""
    return (
        doc.id,
        _year(doc.date),
        doc.title,
        tuple(doc.creators),
        tuple(_keys(doc)),
        doc.language in lx.STEMMED_LANGUAGES,
        tuple(doc.pages),
    )


def _noting_rows(
    documents: Iterable[IndexedDocument], rows: list[tuple[Any, ...]]
) -> Iterator[IndexedDocument]:
    """The documents, each one's ``search_documents`` row appended to ``rows`` as it passes."""
    for doc in documents:
        rows.append(_document_row(doc))
        yield doc


def _document_row(doc: IndexedDocument) -> tuple[Any, ...]:
    return (
        doc.id,
        doc.type.lower(),
        (doc.language or "").lower(),
        (doc.collection or "").lower(),
        _year(doc.date),
        doc.date or "",
        lx.title_sort_key(doc.title),
    )


# -- expansion from the table of indexed words ------------------------------------------------


def _like(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _expander(conn: Connection) -> Callable[[str, str, int], list[str]]:
    def expand(field: str, prefix: str, limit: int) -> list[str]:
        rows = conn.execute(
            text(
                "SELECT word FROM search_words WHERE field = :f AND word LIKE :p "
                "ORDER BY word LIMIT :n"
            ),
            {"f": field, "p": _like(prefix), "n": limit},
        )
        return list(rows.scalars())

    return expand


def _dates(conn: Connection) -> Callable[[str, str | None, int], list[str]]:
    def dates(low: str, high: str | None, limit: int) -> list[str]:
        upper = "" if high is None else "AND word <= :h "
        rows = conn.execute(
            text(
                f"SELECT word FROM search_words WHERE field = 'date' AND word >= :l {upper}"
                "ORDER BY word LIMIT :n"
            ),
            {"l": low, "h": high, "n": limit},
        )
        return list(rows.scalars())

    return dates


# -- matching, facets, ranking ----------------------------------------------------------------


def _filters(filters: dict[str, str], params: dict[str, object]) -> tuple[str, dict[str, Any]]:
    """The facet filters as SQL over ``search_documents s`` (``AND ...``), with params."""
    params = dict(params)
    clauses = []
    for name, value in filters.items():
        if name not in FILTER_COLUMNS:
            raise QueryError(f"Results cannot be narrowed by {name!r}.")
        key = f"f{len(params)}"
        if "\x00" in value:  # PostgreSQL text cannot hold it, and no value has it
            clauses.append("AND false")
            continue
        if name == "year":
            params[key] = (
                int(value) if value.isascii() and value.isdigit() and len(value) <= 4 else -1
            )
        else:
            params[key] = value.lower()
        clauses.append(f"AND {FILTER_COLUMNS[name]} = :{key}")
    return " ".join(clauses), params


def _facets(
    conn: Connection, where: str, filters: str, params: dict[str, Any]
) -> tuple[int, dict[str, list[tuple[str, int]]]]:
    """How many documents match, and how many per value of each facet."""
    rows = conn.execute(
        text(
            f"WITH docs AS (SELECT DISTINCT p.doc_id FROM search_pages p WHERE {where}) "
            "SELECT GROUPING(s.type, s.lang, s.collection, s.year), s.type, s.lang, "
            "s.collection, s.year, count(*) FROM docs p "
            f"JOIN search_documents s ON s.doc_id = p.doc_id {PUBLISHED_JOIN} "
            f"WHERE true {filters} "
            "GROUP BY GROUPING SETS ((s.type), (s.lang), (s.collection), (s.year), ())"
        ),
        params,
    ).all()
    total, counts = 0, {name: Counter[str]() for name in FACETS}
    for mask, type_, lang, collection, year, n in rows:
        if mask == 15:
            total = n
            continue
        name = FACET_BITS[mask]
        value = {"type": type_, "lang": lang, "collection": collection}.get(name, year)
        if value not in (None, ""):
            counts[name][str(value)] += n
    facets = {n: sorted(c.items(), key=lambda kv: (-kv[1], kv[0])) for n, c in counts.items()}
    return total, facets


ORDERS = {
    "relevance": "b.score DESC, b.doc_id",
    "date": "COALESCE(NULLIF(b.date, ''), '0000') DESC, b.doc_id DESC",
    "title": "b.title_sort, b.doc_id",
}


# Ranked by relevance: every matching page is scored, documents by their best page.
_RANKED_WINDOW = (
    "WITH m AS MATERIALIZED (SELECT p.doc_id, p.page, {rank} AS score, s.date, "
    "s.title_sort FROM search_pages p JOIN search_documents s ON s.doc_id = p.doc_id "
    f"{PUBLISHED_JOIN} WHERE ({{where}}) {{filters}}), "
    "b AS (SELECT doc_id, max(score) AS score, date, title_sort FROM m "
    "GROUP BY doc_id, date, title_sort), "
    "w AS (SELECT * FROM b ORDER BY {order} LIMIT :lim OFFSET :off) "
    "SELECT b.doc_id, r.page, r.score FROM w b CROSS JOIN LATERAL (SELECT m.page, "
    "m.score FROM m WHERE m.doc_id = b.doc_id ORDER BY m.score DESC, m.page "
    "LIMIT :per_doc) r ORDER BY {order}, r.score DESC, r.page"
)
# Sorted by date or title: the documents are chosen without scores, then only the pages of
# the documents shown are scored (ranking every match would decompress every matching
# page's tsvector, for an order that does not use it). Same rows as the ranked form.
_SORTED_WINDOW = (
    "WITH b AS (SELECT DISTINCT p.doc_id, s.date, s.title_sort FROM search_pages p "
    f"JOIN search_documents s ON s.doc_id = p.doc_id {PUBLISHED_JOIN} "
    "WHERE ({where}) {filters}), "
    "w AS (SELECT * FROM b ORDER BY {order} LIMIT :lim OFFSET :off) "
    "SELECT b.doc_id, r.page, r.score FROM w b CROSS JOIN LATERAL (SELECT p.page, "
    "{rank} AS score FROM search_pages p WHERE p.doc_id = b.doc_id AND ({where}) "
    "ORDER BY score DESC, p.page LIMIT :per_doc) r ORDER BY {order}, r.score DESC, r.page"
)


def _window(
    conn: Connection,
    query: Translation,
    filters: str,
    params: dict[str, Any],
    request: SearchRequest,
    per_doc: int = 2 * SNIPPET_PAGES,
) -> list[tuple[int, ScoredPages]]:
    """The documents of the requested results page, each with its best-scoring pages."""
    rank = "0.0"
    if query.rank_tsq is not None:
        rank = "ts_rank(CAST(:rw AS float4[]), p.tsv, CAST(:rq AS tsquery))"
    order = ORDERS.get(request.sort, ORDERS["relevance"])
    sql = _RANKED_WINDOW if order == ORDERS["relevance"] else _SORTED_WINDOW
    rows = conn.execute(
        text(sql.format(rank=rank, where=query.where, filters=filters, order=order)),
        {
            **params,
            "rw": RANK_WEIGHTS,
            "rq": query.rank_tsq,
            "lim": request.per_page,
            "off": (request.page - 1) * request.per_page,
            "per_doc": per_doc,
        },
    )
    window: dict[int, ScoredPages] = {}
    for doc_id, page, score in rows:
        window.setdefault(doc_id, []).append((page, float(score)))
    return list(window.items())


def _highlighter(query: Translation) -> Highlighter:
    marks = query.marks
    return Highlighter(
        frozenset(marks.words), frozenset(marks.stems), tuple(marks.phrases), lx.stem
    )


# -- did you mean, similar documents -----------------------------------------------------------


def _frequencies(conn: Connection, words: Iterable[str]) -> dict[str, int]:
    rows = conn.execute(
        text("SELECT word, pages FROM search_words WHERE field = 'content' AND word = ANY(:w)"),
        {"w": list(words)},
    )
    return dict(rows.all())


def _suggest(
    conn: Connection, q: str, tree: qm.Node, limits: Limits, deadline: Deadline
) -> str | None:
    """A 'did you mean' built from real words of the archive, only if it finds something."""
    if not qm.wants_suggestion(tree, limits):
        return None

    def finds(candidate: str) -> bool:
        try:
            query = translate(
                qm.parse(candidate, limits), _expander(conn), _dates(conn), limits, deadline
            )
        except QueryError:
            return False
        sql = f"SELECT 1 FROM search_pages p {PUBLISHED_JOIN} WHERE {query.where} LIMIT 1"
        return conn.execute(text(sql), query.params).first() is not None

    return qm.suggest(
        q,
        known=lambda word: bool(_frequencies(conn, [word])),
        correct=lambda word: _correct(conn, word, limits, deadline),
        finds=finds,
        deadline=deadline,
    )


def _correct(conn: Connection, word: str, limits: Limits, deadline: Deadline) -> str | None:
    """The nearest real word, among words sharing its first four letters, then two.

    At most ``limits.suggest_max_candidates`` indexed words are compared in all.
    """
    budget = limits.suggest_max_candidates
    for size in (4, 2):
        deadline.check()
        rows = conn.execute(
            text(
                "SELECT word, pages FROM search_words WHERE field = 'content' "
                "AND word LIKE :p ORDER BY word LIMIT :n"
            ),
            {"p": _like(word[:size]), "n": budget},
        ).all()
        budget -= len(rows)
        counts: dict[str, int] = dict(rows)
        best = qm.best_correction(word, list(counts), counts.__getitem__)
        if best is not None or budget <= 0:
            return best
    return None


def _shared_key_terms(
    conn: Connection, doc_id: int, sample: str, deadline: Deadline, *, count: int = 15
) -> list[str]:
    """The sample's most characteristic words (tf-idf) that another document also uses."""
    stops = frozenset().union(*analysis.STOP_WORDS.values())
    tf = Counter(
        w for w in lx.words(sample[:20000]) if len(w) >= 3 and not w.isdigit() and w not in stops
    )
    df = _frequencies(conn, tf)
    pages = conn.scalar(text("SELECT count(*) FROM search_pages")) or 1
    ranked = sorted(
        (w for w in tf if w in df),
        key=lambda w: (-tf[w] * math.log(1 + pages / df[w]), w),
    )[:60]
    chosen = []
    for word in checked(ranked, deadline, every=1):
        q = lx.quote(word)
        shared = conn.execute(
            text(
                "SELECT 1 FROM search_pages p WHERE p.tsv @@ CAST(:q AS tsquery) "
                "AND p.doc_id <> :d LIMIT 1"
            ),
            {"q": q, "d": doc_id},
        ).first()
        if shared is not None:
            chosen.append(q)
        if len(chosen) == count:
            break
    return chosen
