"""The content-addressed file store: every accepted PDF, kept bit for bit under its SHA-256.

A file is written to a temporary name in the same directory, flushed and fsynced, renamed
into place, and the directory fsynced, so a crash leaves either no file or the whole file.
Stored files are read-only and never modified; ``verify`` recomputes a file's digest.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from archive import faults
from archive.errors import IntegrityError, StoreError

log = logging.getLogger(__name__)

CHUNK = 1 << 20
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def sha256_file(path: Path) -> str:
    """Return the hex SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def fsync_dir(path: Path) -> None:
    """Flush a directory entry (a rename) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_durably(source: IO[bytes], target: Path, *, limit: int | None = None) -> tuple[str, int]:
    """Copy a stream to ``target`` atomically and durably; return (sha256, size).

    Raises ``StoreError`` (leaving no partial file) when the disk is full or ``limit`` bytes
    are exceeded.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".part")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := source.read(CHUNK):
                size += len(chunk)
                if limit is not None and size > limit:
                    raise StoreError(f"file larger than {limit} bytes", size=size)
                digest.update(chunk)
                out.write(chunk)
                faults.maybe_crash("store-partial")
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"could not write {target.name}: {exc.strerror or exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return digest.hexdigest(), size


def unreachable(exc: OSError, sha256: str) -> IntegrityError:
    """The integrity error for a stored file that cannot be opened: missing or unreadable."""
    if isinstance(exc, FileNotFoundError):
        return IntegrityError("file missing from the store", sha256=sha256, kind="missing-file")
    return IntegrityError(f"file unreadable: {exc.strerror}", sha256=sha256, kind="unreadable-file")


class FileStore:
    """Files kept under ``root/ab/cd/<sha256>.pdf``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        """Where the file with this digest lives (whether or not it is there)."""
        if not _SHA256.match(sha256):
            raise StoreError("not a SHA-256 digest", sha256=sha256)
        return self.root / sha256[:2] / sha256[2:4] / f"{sha256}.pdf"

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def put(self, source: Path, sha256: str) -> Path:
        """Store a copy of ``source`` whose digest is ``sha256``; idempotent."""
        target = self.path_for(sha256)
        if target.is_file():
            return target
        with open(source, "rb") as fh:
            actual, _ = write_durably(fh, target)
        if actual != sha256:
            target.unlink(missing_ok=True)
            raise IntegrityError("file changed while it was being stored", sha256=sha256)
        with contextlib.suppress(OSError):
            target.chmod(0o444)
        log.info("stored %s", sha256)
        return target

    def verify(self, sha256: str) -> None:
        """Raise ``IntegrityError`` unless the stored file exists and matches its digest."""
        path = self.path_for(sha256)
        try:
            actual = sha256_file(path)
        except OSError as exc:
            raise unreachable(exc, sha256) from exc
        if actual != sha256:
            raise IntegrityError("file bytes do not match its SHA-256", sha256=sha256)

    def all_digests(self) -> Iterator[str]:
        """Every digest that has a file in the store."""
        if not self.root.is_dir():
            return
        for path in self.root.glob("??/??/*.pdf"):
            if _SHA256.match(path.stem):
                yield path.stem

    def stray_temporaries(self) -> list[Path]:
        """Temporary files a crash left behind (safe to delete)."""
        return sorted(self.root.glob("??/??/.tmp-*")) if self.root.is_dir() else []

    def quarantine(self, sha256: str, quarantine_root: Path) -> Path:
        """Move an orphan file out of the store, keeping it (never deleting bytes)."""
        source = self.path_for(sha256)
        quarantine_root.mkdir(parents=True, exist_ok=True)
        target = quarantine_root / source.name
        shutil.move(source, target)
        return target
