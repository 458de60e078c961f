"""What ``archive check`` knows of derived data: OCR still to do, and page thumbnails.

A cover thumbnail (page 1, small) is expected for every published document: the ingest
pipeline draws it, and a missing one is a warning that ``--repair``
draws. Folders of page images whose PDF is no longer catalogued are orphans ``--repair``
removes (they are derived: nothing is lost). Pages still waiting for OCR are a warning; the
worker, or ``archive ingest`` of the same files, recognises them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from sqlalchemy import func, select

from archive.catalog import OCR_PENDING, PUBLISHED, Document, Page
from archive.service import Archive
from archive.thumbs import ThumbnailUnavailable

log = logging.getLogger(__name__)
COVER = (1, "small")


def check_ocr(archive: Archive, warning: str, finding: type) -> Iterator[object]:
    """Documents with pages still waiting for OCR."""
    with archive.catalog.read() as session:
        rows = session.execute(
            select(Page.document_id, func.count())
            .where(Page.ocr_state == OCR_PENDING)
            .group_by(Page.document_id)
        ).all()
    for doc_id, count in rows:
        yield finding(warning, "ocr-pending", f"{count} pages waiting for OCR", doc_id)


def check_thumbnails(archive: Archive, warning: str, finding: type) -> Iterator[object]:
    """Missing or undrawable cover thumbnails, and orphaned page images."""
    with archive.catalog.read() as session:
        rows = session.execute(select(Document.id, Document.sha256, Document.status)).all()
    thumbs = archive.thumbnails
    for doc_id, sha, status in rows:
        path = thumbs.path(sha, *COVER)
        failed = path.with_suffix(".failed")
        if status != PUBLISHED or path.is_file():
            continue
        if failed.is_file():
            reason = failed.read_text("utf-8", "replace")[:200]
            yield finding(
                warning, "thumbnail-failed", f"cover cannot be drawn: {reason}", doc_id, sha
            )
        else:
            yield finding(warning, "thumbnail-missing", "no cover thumbnail yet", doc_id, sha)
    known = {sha for _, sha, _ in rows}
    for sha in thumbs.digests():
        if sha not in known:
            yield finding(
                warning, "orphan-thumbnails", "page images of no catalogued PDF", None, sha
            )


def draw_cover(archive: Archive, doc_id: int, sha256: str) -> bool:
    """Draw one document's cover thumbnail; False if the page cannot be drawn."""
    try:
        archive.thumbnails.get(sha256, archive.store.path_for(sha256), *COVER)
    except ThumbnailUnavailable as exc:
        log.warning("document %d: no cover thumbnail: %s", doc_id, exc.reason)
        return False
    except OSError as exc:  # a full disk: derived data can wait, the ingest must not fail
        log.warning("document %d: cover thumbnail not stored: %s", doc_id, exc)
        return False
    return True


def draw_covers(archive: Archive, doc_ids: list[int]) -> int:
    """Draw the cover thumbnails of newly added documents; return how many were drawn."""
    with archive.catalog.read() as session:
        rows = session.execute(
            select(Document.id, Document.sha256).where(Document.id.in_(doc_ids))
        ).all()
    return sum(draw_cover(archive, doc_id, sha) for doc_id, sha in rows)


def repair_thumbnails(archive: Archive, findings: list) -> list[str]:
    """Draw missing covers, remove orphaned page images; return what was done."""
    done = []
    for f in findings:
        if f.kind in ("thumbnail-missing", "thumbnail-failed") and f.sha256:
            # A failure is tried again: the file may have been restored, or PDFium upgraded.
            archive.thumbnails.path(f.sha256, *COVER).with_suffix(".failed").unlink(missing_ok=True)
            if draw_cover(archive, f.document_id, f.sha256):
                done.append(f"drew the cover thumbnail of document {f.document_id}")
        elif f.kind == "orphan-thumbnails" and f.sha256:
            archive.thumbnails.remove(f.sha256)
            done.append(f"removed orphaned page images {f.sha256[:12]}…")
    return done
