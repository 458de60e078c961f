"""A test hook that kills the process at a named step, to prove that a crash loses nothing.

Never set in production. The crash tests run ``archive ingest`` in a child process with
``ARCHIVE_TEST_CRASH_AT=<point>`` (or ``<point>:<n>`` for the n-th time the step is reached);
when the named step is reached the process sends itself SIGKILL, as a power cut or the
kernel's OOM killer would: no ``finally`` block, no ``atexit``, no flush runs. The points:

- ``store-partial``: a file is being written to the store, not yet renamed into place;
- ``store``: a file is in the store, its catalog row not yet begun;
- ``catalog``: inside the catalog transaction, after the rows are written, before commit;
- ``catalogued``: every file of the run catalogued, the index not yet told of any;
- ``index``: inside the index writer, with its locks held, before the commit.
"""

from __future__ import annotations

import os
import signal
from collections import Counter

ENV = "ARCHIVE_TEST_CRASH_AT"
_reached: Counter[str] = Counter()


def maybe_crash(point: str) -> None:
    """Kill this process now if ``ARCHIVE_TEST_CRASH_AT`` names this point (and count)."""
    wanted = os.environ.get(ENV)
    if not wanted:
        return
    name, _, count = wanted.partition(":")
    if name != point:
        return
    _reached[point] += 1
    if _reached[point] >= int(count or 1):
        os.kill(os.getpid(), signal.SIGKILL)
