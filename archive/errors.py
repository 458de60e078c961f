"""The archive's one small hierarchy of errors; each instance carries the data it is about."""

from __future__ import annotations

from archive.messages import N_, Message


class ArchiveError(Exception):
    """Base of every error the archive raises on purpose.

    ``message`` is English text, or a ``Message`` (``archive.messages.N_``) that the web layer
    can translate: ``.message`` is always the English sentence, ``.msg`` the ``Message``.
    """

    def __init__(self, message: str | Message, **data: object) -> None:
        self.msg = message if isinstance(message, Message) else Message(message)
        self.message = str(self.msg)
        super().__init__(self.message)
        self.data = data


class RefusedFile(ArchiveError):
    """A file that cannot be ingested (empty, not a PDF, encrypted, unparseable...)."""

    def __init__(self, reason: str | Message, *, path: str = "", code: str = "refused") -> None:
        super().__init__(reason, path=path, code=code)
        self.reason = self.message
        self.code = code


class StoreError(ArchiveError):
    """The file store could not keep or give back a file."""


class IntegrityError(StoreError):
    """A stored file is missing or its bytes no longer match its SHA-256."""

    def __init__(self, message: str, *, sha256: str, kind: str = "corrupt-file") -> None:
        super().__init__(message, sha256=sha256, kind=kind)
        self.sha256 = sha256
        self.kind = kind  # missing-file, unreadable-file or corrupt-file


class QueryError(ArchiveError):
    """A search query that cannot be run as asked; the message says why, for the reader."""


class QueryTooExpensive(ArchiveError):
    """A search that ran out of its time budget; the reader should narrow the query."""


class IndexUnavailable(ArchiveError):
    """The search index is missing or damaged and is being rebuilt from the catalog."""


class NotFound(ArchiveError):
    """A document, collection or user that does not exist (the web answers 404)."""


class Withdrawn(ArchiveError):
    """A document readers may no longer see (the web answers 410 with its tombstone)."""

    def __init__(self, document: object, *, doc_id: int) -> None:
        super().__init__(
            N_("This document was withdrawn; its page keeps its citation."), doc_id=doc_id
        )
        self.document = document
