"""Where a request came from and which site it was for: trusted proxies and the base URL.

Behind a reverse proxy every request arrives from the proxy's address; only the proxy's
``X-Forwarded-For`` says who the client is, and only its ``X-Forwarded-Proto`` says whether
the client used HTTPS. Anyone can send those headers, so they are believed only for the
number of proxies ``ARCHIVE_TRUSTED_PROXIES`` declares (Werkzeug's ``ProxyFix``, which takes
the address the last trusted proxy saw, never a value the client wrote itself). With the
default, 0, they are ignored, and so is gunicorn's own reading of them.

``ARCHIVE_BASE_URL`` fixes the scheme and host of every absolute URL the app writes
(permalinks, citations, the API's ``url`` fields, redirects): the request's ``Host`` header
is replaced by it before Flask sees the request, so a forged ``Host`` cannot rewrite them.
Without it they follow the ``Host`` header of each request.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from archive.config import Settings

WSGIApp = Any


class BaseURL:
    """WSGI middleware: make every request look addressed to ``base_url``."""

    def __init__(self, app: WSGIApp, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.app = app
        self.scheme = parts.scheme
        self.host = parts.netloc
        self.name = parts.hostname or ""
        self.port = str(parts.port or (443 if parts.scheme == "https" else 80))

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        environ.update(
            {
                "wsgi.url_scheme": self.scheme,
                "HTTP_HOST": self.host,
                "SERVER_NAME": self.name,
                "SERVER_PORT": self.port,
            }
        )
        return self.app(environ, start_response)


def install(app: Flask, settings: Settings) -> None:
    """Wrap the app so that forwarded headers and the base URL apply as configured."""
    wsgi = app.wsgi_app
    if settings.base_url:
        wsgi = BaseURL(wsgi, settings.base_url)
    hops = settings.trusted_proxies
    if hops:
        wsgi = ProxyFix(wsgi, x_for=hops, x_proto=hops, x_host=0, x_port=0, x_prefix=0)
    app.wsgi_app = wsgi  # type: ignore[method-assign]
