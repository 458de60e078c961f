"""The full-text index: the only module that imports Whoosh.

One index entry per page, carrying its document's fields, so that a hit knows its page.
Text goes through ``archive.text`` (NFKC, case and accent folding, word segmentation of
Thai, Lao, Khmer and Burmese) before Whoosh sees it; English pages also feed a stemmed
field. Results leave this module as plain dataclasses. Every index write goes through
``SearchIndex.writer()``, which holds an OS file lock for the single Whoosh writer.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import io
import itertools
import logging
import os
import re
import shutil
import threading
import time
import unicodedata
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.analysis import IDTokenizer, LowercaseFilter, StemFilter, StopFilter, Tokenizer
from whoosh.analysis import Token as WhooshToken
from whoosh.fields import ID, NUMERIC, TEXT, Schema
from whoosh.filedb import structfile as whoosh_structfile
from whoosh.lang.porter import stem as porter_stem
from whoosh.qparser import MultifieldParser, plugins
from whoosh.searching import Searcher

from archive import faults
from archive import text as textmod
from archive.errors import IndexUnavailable, QueryError
from archive.snippets import Highlighter
from archive.store import fsync_dir

log = logging.getLogger(__name__)

# Bump when the schema or the analysis changes: the index is then rebuilt from the catalog.
SCHEMA_VERSION = 6
VERSION_FILE = "archive-schema-version"
INDEX_NAME = "pages"
SEARCH_FIELDS = ("title", "creator", "type", "lang", "year", "date", "collection")
DEFAULT_FIELDS = ("title", "creator", "content", "stem_en")
FIELD_BOOSTS = {"title": 3.0, "creator": 1.5, "content": 1.0, "stem_en": 0.7}
SORTS = ("relevance", "date", "title")
FACETS = ("type", "year", "lang", "collection")
STEMMED_LANGUAGES = {"en", None}
SNIPPET_PAGES = 3
PAGES_PER_DOC_GUESS = 8  # top pages fetched per wanted document in one scored pass
MAX_TOP_PAGES = 20000  # at most this many pages scored to fill one results page
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


Texts = Callable[[Iterable[tuple[int, int]]], dict[tuple[int, int], str]]


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


class SearchIndex:
    """The Whoosh index of an archive, with its single-writer lock."""

    def __init__(self, path: Path, *, lock_timeout: float = 60.0) -> None:
        self.path = path
        self.lock_path = path.parent / "index.write.lock"
        self.lock_timeout = lock_timeout
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
        """None if the index opens and reads; otherwise what is wrong with it."""
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
    def write_lock(self) -> Iterator[None]:
        """Hold the archive-wide index write lock (an OS lock: a dead holder releases it)."""
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.lock_path, "a") as fh:
            deadline = time.monotonic() + self.lock_timeout
            while True:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise TimeoutError("index write lock not obtained in time") from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    @contextlib.contextmanager
    def writer(self, *, procs: int = 1, limitmb: int = 256) -> Iterator[IndexWriter]:
        """A writer that commits when the block ends without error, and cancels otherwise."""
        with self.write_lock():
            ix = self._open()
            kwargs: dict[str, Any] = {"limitmb": limitmb}
            if procs > 1:
                kwargs.update(procs=procs, multisegment=True)
            raw = ix.writer(timeout=self.lock_timeout, **kwargs)
            wrapper = IndexWriter(raw)
            try:
                yield wrapper
            except BaseException:
                raw.cancel()
                raise
            faults.maybe_crash("index")
            raw.commit()
            self._snapshot = None

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
        kwargs: dict[str, Any] = {"limitmb": 512}
        if procs > 1:
            kwargs.update(procs=procs, multisegment=True)
        raw = ix.writer(**kwargs)
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
            searcher = ix.searcher()
            self._local.searcher = searcher
        return searcher

    @contextlib.contextmanager
    def reading(self) -> Iterator[Searcher]:
        """A searcher for this thread; index faults become ``IndexUnavailable``."""
        try:
            yield self._searcher()
        except QueryError:
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
            snap = _build_snapshot(searcher, generation)
            self._snapshot = snap
        return snap

    def search(self, request: SearchRequest, texts: Texts, *, limits: Limits) -> SearchResults:
        """Run a reader's query: documents ranked or sorted, best pages with snippets."""
        started = time.perf_counter()
        with self.reading() as searcher:
            query = parse_query(request.q, searcher, limits)
            snap = self._snapshot_for(searcher)
            docs = _filter_docs(snap, _matching_docs(searcher, snap, query), request.filters)
            facets = _facet_counts(snap, docs)
            offset = (request.page - 1) * request.per_page
            window = _window(searcher, snap, query, docs, request, offset)
            hits = _hits(window, texts, _term_matcher(query))
            suggestion = suggest(searcher, request.q, limits) if not docs else None
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
            ranked = _ranked_pages(searcher, snap, query, limit)
            return list(ranked)[:limit]

    def page_snippets(
        self, q: str, doc_id: int, texts: Texts, *, limits: Limits, limit: int = 20
    ) -> list[PageHit]:
        """The pages of one document that match a query, with snippets."""
        with self.reading() as searcher:
            query = parse_query(q, searcher, limits)
            snap = self._snapshot_for(searcher)
            pages = _pages_of(searcher, snap, query, [doc_id], per_doc=limit * 2)
            [hit] = _hits(
                [(doc_id, pages.get(doc_id, []))],
                texts,
                _term_matcher(query),
                shown=limit,
                fallback=False,
            )
            return hit.pages


class IndexWriter:
    """Adds and removes documents' pages within one Whoosh write transaction."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def add(self, doc: IndexedDocument, *, update: bool = True) -> int:
        """Write every page of a document (replacing what was there); return pages written."""
        if update:
            self.delete(doc.id)
        common = {
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


@dataclass(frozen=True)
class Limits:
    """Bounds that keep every query cheap."""

    max_length: int = 500
    max_clauses: int = 64
    max_expansions: int = 256
    max_depth: int = 8


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


# -- query parsing ----------------------------------------------------------------------------

_FUZZY = re.compile(r"\w~\d*(?:\s|$|\))")
_REGEX = re.compile(r"(?:^|[\s(])r[\"']|(?:^|\s)/[^/\s]+/")
_INNER_WILDCARD = re.compile(r"\S*(?:\?|\*\S)\S*")


def clean_query(q: str) -> str:
    """Drop control characters and lone surrogates; turn other whitespace into spaces."""
    out = []
    for ch in q:
        cat = unicodedata.category(ch)
        if cat in ("Cs", "Co"):
            continue
        if cat in ("Cc", "Zl", "Zp"):
            out.append(" " if ch.isspace() else "")
            continue
        out.append(ch)
    return "".join(out).strip()


_DANGLING = re.compile(r"^(?:(?:AND|OR)\s+)+|(?:\s+(?:AND|OR|NOT))+$|^(?:AND|OR|NOT)$")


def _rewrite_operators(q: str) -> str:
    """``-word`` means NOT word and ``+word`` just word (outside quotes, at a word's start
    only: ``e-mail`` and ``press-release`` stay whole); operators left dangling at either
    end are dropped rather than searched as words."""
    out, quoted = [], False
    for i, ch in enumerate(q):
        quoted ^= ch == '"'
        starts = i == 0 or q[i - 1] in " ("
        follows = i + 1 < len(q) and not q[i + 1].isspace()
        if not quoted and ch in "+-" and starts and follows:
            out.append("NOT " if ch == "-" else "")
            continue
        out.append(ch)
    rewritten = "".join(out)
    while (trimmed := _DANGLING.sub("", rewritten).strip()) != rewritten:
        rewritten = trimmed
    return rewritten


def _check_syntax(q: str, limits: Limits) -> None:
    if len(q) > limits.max_length:
        raise QueryError(
            f"The query is too long ({len(q)} characters; at most {limits.max_length})."
        )
    depth = max_depth = 0
    for ch in q:
        depth += (ch == "(") - (ch == ")")
        max_depth = max(max_depth, depth)
    if max_depth > limits.max_depth:
        raise QueryError(f"Too many nested parentheses (at most {limits.max_depth}).")
    if _FUZZY.search(q):
        raise QueryError(
            "Fuzzy search (word~) is not supported; try the word itself or "
            "a prefix such as protect*."
        )
    if _REGEX.search(q):
        raise QueryError(
            "Regular expressions are not supported; try words, "
            '"phrases" or a prefix such as protect*.'
        )
    if re.search(r"(?:^|[\s(:])\*", q):
        raise QueryError("A search cannot start with *; put at least two letters before it.")
    for word in _INNER_WILDCARD.findall(q.replace('"', " ")):
        raise QueryError(f"Only a trailing * is supported (as in protect*), not {word!r}.")


def _parser(schema: Schema) -> MultifieldParser:
    parser = MultifieldParser(list(DEFAULT_FIELDS), schema, fieldboosts=FIELD_BOOSTS)
    parser.remove_plugin_class(plugins.FieldsPlugin)
    parser.remove_plugin_class(plugins.EveryPlugin)
    parser.remove_plugin_class(plugins.BoostPlugin)
    names = "|".join(SEARCH_FIELDS) + "|language|creators|author"
    parser.add_plugin(plugins.FieldsPlugin(expr=rf"(?P<text>{names}):"))
    parser.add_plugin(
        plugins.FieldAliasPlugin({"lang": ["language"], "creator": ["creators", "author"]})
    )
    return parser


_PARSERS: dict[int, MultifieldParser] = {}


def parse_query(q: str, searcher: Searcher, limits: Limits) -> wq.Query:
    """Turn a reader's query into a bounded Whoosh query, or raise ``QueryError``."""
    q = clean_query(q)
    if not q:
        raise QueryError("Type some words to search for.")
    _check_syntax(q, limits)
    q = _rewrite_operators(q)
    if not q:
        raise QueryError("Type some words to search for, not only operators.")
    parser = _PARSERS.setdefault(id(searcher.schema), _parser(searcher.schema))
    try:
        query = parser.parse(q)
    except RecursionError:
        raise QueryError("The query is nested too deeply.") from None
    except Exception as exc:  # Whoosh's parser fails on some operator runs (NOT NOT NOT x)
        log.info("query %r not parsed: %r", q[:200], exc)  # its text is not for readers
        raise QueryError(
            "The query could not be understood; check its AND, OR and NOT, and its brackets."
        ) from exc
    query = _expand_prefixes(query, searcher, limits)
    clauses = sum(1 for _ in query.leaves())
    if clauses > limits.max_clauses:
        raise QueryError(f"The query has too many parts ({clauses}; at most {limits.max_clauses}).")
    if query is wq.NullQuery:
        raise QueryError("The query has no words that can be searched for.")
    return query


def _expand_prefixes(query: wq.Query, searcher: Searcher, limits: Limits) -> wq.Query:
    """Replace each prefix* with its terms, refusing one that matches too many."""
    reader = searcher.reader()

    def visit(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.Phrase) and node.fieldname == "stem_en":
            return wq.NullQuery  # phrases are matched on the exact words only
        if isinstance(node, wq.Prefix):
            if node.fieldname == "stem_en":
                return wq.NullQuery
            terms = []
            for term in reader.expand_prefix(node.fieldname, node.text):
                terms.append(term.decode("utf-8") if isinstance(term, bytes) else term)
                if len(terms) > limits.max_expansions:
                    raise QueryError(
                        f"{node.text}* matches too many words (more than "
                        f"{limits.max_expansions}); add more letters."
                    )
            if not terms:
                return wq.NullQuery
            return wq.Or([wq.Term(node.fieldname, t, boost=node.boost) for t in terms])
        if isinstance(node, wq.Wildcard):
            raise QueryError("Only a trailing * is supported (as in protect*).")
        if node.is_leaf():
            return node
        return node.apply(visit)

    return visit(query).normalize()


# -- matching, ranking, facets ---------------------------------------------------------------


def _matching_docs(searcher: Searcher, snap: _Snapshot, query: wq.Query) -> set[int]:
    """The documents with at least one matching page."""
    docnums = _matching_pages(searcher, query)
    doc_of = snap.doc_of
    return {doc_of[docnum] for docnum in docnums}


def _matching_pages(searcher: Searcher, query: wq.Query) -> set[int]:
    """The page docnums a query matches, by set algebra over posting lists.

    Exact for terms and their boolean combinations, and several times faster than walking
    Whoosh's matcher tree in Python; phrases, ranges and anything else fall back to Whoosh.
    Deleted pages are dropped at the end.
    """
    found = _evaluate(searcher, query)
    reader = searcher.reader()
    if reader.has_deletions():
        found = {d for d in found if not reader.is_deleted(d)}
    return found


def _evaluate(searcher: Searcher, query: wq.Query) -> set[int]:
    if isinstance(query, wq.Term):
        try:
            return set(searcher.postings(query.fieldname, query.text).all_ids())
        except Exception:  # a term absent from the index (Whoosh raises TermNotFound)
            return set()
    if isinstance(query, wq.Or):
        return set().union(*(_evaluate(searcher, sub) for sub in query.subqueries))
    if isinstance(query, wq.And):
        positives = [s for s in query.subqueries if not isinstance(s, wq.Not)]
        negatives = [s.query for s in query.subqueries if isinstance(s, wq.Not)]
        if not positives:
            return set(query.docs(searcher))
        found = _evaluate(searcher, positives[0])
        for sub in positives[1:]:
            if not found:
                break
            found &= _evaluate(searcher, sub)
        for sub in negatives:
            found -= _evaluate(searcher, sub)
        return found
    if isinstance(query, wq.AndNot):
        return _evaluate(searcher, query.a) - _evaluate(searcher, query.b)
    return set(query.docs(searcher))


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


ScoredPages = list[tuple[int, float]]  # (page number, score), best first


def _window(
    searcher: Searcher,
    snap: _Snapshot,
    query: wq.Query,
    docs: set[int],
    request: SearchRequest,
    offset: int,
) -> list[tuple[int, ScoredPages]]:
    """The documents of the requested results page, each with its best-scoring pages."""
    needed = offset + request.per_page
    if not docs or offset >= len(docs):
        return []
    if request.sort == "relevance":
        ranked = _ranked_pages(searcher, snap, _filtered(query, request.filters), needed)
        return list(ranked.items())[offset:needed]
    if request.sort == "date":
        ordered = sorted(docs, key=lambda d: (snap.info[d].date or "0000", d), reverse=True)
    else:
        ordered = sorted(docs, key=lambda d: (snap.info[d].title_sort, d))
    window = ordered[offset:needed]
    pages = _pages_of(searcher, snap, query, window)
    return [(d, pages.get(d, [])) for d in window]


def _filtered(query: wq.Query, filters: dict[str, str]) -> wq.Query:
    # In the query, not ``filter=``, so that Whoosh intersects instead of scanning.
    filter_q = _filter_query(filters)
    return query if filter_q is None else wq.And([query, wq.ConstantScoreQuery(filter_q, 0.0)])


def _group(snap: _Snapshot, top: Iterable[tuple[float, int]]) -> dict[int, ScoredPages]:
    grouped: dict[int, ScoredPages] = {}
    for score, docnum in top:
        grouped.setdefault(snap.doc_of[docnum], []).append((snap.page_of[docnum], score))
    return grouped


def _ranked_pages(
    searcher: Searcher, snap: _Snapshot, query: wq.Query, needed: int
) -> dict[int, ScoredPages]:
    """Documents in order of their best page, from one scored pass over the top pages."""
    limit = max(PAGES_PER_DOC_GUESS * needed, 200)
    while True:
        results = searcher.search(query, limit=limit)
        grouped = _group(snap, results.top_n)
        if len(grouped) >= needed or results.scored_length() < limit or limit >= MAX_TOP_PAGES:
            return grouped
        limit *= 4


def _pages_of(
    searcher: Searcher,
    snap: _Snapshot,
    query: wq.Query,
    doc_ids: list[int],
    *,
    per_doc: int = 2 * SNIPPET_PAGES,
) -> dict[int, ScoredPages]:
    """The best pages of some documents (intersecting the query with those documents)."""
    only = wq.Or([wq.Term("doc_id", str(d)) for d in doc_ids])
    results = searcher.search(
        wq.And([query, wq.ConstantScoreQuery(only, 0.0)]), limit=per_doc * len(doc_ids) * 4
    )
    return _group(snap, results.top_n)


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


def _hits(
    window: list[tuple[int, ScoredPages]],
    texts: Texts,
    matcher: Highlighter,
    *,
    shown: int = SNIPPET_PAGES,
    fallback: bool = True,
) -> list[DocumentHit]:
    """Documents with their best pages whose text matches (page 1 when only metadata does)."""
    candidates = {doc: pages[: max(shown, SNIPPET_PAGES) * 2] for doc, pages in window}
    page_texts = texts(
        [(doc, n) for doc, pages in candidates.items() for n, _ in pages]
        + [(doc, 1) for doc in candidates]
    )
    hits = []
    for doc, pages in window:
        shown_pages = []
        for number, score in candidates[doc]:
            snippet = textmod_snippet(page_texts.get((doc, number), ""), matcher)
            if "<mark>" in snippet:
                shown_pages.append(PageHit(number, score, snippet))
            if len(shown_pages) == shown:
                break
        if not shown_pages and fallback:  # matched by title or creators only
            shown_pages = [PageHit(1, 0.0, textmod_snippet(page_texts.get((doc, 1), ""), matcher))]
        hits.append(DocumentHit(doc, pages[0][1] if pages else 0.0, shown_pages))
    return hits


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
    words, stems, phrases = set(), set(), []
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


def textmod_snippet(page_text: str, matcher: Highlighter) -> str:
    """An HTML snippet of a page around its matching words (see ``archive.snippets``)."""
    from archive.snippets import make_snippet

    return make_snippet(page_text, matcher)


def suggest(searcher: Searcher, q: str, limits: Limits) -> str | None:
    """A 'did you mean' built from real words of the archive, only if it finds something."""
    q = clean_query(q)
    corrector = searcher.corrector("content")
    reader = searcher.reader()
    changed, pieces, last = False, [], 0
    for token in textmod.tokenize(q):
        if reader.doc_frequency("content", token.text) > 0 or len(token.text) < 3:
            continue
        options = corrector.suggest(token.text, limit=1, maxdist=2)
        if not options:
            continue
        pieces.append(q[last : token.start])
        pieces.append(options[0])
        last, changed = token.end, True
    if not changed:
        return None
    pieces.append(q[last:])
    candidate = "".join(pieces)
    try:
        query = parse_query(candidate, searcher, limits)
    except QueryError:
        return None
    return candidate if any(True for _ in query.docs(searcher)) else None
