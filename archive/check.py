"""The integrity check: files, catalog and index compared both ways, and repaired on request.

Each check is a small function that yields findings; what ``repair`` does for a kind of
finding is said next to it. Repairs never delete a stored file: orphans are moved to
``<data_dir>/quarantine``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import func, select

from archive import derived, versions
from archive.catalog import PAGE_UNREADABLE, PUBLISHED, Document, Page, log_change
from archive.errors import IndexUnavailable, IntegrityError
from archive.service import Archive

log = logging.getLogger(__name__)

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    """One disagreement between files, catalog and index."""

    level: str
    kind: str
    message: str
    document_id: int | None = None
    sha256: str | None = None

    def __str__(self) -> str:
        who = f"document {self.document_id}" if self.document_id else (self.sha256 or "")
        return f"{self.level.upper()} {self.kind}: {who}{': ' if who else ''}{self.message}"


def check_files(archive: Archive) -> Iterator[Finding]:
    """Every catalogued file exists and still has its SHA-256; nothing else is stored."""
    with archive.catalog.read() as session:
        current = [(i, s) for i, s in session.execute(select(Document.id, Document.sha256))]
        docs = list(dict.fromkeys([*current, *versions.all_digests(session)]))  # every version
    for doc_id, sha in docs:
        try:
            archive.store.verify(sha)
        except IntegrityError as exc:
            yield Finding(ERROR, exc.kind, exc.message, doc_id, sha)
    known = {sha for _, sha in docs}
    for sha in archive.store.all_digests():
        if sha not in known:
            yield Finding(ERROR, "orphan-file", "stored file not in the catalog", None, sha)
    for path in archive.store.stray_temporaries():
        yield Finding(WARNING, "temporary-file", f"left by an interrupted write: {path.name}")


def check_catalog(archive: Archive) -> Iterator[Finding]:
    """Every document has its pages; documents without text are pointed out."""
    with archive.catalog.read() as session:
        rows = session.execute(
            select(Document.id, Document.page_count, Document.has_text, func.count(Page.number))
            .outerjoin(Page, Page.document_id == Document.id)
            .group_by(Document.id)
        ).all()
    for doc_id, page_count, has_text, pages in rows:
        if pages != page_count:
            yield Finding(
                ERROR, "missing-pages", f"{pages} page texts for {page_count} pages", doc_id
            )
        if not has_text:
            yield Finding(WARNING, "no-text", "no text layer (a scan?)", doc_id)


def check_pages(archive: Archive) -> Iterator[Finding]:
    """Pages whose text no reader could extract are pointed out, one finding per document."""
    with archive.catalog.read() as session:
        rows = session.execute(
            select(Page.document_id, Page.number)
            .where(Page.extraction == PAGE_UNREADABLE)
            .order_by(Page.document_id, Page.number)
        ).all()
    lost: dict[int, list[int]] = {}
    for doc_id, number in rows:
        lost.setdefault(doc_id, []).append(number)
    for doc_id, numbers in lost.items():
        listed = ", ".join(map(str, numbers[:20])) + (" …" if len(numbers) > 20 else "")
        pages = "page" if len(numbers) == 1 else "pages"
        message = f"no reader could extract the text of {pages} {listed}"
        yield Finding(WARNING, "unreadable-page", message, doc_id)


def check_index(archive: Archive) -> Iterator[Finding]:
    """The index holds exactly the published documents' pages."""
    problem = archive.index.health()
    if problem:
        yield Finding(ERROR, "index-damaged", problem)
        return
    try:
        indexed = archive.index.indexed_pages()
    except IndexUnavailable as exc:
        yield Finding(ERROR, "index-damaged", exc.message)
        return
    with archive.catalog.read() as session:
        rows = session.execute(select(Document.id, Document.status, Document.page_count)).all()
    pending_ids = archive.pending_documents()
    catalog = {doc_id: (status, pages, doc_id in pending_ids) for doc_id, status, pages in rows}
    for doc_id, (status, pages, pending) in catalog.items():
        in_index = indexed.get(doc_id, set())
        if status == PUBLISHED and in_index != set(range(1, pages + 1)):
            yield Finding(
                ERROR, "not-indexed", f"{len(in_index)} of {pages} pages in the index", doc_id
            )
        elif status != PUBLISHED and in_index:
            yield Finding(ERROR, "withdrawn-indexed", "withdrawn but still searchable", doc_id)
        if pending:
            yield Finding(WARNING, "index-pending", "a change not yet applied to the index", doc_id)
    for doc_id in sorted(set(indexed) - set(catalog)):
        yield Finding(ERROR, "unknown-indexed", "in the index but not in the catalog", doc_id)


def check_derived(archive: Archive) -> Iterator[Finding]:
    """Pages waiting for OCR; missing cover thumbnails and orphaned page images."""
    yield from derived.check_ocr(archive, WARNING, Finding)  # type: ignore[misc]
    yield from derived.check_thumbnails(archive, WARNING, Finding)  # type: ignore[misc]


CHECKS: tuple[Callable[[Archive], Iterator[Finding]], ...] = (
    check_files,
    check_catalog,
    check_pages,
    check_index,
    check_derived,
)


def run_checks(archive: Archive) -> list[Finding]:
    """Run every check; return all findings."""
    return [finding for check in CHECKS for finding in check(archive)]


def repair(archive: Archive, findings: list[Finding]) -> list[str]:
    """Fix what can be fixed without losing bytes; return what was done."""
    done: list[str] = []
    kinds = {f.kind for f in findings}
    for finding in findings:
        if finding.kind == "orphan-file" and finding.sha256:
            target = archive.store.quarantine(
                finding.sha256, archive.settings.data_path / "quarantine"
            )
            done.append(f"moved orphan {finding.sha256[:12]}… to {target}")
    for path in archive.store.stray_temporaries():
        path.unlink(missing_ok=True)
        done.append(f"removed temporary {path.name}")
    done.extend(derived.repair_thumbnails(archive, findings))
    if "index-damaged" in kinds:
        pages = archive.rebuild_index()
        done.append(f"rebuilt the index from the catalog ({pages} pages)")
    elif kinds & {"not-indexed", "withdrawn-indexed", "unknown-indexed", "index-pending"}:
        _resync(archive, findings)
        done.append("brought the index into step with the catalog")
    return done


def _resync(archive: Archive, findings: list[Finding]) -> None:
    ids = {f.document_id for f in findings if f.document_id}
    with archive.catalog.session() as session:
        for doc_id in sorted(ids):
            log_change(session, doc_id, "repair")
    unknown = [f.document_id for f in findings if f.kind == "unknown-indexed" and f.document_id]
    if unknown:
        with archive.index.writer() as writer:
            for doc_id in unknown:
                writer.delete(doc_id)
    archive.sync_index()
