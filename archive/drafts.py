"""Drafts waiting for review: what looks missing or suspicious about each, and publishing.

A web upload becomes a draft (``ARCHIVE_UPLOAD_DRAFTS``): invisible to readers everywhere (the
record rule of ``archive.visibility`` admits only published documents) until a librarian
publishes it. The concerns are hints for that review, never a bar to publishing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from archive.catalog import DRAFT, PUBLISHED, Document

# A title that reads like a file name: an extension, or words joined by _ or - without spaces.
_FILE_LIKE = re.compile(r"(\.(pdf|docx?|pptx?|xlsx?|odt)$)|^[\w.-]*[_-][\w.-]*$", re.IGNORECASE)


@dataclass(frozen=True)
class Draft:
    """A draft document with what its reviewer should look at."""

    document: Document
    concerns: list[str]


def title_looks_like_file_name(doc: Document) -> bool:
    """Whether the title is the file's name, or reads like one."""
    title = (doc.title or "").strip()
    stem = PurePath(doc.original_filename or "").stem
    return not title or title == stem or bool(_FILE_LIKE.search(title))


def date_outside_collection(doc: Document) -> bool:
    """Whether the date falls outside its collection's dates (compared at its precision)."""
    col = doc.collection
    if not doc.date or col is None or not col.start_date:
        return False
    n = len(doc.date)
    start, end = col.start_date[:n], (col.end_date or col.start_date)[:n]
    return not start <= doc.date <= end


def concerns(doc: Document) -> list[str]:
    """What looks missing or suspicious in a document's metadata, for its reviewer."""
    found = []
    if title_looks_like_file_name(doc):
        found.append("the title looks like a file name")
    if not doc.date:
        found.append("no date")
    elif date_outside_collection(doc):
        found.append(f"the date {doc.date} is outside the collection's dates")
    if not doc.creators:
        found.append("no creators")
    if not doc.language:
        found.append("language not detected")
    if not doc.has_text:
        found.append("no text layer (a scan: OCR may follow)")
    return found


def drafts(session: Session, *, limit: int = 500) -> list[Draft]:
    """Every draft, oldest first, with its concerns."""
    docs = session.scalars(
        select(Document)
        .where(Document.status == DRAFT)
        .options(selectinload(Document.collection))
        .order_by(Document.id)
        .limit(limit)
    ).all()
    return [Draft(doc, concerns(doc)) for doc in docs]


def publishable(session: Session, ids: list[int]) -> list[Document]:
    """The drafts among these ids (anything else is left alone)."""
    if not ids:
        return []
    stmt = select(Document).where(Document.id.in_(ids), Document.status == DRAFT)
    return list(session.scalars(stmt.order_by(Document.id)))


def mark_published(doc: Document) -> None:
    """Publish a draft (the caller records it and syncs the index)."""
    doc.status = PUBLISHED
    doc.index_pending = True
