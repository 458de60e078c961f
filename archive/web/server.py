"""Serving the app with gunicorn, the production WSGI server behind ``archive serve``."""

from __future__ import annotations

import contextlib
import logging
import os
import select
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from gunicorn.app.base import BaseApplication

from archive.config import Settings

log = logging.getLogger(__name__)
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


WARM_WAIT = 60.0  # seconds the master waits for its workers to be warm, at most


class WarmSignal:
    """Web workers tell the master, through a pipe, that they are ready and warm.

    The master waits in a thread of its own that only reads the pipe, so that the work
    that can wait (the background worker's start) waits until the first readers have
    been answered, instead of competing with them for the cores.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._read, self._write = os.pipe()
        os.set_blocking(self._write, False)  # a worker never waits on the master

    def notify(self) -> None:
        """Called once in each web worker, when its app is made and its caches warm."""
        with contextlib.suppress(OSError):
            os.write(self._write, b".")

    def wait(self, timeout: float = WARM_WAIT) -> bool:
        """Block until every worker has notified (True) or ``timeout`` seconds pass."""
        deadline, seen = time.monotonic() + timeout, 0
        while seen < self.workers:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._read], [], [], left)[0]:
                return False
            seen += len(os.read(self._read, self.workers))
        return True

    def then(self, action: Callable[[], None]) -> None:
        """Run ``action`` in a master thread once the workers are warm (or not, in time)."""

        def waiting() -> None:
            if not self.wait():
                log.warning("web workers not warm after %g s: going on", WARM_WAIT)
            try:
                action()
            except Exception:
                log.exception("what was to follow the workers' warm-up failed")

        threading.Thread(target=waiting, name="when-warm", daemon=True).start()


class ArchiveServer(BaseApplication):  # type: ignore[misc]
    """Gunicorn configured in code: each worker process builds its own app (no shared state).

    What every worker needs and can share safely (the modules, py3langid's model) is
    loaded by the master before it forks them; the catalog's connections and the index's
    readers are opened by each worker, after the fork.
    """

    def __init__(
        self, settings: Settings, options: dict[str, Any], warm: WarmSignal | None = None
    ) -> None:
        self.settings = settings
        self.options = options
        self.warm_signal = warm
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from archive.service import Archive
        from archive.web import create_app

        # The master has migrated the catalog and made sure of the index before forking.
        app = create_app(self.settings, archive=Archive.open(self.settings, prepare_index=False))
        # Warm the index's caches beside the first requests, not in front of them: a search
        # that comes first builds what it needs itself (the engine builds it only once).
        index = app.extensions["archive"].index
        threading.Thread(target=self._warm, args=(index,), name="index-warm", daemon=True).start()
        return app

    def _warm(self, index: Any) -> None:
        try:
            index.warm()
        finally:
            if self.warm_signal is not None:
                self.warm_signal.notify()


@contextlib.contextmanager
def preloading() -> Iterator[None]:
    """Import what the workers run and load the language model, in the master, once.

    Forked workers share these pages instead of each spending seconds (on busy cores) to
    build the same thing. The model (about a second of decompression, which leaves the
    interpreter free) loads in a thread beside the block; the thread has ended when the
    block does, before any fork. Nothing loaded here holds a connection or a file.
    """
    from archive.search.analysis import load_language_model
    from archive.web import blueprint_modules

    model = threading.Thread(target=load_language_model, name="preload-langid", daemon=True)
    model.start()
    try:
        blueprint_modules()
        yield
    finally:
        model.join()


def server_options(settings: Settings, *, host: str, port: int, workers: int) -> dict[str, Any]:
    """Gunicorn's settings for the archive."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        # gthread, but a thread is given a request only once its head has arrived
        "worker_class": "archive.web.headworker.HeadFirstWorker",
        "threads": settings.web_threads,
        "http_protocols": "h1",  # HTTP/2 sniffing would block the loop that reads heads
        # gunicornc's control socket defaults to one path per user ($XDG_RUNTIME_DIR or
        # ~/.gunicorn): two servers on one machine would share it. Nothing here uses it.
        "control_socket_disable": True,
        "umask": 0o077,  # what gunicorn creates is private, like the rest of the data dir
        "timeout": 60,
        "graceful_timeout": 20,
        "limit_request_line": 8190,
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": settings.log_level.lower(),
        "proc_name": "archive",
        # Forwarded headers are the app's business (ARCHIVE_TRUSTED_PROXIES, archive.web.proxy):
        # gunicorn would otherwise believe X-Forwarded-Proto from any local client.
        "secure_scheme_headers": {},
        "forwarder_headers": "",
    }


def run_server(
    settings: Settings,
    *,
    host: str,
    port: int,
    workers: int,
    when_warm: Callable[[], None] | None = None,
) -> None:
    """Run gunicorn in the foreground until it is stopped; ``when_warm`` runs in the master
    once every worker answers with warm caches (the background worker's start)."""
    log.info("serving on http://%s:%d/ with %d workers", host, port, workers)
    if not settings.base_url and host not in LOOPBACK:
        log.warning(
            "ARCHIVE_BASE_URL is not set: permalinks, citations and API URLs will name "
            "whatever host each request's Host header says"
        )
    warm = WarmSignal(workers) if when_warm is not None else None
    if warm is not None and when_warm is not None:
        warm.then(when_warm)
    options = server_options(settings, host=host, port=port, workers=workers)
    ArchiveServer(settings, options, warm).run()
