"""Visibility: the one rule deciding what a reader may see of a document.

Two questions, asked by every path a reader can take:

- **Is the record visible?** (``record_visible``, ``records`` for queries.) A published
  document's record (its page, metadata, citation, listing, harvest record) is public; a
  draft's or a withdrawn document's is not (a withdrawn one keeps its tombstone).
- **Is the content visible?** (``content_visible``, ``open_content`` for queries.) The file, its
  text, snippets, page images and viewer: for readers only when the record is visible and the
  access level is ``public`` (or an embargo whose date has come); signed-in librarians see the
  content of every document that is not withdrawn.

Access levels: ``public`` (default); ``metadata`` (the record is public, the content is for
librarians); ``embargo:YYYY-MM-DD`` (metadata only until that day, UTC; the worker then opens
it, see ``Archive.open_embargoes``). The search index never holds a restricted document's text
(only its metadata), so no search, snippet, suggestion or similar-documents answer can carry it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_

from archive.catalog import (
    ACCESS_EMBARGO,
    ACCESS_METADATA,
    ACCESS_PUBLIC,
    PUBLISHED,
    WITHDRAWN,
    Document,
    published,
)
from archive.errors import ArchiveError
from archive.messages import N_

ACCESS_LEVELS = (ACCESS_PUBLIC, ACCESS_METADATA, ACCESS_EMBARGO)
_EMBARGO = re.compile(r"^embargo:(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class Access:
    """An access level as a librarian gives it: public, metadata, or an embargo's date."""

    level: str = ACCESS_PUBLIC
    until: str | None = None

    def __str__(self) -> str:
        return f"{ACCESS_EMBARGO}:{self.until}" if self.level == ACCESS_EMBARGO else self.level


class AccessError(ArchiveError, ValueError):
    """An access level that cannot be read (a ``ValueError`` too, as it always was)."""


def parse_access(text: str | None) -> Access:
    """Read ``public``, ``metadata`` or ``embargo:YYYY-MM-DD``; ``ValueError`` says what's wrong."""
    value = (text or "").strip().lower()
    if value in ("", ACCESS_PUBLIC):
        return Access()
    if value == ACCESS_METADATA:
        return Access(ACCESS_METADATA)
    found = _EMBARGO.match(value)
    if found is None:
        raise AccessError(
            N_(
                "access must be public, metadata or embargo:YYYY-MM-DD, not %(given)s",
                given=repr(text),
            )
        )
    try:
        dt.date.fromisoformat(found.group(1))
    except ValueError:
        raise AccessError(
            N_("the embargo date %(date)s is not a real date", date=repr(found.group(1)))
        ) from None
    return Access(ACCESS_EMBARGO, found.group(1))


def access_of(doc: Document) -> Access:
    """The access level a document was given."""
    if doc.access == ACCESS_EMBARGO:
        return Access(ACCESS_EMBARGO, doc.embargo_until)
    return Access(doc.access or ACCESS_PUBLIC)


def today() -> str:
    """Today's date in UTC, as the catalog writes dates."""
    return dt.datetime.now(dt.UTC).date().isoformat()


def content_restricted(doc: Document, *, on: str | None = None) -> bool:
    """Whether the access level keeps the content from readers on this day (default today)."""
    if doc.access == ACCESS_METADATA:
        return True
    if doc.access == ACCESS_EMBARGO:
        return not doc.embargo_until or (on or today()) < doc.embargo_until
    return False


def record_visible(doc: Document) -> bool:
    """Whether readers may see the record (page, metadata, listings, harvests, feeds)."""
    return doc.status == PUBLISHED  # the same rule as ``records`` for queries


def content_visible(doc: Document, *, librarian: bool = False) -> bool:
    """Whether this reader may have the file, its text, snippets, page images and viewer."""
    if librarian:
        return doc.status != WITHDRAWN
    return record_visible(doc) and not content_restricted(doc)


def indexes_text(doc: Document) -> bool:
    """Whether the search index may hold this document's text (else only its metadata)."""
    return content_visible(doc)


def records(stmt: Any) -> Any:
    """Restrict a document query to records readers may see."""
    return published(stmt)


def open_content(stmt: Any, *, on: str | None = None) -> Any:
    """Restrict a document query to documents whose content readers may have."""
    day = on or today()
    opened = or_(
        Document.access == ACCESS_PUBLIC,
        and_(Document.access == ACCESS_EMBARGO, Document.embargo_until <= day),
    )
    return records(stmt).where(opened)


def due_embargoes(stmt: Any, *, on: str | None = None) -> Any:
    """Restrict a document query to embargoes whose day has come."""
    day = on or today()
    return stmt.where(Document.access == ACCESS_EMBARGO, Document.embargo_until <= day)
