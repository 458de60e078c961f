"""Page thumbnails and previews: derived files keyed by the PDF's SHA-256 and page number.

``<data_dir>/derived/thumbs/ab/cd/<sha256>/<page>-<size>.png``. They are rendered on first
request (by a web request or the worker), in a sandboxed child with a timeout and a memory
cap, at most ``RENDERS_AT_ONCE`` per process; a page that cannot be drawn leaves a
``.failed`` marker so that a hostile page costs one child, not one per request. Deleting
the whole folder loses nothing: everything is drawn again from the stored PDF.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

from archive import sandbox
from archive.render import Rendered, thumbnail_png

log = logging.getLogger(__name__)

SIZES = {"small": 200, "large": 1000}  # width in pixels
MAX_PIXELS = {"small": 200 * 800, "large": 1000 * 4000}  # a tall strip is cut down, not huge
RENDERS_AT_ONCE = 2  # per process: readers' requests must not all wait on PDFium
WAIT_FOR_SLOT = 30.0  # seconds a request waits for a rendering slot


class ThumbnailUnavailable(Exception):
    """The page could not be drawn (a hostile or broken PDF, or too busy just now)."""

    def __init__(self, reason: str, *, busy: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.busy = busy


class Thumbnails:
    """The derived page images of one archive."""

    def __init__(self, root: Path, budget: sandbox.Budget) -> None:
        self.root = root
        self.budget = budget
        self._slots = threading.BoundedSemaphore(RENDERS_AT_ONCE)

    def folder(self, sha256: str) -> Path:
        """Where one PDF's page images live."""
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def path(self, sha256: str, page: int, size: str) -> Path:
        """Where one page image lives (whether drawn yet or not)."""
        return self.folder(sha256) / f"{page}-{size}.png"

    def get(self, sha256: str, pdf: Path, page: int, size: str) -> Path:
        """The page image, drawn now if it is not yet; ``ThumbnailUnavailable`` if it cannot be."""
        path = self.path(sha256, page, size)
        if path.is_file():
            return path
        failed = path.with_suffix(".failed")
        if failed.is_file():
            raise ThumbnailUnavailable(failed.read_text("utf-8", "replace"))
        return self.render(sha256, pdf, page, size)

    def render(self, sha256: str, pdf: Path, page: int, size: str) -> Path:
        """Draw the page image in a child and store it atomically."""
        if not self._slots.acquire(timeout=WAIT_FOR_SLOT):
            raise ThumbnailUnavailable("too many pages being drawn; try again", busy=True)
        try:
            image: Rendered = sandbox.run(
                thumbnail_png, str(pdf), page, SIZES[size], MAX_PIXELS[size], budget=self.budget
            )
        except sandbox.SandboxFailed as exc:
            self._mark_failed(sha256, page, size, exc.reason)
            raise ThumbnailUnavailable(exc.reason) from None
        finally:
            self._slots.release()
        return self._store(self.path(sha256, page, size), image.data)

    def _store(self, path: Path, data: bytes) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)  # a reader sees the old state or the whole file
        return path

    def _mark_failed(self, sha256: str, page: int, size: str, reason: str) -> None:
        log.warning("page %d of %s cannot be drawn: %s", page, sha256[:12], reason)
        with contextlib.suppress(OSError):
            self._store(self.path(sha256, page, size).with_suffix(".failed"), reason.encode())

    def digests(self) -> Iterator[str]:
        """The SHA-256 of every PDF that has a folder of page images."""
        if not self.root.is_dir():
            return
        for folder in sorted(self.root.glob("??/??/*")):
            if folder.is_dir():
                yield folder.name

    def remove(self, sha256: str) -> None:
        """Delete one PDF's page images (they can be drawn again)."""
        shutil.rmtree(self.folder(sha256), ignore_errors=True)
