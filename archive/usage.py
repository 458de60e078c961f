"""Usage: views and downloads counted per document and month, for people, keeping no address.

A hit is counted unless its user agent is a robot's (the maintained ``crawler-user-agents``
list; an empty user agent counts as a robot) or it repeats the same reader's hit on the same
document within ``REPEAT_SECONDS`` (a double click, a reload). Repeats are recognised by a
keyed hash of address, user agent, document and kind, kept only in this process's memory for
those seconds; the key is random per process and never stored, so nothing written can be
traced back to an address.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, cast

from crawleruseragents import is_crawler
from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from archive.catalog import Collection, Document, UsageCount

VIEW, DOWNLOAD = "view", "download"
REPEAT_SECONDS = 30.0
MAX_REMEMBERED = 50_000  # recent hits remembered at most (oldest forgotten first)


def is_robot(user_agent: str | None) -> bool:
    """Whether a user agent is a robot's (crawlers, spiders, scripts, link checkers)."""
    agent = (user_agent or "").strip()
    return not agent or is_crawler(agent[:1000])


class RepeatFilter:
    """Recognises a reader's repeat of a hit within ``REPEAT_SECONDS``, by keyed hash only."""

    def __init__(self, seconds: float = REPEAT_SECONDS) -> None:
        self.seconds = seconds
        self._key = secrets.token_bytes(32)  # per process, never stored
        self._seen: OrderedDict[bytes, float] = OrderedDict()
        self._lock = threading.Lock()

    def first(self, address: str, user_agent: str, doc_id: int, kind: str) -> bool:
        """Whether this hit counts (not a repeat); remembers it for the next few seconds."""
        message = f"{address}\x00{user_agent}\x00{doc_id}\x00{kind}".encode()
        digest = hmac.new(self._key, message, hashlib.sha256).digest()
        now = time.monotonic()
        with self._lock:
            self._forget(now)
            last = self._seen.get(digest)
            self._seen[digest] = now
            self._seen.move_to_end(digest)
            return last is None or now - last >= self.seconds

    def _forget(self, now: float) -> None:
        while self._seen and (
            len(self._seen) > MAX_REMEMBERED or now - next(iter(self._seen.values())) > self.seconds
        ):
            self._seen.popitem(last=False)


def this_month() -> str:
    """The current month in UTC, as YYYY-MM."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m")


def add(session: Session, doc_id: int, kind: str, *, month: str | None = None) -> None:
    """Count one view or download of a document in a month."""
    month = month or this_month()
    column = UsageCount.views if kind == VIEW else UsageCount.downloads
    done = session.execute(
        update(UsageCount)
        .where(UsageCount.document_id == doc_id, UsageCount.month == month)
        .values({column.key: column + 1})
    )
    if cast("CursorResult[Any]", done).rowcount == 0:
        views, downloads = (1, 0) if kind == VIEW else (0, 1)
        session.add(UsageCount(document_id=doc_id, month=month, views=views, downloads=downloads))


@dataclass(frozen=True)
class UsageRow:
    """Views and downloads of a collection (or of one document) in a month."""

    label: str
    month: str
    views: int
    downloads: int


def of_document(session: Session, doc_id: int) -> list[UsageRow]:
    """A document's counts, newest month first."""
    rows = session.execute(
        select(UsageCount.month, UsageCount.views, UsageCount.downloads)
        .where(UsageCount.document_id == doc_id)
        .order_by(UsageCount.month.desc())
    )
    return [UsageRow(str(doc_id), m, v, d) for m, v, d in rows]


def by_collection(session: Session) -> list[UsageRow]:
    """Counts per collection (documents of none under '(no collection)') and month."""
    label = func.coalesce(Collection.title, "(no collection)")
    rows = session.execute(
        select(label, UsageCount.month, func.sum(UsageCount.views), func.sum(UsageCount.downloads))
        .join(Document, Document.id == UsageCount.document_id)
        .outerjoin(Collection, Collection.id == Document.collection_id)
        .group_by(label, UsageCount.month)
        .order_by(UsageCount.month.desc(), label)
    )
    return [UsageRow(c, m, int(v or 0), int(d or 0)) for c, m, v, d in rows]


def per_document(session: Session) -> list[tuple[int, str, str, int, int]]:
    """(document, title, month, views, downloads) of every count, for the CSV export."""
    rows = session.execute(
        select(
            Document.id, Document.title, UsageCount.month, UsageCount.views, UsageCount.downloads
        )
        .join(Document, Document.id == UsageCount.document_id)
        .order_by(UsageCount.month, Document.id)
    )
    return [(i, t, m, v, d) for i, t, m, v, d in rows]
