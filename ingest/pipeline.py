"""The ingest pipeline: the ordered steps that bring one PDF into the archive.

hash -> dedupe -> extract (sandboxed, in parallel) -> store -> catalog, for every file;
then -> index, once all are catalogued (catalogue first: the index catches up behind).
The file is stored durably before its catalog row is committed, and the catalog row is
committed (its change logged) before the index hears of it; a crash between any two
steps leaves a state that ``archive check --repair`` or a resumed ingest completes, and
the change log brings the index up to date at the next start (or the worker's next poll).

A catalogued document is already whole for readers: its page is served and its file
downloads; only search waits for the index.
"""

from __future__ import annotations

import itertools
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError as SQLIntegrityError

from archive import faults, people, versions
from archive.catalog import (
    DRAFT,
    PAGE_OK,
    PUBLISHED,
    Collection,
    Document,
    JobState,
    Page,
    collection_by_slug,
    document_by_sha,
)
from archive.derived import draw_covers
from archive.errors import ArchiveError, RefusedFile
from archive.messages import N_, Message
from archive.service import Archive, record
from archive.store import sha256_file
from ingest import extract as extractmod
from ingest import ocr as ocrmod
from ingest.metadata import Metadata, derive, manifest_row_for

log = logging.getLogger(__name__)

ADDED, DUPLICATE, REFUSED = JobState.ADDED, JobState.DUPLICATE, JobState.REFUSED


@dataclass(frozen=True)
class Outcome:
    """What became of one file."""

    path: str
    status: str
    document_id: int | None = None
    title: str = ""
    reason: str = ""  # in English (the command line); ``why`` is the same, translatable
    why: Message | None = None
    duplicate_of: int | None = None


@dataclass
class Timing:
    """Seconds from the start of a run until its files were catalogued, then searchable."""

    pages: int = 0  # pages of the documents added
    catalogued: float = 0.0
    searchable: float = 0.0  # as long as ``catalogued`` when the run did not wait


@dataclass(frozen=True)
class Candidate:
    """A file to ingest with what the librarian said about it."""

    path: Path
    given: dict[str, Any]
    display_name: str


def find_pdfs(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named, and every file below folders named (recursively, sorted)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() == ".pdf":
                    yield child
        else:
            yield path


def candidates(
    paths: Iterable[Path],
    *,
    manifest: dict[str, dict[str, Any]] | None = None,
    manifest_base: Path | None = None,
    collection: str | None = None,
) -> list[Candidate]:
    """Pair each file with its manifest row and the default collection."""
    out = []
    for path in find_pdfs(paths):
        given = dict(manifest_row_for(manifest or {}, path, manifest_base))
        if collection and not given.get("collection"):
            given["collection"] = collection
        out.append(Candidate(path, given, str(path)))
    return out


class Pipeline:
    """Ingests files into one archive; extraction runs on every core."""

    def __init__(
        self,
        archive: Archive,
        *,
        actor: str = "cli",
        ocr: str = ocrmod.AUTO,
        draft: bool = False,
        wait_index: bool = True,
    ) -> None:
        self.archive = archive
        # False: return once catalogued; the worker (or the next start) indexes them.
        self.wait_index = wait_index
        self.timing = Timing()
        self.actor = actor
        self.status = DRAFT if draft else PUBLISHED  # a draft waits for a librarian's review
        self.ocr = ocr  # which pages are queued for OCR (ingest/ocr.py); it runs later
        s = archive.settings
        self.limits = extractmod.Limits(
            timeout=s.extract_timeout, memory_mb=s.extract_memory_mb, max_pages=s.extract_max_pages
        )
        self.workers = max(1, s.ingest_workers)
        self.batch_pages = s.index_batch_pages

    def run(
        self,
        items: list[Candidate],
        progress: Callable[[Outcome], None] | None = None,
        catalogued: Callable[[Timing], None] | None = None,
    ) -> list[Outcome]:
        """Ingest every candidate; return an outcome per file, in the order given.

        Every file is catalogued (and downloadable) before the index hears of any: indexing
        costs several times what extraction does, and would otherwise hold the next files
        back. With ``wait_index`` the index has caught up when this returns.
        """
        started = time.perf_counter()
        outcomes: list[Outcome] = []
        with ThreadPoolExecutor(self.workers) as pool:
            for item, future in self._prepared(pool, items):
                outcome, pages = self._finish(item, future)
                outcomes.append(outcome)
                self.timing.pages += pages
                if progress:
                    progress(outcome)
        self.timing.catalogued = time.perf_counter() - started
        if catalogued:
            catalogued(self.timing)
        faults.maybe_crash("catalogued")
        # Every way in (command line, worker, tests) leaves each new document with its cover
        # thumbnail, so result lists rarely wait for one and `archive check` starts clean.
        draw_covers(
            self.archive, [o.document_id for o in outcomes if o.document_id and o.status == ADDED]
        )
        if self.wait_index:
            self.archive.try_sync_index(max_pages=self.batch_pages)
        self.timing.searchable = time.perf_counter() - started
        return outcomes

    def _prepared(
        self, pool: ThreadPoolExecutor, items: list[Candidate]
    ) -> Iterator[tuple[Candidate, Future[Any]]]:
        """Files in order with their extraction under way, at most a few ahead.

        A bounded window keeps memory flat however many files there are: extraction is
        faster than indexing, and results waiting their turn hold every page's text.
        """
        ahead: deque[tuple[Candidate, Future[Any]]] = deque()
        pending = iter(items)
        for item in itertools.islice(pending, 2 * self.workers):
            ahead.append((item, pool.submit(self._prepare, item)))
        while ahead:
            done = ahead.popleft()
            following = next(pending, None)
            if following is not None:
                ahead.append((following, pool.submit(self._prepare, following)))
            yield done

    def ingest_one(self, item: Candidate) -> Outcome:
        """Ingest one file now (used by the background worker)."""
        return self.run([item])[0]

    # -- steps ----------------------------------------------------------------------------------

    def _prepare(self, item: Candidate) -> tuple[str, int, Any, Metadata | None]:
        """Hash, dedupe, extract and describe (runs in a pool thread; extraction in a child
        process). Describing here (language detection above all) keeps it off the main
        thread, which commits one file after another."""
        extractmod.check_header(item.path)
        sha256 = sha256_file(item.path)
        size = item.path.stat().st_size
        with self.archive.catalog.read() as session:
            existing = document_by_sha(session, sha256)
            if existing is not None:
                return sha256, size, existing, None
        result = extractmod.extract(item.path, self.limits)
        return sha256, size, result, derive(item.given, result.info, result.pages, item.path.name)

    def _finish(self, item: Candidate, future: Future[Any]) -> tuple[Outcome, int]:
        name = item.display_name
        try:
            sha256, size, result, meta = future.result()
            if isinstance(result, Document):
                return _duplicate(name, result), 0
            self.archive.store.put(item.path, sha256)
            faults.maybe_crash("store")
            doc = self._catalog(item, sha256, size, meta, result)
        except DuplicateFound as dup:
            return Outcome(
                name, DUPLICATE, document_id=dup.doc_id, title=dup.title, duplicate_of=dup.doc_id
            ), 0
        except RefusedFile as exc:
            log.info("refused %s: %s", name, exc.reason)
            return Outcome(name, REFUSED, reason=exc.reason, why=exc.msg), 0
        except (ArchiveError, OSError) as exc:
            why = exc.msg if isinstance(exc, ArchiveError) else Message(str(exc))
            log.warning("refused %s: %s", name, why)
            return Outcome(name, REFUSED, reason=str(why), why=why), 0
        return Outcome(name, ADDED, document_id=doc.id, title=doc.title), len(result.pages)

    def _catalog(
        self, item: Candidate, sha256: str, size: int, meta: Metadata, result: extractmod.Extraction
    ) -> Document:
        try:
            with self.archive.catalog.session() as session:
                existing = document_by_sha(session, sha256)
                if existing is not None:
                    raise DuplicateFound(existing.id, existing.title)
                doc = Document(
                    sha256=sha256,
                    title=meta.title,
                    creators=meta.creators,
                    date=meta.date,
                    type=meta.type,
                    language=meta.language,
                    subjects=meta.subjects,
                    description=meta.description,
                    titles=meta.titles,
                    collection=_collection(session, meta.collection),
                    original_filename=_safe_name(item.display_name),
                    size=size,
                    page_count=len(result.pages),
                    has_text=result.has_text,
                    status=self.status,
                    access=meta.access.level,
                    embargo_until=meta.access.until,
                    index_pending=True,
                )
                doc.pages = _pages(result, self.ocr)
                session.add(doc)
                # Records for names no record has yet (nor a synonym of one).
                if meta.creators:  # (reading every record costs; no names, nothing to do)
                    people.ensure(
                        session,
                        meta.creators,
                        actor=self.actor,
                        synonyms=self.archive.synonyms.current(),
                    )
                session.flush()
                versions.add_version(session, doc, filename=doc.original_filename, actor=self.actor)
                record(
                    session,
                    self.actor,
                    "ingest",
                    doc.id,
                    file=doc.original_filename,
                    sha256=sha256,
                    status=self.status,
                    warnings=result.warnings[:20],
                )
                session.flush()
                faults.maybe_crash("catalog")
                return doc
        except SQLIntegrityError:
            with self.archive.catalog.read() as session:
                existing = document_by_sha(session, sha256)
            if existing is None:
                raise
            raise DuplicateFound(existing.id, existing.title) from None


class Replacement:
    """Replaces a document's file with a corrected version: extract, store, catalog, index.

    The old file stays in the store (every version is kept); the document's pages, size and
    SHA-256 become the new file's, and the index and thumbnails follow.
    """

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self.archive = pipeline.archive

    def run(self, doc_id: int, path: Path, *, filename: str, reason: str) -> Outcome:
        """Replace the file; a refused file or a duplicate changes nothing."""
        try:
            extractmod.check_header(path)
            sha256, size = sha256_file(path), path.stat().st_size
            with self.archive.catalog.read() as session:
                other = versions.digest_in_use(session, sha256)
            if other is not None:
                return Outcome(filename, DUPLICATE, document_id=other, duplicate_of=other)
            result = extractmod.extract(path, self.pipeline.limits)
            self.archive.store.put(path, sha256)
            self._catalog(doc_id, sha256, size, result, filename, reason)
        except (ArchiveError, OSError) as exc:
            why = exc.msg if isinstance(exc, ArchiveError) else Message(str(exc))
            return Outcome(filename, REFUSED, document_id=doc_id, reason=str(why), why=why)
        draw_covers(self.archive, [doc_id])
        if self.pipeline.wait_index:
            self.archive.try_sync_index()
        return Outcome(filename, ADDED, document_id=doc_id)

    def _catalog(
        self,
        doc_id: int,
        sha256: str,
        size: int,
        result: extractmod.Extraction,
        filename: str,
        reason: str,
    ) -> None:
        with self.archive.catalog.session() as session:
            doc = session.get(Document, doc_id)
            if doc is None:
                raise ArchiveError(f"no document {doc_id}")
            if not versions.versions_of(session, doc_id):  # catalogued before versions
                versions.add_version(session, doc, filename=doc.original_filename)
            before = {"sha256": doc.sha256, "size": doc.size, "pages": doc.page_count}
            doc.sha256, doc.size = sha256, size
            doc.page_count, doc.has_text = len(result.pages), result.has_text
            doc.pages = _pages(result, self.pipeline.ocr)
            doc.index_pending = True
            session.flush()
            row = versions.add_version(
                session,
                doc,
                filename=_safe_name(filename),
                reason=reason,
                actor=self.pipeline.actor,
            )
            after = {"sha256": sha256, "size": size, "pages": len(result.pages)}
            changes = {k: [before[k], after[k]] for k in before}
            record(
                session,
                self.pipeline.actor,
                "replace",
                doc.id,
                changes=changes,
                version=row.number,
                reason=reason,
            )


class DuplicateFound(Exception):
    """The file is already in the archive (found at the catalog step)."""

    def __init__(self, doc_id: int, title: str) -> None:
        super().__init__(doc_id)
        self.doc_id = doc_id
        self.title = title


def _duplicate(name: str, doc: Document) -> Outcome:
    return Outcome(name, DUPLICATE, document_id=doc.id, title=doc.title, duplicate_of=doc.id)


def _pages(result: extractmod.Extraction, ocr: str) -> list[Page]:
    """Catalog rows of every page: how pages pypdf could not read plainly were read, and
    which pages wait for OCR (a page lost to every reader is one of them)."""
    rows = []
    for number, text in enumerate(result.pages, 1):
        status, note = result.page_status.get(number, (PAGE_OK, ""))
        page = Page(number=number, text=text, extraction=status, extraction_note=note)
        for column, value in ocrmod.initial_state(text, ocr).items():
            setattr(page, column, value)
        rows.append(page)
    return rows


def _collection(session: Any, slug: str | None) -> Collection | None:
    if not slug:
        return None
    found = collection_by_slug(session, slug)
    if found is None:
        raise RefusedFile(
            N_("no collection %(slug)s (create it first)", slug=repr(slug)), code="no-collection"
        )
    return found


def _safe_name(name: str) -> str:
    """The original file name, kept as data only: no path, no control characters."""
    name = os.path.basename(name.replace("\\", "/"))
    name = "".join(ch for ch in name if ch.isprintable())
    return name[:255] or "document.pdf"
