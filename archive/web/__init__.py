"""The Flask application: an app factory, one archive per process, and one blueprint per
audience (public pages, JSON API, librarian desk, login).

Views never import ``ingest``: uploads are handed to ``archive.jobs`` and the background
worker ingests them.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Request, current_app, g, render_template, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from archive.config import Settings
from archive.errors import IndexUnavailable, NotFound, QueryError, QueryTooExpensive, Withdrawn
from archive.resources import templates_dir
from archive.search.analysis import language_label
from archive.service import Archive
from archive.web import i18n, proxy
from archive.web.i18n import say

log = logging.getLogger(__name__)
TEMPLATES = templates_dir()  # inside an installed wheel, or the checkout's templates/
csrf = CSRFProtect()

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


#: Titles of HTTP errors as the pages show them (the JSON API keeps Werkzeug's English names).
HTTP_TITLES = {
    400: _l("Bad request"),
    403: _l("Forbidden"),
    404: _l("Not found"),
    405: _l("Method not allowed"),
    410: _l("Gone"),
    413: _l("Too large"),
    429: _l("Too many requests"),
    500: _l("Something went wrong"),
    503: _l("Service unavailable"),
}
#: What to say when an error carries only Werkzeug's stock description.
HTTP_MESSAGES = {
    400: _l("The request could not be understood."),
    403: _l("You may not open this page."),
    404: _l("There is nothing at this address. Check the link, or search the archive."),
    405: _l("This address does not accept this kind of request."),
    413: _l("What was sent is larger than the archive accepts."),
    429: _l("Too many requests at once; wait a moment and try again."),
    503: _l("The archive is busy; try again in a moment."),
}


def create_app(
    settings: Settings | None = None,
    *,
    archive: Archive | None = None,
    test_config: dict[str, Any] | None = None,
) -> Flask:
    """Build the app for one archive (opened here unless given)."""
    settings = settings or Settings.from_env()
    archive = archive or Archive.open(settings)
    app = Flask(__name__, template_folder=str(TEMPLATES), static_folder="static")
    app.url_map.converters["int"] = AsciiIntegerConverter  # before any route is added
    app.request_class = ArchiveRequest
    app.config.update(
        SECRET_KEY=archive.secret_key(),
        MAX_CONTENT_LENGTH=settings.max_form_kb * 1024,  # every body but a librarian's upload
        MAX_UPLOAD_LENGTH=settings.max_upload_mb * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
    )
    app.config.update(test_config or {})
    if isinstance(app.json, DefaultJSONProvider):
        app.json.sort_keys = False  # keep the documented order of API fields
    app.extensions["archive"] = archive
    csrf.init_app(app)
    proxy.install(app, settings)
    i18n.init_app(app, settings.default_locale)
    _register_blueprints(app)
    _register_hooks(app)
    app.jinja_env.globals.update(language_label=language_label)
    return app


class AsciiIntegerConverter(IntegerConverter):
    """Werkzeug's ``int`` converter, for ASCII digits only.

    Its own pattern is ``\\d+``, which also matches "١" or "１" (and ``int()`` reads them),
    so ``/documents/١`` would serve document 1 under a second, odd URL.
    """

    regex = r"[0-9]+"


UPLOAD_ENDPOINTS = frozenset({"desk.upload"})


class ArchiveRequest(Request):
    """A request whose body may be upload-sized only when a librarian posts an upload.

    Everything else, anonymous requests to the upload endpoint included, may send at most
    ``MAX_CONTENT_LENGTH`` (the form limit). The limit is read when the body is first read
    (by the CSRF check, after ``load_user`` has looked at the session cookie), so a larger
    ``Content-Length`` is refused with 413 before a byte of the body is read.
    """

    @property
    def max_content_length(self) -> int | None:
        """The most bytes this request's body may hold."""
        config = current_app.config
        user = g.get("user")
        if self.endpoint in UPLOAD_ENDPOINTS and user is not None and user.is_librarian:
            return config["MAX_UPLOAD_LENGTH"]
        return config["MAX_CONTENT_LENGTH"]

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        raise AttributeError("the body limit follows the settings; see ArchiveRequest")


def get_archive() -> Archive:
    """The archive of the current app."""
    from flask import current_app

    return current_app.extensions["archive"]


# Being found, harvested, cited and downloaded in bulk (one blueprint each).
FINDABLE = ("oai", "discovery", "feeds", "exports", "bulk", "openapi")


BLUEPRINTS = (
    *("public", "api", "auth", "desk", "desk_ocr", "desk_steward", "usage", "pages", "people"),
    *FINDABLE,
)


def blueprint_modules() -> list[Any]:
    """The modules of the blueprints (imported now if not yet), skipping any left out."""
    import importlib

    modules = []
    for name in BLUEPRINTS:
        try:
            modules.append(importlib.import_module(f"archive.web.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"archive.web.{name}":
                raise
    return modules


def _register_blueprints(app: Flask) -> None:
    for module in blueprint_modules():
        app.register_blueprint(module.bp)
        if module.__name__ in ("archive.web.api", "archive.web.oai"):
            csrf.exempt(module.bp)  # read-only (OAI-PMH may POST a query); no cookies needed


def wants_json() -> bool:
    """True for API requests (their errors are JSON)."""
    return request.path.startswith("/api/")


def _register_hooks(app: Flask) -> None:
    @app.after_request
    def security_headers(response: Any) -> Any:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers.setdefault(
            "Cache-Control",
            "no-store" if g.get("user") else response.headers.get("Cache-Control", "no-cache"),
        )
        return response

    @app.errorhandler(QueryError)
    def query_error(exc: QueryError) -> Any:
        return error_response(400, _("Unusable query"), say(exc))

    @app.errorhandler(QueryTooExpensive)
    def query_too_expensive(exc: QueryTooExpensive) -> Any:
        log.warning("search stopped: %s", exc.message)
        return error_response(503, _("Query too expensive"), say(exc), retry_after=5)

    @app.errorhandler(IndexUnavailable)
    def index_unavailable(exc: IndexUnavailable) -> Any:
        log.error("index unavailable: %s", exc.message)
        return error_response(
            503,
            _("Search is being rebuilt"),
            _("The search index is being rebuilt from the catalog. Please try again in a minute."),
            retry_after=30,
        )

    @app.errorhandler(NotFound)
    def not_found(exc: NotFound) -> Any:
        return error_response(404, _("Not found"), not_found_message(exc))

    @app.errorhandler(Withdrawn)
    def withdrawn(exc: Withdrawn) -> Any:
        return withdrawn_response(exc.document)

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError) -> Any:
        return error_response(
            400,
            _("Form expired or forged"),
            _(
                "%(reason)s Nothing was changed; reload the page and try again.",
                reason=exc.description,
            ),
        )

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        return error_response(*http_error_text(exc))

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Any:
        log.exception("unexpected error on %s", request.path)
        return error_response(
            500, _("Something went wrong"), _("The error has been logged. Nothing was changed.")
        )


def http_error_text(exc: HTTPException) -> tuple[int, str, str]:
    """Status, title and message of an HTTP error: translated on pages, as is in the API."""
    code = exc.code or 500
    message = exc.description or ""
    if wants_json():
        return code, exc.name, message
    if message == type(exc).description and code in HTTP_MESSAGES:
        message = str(HTTP_MESSAGES[code])  # Werkzeug's stock English sentence
    return code, str(HTTP_TITLES.get(code, exc.name)), message


def error_response(status: int, title: str, message: str, *, retry_after: int | None = None) -> Any:
    """An error as a readable page, or as JSON under /api/."""
    from flask import jsonify

    if wants_json():
        body: Any = jsonify({"error": title, "message": message, "status": status})
    else:
        body = render_template("error.html", status=status, title=title, message=message)
    response = app_response(body, status)
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


def not_found_message(exc: NotFound) -> str:
    """What a 404 says: the archive's English under /api/, the reader's language on pages."""
    return say(exc)  # the API's locale is English


def withdrawn_response(doc: Any) -> Any:
    """A withdrawn document's 410: its tombstone page, or what it was and why under /api/."""
    from flask import jsonify

    from archive.web.api import base_url
    from archive.web.public import tombstone

    if not wants_json():
        return tombstone(doc)
    body = {
        "id": doc.id,
        "title": doc.title,
        "status": doc.status,
        "reason": doc.withdrawn_reason,
        "url": f"{base_url()}/documents/{doc.id}",
    }
    return app_response(jsonify(body), 410)


def app_response(body: Any, status: int) -> Any:
    from flask import make_response

    response = make_response(body)
    response.status_code = status
    return response
