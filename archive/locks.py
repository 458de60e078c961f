"""One way to take an OS file lock: ``locked(path)``, an exclusive ``flock`` with a timeout.

The kernel drops an ``flock`` when its holder's file is closed or its process dies, so a lock
left by a crashed process can never block the next one; no stale-lock clean-up is needed.
"""

from __future__ import annotations

import contextlib
import fcntl
import time
from collections.abc import Iterator
from pathlib import Path

POLL_SECONDS = 0.05


@contextlib.contextmanager
def locked(path: Path, *, timeout: float | None = None) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if needed) for the block.

    ``timeout=None`` waits as long as it takes; otherwise ``TimeoutError`` is raised when the
    lock is still held by another after ``timeout`` seconds (``0``: one try, no waiting).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        if timeout is None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        else:
            _wait_for(handle.fileno(), path, timeout)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _wait_for(fd: int, path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise TimeoutError(f"lock {path.name} not obtained in {timeout:g} s") from None
            time.sleep(POLL_SECONDS)


def try_locked(path: Path) -> contextlib.ExitStack | None:
    """Take the lock on ``path`` now if it is free: an ExitStack whose ``close()`` releases it."""
    stack = contextlib.ExitStack()
    try:
        stack.enter_context(locked(path, timeout=0))
    except TimeoutError:
        return None
    return stack
