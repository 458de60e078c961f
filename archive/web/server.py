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
ANSWER_WAIT = 10.0  # then, seconds it waits for a first answer to a reader, at most


class ReadySignal:
    """Web workers tell the master, through a pipe, that they are warm and have answered.

    The master waits in a thread of its own that only reads the pipe, so that the work
    that can wait (the background worker's start: seconds of imports and checks) comes
    after the first reader's answer instead of competing with it for the cores.
    """

    WARM, ANSWERED = b"w", b"a"

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._read, self._write = os.pipe()
        os.set_blocking(self._write, False)  # a worker never waits on the master
        self._answered = False  # in each worker: whether it has said so already

    def _send(self, what: bytes) -> None:
        with contextlib.suppress(OSError):
            os.write(self._write, what)

    def warm(self) -> None:
        """Called once in each web worker, when its app is made and its caches warm."""
        self._send(self.WARM)

    def post_request(self, _worker: Any, _req: Any, _environ: Any, resp: Any) -> None:
        """Gunicorn's hook after each request: the worker's first answer (not an error of
        ours) is told to the master."""
        status = getattr(resp, "status_code", None)
        if not self._answered and status is not None and status < 500:
            self._answered = True
            self._send(self.ANSWERED)

    def wait(self) -> bool:
        """Block until every worker is warm and one has answered (or ``ANSWER_WAIT``
        seconds have passed since they were warm); False if they were not warm in time."""
        warm, answered = 0, False
        deadline = time.monotonic() + WARM_WAIT
        readable = select.poll()
        readable.register(self._read, select.POLLIN)
        while not (warm >= self.workers and answered):
            left = deadline - time.monotonic()
            if left <= 0 or not readable.poll(left * 1000):
                return warm >= self.workers
            data = os.read(self._read, 64)
            answered = answered or self.ANSWERED in data
            if warm < self.workers <= warm + data.count(self.WARM):
                deadline = time.monotonic() + ANSWER_WAIT
            warm += data.count(self.WARM)
        return True

    def then(self, action: Callable[[], None]) -> None:
        """Run ``action`` in a master thread once the workers are ready (or not, in time)."""

        def waiting() -> None:
            if not self.wait():
                log.warning("web workers not warm after %g s: going on", WARM_WAIT)
            try:
                action()
            except Exception:
                log.exception("what was to follow the workers' start failed")

        threading.Thread(target=waiting, name="when-ready", daemon=True).start()


class ArchiveServer(BaseApplication):  # type: ignore[misc]
    """Gunicorn configured in code: each worker process builds its own app (no shared state).

    What every worker needs and can share safely (the modules, py3langid's model) is
    loaded by the master before it forks them; the catalog's connections and the index's
    readers are opened by each worker, after the fork.
    """

    def __init__(
        self, settings: Settings, options: dict[str, Any], ready: ReadySignal | None = None
    ) -> None:
        self.settings = settings
        self.options = options
        self.ready = ready
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
            if self.ready is not None:
                self.ready.warm()


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
    when_ready: Callable[[], None] | None = None,
) -> None:
    """Run gunicorn in the foreground until it is stopped; ``when_ready`` runs in the
    master once every worker is warm and one has answered a reader, or 10 s after they are
    warm (the background worker's start)."""
    log.info("serving on http://%s:%d/ with %d workers", host, port, workers)
    if not settings.base_url and host not in LOOPBACK:
        log.warning(
            "ARCHIVE_BASE_URL is not set: permalinks, citations and API URLs will name "
            "whatever host each request's Host header says"
        )
    options = server_options(settings, host=host, port=port, workers=workers)
    ready = None
    if when_ready is not None:
        ready = ReadySignal(workers)
        ready.then(when_ready)
        options["post_request"] = ready.post_request
    ArchiveServer(settings, options, ready).run()
