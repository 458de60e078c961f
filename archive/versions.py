"""A document's versions: every file it has had, kept bit for bit, the latest served.

The first version is the file first ingested; a librarian replaces it with a corrected file,
giving a reason. The content-addressed store keeps every version's bytes under its SHA-256;
the document row (``sha256``, ``size``, pages) always describes the latest.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.catalog import Document, DocumentVersion


def versions_of(session: Session, doc_id: int) -> list[DocumentVersion]:
    """A document's versions, oldest first."""
    stmt = select(DocumentVersion).where(DocumentVersion.document_id == doc_id)
    return list(session.scalars(stmt.order_by(DocumentVersion.number)))


def version(session: Session, doc_id: int, number: int) -> DocumentVersion | None:
    """One version of a document, if it exists."""
    return session.scalar(
        select(DocumentVersion).where(
            DocumentVersion.document_id == doc_id, DocumentVersion.number == number
        )
    )


def add_version(
    session: Session, doc: Document, *, filename: str, reason: str = "", actor: str = ""
) -> DocumentVersion:
    """Record the document's current file as its next version (the first at ingest)."""
    last = session.scalar(
        select(func.max(DocumentVersion.number)).where(DocumentVersion.document_id == doc.id)
    )
    row = DocumentVersion(
        document_id=doc.id,
        number=(last or 0) + 1,
        sha256=doc.sha256,
        size=doc.size,
        original_filename=filename,
        reason=reason,
        actor=actor,
    )
    session.add(row)
    return row


def all_digests(session: Session) -> list[tuple[int, str]]:
    """(document, SHA-256) of every version's file."""
    rows = session.execute(select(DocumentVersion.document_id, DocumentVersion.sha256))
    return [(doc_id, sha) for doc_id, sha in rows]


def digest_in_use(session: Session, sha256: str) -> int | None:
    """The document that has (or had) a file with this digest, if any."""
    found = session.scalar(select(Document.id).where(Document.sha256 == sha256))
    if found is not None:
        return found
    return session.scalar(
        select(DocumentVersion.document_id).where(DocumentVersion.sha256 == sha256).limit(1)
    )
