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


def download_name(doc: Document) -> str:
    """A file name made from the title: printable, no path separators, at most ~100 chars."""
    title = unicodedata.normalize("NFC", doc.title or "")
    kept = "".join(" " if ch in _FORBIDDEN or not ch.isprintable() else ch for ch in title)
    name = " ".join(kept.split()).strip(" .")[:MAX_NAME].strip(" .")
    return f"{name or f'document-{doc.id}'}.pdf"


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


def send_document(doc: Document, path: Path, *, inline: bool) -> Response:
    """The PDF as a response: strong ETag = SHA-256, 304 and 206 handled by Werkzeug."""
    response = send_file(
        path,
        mimetype="application/pdf",
        as_attachment=not inline,
        download_name=download_name(doc),
        etag=doc.sha256,
        conditional=True,
    )
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response
