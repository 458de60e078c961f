"""Files a librarian chose for an upload that was refused (a bad manifest row, an unknown
collection), kept so that the next try need not choose them again.

They live in ``<data>/pending-uploads/`` (not ``incoming/``: nothing is queued or received
until a try succeeds), each under a random token with its display name beside it, private to
the archive's user. A successful upload takes them; any left for a day are removed.
"""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from archive.private import private_dir, write_private
from archive.store import write_durably

TOKEN = re.compile(r"^[0-9a-f]{32}$")
MAX_AGE = 24 * 3600  # seconds a kept file waits for the next try


@dataclass(frozen=True)
class Kept:
    """A file kept from a refused upload: its token and its name as the librarian chose it."""

    token: str
    name: str


def folder(data_path: Path) -> Path:
    """Where kept files wait (created private)."""
    return private_dir(data_path / "pending-uploads")


def keep(data_path: Path, stream: IO[bytes], name: str) -> Kept:
    """Keep one chosen file for the next try; return its token."""
    where = folder(data_path)
    _forget_old(where)
    token = secrets.token_hex(16)
    write_durably(stream, where / f"{token}.pdf")
    write_private(where / f"{token}.name", name.encode("utf-8"))
    return Kept(token, name)


def find(data_path: Path, tokens: list[str]) -> list[tuple[Kept, Path]]:
    """The kept files of these tokens that still exist (anything else is ignored)."""
    where = folder(data_path)
    found = []
    for token in dict.fromkeys(tokens):
        path, label = where / f"{token}.pdf", where / f"{token}.name"
        if TOKEN.match(token) and path.is_file() and label.is_file():
            found.append((Kept(token, label.read_text(encoding="utf-8")), path))
    return found


def forget(data_path: Path, token: str) -> None:
    """Remove a kept file (once it has been received)."""
    if TOKEN.match(token):
        for suffix in (".pdf", ".name"):
            (folder(data_path) / f"{token}{suffix}").unlink(missing_ok=True)


def _forget_old(where: Path) -> None:
    limit = time.time() - MAX_AGE
    for path in where.iterdir():
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
