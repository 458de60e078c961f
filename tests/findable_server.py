"""The real ``archive serve`` over the web test library, for harvesting and API property tests.

Builds ``tests.web_library``'s archive (two collections, several types and languages, a
hostile title, a withdrawn document), then serves it with gunicorn on a free port.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import ROOT
from tests.server_harness import Server, archive_env, free_port, stop, wait_until_up
from tests.web_library import Library, build_library


def library_data(root: Path) -> tuple[Path, Library]:
    """Build the web test library under ``root``; its data directory and ids."""
    library = build_library(root)
    library.archive.close()
    return library.archive.settings.data_path, library


@contextmanager
def serving(data: Path, log: Path, **env: str) -> Iterator[Server]:
    """Serve this data directory (extra ``ARCHIVE_*`` settings in env) until the block ends."""
    port = free_port()
    server = Server(f"http://127.0.0.1:{port}", data, log)
    environment = {**archive_env(data), **env}
    with server.log.open("ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "archive.cli", "serve", "--port", str(port), "--no-worker"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=out,
            start_new_session=True,
        )
        try:
            wait_until_up(server.url, proc, server)
            yield server
        finally:
            stop(proc)
