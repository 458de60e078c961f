"""Serving the app with gunicorn, the production WSGI server behind ``archive serve``."""

from __future__ import annotations

import logging
import threading
from typing import Any

from gunicorn.app.base import BaseApplication

from archive.config import Settings

log = logging.getLogger(__name__)
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


class ArchiveServer(BaseApplication):  # type: ignore[misc]
    """Gunicorn configured in code: each worker process builds its own app (no shared state)."""

    def __init__(self, settings: Settings, options: dict[str, Any]) -> None:
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from archive.web import create_app

        app = create_app(self.settings)
        # Warm the index's caches beside the first requests, not in front of them: a search
        # that comes first builds what it needs itself (the engine builds it only once).
        index = app.extensions["archive"].index
        threading.Thread(target=index.warm, name="index-warm", daemon=True).start()
        return app


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


def run_server(settings: Settings, *, host: str, port: int, workers: int) -> None:
    """Run gunicorn in the foreground until it is stopped."""
    log.info("serving on http://%s:%d/ with %d workers", host, port, workers)
    if not settings.base_url and host not in LOOPBACK:
        log.warning(
            "ARCHIVE_BASE_URL is not set: permalinks, citations and API URLs will name "
            "whatever host each request's Host header says"
        )
    ArchiveServer(settings, server_options(settings, host=host, port=port, workers=workers)).run()
