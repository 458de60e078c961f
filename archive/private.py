"""Creating the archive's state so that only its own user can read it.

The catalog holds password hashes and the history, the secret key signs sessions, and a
backup holds both: each is created with its final mode (``os.open`` with 0600, directories
0700), never written first and restricted afterwards. The command line also sets the umask
to 077 (``PRIVATE_UMASK``) so that whatever its children create (gunicorn, the worker, the
index, SQLite's WAL) is private too.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

PRIVATE_UMASK = 0o077
DIR_MODE = 0o700
FILE_MODE = 0o600
_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) as 0700, and make it 0700 if it exists."""
    for missing in reversed([p for p in (path, *path.parents) if not p.exists()]):
        with contextlib.suppress(FileExistsError):  # another process made it meanwhile
            missing.mkdir(mode=DIR_MODE)
    if path.stat().st_mode & 0o777 != DIR_MODE:
        with contextlib.suppress(PermissionError):  # not ours to change: use it as it is
            path.chmod(DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Make sure ``path`` exists and is 0600 (an empty file is created with that mode)."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, _NEW, FILE_MODE))
    if path.stat().st_mode & 0o777 != FILE_MODE:
        path.chmod(FILE_MODE)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write a new file that is 0600 from its first byte (``FileExistsError`` if it exists)."""
    fd = os.open(path, _NEW, FILE_MODE)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def copy_private(source: Path, target: Path) -> None:
    """Copy a file into a new 0600 file."""
    fd = os.open(target, _NEW, FILE_MODE)
    with open(source, "rb") as src, os.fdopen(fd, "wb") as out:
        shutil.copyfileobj(src, out, 1 << 20)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for other databases and in-memory SQLite)."""
    if not url.startswith("sqlite:///") or url in ("sqlite:///", "sqlite:///:memory:"):
        return None
    return Path(url.removeprefix("sqlite:///").split("?", 1)[0])


def private_sqlite(url: str) -> None:
    """Create a SQLite catalog's file as 0600 (its WAL and shared memory take its mode)."""
    path = sqlite_path(url)
    if path is None:
        return
    private_file(path)
    for extra in ("-wal", "-shm", "-journal"):
        companion = path.with_name(path.name + extra)
        if companion.exists() and companion.stat().st_mode & 0o777 != FILE_MODE:
            companion.chmod(FILE_MODE)
