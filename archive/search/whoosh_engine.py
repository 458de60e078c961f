"""The Whoosh engine: with ``whoosh_matching`` and ``whoosh_scoring``, the only modules
that import Whoosh.

One index entry per page, carrying its document's fields, so that a hit knows its page.
Text goes through ``archive.search.analysis`` (NFKC, case and accent folding, word
segmentation of Thai, Lao, Khmer and Burmese) before Whoosh sees it; English pages also
feed a stemmed field. Queries arrive as the tree of ``archive.search.query`` and are
translated here, with prefixes and date ranges expanded under caps and every loop inside
the query's time budget. Results leave this module as plain dataclasses. Every index write
goes through ``WhooshEngine.writer()``, which holds an OS file lock for the single writer.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import itertools
import logging
import os
import shutil
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.analysis import IDTokenizer, LowercaseFilter, StemFilter, StopFilter, Tokenizer
from whoosh.analysis import Token as WhooshToken
from whoosh.collectors import WrappingCollector
from whoosh.fields import ID, NUMERIC, TEXT, Schema
from whoosh.filedb import structfile as whoosh_structfile
from whoosh.lang.porter import stem as porter_stem
from whoosh.matching import ListMatcher, NullMatcherClass
from whoosh.searching import Searcher

from archive import faults
from archive.errors import IndexUnavailable, QueryError, QueryTooExpensive
from archive.locks import locked
from archive.search import analysis as textmod
from archive.search import query as qm
from archive.search.hits import SNIPPET_PAGES, ScoredPages, shown_hits
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
from archive.search.whoosh_matching import matching_docs
from archive.search.whoosh_scoring import CachedLengthsBM25F
from archive.store import fsync_dir

log = logging.getLogger(__name__)

# Bump when the schema or the analysis changes: the index is then rebuilt from the catalog.
SCHEMA_VERSION = 7
VERSION_FILE = "archive-schema-version"
INDEX_NAME = "pages"
DEFAULT_FIELDS = ("title", "creator", "content", "stem_en")
FIELD_BOOSTS = {"title": 3.0, "creator": 1.5, "content": 1.0, "stem_en": 0.7}
STEMMED_LANGUAGES = {"en", None}
PAGES_PER_DOC_GUESS = 8  # top pages fetched per wanted document in one scored pass
PER_DOC = 2 * SNIPPET_PAGES  # a hit's best pages that snippets are looked for in
MAX_TOP_PAGES = 20000  # at most this many pages scored to fill one results page
SIMILAR_BUDGET_MS = 10_000  # "similar documents" runs the archive's own query, not a reader's
TEXT_LIKE = ("content", "stem_en", "title", "creator")


class _MappedView(io.RawIOBase):
    """A read-only file over a memoryview, without copying it."""

    def __init__(self, view: memoryview) -> None:
        super().__init__()
        self._view = view
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = max(0, min(len(buffer), len(self._view) - self._pos))
        buffer[:size] = self._view[self._pos : self._pos + size]
        self._pos += size
        return size

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: len(self._view)}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos


def _buffer_file_init(self: Any, buf: Any, name: str | None = None, onclose: Any = None) -> None:
    # Whoosh's BufferFile wraps each memory-mapped part of a segment in ``BytesIO(buf)``,
    # which copies it: every searcher opened copied the whole postings file into memory
    # (900 MB per searcher, and per thread, at 100,000 pages). Read through the map instead.
    self._buf = buf
    self._name = name
    self.file = io.BufferedReader(_MappedView(memoryview(buf)))
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


whoosh_structfile.BufferFile.__init__ = _buffer_file_init


class ArchiveTokenizer(Tokenizer):
    """Whoosh tokenizer over ``archive.text.tokenize`` (normalised words, original offsets)."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[WhooshToken]:
        token = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            pieces = [textmod.Token(textmod.normalize(value), 0, len(value))]
        else:
            pieces = _tokenized(value)
        for pos, piece in enumerate(pieces):
            token.text = piece.text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[piece.start : piece.end]
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + piece.start
                token.endchar = start_char + piece.end
            yield token


_recent = threading.local()


def _tokenized(value: str) -> list[textmod.Token]:
    """``textmod.tokenize``, remembering the last few texts of this thread.

    A page's text feeds two fields (``content`` and ``stem_en``); tokenizing it once saves
    about 6% of the CPU time of an index build (bench/README.md).
    """
    memo: dict[str, list[textmod.Token]] | None = getattr(_recent, "memo", None)
    if memo is None:
        memo = _recent.memo = {}
    pieces = memo.get(value)
    if pieces is None:
        if len(memo) >= 4:
            memo.clear()
        pieces = memo[value] = textmod.tokenize(value)
    return pieces


def plain_analyzer() -> ArchiveTokenizer:
    """Normalised, segmented words: exact search, phrases and spelling in every script."""
    return ArchiveTokenizer()


def english_analyzer() -> Any:
    """The plain analysis, then English stop words and the Porter stemmer (folding first)."""
    stops = textmod.STOP_WORDS.get("en", frozenset())
    return ArchiveTokenizer() | StopFilter(stoplist=stops, minsize=1) | StemFilter()


def make_schema() -> Schema:
    """The page-level schema; field names are those readers type (title:, lang:, ...)."""
    return Schema(
        pid=ID(stored=True, unique=True),
        doc_id=ID(stored=True, sortable=True),
        page=NUMERIC(int, bits=32, stored=True, sortable=True),
        content=TEXT(
            analyzer=plain_analyzer(), phrase=True, spelling=True, multitoken_query="phrase"
        ),
        # No positions: phrases match exact words (in ``content``); leaving them out of the
        # stemmed field makes indexing about a fifth faster.
        stem_en=TEXT(analyzer=english_analyzer(), phrase=False),
        title=TEXT(analyzer=plain_analyzer(), multitoken_query="phrase"),
        creator=TEXT(analyzer=plain_analyzer(), multitoken_query="phrase"),
        type=ID(sortable=True, analyzer=IDTokenizer() | LowercaseFilter()),
        lang=ID(sortable=True, analyzer=IDTokenizer() | LowercaseFilter()),
        collection=ID(sortable=True, analyzer=IDTokenizer() | LowercaseFilter()),
        year=NUMERIC(int, bits=32, sortable=True),
        date=ID(sortable=True),
        title_sort=ID(sortable=True),
    )


@dataclass(frozen=True)
class DocInfo:
    """Per-document values read from the index's columns (for facets and sorting)."""

    type: str
    lang: str
    collection: str
    year: str
    date: str
    title_sort: str


@dataclass
class _Snapshot:
    """What one index generation lets us compute once: docnum -> doc and doc -> values."""

    generation: Any
    doc_of: list[int]
    page_of: list[int]
    info: dict[int, DocInfo]


def title_sort_key(title: str) -> str:
    """A sort key for titles: folded, without leading punctuation."""
    return " ".join(t.text for t in textmod.tokenize(title))[:200]


def _retry_vanished(opener: Callable[[], Any], *, attempts: int = 20) -> Any:
    """Open the index, again if a file vanished meanwhile.

    Whoosh reads the newest table of contents by listing the directory, then opens it; a
    writer committing in between (another process, another thread) deletes the old one,
    and ``open_dir`` raises ``FileNotFoundError``. Whoosh's own readers retry such errors;
    its ``open_dir`` and ``exists_in`` do not, so a busy index is not mistaken for damage.
    """
    for attempt in range(attempts):
        try:
            return opener()
        except FileNotFoundError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.05)
    raise AssertionError("unreachable")


class WhooshEngine:
    """The Whoosh index of an archive, with its single-writer lock."""

    def __init__(self, path: Path, *, lock_timeout: float = 60.0, memory_mb: int = 192) -> None:
        self.path = path
        self.lock_path = path.parent / "index.write.lock"
        self.lock_timeout = lock_timeout
        self.memory_mb = memory_mb
        self._ix: Any = None
        self._ix_identity: str | None = None
        self._local = threading.local()
        self._snapshot: _Snapshot | None = None
        self._snapshot_lock = threading.Lock()

    # -- lifecycle -------------------------------------------------------------------------

    def exists(self) -> bool:
        """True if an index of the current schema version is on disk."""
        if not (self._identity() or "").startswith(f"{SCHEMA_VERSION} "):
            return False
        try:
            return _retry_vanished(
                lambda: whoosh_index.exists_in(str(self.path), indexname=INDEX_NAME)
            )
        except FileNotFoundError:
            return False  # a table of contents missing for good: rebuild

    def _identity(self) -> str | None:
        """'<schema version> <uuid of this index's creation>', or None if there is none."""
        try:
            return (self.path / VERSION_FILE).read_text().strip()
        except OSError:
            return None

    def create(self) -> None:
        """Replace the index with an empty one (the caller then refills it)."""
        self.rebuild([])

    def _build_staging(self) -> Path:
        """A new, empty index in a directory of its own beside the live one."""
        staging = self.path.parent / f"{self.path.name}-{uuid.uuid4().hex[:12]}"
        staging.mkdir(parents=True)
        whoosh_index.create_in(str(staging), make_schema(), indexname=INDEX_NAME)
        (staging / VERSION_FILE).write_text(f"{SCHEMA_VERSION} {uuid.uuid4().hex}\n")
        return staging

    def _swap_in(self, staging: Path) -> None:
        """Point the live path at ``staging`` in one atomic rename, then drop old indexes.

        ``path`` is a symbolic link to the current index directory; readers keep using the
        files they have open (POSIX keeps them until closed) and reopen on their next search.
        """
        if self.path.is_dir() and not self.path.is_symlink():
            self.path.rename(self.path.parent / f"{self.path.name}-old-{uuid.uuid4().hex[:8]}")
        link = self.path.parent / f".{self.path.name}.link-{uuid.uuid4().hex[:8]}"
        link.symlink_to(staging.name)
        os.replace(link, self.path)
        fsync_dir(self.path.parent)
        self.damage_marker.unlink(missing_ok=True)
        self._close()
        for old in self.path.parent.glob(f"{self.path.name}-*"):
            if old.is_dir() and old.name != staging.name:
                shutil.rmtree(old, ignore_errors=True)
        log.info("index now at %s", staging)

    def _open(self) -> Any:
        if self._ix is not None and self._identity() != self._ix_identity:
            self._close()  # another process recreated the index
        if self._ix is None:
            if not self.exists():
                raise IndexUnavailable("the search index is missing or out of date")
            try:
                self._ix_identity = self._identity()
                self._ix = _retry_vanished(
                    lambda: whoosh_index.open_dir(str(self.path), indexname=INDEX_NAME)
                )
            except Exception as exc:
                raise IndexUnavailable(f"the search index cannot be opened: {exc}") from exc
        return self._ix

    def close(self) -> None:
        """Close this thread's searcher and forget the opened index."""
        self._close()

    def warm(self) -> None:
        """Open a searcher and build the column caches now, not on a reader's first search."""
        with contextlib.suppress(IndexUnavailable), self.reading() as searcher:
            self._snapshot_for(searcher)

    def _close(self) -> None:
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None:
            searcher.close()
            self._local.searcher = None
        self._ix = None
        self._snapshot = None

    def health(self) -> str | None:
        """None if the index opens and reads; otherwise what is wrong with it.

        The full check reads every page's stored fields (seconds at 100,000 pages, in front
        of every process's start). It is skipped when no file of the index changed (same
        names, sizes and modification times) since a full check last passed.
        """
        stamp = self._files_stamp()
        if stamp is not None and stamp == self._read_stamp():
            return None
        problem = self._full_health()
        if problem is None and stamp is not None:
            self._write_stamp(stamp)
        return problem

    @property
    def _stamp_path(self) -> Path:
        return self.path.parent / "index.healthy"

    def _files_stamp(self) -> str | None:
        """A digest of the index's files (name, size, modification time), or None."""
        try:
            entries = sorted(
                (entry.name, entry.stat().st_size, entry.stat().st_mtime_ns)
                for entry in os.scandir(self.path.resolve())
                if entry.is_file() and not entry.name.endswith("LOCK")
            )
        except OSError:
            return None
        return hashlib.sha256(repr((self._identity(), entries)).encode()).hexdigest()

    def _read_stamp(self) -> str | None:
        try:
            return self._stamp_path.read_text(encoding="utf-8").strip()
        except OSError:
            return None

    def _write_stamp(self, stamp: str) -> None:
        tmp = self._stamp_path.with_name(f".index.healthy.{os.getpid()}.{threading.get_ident()}")
        with contextlib.suppress(OSError):
            tmp.write_text(stamp + "\n", encoding="utf-8")
            os.replace(tmp, self._stamp_path)

    def _full_health(self) -> str | None:
        try:
            self._close()
            ix = self._open()
            with ix.searcher() as searcher:
                reader = searcher.reader()
                for _ in reader.all_doc_ids():
                    pass
                list(reader.lexicon("content"))[:1]
                for docnum in reader.all_doc_ids():
                    reader.stored_fields(docnum)
        except IndexUnavailable as exc:
            return exc.message
        except Exception as exc:
            return f"the search index is damaged: {type(exc).__name__}: {exc}"
        finally:
            self._close()
        return None

    # -- writing ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def write_lock(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the archive-wide index write lock (an OS lock: a dead holder releases it)."""
        wait = self.lock_timeout if timeout is None else timeout
        with locked(self.lock_path, timeout=wait):
            yield

    @contextlib.contextmanager
    def writer(self, *, procs: int = 1, lock_timeout: float | None = None) -> Iterator[IndexWriter]:
        """A writer that commits when the block ends without error, and cancels otherwise."""
        with self.write_lock(lock_timeout):
            ix = self._open()
            raw = ix.writer(timeout=self.lock_timeout, **self._writer_options(procs))
            wrapper = IndexWriter(raw)
            try:
                yield wrapper
            except BaseException:
                raw.cancel()
                raise
            faults.maybe_crash("index")
            raw.commit()
            self._snapshot = None

    def _writer_options(self, procs: int) -> dict[str, Any]:
        """Whoosh writer arguments: ``procs`` writer processes sharing the memory budget.

        Each writer buffers postings up to its share (Whoosh's ``limitmb``), then sorts them
        into a run on disk and merges the runs at commit: a smaller budget bounds memory at
        the cost of that merge (measured at 10,000 pages: 64 CPU-s with 512 MB per writer,
        87 CPU-s with 96 MB, for a peak of 1.6 GB against 0.5 GB; bench/README.md).
        """
        options: dict[str, Any] = {"limitmb": max(1, self.memory_mb // max(1, procs))}
        if procs > 1:
            options.update(procs=procs, multisegment=True)
        return options

    def rebuild(
        self,
        documents: Iterable[IndexedDocument],
        *,
        procs: int = 1,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Build a new index from these documents and swap it in; return pages written.

        Searches keep using the old index until the new one is complete; other writers wait
        for the lock (or leave their work pending for the worker).
        """
        with self.write_lock():
            staging = self._build_staging()
            try:
                count = self._fill(staging, documents, procs=procs, progress=progress)
                self._swap_in(staging)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
        return count

    def _fill(
        self,
        where: Path,
        documents: Iterable[IndexedDocument],
        *,
        procs: int,
        progress: Callable[[int], None] | None,
    ) -> int:
        ix = whoosh_index.open_dir(str(where), indexname=INDEX_NAME)
        raw = ix.writer(**self._writer_options(procs))
        count = 0
        try:
            writer = IndexWriter(raw)
            for doc in documents:
                count += writer.add(doc, update=False)
                if progress:
                    progress(1)
        except BaseException:
            raw.cancel()
            raise
        raw.commit()
        return count

    # -- reading ---------------------------------------------------------------------------

    def _searcher(self) -> Searcher:
        ix = self._open()
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None and not searcher.up_to_date():
            # Not Searcher.refresh(): it reuses readers of segments whose id is unchanged,
            # and a segment that only gained deletions keeps its id, so a withdrawn
            # document would stay visible. Open a fresh searcher instead.
            searcher.close()
            searcher = None
        if searcher is None:
            searcher = ix.searcher(weighting=CachedLengthsBM25F())
            self._local.searcher = searcher
        return searcher

    @contextlib.contextmanager
    def reading(self) -> Iterator[Searcher]:
        """A searcher for this thread; index faults become ``IndexUnavailable``."""
        try:
            yield self._searcher()
        except (QueryError, QueryTooExpensive):
            raise
        except Exception as exc:
            # Only call it damage if the index itself fails its health check; otherwise it
            # is a bug of ours (or a passing fault) and must surface as one, not trigger a
            # rebuild.
            problem = self.health()
            if problem is None:
                raise
            log.error("index read failed: %s", problem)
            self._flag_damage(problem)
            raise IndexUnavailable(problem) from exc

    @property
    def damage_marker(self) -> Path:
        """A file saying the index was found damaged, for the worker to rebuild it."""
        return self.path.parent / "index.damaged"

    def _flag_damage(self, problem: str) -> None:
        with contextlib.suppress(OSError):
            self.damage_marker.write_text(problem + "\n", encoding="utf-8")

    def needs_rebuild(self) -> str | None:
        """Why the index must be rebuilt (missing, out of date, found damaged), or None."""
        if not self.exists():
            return "the search index is missing or of an older schema"
        with contextlib.suppress(OSError):
            return self.damage_marker.read_text(encoding="utf-8").strip() or "found damaged"
        return None

    def indexed_pages(self) -> dict[int, set[int]]:
        """Every document id in the index with its page numbers (for ``check``)."""
        out: dict[int, set[int]] = {}
        with self.reading() as searcher:
            for fields in searcher.reader().all_stored_fields():
                out.setdefault(int(fields["doc_id"]), set()).add(int(fields["page"]))
        return out

    def _snapshot_for(self, searcher: Searcher) -> _Snapshot:
        generation = searcher.reader().generation()
        snap = self._snapshot
        if snap is not None and snap.generation == generation:
            return snap
        with self._snapshot_lock:
            snap = self._snapshot  # another thread (the warm-up) may have just built it
            if snap is None or snap.generation != generation:
                snap = self._snapshot = _build_snapshot(searcher, generation)
        return snap

    def search(self, request: SearchRequest, texts: Texts, *, limits: Limits) -> SearchResults:
        """Run a reader's query: documents ranked or sorted, best pages with snippets."""
        started = time.perf_counter()
        deadline = Deadline(limits.time_budget_ms)
        tree = qm.parse(request.q, limits)
        with self.reading() as searcher:
            query = translate(tree, searcher, limits, deadline)
            snap = self._snapshot_for(searcher)
            matched = matching_docs(searcher, snap.doc_of, query, deadline)
            docs = _filter_docs(snap, matched, request.filters)
            facets = _facet_counts(snap, docs)
            window = _window(searcher, snap, query, docs, request, deadline)
            hits = _hits(window, texts, _term_matcher(query), deadline)
            suggestion = None if docs else suggest(searcher, request.q, tree, limits, deadline)
        elapsed = (time.perf_counter() - started) * 1000
        return SearchResults(len(docs), hits, facets, suggestion, elapsed)

    def similar(self, doc_id: int, sample_text: str, *, limit: int = 5) -> list[int]:
        """Documents sharing this text's characteristic words (more-like-this)."""
        with self.reading() as searcher:
            snap = self._snapshot_for(searcher)
            terms = _shared_key_terms(searcher, snap, doc_id, sample_text)
            if not terms:
                return []
            query = wq.Or([wq.Term("content", word, boost=weight) for word, weight in terms])
            query = wq.AndNot(query, wq.Term("doc_id", str(doc_id)))
            ranked, _ = _ranked_pages(searcher, snap, query, limit, Deadline(SIMILAR_BUDGET_MS))
            return list(ranked)[:limit]

    def page_snippets(
        self, q: str, doc_id: int, texts: Texts, *, limits: Limits, limit: int = 20
    ) -> list[PageHit]:
        """The pages of one document that match a query, with snippets."""
        deadline = Deadline(limits.time_budget_ms)
        with self.reading() as searcher:
            query = parse_query(q, searcher, limits, deadline)
            snap = self._snapshot_for(searcher)
            pages = _pages_of(searcher, snap, query, [doc_id], deadline, per_doc=limit * 2)
            [hit] = _hits(
                [(doc_id, pages.get(doc_id, []))],
                texts,
                _term_matcher(query),
                deadline,
                shown=limit,
                fallback=False,
            )
            return hit.pages


SearchIndex = WhooshEngine  # its name before search became a package


class IndexWriter:
    """Adds and removes documents' pages within one Whoosh write transaction."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def add(self, doc: IndexedDocument, *, update: bool = True) -> int:
        """Write every page of a document (replacing what was there); return pages written."""
        if update:
            self.delete(doc.id)
        common: dict[str, Any] = {
            "doc_id": str(doc.id),
            "title": doc.title,
            "creator": " ; ".join(doc.creators),
            "type": doc.type,
            "lang": doc.language or "",
            "collection": doc.collection or "",
            "date": doc.date or "",
            "title_sort": title_sort_key(doc.title),
        }
        year = _year(doc.date)
        if year is not None:
            common["year"] = year
        stem = doc.language in STEMMED_LANGUAGES
        for number, page_text in doc.pages:
            self.raw.add_document(
                pid=f"{doc.id}:{number}",
                page=number,
                content=page_text,
                stem_en=page_text if stem else "",
                **common,
            )
        return len(doc.pages)

    def delete(self, doc_id: int) -> None:
        """Remove every page of a document."""
        self.raw.delete_by_term("doc_id", str(doc_id))


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


def _build_snapshot(searcher: Searcher, generation: int) -> _Snapshot:
    reader = searcher.reader()
    if reader.doc_count_all() == 0:
        return _Snapshot(generation, [], [], {})  # an empty index has no columns
    doc_of = [0] * reader.doc_count_all()
    page_of = [0] * reader.doc_count_all()
    info: dict[int, DocInfo] = {}
    # Segment by segment: Whoosh's multi-segment column reader skips a segment that lacks a
    # column (``year`` when none of its documents has a date) and then misplaces documents.
    for leaf, offset in reader.leaf_readers():
        columns = {name: _leaf_column(leaf, name) for name in SNAPSHOT_COLUMNS}
        for docnum in leaf.all_doc_ids():
            doc_id = int(columns["doc_id"][docnum])
            doc_of[offset + docnum] = doc_id
            page_of[offset + docnum] = columns["page"][docnum]
            if doc_id not in info:
                year = columns["year"][docnum]
                info[doc_id] = DocInfo(
                    type=columns["type"][docnum],
                    lang=columns["lang"][docnum],
                    collection=columns["collection"][docnum],
                    # An undated page reads as Whoosh's column default (2**31 - 1): no year.
                    year=str(year) if year and 0 < year < 10_000 else "",
                    date=columns["date"][docnum],
                    title_sort=columns["title_sort"][docnum],
                )
    return _Snapshot(generation, doc_of, page_of, info)


SNAPSHOT_COLUMNS = ("doc_id", "page", "type", "lang", "collection", "year", "date", "title_sort")


def _leaf_column(leaf: Any, name: str) -> Any:
    """One segment's column, or empty values where the segment has none."""
    return leaf.column_reader(name) if leaf.has_column(name) else defaultdict(str)


# -- translating the archive's query tree ----------------------------------------------------


def parse_query(
    q: str, searcher: Searcher, limits: Limits, deadline: Deadline | None = None
) -> wq.Query:
    """Turn a reader's query into a bounded Whoosh query, or raise ``QueryError``."""
    tree = qm.parse(q, limits)
    return translate(tree, searcher, limits, deadline or Deadline(limits.time_budget_ms))


def translate(tree: qm.Node, searcher: Searcher, limits: Limits, deadline: Deadline) -> wq.Query:
    """The Whoosh query for a parsed query tree, or ``QueryError`` if nothing is searchable."""
    query = _Translator(searcher, limits, deadline)(tree).normalize()
    if query is wq.NullQuery:
        raise QueryError(qm.NO_WORDS)
    return query


# What a prefix or a range that matches no word of the index becomes: a query that finds no
# page (zero results), not a query with no words (which would be refused as unsearchable).
_NOTHING = wq.Term("pid", "")


class _Translator:
    """The archive's query tree as a Whoosh query, prefixes and date ranges expanded.

    Expansion is ours, not Whoosh's, so that it is capped (per prefix and for the whole
    query) and inside the time budget.
    """

    def __init__(self, searcher: Searcher, limits: Limits, deadline: Deadline) -> None:
        self.schema = searcher.schema
        self.reader = searcher.reader()
        self.limits = limits
        self.deadline = deadline
        self.expanded = 0

    def __call__(self, node: qm.Node) -> wq.Query:
        if isinstance(node, qm.And):
            return wq.And([self(item) for item in node.items])
        if isinstance(node, qm.Or):
            return wq.Or([self(item) for item in node.items])
        if isinstance(node, qm.Not):
            return wq.Not(self(node.item))
        if isinstance(node, qm.Range):
            return self.range(node)
        if node.field is not None:
            return self.leaf(node, node.field, 1.0)
        return wq.Or([self.leaf(node, name, FIELD_BOOSTS[name]) for name in DEFAULT_FIELDS])

    def leaf(self, node: qm.Word | qm.Phrase | qm.Prefix, name: str, boost: float) -> wq.Query:
        if name == "year":
            return _year_query(node)
        if isinstance(node, qm.Prefix):
            return self.prefix(name, node.text, boost)
        if isinstance(node, qm.Phrase) and name == "stem_en":
            return wq.NullQuery  # phrases are matched on the exact words only
        return self.words(name, node.text, boost, phrase=isinstance(node, qm.Phrase))

    def words(self, name: str, text: str, boost: float, *, phrase: bool) -> wq.Query:
        field = self.schema[name]
        tokens = list(field.process_text(text, mode="query"))
        if not tokens:
            return wq.NullQuery
        if len(tokens) == 1:
            return wq.Term(name, tokens[0], boost=boost)
        if phrase or field.multitoken_query == "phrase":
            return wq.Phrase(name, tokens, boost=boost)
        return wq.And([wq.Term(name, token, boost=boost) for token in tokens])

    def prefix(self, name: str, text: str, boost: float) -> wq.Query:
        if name == "stem_en":
            return wq.NullQuery
        field = self.schema[name]
        forms = list(field.process_text(text, mode="query", tokenize=False, removestops=False))
        if not forms or not forms[0]:
            return wq.NullQuery
        terms = []
        for term in checked(self.reader.expand_prefix(name, forms[0]), self.deadline, every=64):
            terms.append(_as_str(term))
            if len(terms) > self.limits.max_expansions:
                raise QueryError(qm.too_many_expansions(text, self.limits.max_expansions))
        self.count(len(terms))
        return wq.Or([wq.Term(name, t, boost=boost) for t in terms]) if terms else _NOTHING

    def count(self, terms: int) -> None:
        """Refuse a query whose prefixes and ranges together expand to too many terms."""
        self.expanded += terms
        cap = self.limits.max_expansions * len(DEFAULT_FIELDS)
        if self.expanded > cap:
            raise QueryError(qm.too_many_terms(cap))

    def range(self, node: qm.Range) -> wq.Query:
        if node.field == "year":
            low = int(node.low) if node.low is not None else None
            high = int(node.high) if node.high is not None else None
            return wq.NumericRange(
                "year", low, high, startexcl=not node.include_low, endexcl=not node.include_high
            )
        terms = list(self.date_terms(node))
        self.count(len(terms))
        return wq.Or([wq.Term("date", t) for t in terms]) if terms else _NOTHING

    def date_terms(self, node: qm.Range) -> Iterator[str]:
        """The dates of the index within the range (a partial date covers its days)."""
        low, high = node.low or "", node.high
        found = 0
        for raw in checked(self.reader.lexicon("date"), self.deadline, every=64):
            date = _as_str(raw)
            if high is not None and (date > high + "~" if node.include_high else date >= high):
                return
            if date < low or (not node.include_low and date.startswith(low)):
                continue
            found += 1
            if found > self.limits.max_expansions:
                raise QueryError(qm.too_many_dates(self.limits.max_expansions))
            yield date


def _year_query(node: qm.Word | qm.Phrase | qm.Prefix) -> wq.Query:
    text = node.text.strip()
    if isinstance(node, qm.Prefix) or not (text.isdigit() and len(text) <= 4):
        raise QueryError(qm.NOT_A_YEAR)
    return wq.NumericRange("year", int(text), int(text))


# -- matching, ranking, facets ---------------------------------------------------------------


def _filter_docs(snap: _Snapshot, docs: set[int], filters: dict[str, str]) -> set[int]:
    if not filters:
        return docs
    out = set()
    for doc in docs:
        info = snap.info.get(doc)
        if info and all(getattr(info, k) == v.lower() for k, v in filters.items()):
            out.add(doc)
    return out


def _facet_counts(snap: _Snapshot, docs: set[int]) -> dict[str, list[tuple[str, int]]]:
    counters = {name: Counter[str]() for name in FACETS}
    for doc in docs:
        info = snap.info[doc]
        for name in FACETS:
            value = getattr(info, name)
            if value:
                counters[name][value] += 1
    return {name: sorted(c.items(), key=lambda kv: (-kv[1], kv[0])) for name, c in counters.items()}


def _window(
    searcher: Searcher,
    snap: _Snapshot,
    query: wq.Query,
    docs: set[int],
    request: SearchRequest,
    deadline: Deadline,
) -> list[tuple[int, ScoredPages]]:
    """The documents of the requested results page, each with its best-scoring pages."""
    offset = (request.page - 1) * request.per_page
    needed = offset + request.per_page
    if not docs or offset >= len(docs):
        return []
    if request.sort == "relevance":
        filtered = _filtered(query, request.filters)
        return _ranked_window(searcher, snap, filtered, query, offset, needed, deadline)
    if request.sort == "date":
        ordered = sorted(docs, key=lambda d: (snap.info[d].date or "0000", d), reverse=True)
    else:
        ordered = sorted(docs, key=lambda d: (snap.info[d].title_sort, d))
    window = ordered[offset:needed]
    pages = _pages_of(searcher, snap, query, window, deadline)
    return [(d, pages.get(d, [])) for d in window]


class _Within(wq.WrappingQuery):
    """Matches what its child matches and adds exactly nothing to a score: a filter inside a
    query, so that Whoosh intersects instead of scanning (``filter=`` scans).

    Not Whoosh's ``ConstantScoreQuery(q, 0.0)``: its matcher takes a weight of 0.0 for no
    weight at all and scores every match 1.0.
    """

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        child = self.child.matcher(searcher, context)
        if isinstance(child, NullMatcherClass):
            return child
        return _ZeroMatcher(list(child.all_ids()))


class _ZeroMatcher(ListMatcher):
    """Document numbers that score 0.0 (and say so to Whoosh's quality checks)."""

    def score(self) -> float:
        return 0.0

    def weight(self) -> float:
        return 0.0

    def max_quality(self) -> float:
        return 0.0

    def supports_block_quality(self) -> bool:
        return False

    def copy(self) -> _ZeroMatcher:
        twin = _ZeroMatcher(self._ids)
        twin._i = self._i
        return twin


def _filtered(query: wq.Query, filters: dict[str, str]) -> wq.Query:
    filter_q = _filter_query(filters)
    return query if filter_q is None else wq.And([query, _Within(filter_q)])


def _group(
    snap: _Snapshot, top: Iterable[tuple[float, int]], deadline: Deadline
) -> dict[int, ScoredPages]:
    grouped: dict[int, ScoredPages] = {}
    for score, docnum in checked(top, deadline, every=4096):
        grouped.setdefault(snap.doc_of[docnum], []).append((snap.page_of[docnum], score))
    return grouped


class _BudgetCollector(WrappingCollector):
    """Stops Whoosh's scoring loop once the query's time budget is spent.

    Whoosh's ``TimeLimitCollector`` either sends SIGALRM (main thread only) or starts a
    timer thread per search; checking the deadline every few hundred matches needs neither.
    """

    def __init__(self, child: Any, deadline: Deadline) -> None:
        super().__init__(child)
        self.deadline = deadline

    def collect_matches(self) -> None:
        child, check = self.child, self.deadline.check
        for n, sub_docnum in enumerate(child.matches()):
            if not n & 255:
                check()
            child.collect(sub_docnum)


def _top(searcher: Searcher, query: wq.Query, limit: int, deadline: Deadline) -> Any:
    """Whoosh's scored results for ``query`` (at most ``limit``), inside the time budget."""
    collector = _BudgetCollector(searcher.collector(limit=limit), deadline)
    searcher.search_with_collector(query, collector)
    return collector.results()


def _ranked_pages(
    searcher: Searcher, snap: _Snapshot, query: wq.Query, needed: int, deadline: Deadline
) -> tuple[dict[int, ScoredPages], bool]:
    """Documents in order of their best page, each with its pages among the top pages;
    and whether those were all the matching pages (Whoosh ran out of them)."""
    limit = max(PAGES_PER_DOC_GUESS * needed, 200)
    while True:
        results = _top(searcher, query, limit, deadline)
        grouped = _group(snap, results.top_n, deadline)
        exhausted = results.scored_length() < limit
        if len(grouped) >= needed or exhausted or limit >= MAX_TOP_PAGES:
            return grouped, exhausted
        limit *= 4


def _ranked_window(
    searcher: Searcher,
    snap: _Snapshot,
    filtered: wq.Query,
    query: wq.Query,
    offset: int,
    needed: int,
    deadline: Deadline,
) -> list[tuple[int, ScoredPages]]:
    """The documents of the requested results page in order of their best page, each with
    its own best ``PER_DOC`` pages.

    One scored pass over the top pages ranks the documents (one pass costs about the same
    whatever its length at 100,000 pages: bench/README.md). A document low in the window
    may have fewer of its pages among them than it has: those documents' pages come from a
    second pass within them alone, so a hit shows the pages the reference evaluation shows.
    """
    grouped, exhausted = _ranked_pages(searcher, snap, filtered, needed, deadline)
    window = list(grouped.items())[offset:needed]
    short = [doc for doc, pages in window if len(pages) < PER_DOC]
    if exhausted or not short:
        return window
    complete = _pages_of(searcher, snap, query, short, deadline)
    return [(doc, complete.get(doc, pages)) for doc, pages in window]


def _pages_of(
    searcher: Searcher,
    snap: _Snapshot,
    query: wq.Query,
    doc_ids: list[int],
    deadline: Deadline,
    *,
    per_doc: int = PER_DOC,
) -> dict[int, ScoredPages]:
    """At least the best ``per_doc`` pages of each document (the query within them).

    One scored pass over these documents' pages (building the matcher of a rewritten query
    costs as much as scoring a few documents, so not one pass per document), grown while a
    document with many high-scoring pages crowds another's out of it. Scores are the
    query's own: ``_Within`` adds nothing.
    """
    within = wq.And([query, _Within(wq.Or([wq.Term("doc_id", str(d)) for d in doc_ids]))])
    limit = per_doc * len(doc_ids) * 4
    while True:
        results = _top(searcher, within, limit, deadline)
        grouped = _group(snap, results.top_n, deadline)
        exhausted = results.scored_length() < limit
        if exhausted or all(len(grouped.get(d, ())) >= per_doc for d in doc_ids):
            return grouped
        limit *= 4


def _filter_query(filters: dict[str, str]) -> wq.Query | None:
    """The facet filters as a Whoosh query (None when there are none)."""
    clauses: list[wq.Query] = []
    for name, value in filters.items():
        if name == "year":
            year = int(value) if value.isdigit() else -1
            clauses.append(wq.NumericRange("year", year, year))
        else:
            clauses.append(wq.Term(name, value.lower()))
    return wq.And(clauses) if clauses else None


_hits = shown_hits  # the engine-neutral step from ranked pages to shown hits


_stem = functools.lru_cache(maxsize=200_000)(porter_stem)


def _shared_key_terms(
    searcher: Searcher, snap: _Snapshot, doc_id: int, text: str, *, count: int = 15
) -> list[tuple[str, float]]:
    """The text's most characteristic words that at least one other document also uses.

    Whoosh's key terms favour words found nowhere else, which can find nothing similar;
    stop words and numbers say nothing about a subject either.
    """
    reader = searcher.reader()
    stops = frozenset().union(*textmod.STOP_WORDS.values())
    chosen = []
    for word, weight in searcher.key_terms_from_text("content", text[:20000], numterms=60):
        if len(word) < 3 or word.isdigit() or word in stops:
            continue
        postings = reader.postings("content", word)
        if any(
            snap.doc_of[docnum] != doc_id for docnum in itertools.islice(postings.all_ids(), 5000)
        ):
            chosen.append((word, weight))
        if len(chosen) == count:
            break
    return chosen


def _term_matcher(query: wq.Query) -> Highlighter:
    """What to mark in page text: the query's words, and its phrases only as phrases."""
    words: set[str] = set()
    stems: set[str] = set()
    phrases: list[tuple[tuple[str, ...], bool]] = []
    for leaf in query.leaves():
        fieldname = getattr(leaf, "fieldname", None)
        if fieldname not in TEXT_LIKE:
            continue  # numeric and keyword fields never appear in page text
        stemmed = fieldname == "stem_en"
        if isinstance(leaf, wq.Phrase):
            phrases.append((tuple(_as_str(w) for w in leaf.words), stemmed))
        elif isinstance(leaf, wq.Term):
            (stems if stemmed else words).add(_as_str(leaf.text))
    return Highlighter(frozenset(words), frozenset(stems), tuple(phrases), _stem)


def _as_str(term: Any) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else str(term)


def suggest(
    searcher: Searcher, q: str, tree: qm.Node, limits: Limits, deadline: Deadline
) -> str | None:
    """A 'did you mean' built from real words of the archive, only if it finds something.

    Only for queries of a few words (and no long phrase), with a capped number of index
    terms compared per misspelt word, inside the query's time budget.
    """
    if not qm.wants_suggestion(tree, limits):
        return None
    reader = searcher.reader()

    def finds(candidate: str) -> bool:
        try:
            query = parse_query(candidate, searcher, limits, deadline)
        except QueryError:
            return False
        return any(True for _ in checked(query.docs(searcher), deadline))

    return qm.suggest(
        q,
        known=lambda word: reader.doc_frequency("content", word) > 0,
        correct=lambda word: _correct(reader, word, limits, deadline),
        finds=finds,
        deadline=deadline,
    )


def _correct(reader: Any, word: str, limits: Limits, deadline: Deadline) -> str | None:
    """The nearest real word, among words sharing its first four letters, then two.

    At most ``limits.suggest_max_candidates`` index terms are compared in all.
    """
    budget = limits.suggest_max_candidates

    def frequency(term: str) -> int:
        return reader.doc_frequency("content", term)

    for size in (4, 2):
        terms = reader.expand_prefix("content", word[:size])
        batch = [_as_str(t) for t in itertools.islice(checked(terms, deadline, every=64), budget)]
        budget -= len(batch)
        best = qm.best_correction(word, batch, frequency)
        if best is not None or budget <= 0:
            return best
    return None
