"""The archive as one object: catalog, file store and index kept in step.

Everything that changes a document goes through here, so that the catalog (the truth) and
the index (derived) agree: a change is logged (``changes``) in the same transaction, and
``sync_index`` applies the log past this index's own cursor (``consumers``) under the
index's lock, so that every app server's index catches up on its own.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from archive import browse, change_log, sandbox, visibility
from archive import drafts as draftsmod
from archive import search as searchmod
from archive import usage as usagemod
from archive import versions as versionsmod
from archive.catalog import (
    DRAFT,
    OCR_TEXT,
    PAGE_OK,
    PUBLISHED,
    WITHDRAWN,
    Catalog,
    Change,
    Collection,
    Consumer,
    Document,
    Event,
    Page,
    log_change,
    primary_reads,
    published,
)
from archive.config import Settings
from archive.errors import (
    IndexUnavailable,
    NotFound,
    QueryError,
    QueryTooExpensive,
    Withdrawn,
)
from archive.messages import N_
from archive.private import private_dir, private_file, private_sqlite, write_private
from archive.search import boilerplate, understanding
from archive.search import query as qm
from archive.search.query import Deadline
from archive.search.synonyms import SynonymSource
from archive.store import FileStore
from archive.thumbs import Thumbnails

log = logging.getLogger(__name__)
RUNNING_CACHE = 4096  # documents whose running lines are remembered

# Harvesters see public documents, and withdrawn ones as deleted records (any future status,
# a draft say, is invisible to them altogether).
HARVESTED = (PUBLISHED, WITHDRAWN)
CATCH_UP_WAIT = 0.5  # seconds a search waits for the index lock to apply others' changes
EDITABLE_FIELDS = (
    "title",
    "creators",
    "date",
    "type",
    "language",
    "subjects",
    "description",
    "collection_id",
)


@dataclass(frozen=True)
class ResultDocument:
    """A search hit joined with its catalog record."""

    document: Document
    score: float
    pages: list[searchmod.PageHit]


@dataclass(frozen=True)
class SearchPage:
    """One page of search results, ready for a view."""

    total: int
    hits: list[ResultDocument]
    facets: dict[str, list[tuple[str, int]]]
    suggestion: str | None
    elapsed_ms: float
    also_searched: tuple[str, ...] = ()  # variants searched besides the reader's words
    types: tuple[str, ...] = ()  # document types the reader's words named
    relaxed: bool = False  # no page had every word: the closest pages are shown
    browsing: bool = False  # no words: documents listed by filters
    ocr_pages: frozenset[tuple[int, int]] = frozenset()  # (document, page) read by OCR


class Archive:
    """An opened archive. Create with ``Archive.open(settings)``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # First, so that an engine that cannot be used is refused before anything is made.
        self.index: searchmod.SearchEngine = searchmod.open_engine(settings)
        self.limits = searchmod.search_limits(settings)
        self.synonyms = SynonymSource(settings.synonyms_file)
        self._running: dict[int, frozenset[tuple[str, ...]]] = {}
        data = private_dir(settings.data_path)
        private_sqlite(settings.effective_database_url)
        self.catalog = Catalog(
            settings.effective_database_url, lock_dir=data, read_url=settings.database_read_url
        )
        self.synonyms.attach(self._people_aliases)
        self.store = FileStore(settings.store_path)
        self.thumbnails = Thumbnails(
            settings.thumbnails_path,
            sandbox.Budget(
                timeout=settings.thumbnail_timeout, memory_mb=settings.thumbnail_memory_mb, nice=5
            ),
        )

    @classmethod
    def open(cls, settings: Settings, *, prepare_index: bool = True) -> Archive:
        """Open (creating if needed) the archive; migrate the catalog; make sure of the index."""
        archive = cls(settings)
        archive.catalog.upgrade()
        if prepare_index:
            archive.ensure_index()
        return archive

    def _people_aliases(self) -> tuple[Any, list[list[str]]]:
        from archive import people  # people records the history through this module

        return people.alias_groups(self.catalog)

    def close(self) -> None:
        """Close this thread's searcher and the catalog's connections."""
        self.index.close()
        dispose = getattr(self.index, "dispose", None)
        if dispose is not None:  # an engine with its own connection pool
            dispose()
        self.catalog.dispose()

    # -- secret key ---------------------------------------------------------------------------

    def secret_key(self) -> str:
        """The configured secret key, or one generated once and kept in the data directory."""
        if self.settings.secret_key:
            return self.settings.secret_key
        path = self.settings.data_path / "secret_key"
        if not path.exists():
            # One temporary name per thread: two threads of a process may get here at once.
            tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.unlink(missing_ok=True)  # left by a crash of a process that had this pid
            write_private(tmp, secrets.token_hex(32).encode())
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)  # first process to get here wins; the others read it
            tmp.unlink(missing_ok=True)
        private_file(path)  # a key written by an older version may be readable by others
        return path.read_text().strip()

    # -- index upkeep -------------------------------------------------------------------------

    def catalog_revision(self) -> str | None:
        """The migration the catalog database is at (None for an empty database)."""
        from archive.migrate import current_revision

        return current_revision(self.catalog.engine)

    def ensure_index(self, *, thorough: bool = True) -> bool:
        """Create and refill the index if it is missing, damaged or of an older schema.

        ``thorough=False`` does not read the whole index (seconds at 100,000 pages, when
        it changed since the last full check passed): only an index that is missing, of
        an older schema or flagged damaged is rebuilt. ``archive serve`` opens so; its
        background worker makes the full check as it starts, and rebuilds if need be.
        """
        if self.index.exists():
            problem = self.index.health() if thorough else self.index.needs_rebuild()
            if problem is None:
                self.sync_index()
                return False
            log.warning("%s: rebuilding it from the catalog", problem)
        else:
            log.info("no up-to-date search index yet: building it from the catalog")
        self.rebuild_index()
        return True

    @property
    def index_consumer(self) -> str:
        """This index's name in the change log's cursors.

        The PostgreSQL engine's tables are one index shared by every server; each Whoosh
        index belongs to one server (``ARCHIVE_SERVER_ID``).
        """
        if self.settings.search_engine == "postgres":
            return "index:postgres"
        return f"index:whoosh:{self.settings.effective_server_id}"

    def rebuild_index(
        self, *, procs: int = 1, progress: Callable[[int], None] | None = None
    ) -> int:
        """Recreate the index from the catalog; return the number of pages indexed."""
        with self.catalog.read() as session:
            # Read before the documents: a change logged meanwhile is applied again later.
            last = change_log.head(session)
            count = self.index.rebuild(
                self._indexed_documents(session, published_only=True),
                procs=procs,
                progress=progress,
            )
        self._set_cursor(last, force=True)
        return count

    def sync_index(
        self,
        *,
        batch: int = 200,
        lock_timeout: float | None = None,
        max_pages: int | None = None,
    ) -> int:
        """Apply every logged change past this index's cursor; return changes applied.

        ``max_pages`` ends an index commit once that many pages are written (at least one
        document per commit), so that catching up with a large ingest holds only so many
        pages in memory at once.
        """
        if self.index_missed_changes():
            # Changes this index never applied were pruned from the log (a server forgotten
            # by ``archive servers forget`` that came back): only a rebuild is complete.
            log.warning("the change log was pruned past this index's cursor: rebuilding it")
            self.rebuild_index()
            return 0
        done = 0
        while self._behind():
            done += self._sync_batch(batch, lock_timeout, max_pages)
        return done

    def index_missed_changes(self) -> bool:
        """Whether changes past this index's cursor were pruned from the log."""
        cursor = self.index_cursor()
        with self.catalog.read() as session:
            return change_log.gap(session, cursor)

    def prune_change_log(self) -> int:
        """Delete the logged changes every index has applied; return how many."""
        return change_log.prune(self.catalog)

    def change_log_cursors(self) -> list[change_log.Cursor]:
        """Every index that reads the change log, and how far behind it is."""
        with self.catalog.read() as session:
            return change_log.cursors(session)

    def forget_change_log_reader(self, name: str) -> bool:
        """Stop an index that is gone for good holding the change log back."""
        return change_log.forget(self.catalog, name)

    def _behind(self) -> bool:
        """Whether changes were logged past this index's cursor."""
        with self.catalog.read() as session:
            head = change_log.head(session)
        return head > self.index_cursor()

    def index_cursor(self) -> int:
        """The id of the last change this index has applied."""
        with self.catalog.read() as session:
            return (
                session.scalar(
                    select(Consumer.last_change_id).where(Consumer.name == self.index_consumer)
                )
                or 0
            )

    def awaiting_index(self, doc_id: int) -> bool:
        """Whether a change to this document has not reached this server's index yet."""
        cursor = self.index_cursor()
        with self.catalog.read() as session:
            pending = select(Change.id).where(Change.id > cursor, Change.document_id == doc_id)
            return session.scalar(pending.limit(1)) is not None

    def pending_documents(self) -> set[int]:
        """Documents changed since this index's cursor (not yet applied to it)."""
        cursor = self.index_cursor()
        with self.catalog.read() as session:
            return set(session.scalars(select(Change.document_id).where(Change.id > cursor)))

    def catch_up(self) -> None:
        """Apply changes made through other servers before answering (two indexed lookups
        when there are none); if the index lock is busy, answer from the index as it is."""
        if not self._behind():
            return
        try:
            self.sync_index(lock_timeout=CATCH_UP_WAIT)
        except (TimeoutError, IndexUnavailable) as exc:
            # Another writer holds the index (an ingest, a rebuild): it applies the log.
            log.info("search answered before catching up: %s", exc)

    def _sync_batch(
        self, batch: int, lock_timeout: float | None = None, max_pages: int | None = None
    ) -> int:
        # Read the catalog only once the index lock is held: a syncer that read earlier and
        # waited for the lock would otherwise write an older version over a newer one.
        with self.index.writer(lock_timeout=lock_timeout) as writer:
            cursor = self.index_cursor()
            with self.catalog.read() as session:
                changes = session.execute(
                    select(Change.id, Change.document_id)
                    .where(Change.id > cursor)
                    .order_by(Change.id)
                    .limit(batch)
                ).all()
                if not changes:
                    return 0
                if max_pages is not None:
                    changes = _within_pages(session, changes, max_pages)
                ids = sorted({doc_id for _, doc_id in changes})
                docs = {
                    doc.id: doc
                    for doc in session.scalars(
                        select(Document)
                        .where(Document.id.in_(ids))
                        .options(selectinload(Document.pages), selectinload(Document.collection))
                    )
                }
                for doc_id in ids:
                    doc = docs.get(doc_id)
                    if doc is not None and doc.status == PUBLISHED:
                        writer.add(to_indexed(doc))
                    else:
                        writer.delete(doc_id)
        self._set_cursor(changes[-1][0])
        return len(changes)

    def _set_cursor(self, last: int, *, force: bool = False) -> None:
        """Record that this index has applied the log up to ``last`` (never backwards,
        unless ``force``: a rebuild starts over from what it read)."""
        name = self.index_consumer
        try:
            with self.catalog.session() as session:
                row = session.get(Consumer, name, with_for_update=True)
                if row is None:
                    session.add(Consumer(name=name, last_change_id=last))
                elif force or last > row.last_change_id:
                    row.last_change_id = last
        except IntegrityError:  # another process added the row first: update it
            self._set_cursor(last, force=force)

    def _indexed_documents(
        self, session: Session, *, published_only: bool
    ) -> Iterator[searchmod.IndexedDocument]:
        stmt = select(Document.id).order_by(Document.id)
        if published_only:
            stmt = stmt.where(Document.status == PUBLISHED)
        ids = list(session.scalars(stmt))
        for start in range(0, len(ids), 100):
            docs = session.scalars(
                select(Document)
                .where(Document.id.in_(ids[start : start + 100]))
                .options(selectinload(Document.pages), selectinload(Document.collection))
                .order_by(Document.id)
            ).all()
            for doc in docs:
                yield to_indexed(doc)
            session.expunge_all()

    def try_sync_index(self, *, max_pages: int | None = None) -> None:
        """Sync the index now if its lock can be had; otherwise the worker will."""
        try:
            self.sync_index(max_pages=max_pages)
        except (TimeoutError, IndexUnavailable) as exc:
            log.warning("index sync deferred to the worker: %s", exc)

    # -- reading ------------------------------------------------------------------------------

    def page_texts(self, pairs: Iterable[tuple[int, int]]) -> Mapping[tuple[int, int], str]:
        """The running text of these (document, page) pairs, for snippets: running headers
        and footers left out, and nothing for a table of contents (cleaned when read)."""
        return boilerplate.CleanedPages(self.raw_page_texts(pairs), self._running_keys)

    def readable_texts(self, pairs: Iterable[tuple[int, int]]) -> Mapping[tuple[int, int], str]:
        """``page_texts`` of the documents whose content readers may have (snippets' source)."""
        raw = self.raw_page_texts(pairs)
        open_ids = self._content_open({d for d, _ in raw})
        readable = {pair: text for pair, text in raw.items() if pair[0] in open_ids}
        return boilerplate.CleanedPages(readable, self._running_keys)

    def _content_open(self, ids: set[int]) -> set[int]:
        if not ids:
            return set()
        with self.catalog.read() as session:
            stmt = visibility.open_content(select(Document.id).where(Document.id.in_(ids)))
            return set(session.scalars(stmt))

    def raw_page_texts(self, pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], str]:
        """The stored text of these (document, page) pairs."""
        pairs = list(pairs)
        if not pairs:
            return {}
        doc_ids = {d for d, _ in pairs}
        with self.catalog.public_read() as session:
            rows = session.execute(
                select(Page.document_id, Page.number, Page.text)
                .where(Page.document_id.in_(doc_ids))
                .where(Page.number.in_({n for _, n in pairs}))
            ).all()
        wanted = set(pairs)
        return {(d, n): t for d, n, t in rows if (d, n) in wanted}

    def _running_keys(self, doc_id: int) -> frozenset[tuple[str, ...]]:
        """A document's running lines, from its first pages (remembered: pages never change)."""
        keys = self._running.get(doc_id)
        if keys is None:
            with self.catalog.read() as session:
                texts = session.scalars(
                    select(Page.text)
                    .where(Page.document_id == doc_id)
                    .where(Page.number <= boilerplate.SAMPLE_PAGES)
                    .order_by(Page.number)
                ).all()
            keys = boilerplate.running_keys(list(texts))
            if len(self._running) >= RUNNING_CACHE:
                self._running.clear()
            self._running[doc_id] = keys
        return keys

    def search(self, request: searchmod.SearchRequest) -> SearchPage:
        """Search as a reader means it: stop words left out, synonyms and type words added,
        the closest pages when no page has every word; no words lists by filters."""
        if not request.q.strip():
            if not request.filters:
                raise QueryError(N_("Type some words to search for, or choose a filter to browse."))
            return self.browse(request)
        started = time.perf_counter()
        self.catch_up()  # others' changes: not this query's cost
        deadline = Deadline(self.limits.time_budget_ms)  # one budget for every engine call
        plan = understanding.plan(request.q, self.synonyms.current(), self.limits)
        strict = self._engine_request(request, plan.strict)
        results = self.index.search(strict, self.readable_texts, limits=self._within(deadline))
        # Unrewritten and found nothing: the engine has already tried "did you mean".
        asked_engine = plan.strict == request.q and results.total == 0
        engine_suggestion = results.suggestion if asked_engine else None
        relaxed = False
        if results.total == 0 and plan.relaxed:
            loose = self._engine_request(request, plan.relaxed)
            results = self.index.search(loose, self.readable_texts, limits=self._within(deadline))
            relaxed = results.total > 0
        if engine_suggestion or (asked_engine and len(plan.words) <= 1):
            suggestion = engine_suggestion
        else:
            suggestion = self._suggestion(request.q, plan, results.total == 0 or relaxed, deadline)
        page = self._joined(results, suggestion)
        elapsed = (time.perf_counter() - started) * 1000
        return replace(
            page,
            elapsed_ms=elapsed,
            also_searched=plan.also_searched,
            types=plan.types,
            relaxed=relaxed,
        )

    def _engine_request(self, request: searchmod.SearchRequest, q: str) -> searchmod.SearchRequest:
        """The request the engine runs: catalog-only filters become query clauses."""
        engine_filters = {k: v for k, v in request.filters.items() if k in searchmod.FACETS}
        extra = {k: v for k, v in request.filters.items() if k not in searchmod.FACETS}
        clauses = [f"({q})"]
        if "creator" in extra:
            clauses.append(_creator_clause(extra["creator"], self.synonyms.current()))
        if "day" in extra:
            clauses.append(f"date:{extra['day']}")
        if "subject" in extra:
            raise QueryError(N_("A subject can be browsed, not searched: remove the words."))
        q = " ".join(clauses) if len(clauses) > 1 else q
        return replace(request, q=q, filters=engine_filters)

    def _joined(self, results: searchmod.SearchResults, suggestion: str | None) -> SearchPage:
        """The engine's hits joined with the catalog, dropping anything not published."""
        ids = [hit.doc_id for hit in results.hits]
        docs = self._published(ids)
        hits = [
            ResultDocument(docs[h.doc_id], h.score, _readable_pages(docs[h.doc_id], h.pages))
            for h in results.hits
            if h.doc_id in docs
        ]
        shown = [(h.document.id, p.page) for h in hits for p in h.pages]
        return SearchPage(
            results.total,
            hits,
            results.facets,
            suggestion,
            results.elapsed_ms,
            ocr_pages=frozenset(self.ocr_pages(shown)),
        )

    def _published(self, ids: Iterable[int]) -> dict[int, Document]:
        with self.catalog.public_read() as session:
            return {
                d.id: d
                for d in session.scalars(
                    select(Document)
                    .where(Document.id.in_(list(ids)), Document.status == PUBLISHED)
                    .options(selectinload(Document.collection))
                )
            }

    def _within(self, deadline: Deadline) -> qm.Limits:
        """The limits with what is left of a search's time budget (``QueryTooExpensive`` if
        none is left), so that the engine calls of one reader's search share one budget."""
        deadline.check()
        return replace(self.limits, time_budget_ms=max(1, int(deadline.remaining() * 1000)))

    def _suggestion(
        self, q: str, plan: understanding.Plan, missed: bool, deadline: Deadline
    ) -> str | None:
        """``q`` with each word that finds nothing by itself replaced by a form that does:
        a variant from the synonym file first, else the engine's nearest archive word.

        Words are tried only when some may have found nothing (nothing found, or not every
        word found, or a word found only through its variants), at most
        ``suggest_max_words`` of them, within what is left of the search's time budget (a
        suggestion is a courtesy: when the budget runs out, there is none).
        """
        if not qm.wants_suggestion(qm.parse(q, self.limits), self.limits):
            return None
        synonyms = self.synonyms.current()
        suggested, changed = q, False
        for word in plan.words[: self.limits.suggest_max_words]:
            key = understanding.word_key(word)
            if not missed and not synonyms.variants(key):
                continue
            if deadline.remaining() <= 0:
                break
            try:
                better = self._better_form(word, synonyms.variants(key), deadline)
            except QueryTooExpensive:
                break
            if better and better.casefold() != word.casefold():
                suggested, changed = _replace_word(suggested, word, better), True
        return suggested if changed else None

    def _better_form(self, word: str, variants: Iterable[str], deadline: Deadline) -> str | None:
        """None if ``word`` finds something alone; else a variant or correction that does."""
        probe = self._probe(word, deadline)
        if probe is None or probe.total:
            return None
        for form in variants:
            found = self._probe(form, deadline)
            if found is not None and found.total:
                return form
        return probe.suggestion

    def _probe(self, words: str, deadline: Deadline) -> searchmod.SearchResults | None:
        q = f'"{words}"' if " " in words else words
        try:
            request = searchmod.SearchRequest(q=q, per_page=1)
            return self.index.search(request, lambda pairs: {}, limits=self._within(deadline))
        except QueryError:
            return None

    def browse(self, request: searchmod.SearchRequest) -> SearchPage:
        """Published documents the filters admit, with facets (no words typed)."""
        started = time.perf_counter()
        from archive import people

        with self.catalog.read() as session:
            all_rows = browse.rows(session)
            canonical = people.canonical_names(session, self.synonyms.current())
        chosen = browse.select_rows(all_rows, request.filters, self.synonyms.current())
        with_day = "collection" in request.filters
        facets = browse.facet_counts(chosen, with_day=with_day, canonical=canonical)
        window = browse.ordered(chosen, request.sort)
        start = (request.page - 1) * request.per_page
        ids = [r.id for r in window[start : start + request.per_page]]
        docs = self._published(ids)
        hits = [ResultDocument(docs[i], 0.0, []) for i in ids if i in docs]
        elapsed = (time.perf_counter() - started) * 1000
        return SearchPage(len(chosen), hits, facets, None, elapsed, browsing=True)

    def page_snippets(self, q: str, doc_id: int) -> list[searchmod.PageHit]:
        """The pages of one document matching ``q`` as a search reads it, with snippets."""
        plan = understanding.plan(q, self.synonyms.current(), self.limits)
        texts = self.readable_texts
        pages = self.index.page_snippets(plan.strict, doc_id, texts, limits=self.limits)
        if not pages and plan.relaxed:
            pages = self.index.page_snippets(plan.relaxed, doc_id, texts, limits=self.limits)
        return pages

    def page_extraction(self, doc_id: int) -> list[tuple[int, str, str]]:
        """(page, status, note) of the pages whose text was not read plainly, in order."""
        with self.catalog.read() as session:
            rows = session.execute(
                select(Page.number, Page.extraction, Page.extraction_note)
                .where(Page.document_id == doc_id, Page.extraction != PAGE_OK)
                .order_by(Page.number)
            ).all()
        return [(number, status, note) for number, status, note in rows]

    def ocr_pages(self, pairs: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
        """Those of these (document, page) pairs whose text was recognised by OCR."""
        pairs = list(pairs)
        if not pairs:
            return set()
        with self.catalog.read() as session:
            rows = session.execute(
                select(Page.document_id, Page.number)
                .where(Page.document_id.in_({d for d, _ in pairs}))
                .where(Page.number.in_({n for _, n in pairs}), Page.text_source == OCR_TEXT)
            ).all()
        return {(d, n) for d, n in rows} & set(pairs)

    def document(self, doc_id: int, *, with_pages: bool = False) -> Document:
        """A document by id (any status), or ``NotFound``."""
        with self.catalog.public_read() as session:
            options = [selectinload(Document.collection)]
            if with_pages:
                options.append(selectinload(Document.pages))
            doc = session.get(Document, doc_id, options=options)
            if doc is None:
                raise NotFound(
                    N_("There is no document %(id)s in the archive.", id=doc_id), doc_id=doc_id
                )
            return doc

    @staticmethod
    def reader_may_see(doc: Document, *, librarian: bool = False) -> bool:
        """Whether this reader may have the document's file, text, page images and viewer.

        The one rule of ``archive.visibility``, asked by every path that serves content
        (downloads, thumbnails, the viewer, snippets, ZIPs); ``is_public`` is its record half.
        """
        return visibility.content_visible(doc, librarian=librarian)

    def page_image(self, doc: Document, page: int, size: str, *, librarian: bool = False) -> Path:
        """The path of a page's image for this reader (drawn now if needed), or ``NotFound``."""
        if not self.reader_may_see(doc, librarian=librarian) or not 1 <= page <= doc.page_count:
            raise NotFound(
                N_("Document %(id)s has no page %(page)s.", id=doc.id, page=page),
                doc_id=doc.id,
            )
        return self.thumbnails.get(doc.sha256, self.store.path_for(doc.sha256), page, size)

    def public_document(self, doc_id: int, *, with_pages: bool = False) -> Document:
        """A document readers may see, or ``NotFound``, or ``Withdrawn`` (carrying it)."""
        doc = self.document(doc_id, with_pages=with_pages)
        if doc.status == DRAFT:  # unknown to readers until a librarian publishes it
            raise NotFound(
                N_("There is no document %(id)s in the archive.", id=doc_id), doc_id=doc_id
            )
        if not self.is_public(doc):
            raise Withdrawn(doc, doc_id=doc_id)
        return doc

    def documents(
        self, *, offset: int = 0, limit: int = 50, collection_id: int | None = None
    ) -> tuple[int, list[Document]]:
        """Published documents, newest first, with the total count."""
        stmt = select(Document).where(Document.status == PUBLISHED)
        if collection_id is not None:
            stmt = stmt.where(Document.collection_id == collection_id)
        with self.catalog.public_read() as session:
            total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
            docs = session.scalars(
                stmt.options(selectinload(Document.collection))
                .order_by(Document.date.desc(), Document.id)
                .offset(offset)
                .limit(limit)
            ).all()
        return total, list(docs)

    def collections(self) -> list[Collection]:
        """Every collection with its documents loaded."""
        with self.catalog.public_read() as session:
            return list(
                session.scalars(
                    select(Collection)
                    .options(selectinload(Collection.documents))
                    .order_by(Collection.start_date.desc(), Collection.id)
                )
            )

    def similar(self, doc: Document, *, limit: int = 5) -> list[Document]:
        """Published documents like this one."""
        sample = " ".join(self.readable_texts((doc.id, n) for n in range(1, 9)).values())
        if not sample.strip():  # no text, or text readers may not have: its title stands in
            sample = doc.title
        try:
            ids = self.index.similar(doc.id, sample, limit=limit)
        except QueryTooExpensive as exc:  # a side panel: leave it empty rather than fail
            log.warning("similar documents of %s not found in time: %s", doc.id, exc.message)
            return []
        with self.catalog.public_read() as session:
            found = {
                d.id: d
                for d in session.scalars(
                    select(Document).where(Document.id.in_(ids), Document.status == PUBLISHED)
                )
            }
        return [found[i] for i in ids if i in found]

    def history(
        self, *, document_id: int | None = None, before: int | None = None, limit: int = 200
    ) -> list[Event]:
        """The newest events (older than event ``before``, if given), for one document or all."""
        stmt = select(Event).order_by(Event.id.desc()).limit(limit)
        if document_id is not None:
            stmt = stmt.where(Event.document_id == document_id)
        if before is not None:
            stmt = stmt.where(Event.id < before)
        with self.catalog.read() as session:
            return list(session.scalars(stmt))

    def document_titles(self, ids: Iterable[int]) -> dict[int, str]:
        """Each of these documents' id with its title (any status; unknown ids left out)."""
        wanted = set(ids)
        if not wanted:
            return {}
        with self.catalog.read() as session:
            rows = session.execute(
                select(Document.id, Document.title).where(Document.id.in_(wanted))
            )
            return {doc_id: title for doc_id, title in rows}

    def latest_documents(self, *, limit: int = 20) -> list[Document]:
        """The most recently catalogued documents, any status, newest first (for librarians)."""
        with self.catalog.read() as session:
            return list(session.scalars(select(Document).order_by(Document.id.desc()).limit(limit)))

    def withdrawn_documents(self) -> list[Document]:
        """Every withdrawn document, the most recently catalogued first."""
        with self.catalog.read() as session:
            return list(
                session.scalars(
                    select(Document)
                    .where(Document.status == WITHDRAWN)
                    .order_by(Document.id.desc())
                )
            )

    def unfiled_documents(self) -> list[Document]:
        """Published documents that belong to no collection, newest first."""
        with self.catalog.read() as session:
            return list(
                session.scalars(
                    published(select(Document))
                    .where(Document.collection_id.is_(None))
                    .order_by(Document.date.desc(), Document.title)
                )
            )

    # -- being found: harvesting, feeds, sitemaps, bulk downloads ---------------------------

    @staticmethod
    def is_public(doc: Document) -> bool:
        """Whether readers, harvesters, feeds and sitemaps may see this document's record.

        Its content (file, text, images) may still be restricted: ask ``reader_may_see``.
        """
        return visibility.record_visible(doc)

    def harvest(
        self,
        *,
        after_id: int = 0,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        scope: HarvestScope | None = None,
        limit: int = 100,
    ) -> tuple[int, list[Document]]:
        """Published and withdrawn documents changed in [since, until), by id after ``after_id``.

        Withdrawn documents are included so that harvesters learn of the withdrawal; the count
        is of every match, whatever ``after_id``.
        """
        stmt = select(Document).where(Document.status.in_(HARVESTED))
        if since is not None:
            stmt = stmt.where(Document.updated_at >= since)
        if until is not None:
            stmt = stmt.where(Document.updated_at < until)
        stmt = (scope or HarvestScope()).narrow(stmt)
        with self.catalog.read() as session:
            total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
            docs = session.scalars(
                stmt.where(Document.id > after_id)
                .options(selectinload(Document.collection))
                .order_by(Document.id)
                .limit(limit)
            ).all()
        return total, list(docs)

    def earliest_change(self) -> dt.datetime | None:
        """The oldest datestamp a harvester can see (None for an empty archive)."""
        with self.catalog.read() as session:
            return session.scalar(
                select(func.min(Document.updated_at)).where(Document.status.in_(HARVESTED))
            )

    def collection(self, slug: str) -> Collection | None:
        """The collection with this slug and its documents, if there is one."""
        with self.catalog.read() as session:
            return session.scalar(
                select(Collection)
                .where(Collection.slug == slug)
                .options(selectinload(Collection.documents).selectinload(Document.collection))
            )

    def collection_by_id(self, collection_id: int) -> Collection | None:
        """The collection with this id, if there is one."""
        with self.catalog.read() as session:
            return session.get(Collection, collection_id)

    def collection_titles(self) -> dict[str, str]:
        """Each collection's slug with its title."""
        with self.catalog.read() as session:
            rows = session.execute(select(Collection.slug, Collection.title))
            return {slug: title for slug, title in rows}

    # -- people and programmes (the SQL lives in archive/people.py) ----------------------------

    def people(self) -> list[Any]:
        """Every people record that was not merged into another, by name."""
        from archive import people

        with self.catalog.read() as session:
            return people.everyone(session)

    def person_page(self, slug: str) -> tuple[Any, list[Document], list[Any]] | None:
        """A record (merges followed) with its published documents and talks, or None."""
        from archive import people

        synonyms = self.synonyms.current()
        with self.catalog.read() as session:
            person = people.by_slug(session, slug)
            if person is None:
                return None
            docs = people.documents_of(session, person, synonyms)
            return person, docs, people.talks_of(session, person, synonyms)

    def person_slug(self, name: str) -> str | None:
        """The slug of the record named (or aliased) ``name``, if there is one."""
        from archive import people

        with self.catalog.read() as session:
            person = people.by_name(session, name, self.synonyms.current())
            return person.slug if person else None

    def edit_person(self, person_id: int, values: dict[str, Any], *, actor: str) -> None:
        """Change a people record (name, kind, aliases, affiliation, identifiers)."""
        from archive import people

        with self.catalog.session() as session:
            people.edit(session, person_id, values, actor=actor)

    def merge_people(self, source_id: int, target_id: int, *, actor: str) -> None:
        """Merge one people record into another; the history keeps both."""
        from archive import people

        with self.catalog.session() as session:
            people.merge(session, source_id, target_id, actor=actor)

    def sync_people(self, *, actor: str) -> int:
        """Create records for creator strings that have none; return how many."""
        from archive import people

        with self.catalog.session() as session:
            return people.ensure_from_documents(session, actor=actor)

    def collection_stamps(self) -> list[tuple[str, dt.datetime]]:
        """Every collection's slug with its last change."""
        with self.catalog.read() as session:
            rows = session.execute(
                select(Collection.slug, Collection.updated_at).order_by(Collection.id)
            )
            return [(slug, stamp) for slug, stamp in rows]

    def public_document_stamps(self, *, offset: int, limit: int) -> list[tuple[int, dt.datetime]]:
        """Public documents' ids with their last change, by id."""
        with self.catalog.read() as session:
            rows = session.execute(
                published(select(Document.id, Document.updated_at))
                .order_by(Document.id)
                .offset(offset)
                .limit(limit)
            )
            return [(doc_id, stamp) for doc_id, stamp in rows]

    def count_public_documents(self) -> int:
        """How many documents readers can see."""
        with self.catalog.read() as session:
            return session.scalar(published(select(func.count(Document.id)))) or 0

    def recent_documents(
        self, *, limit: int = 50, collection_id: int | None = None
    ) -> list[Document]:
        """Public documents, the most recently added first."""
        stmt = published(select(Document))
        if collection_id is not None:
            stmt = stmt.where(Document.collection_id == collection_id)
        with self.catalog.read() as session:
            return list(
                session.scalars(
                    stmt.options(selectinload(Document.collection))
                    .order_by(Document.added_at.desc(), Document.id.desc())
                    .limit(limit)
                )
            )

    def public_documents_of(self, collection_id: int) -> list[Document]:
        """Every public document of a collection, by date then title."""
        with self.catalog.read() as session:
            return list(
                session.scalars(
                    published(select(Document))
                    .where(Document.collection_id == collection_id)
                    .options(selectinload(Document.collection))
                    .order_by(Document.date, Document.title, Document.id)
                )
            )

    # -- changing -----------------------------------------------------------------------------

    def edit(self, doc_id: int, changes: dict[str, Any], *, actor: str) -> Document:
        """Change a document's metadata; record before and after; reindex it."""
        with self.catalog.session() as session:
            doc = _get(session, doc_id)
            before = {k: getattr(doc, k) for k in changes}
            for key, value in changes.items():
                if key not in EDITABLE_FIELDS:
                    raise ValueError(f"not an editable field: {key}")
                setattr(doc, key, value)
            after = {k: getattr(doc, k) for k in changes}
            diff = {k: [before[k], after[k]] for k in changes if before[k] != after[k]}
            if diff:
                record(session, actor, "edit", doc.id, changes=diff)
            if "creators" in diff:
                from archive import people

                people.ensure(
                    session, doc.creators or [], actor=actor, synonyms=self.synonyms.current()
                )
        self.try_sync_index()
        token = primary_reads.set(True)  # the editor reads back their own change
        try:
            return self.document(doc_id)
        finally:
            primary_reads.reset(token)

    def set_access(self, doc_id: int, access: visibility.Access, *, actor: str) -> bool:
        """Give a document an access level; record before and after; return whether it changed."""
        with self.catalog.session() as session:
            doc = _get(session, doc_id)
            before = visibility.access_of(doc)
            if before == access:
                return False
            doc.access, doc.embargo_until = access.level, access.until
            doc.index_pending = True  # the index holds the text only of open documents
            record(session, actor, "access", doc.id, changes={"access": [str(before), str(access)]})
        self.try_sync_index()
        return True

    def open_embargoes(self, *, actor: str = "worker") -> list[int]:
        """Open every document whose embargo date has come; return their ids."""
        with self.catalog.session() as session:
            due = list(session.scalars(visibility.due_embargoes(select(Document))))
            for doc in due:
                before = str(visibility.access_of(doc))
                doc.access, doc.embargo_until = visibility.ACCESS_PUBLIC, None
                doc.index_pending = True
                record(session, actor, "access", doc.id, changes={"access": [before, "public"]})
        if due:
            self.try_sync_index()
        return [doc.id for doc in due]

    def versions(self, doc_id: int) -> list[Any]:
        """Every file a document has had, oldest first (``DocumentVersion`` rows)."""
        with self.catalog.read() as session:
            return versionsmod.versions_of(session, doc_id)

    def version(self, doc_id: int, number: int) -> Any:
        """One version of a document, or ``NotFound``."""
        with self.catalog.read() as session:
            found = versionsmod.version(session, doc_id, number)
        if found is None:
            raise NotFound(
                N_("Document %(id)s has no version %(n)s.", id=doc_id, n=number),
                doc_id=doc_id,
            )
        return found

    def count_use(self, doc_id: int, kind: str) -> None:
        """Count one reader's view or download of a document this month."""
        with self.catalog.session() as session:
            usagemod.add(session, doc_id, kind)

    def usage_of(self, doc_id: int) -> list[usagemod.UsageRow]:
        """A document's views and downloads per month, newest first."""
        with self.catalog.read() as session:
            return usagemod.of_document(session, doc_id)

    def usage_by_collection(self) -> list[usagemod.UsageRow]:
        """Views and downloads per collection and month."""
        with self.catalog.read() as session:
            return usagemod.by_collection(session)

    def usage_per_document(self) -> list[tuple[int, str, str, int, int]]:
        """Every document's views and downloads per month (for the CSV export)."""
        with self.catalog.read() as session:
            return usagemod.per_document(session)

    def drafts(self) -> list[draftsmod.Draft]:
        """Every draft waiting for review, with what looks missing or suspicious."""
        with self.catalog.read() as session:
            return draftsmod.drafts(session)

    def publish(self, doc_ids: Iterable[int], *, actor: str) -> list[int]:
        """Publish these drafts (others are left alone); record each; return those published."""
        with self.catalog.session() as session:
            found = draftsmod.publishable(session, list(doc_ids))
            for doc in found:
                draftsmod.mark_published(doc)
                record(session, actor, "publish", doc.id, changes={"status": ["draft", PUBLISHED]})
        if found:
            self.try_sync_index()
        return [doc.id for doc in found]

    def set_status(self, doc_id: int, *, withdrawn: bool, reason: str, actor: str) -> None:
        """Withdraw a document (out of search, file kept) or restore it."""
        with self.catalog.session() as session:
            doc = _get(session, doc_id)
            doc.status = WITHDRAWN if withdrawn else PUBLISHED
            doc.withdrawn_reason = reason if withdrawn else ""
            record(session, actor, "withdraw" if withdrawn else "restore", doc.id, reason=reason)
        self.try_sync_index()


@dataclass(frozen=True)
class HarvestScope:
    """The part of the archive a harvester asked for: a collection, any collection, a type."""

    collection: str | None = None
    any_collection: bool = False
    doc_type: str | None = None

    def narrow(self, stmt: Any) -> Any:
        """Restrict a document query to this scope."""
        if self.collection is not None:
            stmt = stmt.join(Document.collection).where(Collection.slug == self.collection)
        elif self.any_collection:
            stmt = stmt.where(Document.collection_id.is_not(None))
        if self.doc_type is not None:
            stmt = stmt.where(Document.type == self.doc_type)
        return stmt


def _creator_clause(name: str, synonyms: Any) -> str:
    """``creator:"name"`` or any of its aliases, as query text."""
    forms = [name, *synonyms.variants(understanding.word_key(name))]
    quoted = [f'creator:"{f.replace(chr(34), " ")}"' for f in forms]
    return "(" + " OR ".join(quoted) + ")"


def _replace_word(q: str, word: str, better: str) -> str:
    """``q`` with its first ``word`` (as typed) replaced by ``better``."""
    at = q.find(word)
    return q if at < 0 else q[:at] + better + q[at + len(word) :]


def _within_pages(session: Session, changes: Sequence[Any], max_pages: int) -> Sequence[Any]:
    """The first changes (in log order) whose documents hold about ``max_pages`` pages."""
    counts = dict(
        session.execute(
            select(Document.id, Document.page_count).where(
                Document.id.in_({doc_id for _, doc_id in changes})
            )
        ).all()
    )
    pages = 0
    for n, (_, doc_id) in enumerate(changes, 1):
        pages += counts.get(doc_id) or 0
        if pages >= max_pages:
            return changes[:n]
    return changes


def _get(session: Session, doc_id: int) -> Document:
    doc = session.get(Document, doc_id)
    if doc is None:
        raise NotFound(N_("There is no document %(id)s.", id=doc_id), doc_id=doc_id)
    return doc


def record(
    session: Session, actor: str, action: str, document_id: int | None = None, **details: Any
) -> None:
    """Add one event to the history, and to the change log if it is about a document (in the
    caller's transaction)."""
    if document_id is not None:
        log_change(session, document_id, action)
    session.add(
        Event(actor=actor, action=action, document_id=document_id, details=_jsonable(details))
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _readable_pages(doc: Document, pages: list[searchmod.PageHit]) -> list[searchmod.PageHit]:
    """A hit's pages, or none when readers may not have the document's content."""
    return pages if visibility.content_visible(doc) else []


def to_indexed(doc: Document) -> searchmod.IndexedDocument:
    """What the index needs of a catalog document (pages and collection loaded).

    A document whose content readers may not have is indexed by its metadata only: its pages
    are there (so ``check`` sees them all) but empty, so no search can reach its words.
    """
    if visibility.indexes_text(doc):
        pages = boilerplate.clean_document([(p.number, p.text) for p in doc.pages])
    else:
        pages = [(p.number, "") for p in doc.pages]
    return searchmod.IndexedDocument(
        id=doc.id,
        title=doc.title,
        creators=list(doc.creators or []),
        type=doc.type,
        language=doc.language,
        collection=doc.collection.slug if doc.collection else None,
        date=doc.date,
        pages=pages,
    )
