"""The archive as one object: catalog, file store and index kept in step.

Everything that changes a document goes through here, so that the catalog (the truth) and
the index (derived) agree: a change is logged (``changes``) in the same transaction, and
``sync_index`` applies the log past this index's own cursor (``consumers``) under the
index's lock, so that every app server's index catches up on its own.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from archive import search as searchmod
from archive.catalog import (
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
)
from archive.config import Settings
from archive.errors import IndexUnavailable, NotFound
from archive.store import FileStore

log = logging.getLogger(__name__)

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


class Archive:
    """An opened archive. Create with ``Archive.open(settings)``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # First, so that an engine that cannot be used is refused before anything is made.
        self.index: searchmod.SearchEngine = searchmod.open_engine(settings)
        self.limits = searchmod.search_limits(settings)
        data = settings.data_path
        data.mkdir(parents=True, exist_ok=True)
        self.catalog = Catalog(
            settings.effective_database_url, lock_dir=data, read_url=settings.database_read_url
        )
        self.store = FileStore(settings.store_path)

    @classmethod
    def open(cls, settings: Settings, *, prepare_index: bool = True) -> Archive:
        """Open (creating if needed) the archive; migrate the catalog; make sure of the index."""
        archive = cls(settings)
        archive.catalog.upgrade()
        if prepare_index:
            archive.ensure_index()
        return archive

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
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(secrets.token_hex(32))
            tmp.chmod(0o600)
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)  # first process to get here wins; the others read it
            tmp.unlink(missing_ok=True)
        return path.read_text().strip()

    # -- index upkeep -------------------------------------------------------------------------

    def ensure_index(self) -> bool:
        """Create and refill the index if it is missing, damaged or of an older schema."""
        if self.index.exists():
            problem = self.index.health()
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
            last = session.scalar(select(func.max(Change.id))) or 0
            count = self.index.rebuild(
                self._indexed_documents(session, published_only=True),
                procs=procs,
                progress=progress,
            )
        self._set_cursor(last, force=True)
        return count

    def sync_index(self, *, batch: int = 200, lock_timeout: float | None = None) -> int:
        """Apply every logged change past this index's cursor; return changes applied."""
        done = 0
        while self._behind():
            done += self._sync_batch(batch, lock_timeout)
        return done

    def _behind(self) -> bool:
        """Whether changes were logged past this index's cursor."""
        with self.catalog.read() as session:
            head = session.scalar(select(func.max(Change.id))) or 0
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

    def _sync_batch(self, batch: int, lock_timeout: float | None = None) -> int:
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

    def try_sync_index(self) -> None:
        """Sync the index now if its lock can be had; otherwise the worker will."""
        try:
            self.sync_index()
        except (TimeoutError, IndexUnavailable) as exc:
            log.warning("index sync deferred to the worker: %s", exc)

    # -- reading ------------------------------------------------------------------------------

    def page_texts(self, pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], str]:
        """The text of these (document, page) pairs."""
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

    def search(self, request: searchmod.SearchRequest) -> SearchPage:
        """Search; join hits with the catalog, dropping anything not published."""
        self.catch_up()
        results = self.index.search(request, self.page_texts, limits=self.limits)
        ids = [hit.doc_id for hit in results.hits]
        with self.catalog.public_read() as session:
            docs = {
                d.id: d
                for d in session.scalars(
                    select(Document)
                    .where(Document.id.in_(ids), Document.status == PUBLISHED)
                    .options(selectinload(Document.collection))
                )
            }
        hits = [
            ResultDocument(docs[h.doc_id], h.score, h.pages)
            for h in results.hits
            if h.doc_id in docs
        ]
        return SearchPage(
            results.total, hits, results.facets, results.suggestion, results.elapsed_ms
        )

    def document(self, doc_id: int, *, with_pages: bool = False) -> Document:
        """A document by id (any status), or ``NotFound``."""
        with self.catalog.public_read() as session:
            options = [selectinload(Document.collection)]
            if with_pages:
                options.append(selectinload(Document.pages))
            doc = session.get(Document, doc_id, options=options)
            if doc is None:
                raise NotFound(f"no document {doc_id}", doc_id=doc_id)
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
        sample = " ".join(self.page_texts((doc.id, n) for n in range(1, 9)).values())
        if not sample.strip():
            sample = doc.title
        ids = self.index.similar(doc.id, sample, limit=limit)
        with self.catalog.public_read() as session:
            found = {
                d.id: d
                for d in session.scalars(
                    select(Document).where(Document.id.in_(ids), Document.status == PUBLISHED)
                )
            }
        return [found[i] for i in ids if i in found]

    def history(self, *, document_id: int | None = None, limit: int = 200) -> list[Event]:
        """The newest events, for one document or all."""
        stmt = select(Event).order_by(Event.id.desc()).limit(limit)
        if document_id is not None:
            stmt = stmt.where(Event.document_id == document_id)
        with self.catalog.read() as session:
            return list(session.scalars(stmt))

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
        self.try_sync_index()
        token = primary_reads.set(True)  # the editor reads back their own change
        try:
            return self.document(doc_id)
        finally:
            primary_reads.reset(token)

    def set_status(self, doc_id: int, *, withdrawn: bool, reason: str, actor: str) -> None:
        """Withdraw a document (out of search, file kept) or restore it."""
        with self.catalog.session() as session:
            doc = _get(session, doc_id)
            doc.status = WITHDRAWN if withdrawn else PUBLISHED
            doc.withdrawn_reason = reason if withdrawn else ""
            record(session, actor, "withdraw" if withdrawn else "restore", doc.id, reason=reason)
        self.try_sync_index()


def _get(session: Session, doc_id: int) -> Document:
    doc = session.get(Document, doc_id)
    if doc is None:
        raise NotFound(f"no document {doc_id}", doc_id=doc_id)
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


def to_indexed(doc: Document) -> searchmod.IndexedDocument:
    """What the index needs of a catalog document (pages and collection loaded)."""
    return searchmod.IndexedDocument(
        id=doc.id,
        title=doc.title,
        creators=list(doc.creators or []),
        type=doc.type,
        language=doc.language,
        collection=doc.collection.slug if doc.collection else None,
        date=doc.date,
        pages=[(p.number, p.text) for p in doc.pages],
    )
