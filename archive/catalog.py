"""The SQL catalog: the archive's source of truth (documents, pages' text, users, history).

SQLAlchemy 2.x models and the ``Catalog`` object that opens the database, applies Alembic
migrations on first use, and hands out sessions. SQLite is the embedded default (WAL mode,
busy timeout, foreign keys on); PostgreSQL works through the same models.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import logging
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    create_engine,
    event,
    select,
    text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    mapped_column,
    relationship,
    sessionmaker,
)

from archive.locks import locked

log = logging.getLogger(__name__)

DOCUMENT_TYPES: dict[str, str] = {
    "report": "Report",
    "speech": "Speech",
    "presentation": "Presentation",
    "press-release": "Press release",
    "participant-list": "List of participants",
    "recommendations": "Recommendations",
    "other": "Other",
}


class DocumentStatus(StrEnum):
    """Whether readers see a document; the value is what the catalog stores."""

    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"
    DRAFT = "draft"  # uploaded from the web, waiting for a librarian's review


class PageExtraction(StrEnum):
    """How a page's text was read; the value is what the catalog stores."""

    OK = "ok"
    RECOVERED = "recovered"  # read by a second reader after the first failed
    UNREADABLE = "unreadable"


class JobState(StrEnum):
    """Where an upload stands in the queue; the value is what the catalog stores."""

    QUEUED = "queued"
    WORKING = "working"
    ADDED = "added"
    DUPLICATE = "duplicate"
    REFUSED = "refused"


PUBLISHED, WITHDRAWN, DRAFT = DocumentStatus
# Access levels (see ``archive.visibility``): who may see the file, its text and images.
ACCESS_PUBLIC, ACCESS_METADATA, ACCESS_EMBARGO = "public", "metadata", "embargo"
PAGE_OK, PAGE_RECOVERED, PAGE_UNREADABLE = PageExtraction
PDF_TEXT, OCR_TEXT = "pdf", "ocr"  # Page.text_source
OCR_PENDING, OCR_DONE, OCR_FAILED = "pending", "done", "failed"  # Page.ocr_state


def utcnow() -> dt.datetime:
    """Return the current time, timezone-aware, in UTC."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A datetime stored as naive UTC and always read back as aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the catalog")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    """Declarative base of every catalog table."""


class Collection(Base):
    """A seminar or event whose documents the archive keeps."""

    __tablename__ = "collections"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(Text)
    start_date: Mapped[str | None] = mapped_column(String(10))
    end_date: Mapped[str | None] = mapped_column(String(10))
    venue: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    organisers: Mapped[list[str]] = mapped_column(JSON, default=list)
    # An event's programme (days, sessions, contributions); see archive/programme.py.
    programme: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    documents: Mapped[list[Document]] = relationship(back_populates="collection")


class Document(Base):
    """One PDF with Dublin Core-style metadata; its pages' text lives in ``Page``."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    creators: Mapped[list[str]] = mapped_column(JSON, default=list)
    date: Mapped[str | None] = mapped_column(String(10))
    type: Mapped[str] = mapped_column(String(30), default="other")
    language: Mapped[str | None] = mapped_column(String(10))
    subjects: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    # Title and description in other languages: {"en": {"title": ..., "description": ...}}.
    titles: Mapped[dict[str, dict[str, str]]] = mapped_column(JSON, default=dict)
    collection_id: Mapped[int | None] = mapped_column(ForeignKey("collections.id"))
    original_filename: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer)
    page_count: Mapped[int] = mapped_column(Integer)
    has_text: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(20), default=PUBLISHED)
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="")
    access: Mapped[str] = mapped_column(String(20), default=ACCESS_PUBLIC, server_default="public")
    embargo_until: Mapped[str | None] = mapped_column(String(10), default=None)  # YYYY-MM-DD
    # No longer read: superseded by the change log (``Change``), which every index keeps
    # its own cursor into. Kept so that databases and code of earlier versions still work.
    index_pending: Mapped[bool] = mapped_column(Boolean, default=True)
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    collection: Mapped[Collection | None] = relationship(back_populates="documents")
    pages: Mapped[list[Page]] = relationship(
        back_populates="document", order_by="Page.number", cascade="all, delete-orphan"
    )

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date and self.date[:4].isdigit() else None

    @property
    def type_label(self) -> str:
        return DOCUMENT_TYPES.get(self.type, self.type)


class Person(Base):
    """A creator or speaker: a person or an organisation, with its other names."""

    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), default="organisation")
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    affiliation: Mapped[str] = mapped_column(Text, default="")
    # Identifiers such as {"ror": "https://ror.org/...", "orcid": "..."}.
    identifiers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    # A record merged into another keeps its row (and its slug redirects) for the history.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


class DocumentVersion(Base):
    """One file a document has had: the first ingested, then each corrected replacement.

    Every version's file stays in the store bit for bit; the document row names the latest.
    """

    __tablename__ = "document_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    original_filename: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (Index("ix_versions_document", "document_id", "number", unique=True),)


class UsageCount(Base):
    """Views and downloads of one document in one month, by readers (no address is kept)."""

    __tablename__ = "usage_counts"
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM, UTC
    views: Mapped[int] = mapped_column(Integer, default=0)
    downloads: Mapped[int] = mapped_column(Integer, default=0)


class Page(Base):
    """The extracted text of one page of a document (numbered from 1)."""

    __tablename__ = "pages"
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")
    # How the text was read: "ok", "recovered" (by a fallback reader) or "unreadable" (lost,
    # reported by `archive check`); the note says why, for librarians.
    extraction: Mapped[str] = mapped_column(String(20), default=PAGE_OK, server_default=PAGE_OK)
    extraction_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Where the text came from (PDF_TEXT or OCR_TEXT) and, for pages without a usable text
    # layer, the OCR's state (None: not wanted), its reason, languages and mean confidence.
    text_source: Mapped[str] = mapped_column(String(10), default="pdf", server_default="pdf")
    ocr_state: Mapped[str | None] = mapped_column(String(10), default=None)
    ocr_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    ocr_language: Mapped[str | None] = mapped_column(String(60), default=None)
    ocr_confidence: Mapped[float | None] = mapped_column(Float, default=None)
    document: Mapped[Document] = relationship(back_populates="pages")
    __table_args__ = (Index("ix_pages_ocr_state", "ocr_state"),)


class User(Base):
    """A librarian or administrator account."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(20), default="librarian")
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuthSession(Base):
    """A server-side login session; deleting the row ends it for good (no replay)."""

    __tablename__ = "auth_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the token
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    user: Mapped[User] = relationship()


class LoginFailure(Base):
    """A failed login, counted per account and per address to slow down guessing."""

    __tablename__ = "login_failures"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (Index("ix_login_failures_at", "at"),)


class Event(Base):
    """One entry of the history: who did what, when, to which document."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    __table_args__ = (Index("ix_events_document", "document_id"),)


class Job(Base):
    """A file received by the web desk, waiting for or done with ingest."""

    __tablename__ = "jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(String(20), default=JobState.QUEUED)
    original_filename: Mapped[str] = mapped_column(Text)
    incoming_name: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    collection_slug: Mapped[str | None] = mapped_column(String(100))
    metadata_: Mapped[dict[str, Any]] = mapped_column("metadata", JSON, default=dict)
    submitted_by: Mapped[str] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text, default="")
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    __table_args__ = (Index("ix_jobs_state", "state"),)


JOB_STATES = tuple(JobState)


class Change(Base):
    """One change to a document, logged in the same transaction as the change itself.

    Every consumer (each app server's Whoosh index, the PostgreSQL engine's tables, a feed)
    keeps its own cursor (``Consumer``) into this log and catches up on its own.
    """

    __tablename__ = "changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Consumer(Base):
    """How far one consumer of the change log has applied it."""

    __tablename__ = "consumers"
    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    last_change_id: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


CHANGE_LOG_LOCK = 0x4348414E  # pg_advisory_xact_lock key that orders change ids ("CHAN")


def log_change(session: Session, document_id: int, kind: str) -> None:
    """Log a change to a document in the caller's transaction.

    On PostgreSQL, transactions that log changes take one advisory lock until they commit,
    so change ids become visible in the order they were given: a consumer that has read
    change n never later finds a smaller id it skipped.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": CHANGE_LOG_LOCK})
    session.add(Change(document_id=document_id, kind=kind))


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own is deferred and late).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    # Writers take the write lock at BEGIN, so two writers queue on busy_timeout instead of
    # failing with "database is locked" when a read transaction tries to upgrade.
    immediate = conn.get_execution_options().get("immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str) -> Engine:
    """Create an engine; for SQLite, WAL and a busy timeout so several processes can share it."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


#: True while serving someone whose own changes must be read back at once (a signed-in
#: librarian): their public reads then go to the primary, not to a lagging standby.
primary_reads: contextvars.ContextVar[bool] = contextvars.ContextVar("primary_reads", default=False)


class Catalog:
    """An open catalog: the engine, a session factory, and migrations applied."""

    def __init__(
        self, url: str, *, lock_dir: Path | None = None, read_url: str | None = None
    ) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.replica = make_engine(read_url) if read_url else None
        self._replica_sessions = (
            sessionmaker(self.replica, expire_on_commit=False) if self.replica else None
        )
        self._writer = sessionmaker(
            self.engine.execution_options(immediate=True), expire_on_commit=False
        )
        self._lock_dir = lock_dir

    def upgrade(self) -> None:
        """Bring the schema to the newest migration (safe to call from several processes)."""
        from archive import migrate  # local: alembic is only needed here

        with self._migration_lock():
            migrate.upgrade(self.engine)

    @contextlib.contextmanager
    def _migration_lock(self) -> Iterator[None]:
        if self._lock_dir is None:
            yield
            return
        with locked(self._lock_dir / "migrate.lock"):
            yield

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose transaction commits on success and rolls back on error."""
        with self._writer() as session, session.begin():
            yield session

    def read(self) -> Session:
        """A session for reading (use as a context manager)."""
        return self.sessions()

    def public_read(self) -> Session:
        """A session for what readers see: on the standby if there is one, unless this
        context reads its own writes (``primary_reads``)."""
        if self._replica_sessions is None or primary_reads.get():
            return self.sessions()
        return self._replica_sessions()

    def dispose(self) -> None:
        self.engine.dispose()
        if self.replica is not None:
            self.replica.dispose()


def published(stmt: Any) -> Any:
    """Restrict a document query to what readers may see."""
    return stmt.where(Document.status == PUBLISHED)


def document_by_sha(session: Session, sha256: str) -> Document | None:
    """Return the document holding this file, if any."""
    return session.scalar(select(Document).where(Document.sha256 == sha256))


def collection_by_slug(session: Session, slug: str) -> Collection | None:
    """Return the collection with this slug, if any."""
    return session.scalar(select(Collection).where(Collection.slug == slug))
