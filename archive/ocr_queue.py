"""What librarians see of OCR and how they ask for it again: per-page state and confidence,
and a re-run with other languages (recorded in the history). The recognising itself is done
by the worker (``ingest/ocr.py``); the web only queues pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select, update

from archive.catalog import OCR_PENDING, OCR_TEXT, Page
from archive.errors import NotFound
from archive.service import Archive, record

# Tesseract packs installed with the archive (scripts/test.sh, README), for the desk's menu.
PACKS = {
    "eng": "English",
    "ind": "Indonesian",
    "msa": "Malay",
    "fil": "Filipino",
    "vie": "Vietnamese",
    "tha": "Thai",
    "khm": "Khmer",
    "lao": "Lao",
    "mya": "Burmese",
}


@dataclass(frozen=True)
class PageOcr:
    """One page's text source and OCR outcome."""

    number: int
    text_source: str
    state: str | None
    confidence: float | None
    languages: str | None
    reason: str


def page_states(archive: Archive, doc_id: int) -> list[PageOcr]:
    """The pages of a document that OCR has been asked for, in order."""
    with archive.catalog.read() as session:
        rows = session.execute(
            select(
                Page.number,
                Page.text_source,
                Page.ocr_state,
                Page.ocr_confidence,
                Page.ocr_language,
                Page.ocr_reason,
            )
            .where(Page.document_id == doc_id, Page.ocr_state.is_not(None))
            .order_by(Page.number)
        ).all()
    return [PageOcr(*row) for row in rows]


def ocr_page_numbers(archive: Archive, doc_id: int) -> list[int]:
    """The pages of a document whose text was recognised by OCR."""
    with archive.catalog.read() as session:
        return list(
            session.scalars(
                select(Page.number)
                .where(Page.document_id == doc_id, Page.text_source == OCR_TEXT)
                .order_by(Page.number)
            )
        )


def summaries(archive: Archive, doc_ids: Iterable[int]) -> dict[int, dict[str, float | int]]:
    """For each document with OCR: pages per state and the mean confidence of done pages."""
    ids = [d for d in doc_ids if d is not None]
    if not ids:
        return {}
    with archive.catalog.read() as session:
        rows = session.execute(
            select(Page.document_id, Page.ocr_state, func.count(), func.avg(Page.ocr_confidence))
            .where(Page.document_id.in_(ids), Page.ocr_state.is_not(None))
            .group_by(Page.document_id, Page.ocr_state)
        ).all()
    out: dict[int, dict[str, float | int]] = {}
    for doc_id, state, count, mean in rows:
        out.setdefault(doc_id, {})[state] = count
        if state == "done" and mean is not None:
            out[doc_id]["confidence"] = round(mean, 1)
    return out


def request_ocr(archive: Archive, doc_id: int, languages: str, *, actor: str) -> int:
    """Queue a document's OCR pages again with these Tesseract packs; return how many."""
    if not all(p in PACKS for p in languages.split("+")):
        raise ValueError(f"not an installed language pack: {languages}")
    with archive.catalog.session() as session:
        rows = session.execute(
            select(Page.number, Page.ocr_state, Page.text).where(Page.document_id == doc_id)
        ).all()
        if not rows:
            raise NotFound(f"no document {doc_id}", doc_id=doc_id)
        # Pages OCR has seen before, and pages without a usable text layer (--ocr off).
        numbers = [n for n, state, text in rows if state is not None or not _usable(text)]
        session.execute(
            update(Page)
            .where(Page.document_id == doc_id, Page.number.in_(numbers))
            .values(ocr_state=OCR_PENDING, ocr_language=languages, ocr_reason="")
        )
        if numbers:
            record(session, actor, "ocr-requested", doc_id, languages=languages, pages=len(numbers))
    return len(numbers)


def _usable(text: str) -> bool:
    # The rule of Extraction.has_text: three letters or digits make a text layer.
    return sum(1 for ch in text if ch.isalnum()) >= 3
