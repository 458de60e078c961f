"""Every setting of the archive, declared once with its default and help.

Settings are read from environment variables (``ARCHIVE_*``). ``Settings.from_env()`` gives
the effective values; tests build a ``Settings`` with overrides. The README's settings table
is checked against ``SETTINGS`` by a test, so the docs cannot drift from the code.
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Setting:
    """One configurable value: its name, type, default and a line of help."""

    name: str
    parse: Callable[[str], Any]
    default: Any
    help: str

    @property
    def env(self) -> str:
        return "ARCHIVE_" + self.name.upper()


def _bool(text: str) -> bool:
    value = text.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"not a boolean: {text!r}")


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(f"must be at least 1: {text!r}")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise ValueError(f"must be positive: {text!r}")
    return value


def _optional_str(text: str) -> str | None:
    return text or None


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError(f"must be 0 or more: {text!r}")
    return value


def _base_url(text: str) -> str | None:
    """An origin such as https://archive.example.org (no path, query or user), or None."""
    from urllib.parse import urlsplit

    text = text.strip()
    if not text:
        return None
    parts = urlsplit(text)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.username:
        raise ValueError(f"not an http(s)://host[:port] address: {text!r}")
    if parts.path not in {"", "/"} or parts.query or parts.fragment:
        raise ValueError(f"must name the site's root, without a path: {text!r}")
    parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def _optional_path(text: str) -> Path | None:
    return Path(text) if text.strip() else None


def _choice(*choices: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        value = text.strip().lower()
        if value not in choices:
            raise ValueError(f"{text!r} is not one of {', '.join(choices)}")
        return value

    return parse


SECRET_SETTINGS = frozenset({"secret_key"})  # never printed, not even in part
# Up to the last "@": a password holding "@" or "/" is over-masked, never partly shown.
_URL_PASSWORD = re.compile(r"^([^:/?#]+://[^:/?#@]*:).*(@)")
_QUERY_PASSWORD = re.compile(r"([?&]password=)[^&]*", re.IGNORECASE)
MASK = "***"


def masked(setting: Setting, value: Any) -> Any:
    """The value as it may be shown: secrets hidden, a URL's password replaced by ***."""
    if value is None:
        return value
    if setting.name in SECRET_SETTINGS:
        return MASK
    if setting.name == "database_url":
        text = _URL_PASSWORD.sub(rf"\g<1>{MASK}\g<2>", str(value))
        return _QUERY_PASSWORD.sub(rf"\g<1>{MASK}", text)
    return value


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "data_dir",
        Path,
        Path("archive-data"),
        "Directory holding all state: catalog (SQLite), file store, index, uploads.",
    ),
    Setting(
        "database_url",
        _optional_str,
        None,
        "SQLAlchemy URL of the catalog; default sqlite:///<data_dir>/catalog.sqlite3. "
        "PostgreSQL: postgresql+psycopg://user:pass@host/db.",
    ),
    Setting(
        "database_read_url",
        _optional_str,
        None,
        "SQLAlchemy URL of a PostgreSQL streaming standby for searches and public reads; "
        "writes and signed-in librarians' reads stay on ARCHIVE_DATABASE_URL. Default: none.",
    ),
    Setting(
        "files_dir",
        _optional_path,
        None,
        "Directory of the content-addressed file store; default <data_dir>/files. Point "
        "every app server at the same shared directory (NFS, a mounted volume); uploads "
        "waiting for the worker then go to the incoming/ directory beside it.",
    ),
    Setting(
        "server_id",
        _optional_str,
        None,
        "This app server's name in the change log's cursors (its Whoosh index's); default "
        "<host name>:<data_dir>. Give each server its own.",
    ),
    Setting(
        "secret_key",
        _optional_str,
        None,
        "Key signing session cookies and CSRF tokens; default: a random key kept in "
        "<data_dir>/secret_key.",
    ),
    Setting(
        "extract_timeout",
        _positive_float,
        120.0,
        "Wall-clock seconds a PDF may take to parse before it is refused.",
    ),
    Setting(
        "extract_memory_mb",
        _positive_int,
        1536,
        "Address-space cap (MiB) of the child process that parses one PDF.",
    ),
    Setting(
        "extract_max_pages", _positive_int, 20000, "PDFs with more pages than this are refused."
    ),
    Setting(
        "ingest_workers",
        _positive_int,
        os.cpu_count() or 1,
        "Parallel extraction processes used by ingest (default: number of cores).",
    ),
    Setting(
        "index_batch_pages",
        _positive_int,
        2000,
        "Pages written to the index per commit when it catches up with new documents.",
    ),
    Setting(
        "index_memory_mb",
        _positive_int,
        192,
        "Memory for the Whoosh index writers' posting buffers, shared by a rebuild's writer"
        " processes; beyond it they spill sorted runs to disk (slower, bounded memory).",
    ),
    Setting(
        "index_lock_timeout",
        _positive_float,
        60.0,
        "Seconds a writer waits for the index's single-writer lock.",
    ),
    Setting(
        "upload_drafts",
        _bool,
        True,
        "Web uploads become drafts, invisible to readers until a librarian publishes them "
        "from /desk/drafts; false publishes them as soon as they are ingested.",
    ),
    Setting(
        "max_upload_mb",
        _positive_int,
        200,
        "Largest upload request accepted by the web desk from a logged-in librarian (MiB); "
        "larger gets HTTP 413.",
    ),
    Setting(
        "max_form_kb",
        _positive_int,
        256,
        "Largest request body accepted anywhere but a librarian's upload (KiB); larger "
        "gets HTTP 413 before it is read.",
    ),
    Setting(
        "search_max_query_length", _positive_int, 500, "Longest query accepted, in characters."
    ),
    Setting(
        "search_max_clauses",
        _positive_int,
        64,
        "Most words, phrases and operators a query may hold.",
    ),
    Setting(
        "search_max_expansions",
        _positive_int,
        256,
        "Most index terms a prefix* query may expand to.",
    ),
    Setting(
        "search_time_budget_ms",
        _positive_int,
        3000,
        "Milliseconds one search may take; past it the search stops and answers HTTP 503 "
        "'query too expensive'.",
    ),
    Setting(
        "search_engine",
        _choice("whoosh", "postgres"),
        "whoosh",
        "Search engine: whoosh (embedded index under <data_dir>/index) or postgres "
        "(PostgreSQL full text in the catalog's own tables; needs a PostgreSQL catalog).",
    ),
    Setting(
        "synonyms_file",
        _optional_path,
        None,
        "A local synonym file (UTF-8, one group of equivalent forms per line, separated by "
        "commas) added to the archive's default synonyms and aliases; read at query time, "
        "so a change needs no reindex.",
    ),
    Setting("search_max_page", _positive_int, 200, "Highest results page that can be asked for."),
    Setting(
        "search_max_per_page",
        _positive_int,
        100,
        "Largest page size of search results and listings.",
    ),
    Setting("host", str, "127.0.0.1", "Address `archive serve` listens on."),
    Setting("port", _positive_int, 5000, "Port `archive serve` listens on."),
    Setting("web_workers", _positive_int, 2, "Gunicorn worker processes of `archive serve`."),
    Setting("web_threads", _positive_int, 8, "Threads per gunicorn worker."),
    Setting(
        "session_idle_minutes",
        _positive_int,
        30,
        "A librarian's session ends after this long without a request.",
    ),
    Setting(
        "session_max_hours",
        _positive_int,
        12,
        "A librarian's session ends this long after login, whatever the activity.",
    ),
    Setting(
        "login_max_failures",
        _positive_int,
        5,
        "Failed logins for one account within the window before it is paused (HTTP 429).",
    ),
    Setting(
        "login_max_failures_per_address",
        _positive_int,
        20,
        "Failed logins from one address within the window before it is paused.",
    ),
    Setting(
        "login_window_minutes",
        _positive_int,
        15,
        "Window over which failed logins are counted, and the pause's length.",
    ),
    Setting(
        "worker_poll_seconds",
        _positive_float,
        1.0,
        "How often the background worker looks for queued uploads.",
    ),
    Setting(
        "ocr_workers",
        _positive_int,
        1,
        "Pages recognised by Tesseract at the same time (each in its own low-priority child).",
    ),
    Setting(
        "ocr_timeout",
        _positive_float,
        180.0,
        "Wall-clock seconds one page may take to render and recognise before its OCR fails.",
    ),
    Setting(
        "ocr_memory_mb",
        _positive_int,
        1536,
        "Address-space cap (MiB) of the child (and its tesseract) that recognises one page.",
    ),
    Setting("ocr_dpi", _positive_int, 300, "Resolution pages are rendered at for OCR."),
    Setting(
        "ocr_max_pixels",
        _positive_int,
        40_000_000,
        "Most pixels of a page image rendered for OCR; larger pages are drawn at a lower dpi.",
    ),
    Setting(
        "thumbnail_timeout",
        _positive_float,
        20.0,
        "Wall-clock seconds one page thumbnail may take to render before it is given up.",
    ),
    Setting(
        "thumbnail_memory_mb",
        _positive_int,
        768,
        "Address-space cap (MiB) of the child that renders one page thumbnail.",
    ),
    Setting("log_level", str, "INFO", "Logging level (DEBUG, INFO, WARNING, ERROR)."),
    Setting(
        "trusted_proxies",
        _non_negative_int,
        0,
        "Reverse proxies in front of the app whose X-Forwarded-For and X-Forwarded-Proto are "
        "believed (0: none; 1: one nginx or Caddy).",
    ),
    Setting(
        "base_url",
        _base_url,
        None,
        "The site's public address (e.g. https://archive.example.org); when set, every absolute "
        "URL uses it whatever Host header a request carries.",
    ),
    Setting(
        "site_name",
        str,
        "Seminar archive",
        "Name of the archive in OAI-PMH Identify, feeds, citations and metadata.",
    ),
    Setting(
        "admin_email",
        str,
        "archivist@example.org",
        "Contact address given to harvesters in OAI-PMH Identify, and to readers asking for "
        "a file that is not public (metadata-only or embargoed).",
    ),
    Setting(
        "license_url",
        str,
        "",
        "URL of the licence of the documents, if one applies to all (signposting, metadata).",
    ),
    Setting(
        "oai_page_size", _positive_int, 100, "Records per OAI-PMH list response before a token."
    ),
    Setting(
        "sitemap_max_urls",
        _positive_int,
        50000,
        "URLs per sitemap file; past this /sitemap.xml becomes a sitemap index.",
    ),
    Setting(
        "zip_max_mb",
        _positive_int,
        2048,
        "Largest bulk ZIP download (MiB of PDFs); a larger collection or search gets HTTP 413.",
    ),
    Setting(
        "zip_max_documents",
        _positive_int,
        1000,
        "Most documents in one bulk ZIP download; more gets HTTP 413.",
    ),
    Setting(
        "zip_per_client",
        _positive_int,
        2,
        "Bulk ZIP downloads one client address may run at once; more gets HTTP 429.",
    ),
    Setting(
        "default_locale",
        _choice("en", "id", "ms", "fil", "vi", "th", "km", "lo", "my"),
        "en",
        "Interface language when neither ?lang=, the reader's choice nor the browser decides.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def _default(name: str) -> Any:
    """The declared default of a setting (``SETTINGS`` is the one place defaults live)."""
    return _BY_NAME[name].default


@dataclass(frozen=True)
class Settings:
    """The effective settings of one archive: one typed field per entry of ``SETTINGS``.

    Defaults, parsing and help live in ``SETTINGS``; a test checks that every entry has a field
    here whose type is what its parser gives.
    """

    data_dir: Path = _default("data_dir")  # noqa: RUF009 (a Path is immutable)
    database_url: str | None = _default("database_url")
    database_read_url: str | None = _default("database_read_url")
    files_dir: Path | None = _default("files_dir")  # noqa: RUF009 (a Path is immutable)
    server_id: str | None = _default("server_id")
    secret_key: str | None = _default("secret_key")
    extract_timeout: float = _default("extract_timeout")
    extract_memory_mb: int = _default("extract_memory_mb")
    extract_max_pages: int = _default("extract_max_pages")
    ingest_workers: int = _default("ingest_workers")
    index_batch_pages: int = _default("index_batch_pages")
    index_memory_mb: int = _default("index_memory_mb")
    index_lock_timeout: float = _default("index_lock_timeout")
    upload_drafts: bool = _default("upload_drafts")
    max_upload_mb: int = _default("max_upload_mb")
    max_form_kb: int = _default("max_form_kb")
    search_max_query_length: int = _default("search_max_query_length")
    search_max_clauses: int = _default("search_max_clauses")
    search_max_expansions: int = _default("search_max_expansions")
    search_time_budget_ms: int = _default("search_time_budget_ms")
    search_engine: str = _default("search_engine")
    synonyms_file: Path | None = _default("synonyms_file")  # noqa: RUF009 (a Path is immutable)
    search_max_page: int = _default("search_max_page")
    search_max_per_page: int = _default("search_max_per_page")
    host: str = _default("host")
    port: int = _default("port")
    web_workers: int = _default("web_workers")
    web_threads: int = _default("web_threads")
    session_idle_minutes: int = _default("session_idle_minutes")
    session_max_hours: int = _default("session_max_hours")
    login_max_failures: int = _default("login_max_failures")
    login_max_failures_per_address: int = _default("login_max_failures_per_address")
    login_window_minutes: int = _default("login_window_minutes")
    worker_poll_seconds: float = _default("worker_poll_seconds")
    ocr_workers: int = _default("ocr_workers")
    ocr_timeout: float = _default("ocr_timeout")
    ocr_memory_mb: int = _default("ocr_memory_mb")
    ocr_dpi: int = _default("ocr_dpi")
    ocr_max_pixels: int = _default("ocr_max_pixels")
    thumbnail_timeout: float = _default("thumbnail_timeout")
    thumbnail_memory_mb: int = _default("thumbnail_memory_mb")
    log_level: str = _default("log_level")
    trusted_proxies: int = _default("trusted_proxies")
    base_url: str | None = _default("base_url")
    site_name: str = _default("site_name")
    admin_email: str = _default("admin_email")
    license_url: str = _default("license_url")
    oai_page_size: int = _default("oai_page_size")
    sitemap_max_urls: int = _default("sitemap_max_urls")
    zip_max_mb: int = _default("zip_max_mb")
    zip_max_documents: int = _default("zip_max_documents")
    zip_per_client: int = _default("zip_per_client")
    default_locale: str = _default("default_locale")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Read every setting from the environment, then apply keyword overrides."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for setting in SETTINGS:
            if setting.env in env:
                try:
                    values[setting.name] = setting.parse(env[setting.env])
                except ValueError as exc:
                    raise ConfigError(f"{setting.env}: {exc}") from exc
        values.update(overrides)
        return cls(**values)

    def with_(self, **overrides: Any) -> Settings:
        """Return a copy with some values replaced."""
        return replace(self, **overrides)

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir).resolve()

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_path / 'catalog.sqlite3'}"

    @property
    def store_path(self) -> Path:
        return Path(self.files_dir).resolve() if self.files_dir else self.data_path / "files"

    @property
    def effective_server_id(self) -> str:
        return self.server_id or f"{socket.gethostname()}:{self.data_path}"

    @property
    def index_path(self) -> Path:
        return self.data_path / "index"

    @property
    def incoming_path(self) -> Path:
        # Beside a shared file store, so that an upload to any server reaches the worker.
        return (
            self.store_path.parent / "incoming" if self.files_dir else self.data_path / "incoming"
        )

    @property
    def thumbnails_path(self) -> Path:
        return self.data_path / "derived" / "thumbs"

    def effective(self) -> list[tuple[Setting, Any]]:
        """Each setting with its effective value, in declaration order."""
        out = [(s, getattr(self, s.name)) for s in SETTINGS]
        return [(s, self.effective_database_url if s.name == "database_url" else v) for s, v in out]


class ConfigError(ValueError):
    """A setting has a value that cannot be used."""


__all__ = ["SETTINGS", "ConfigError", "Setting", "Settings", "masked"]
