"""Every setting of the archive, declared once with its default and help.

Settings are read from environment variables (``ARCHIVE_*``). ``Settings.from_env()`` gives
the effective values; tests build a ``Settings`` with overrides. The README's settings table
is checked against ``SETTINGS`` by a test, so the docs cannot drift from the code.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
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


def _optional_path(text: str) -> Path | None:
    return Path(text) if text else None


def _choice(*choices: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        value = text.strip().lower()
        if value not in choices:
            raise ValueError(f"{text!r} is not one of {', '.join(choices)}")
        return value

    return parse


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
        "Pages written to the index per commit during ingest and reindex.",
    ),
    Setting(
        "index_lock_timeout",
        _positive_float,
        60.0,
        "Seconds a writer waits for the index's single-writer lock.",
    ),
    Setting(
        "max_upload_mb",
        _positive_int,
        200,
        "Largest upload request accepted by the web desk (MiB); larger gets HTTP 413.",
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
    Setting("log_level", str, "INFO", "Logging level (DEBUG, INFO, WARNING, ERROR)."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """The effective settings of one archive."""

    values: Mapping[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        if name in _BY_NAME:
            return self.values.get(name, _BY_NAME[name].default)
        raise AttributeError(name)

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
        return cls(values)

    def with_(self, **overrides: Any) -> Settings:
        """Return a copy with some values replaced."""
        return replace(self, values={**self.values, **overrides})

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

    def effective(self) -> list[tuple[Setting, Any]]:
        """Each setting with its effective value, in declaration order."""
        out = [(s, getattr(self, s.name)) for s in SETTINGS]
        return [(s, self.effective_database_url if s.name == "database_url" else v) for s, v in out]


class ConfigError(ValueError):
    """A setting has a value that cannot be used."""


__all__ = ["SETTINGS", "ConfigError", "Setting", "Settings"]
