"""Sending stored PDFs to readers: a safe file name, conditional and range requests, and a
check that the bytes sent are the bytes the archive accepted.

Integrity policy: every download refuses a file that is missing or whose size differs from
the catalog's (a ``stat``, free). The full SHA-256 is recomputed once per process for each
(path, inode, size, mtime) and the good result remembered, so a 50 MB report is hashed on
its first download, not on each of the many range requests a PDF viewer makes. A file
damaged in place without any change of size or mtime is caught by ``archive check``, which
hashes everything.
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from collections import OrderedDict
from pathlib import Path

from flask import Response, send_file

from archive.catalog import Document
from archive.errors import IntegrityError
from archive.store import FileStore, unreachable

log = logging.getLogger(__name__)

# Caches may keep a PDF but must ask again before each use (a 304 while its ETag holds), so
# a withdrawn document stops being served from shared caches at once.
CACHE_CONTROL = "no-cache"
MAX_NAME = 100
_FORBIDDEN = set('\\/:*?"<>|')  # path separators and characters Windows refuses


def cut_at_word(text: str, limit: int) -> str:
    """``text`` shortened to at most ``limit`` characters, at a space where there is one."""
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    cut = head.rsplit(" ", 1)[0] if " " in head.strip() else text[:limit]
    return cut[:limit].rstrip(" .,;:-–—")


def download_name(doc: Document) -> str:
    """'2015-11-25 presentation - The title.pdf': date, type, title cut at a word, safe to save.

    Printable, no path separators or characters Windows refuses, at most ~100 characters;
    the same name on single downloads and inside bulk ZIPs.
    """
    title = unicodedata.normalize("NFC", doc.title or "")
    kept = "".join(" " if ch in _FORBIDDEN or not ch.isprintable() else ch for ch in title)
    prefix = " ".join(p for p in (doc.date, doc.type) if p)
    prefix = f"{prefix} - " if prefix else ""
    name = cut_at_word(" ".join(kept.split()).strip(" ."), MAX_NAME - len(prefix)).strip(" .")
    return f"{prefix}{name or f'document-{doc.id}'}.pdf"


class VerifiedFiles:
    """The stored files this process has hashed and found whole (bounded, thread-safe)."""

    def __init__(self, store: FileStore, *, max_entries: int = 10_000) -> None:
        self.store = store
        self.max_entries = max_entries
        self._good: OrderedDict[tuple[str, int, int, int], None] = OrderedDict()
        self._lock = threading.Lock()

    def path(self, sha256: str, size: int) -> Path:
        """The stored file of this digest, checked; ``IntegrityError`` if it cannot be sent."""
        path = self.store.path_for(sha256)
        try:
            st = path.stat()
        except OSError as exc:
            raise unreachable(exc, sha256) from exc
        if st.st_size != size:
            raise IntegrityError(
                f"stored file has {st.st_size} bytes, the catalog says {size}", sha256=sha256
            )
        key = (str(path), st.st_ino, st.st_size, st.st_mtime_ns)
        with self._lock:
            if key in self._good:
                self._good.move_to_end(key)
                return path
        self.store.verify(sha256)  # raises IntegrityError on any mismatch
        with self._lock:
            self._good[key] = None
            while len(self._good) > self.max_entries:
                self._good.popitem(last=False)
        return path


def send_document(
    doc: Document, path: Path, *, inline: bool, sha256: str | None = None
) -> Response:
    """The PDF as a response: strong ETag = SHA-256, 304 and 206 handled by Werkzeug."""
    response = send_file(
        path,
        mimetype="application/pdf",
        as_attachment=not inline,
        download_name=download_name(doc),
        etag=sha256 or doc.sha256,
        conditional=True,
    )
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response
