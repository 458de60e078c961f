"""Keeping the change log short: pruning what every index has applied.

Every change to a document is logged (``catalog.Change``) and every index keeps a cursor
into the log (``catalog.Consumer``: each app server's Whoosh index, or the one PostgreSQL
engine). Without pruning the log grows by a row per edit, upload and withdrawal for ever.

Rules, so that pruning never makes an index miss a change:

* only changes that **every** known consumer has applied are deleted (the smallest
  cursor), so a server that is down holds the log until it comes back, or until an
  operator forgets it (``archive servers forget``) when it is gone for good;
* the newest change is always kept: SQLite gives a new row the largest id plus one, and an
  emptied table would hand out ids that cursors have already passed;
* how far the log was pruned is recorded (the ``log:pruned`` row among the cursors), and an
  index whose cursor is below it, a forgotten server come back or an index without a
  cursor, has missed changes and is rebuilt from the catalog (``gap``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, select
from sqlalchemy.orm import Session

from archive.catalog import Catalog, Change, Consumer

PRUNED_MARK = "log:pruned"  # a row of ``consumers`` that is a mark, not an index


@dataclass(frozen=True)
class Cursor:
    """One consumer of the change log, and how far behind the newest change it is."""

    name: str
    last_change_id: int
    behind: int
    updated_at: dt.datetime | None


def head(session: Session) -> int:
    """The id of the newest change (0 for an empty log)."""
    return session.scalar(select(func.max(Change.id))) or 0


def pruned_through(session: Session) -> int:
    """Every change up to this id has been deleted (0: never pruned)."""
    return session.scalar(select(Consumer.last_change_id).where(Consumer.name == PRUNED_MARK)) or 0


def cursors(session: Session) -> list[Cursor]:
    """Every consumer of the log, most behind first."""
    newest = head(session)
    rows = session.execute(
        select(Consumer.name, Consumer.last_change_id, Consumer.updated_at).where(
            Consumer.name != PRUNED_MARK
        )
    ).all()
    found = [Cursor(name, last, max(0, newest - last), at) for name, last, at in rows]
    return sorted(found, key=lambda c: (-c.behind, c.name))


def prune(catalog: Catalog) -> int:
    """Delete the changes every consumer has applied; return how many were deleted."""
    with catalog.session() as session:
        lowest = session.scalar(
            select(func.min(Consumer.last_change_id)).where(Consumer.name != PRUNED_MARK)
        )
        if lowest is None:
            return 0  # no index has applied anything yet: nothing is known to be done
        through = min(lowest, head(session) - 1)
        if through <= pruned_through(session):
            return 0
        result = session.execute(delete(Change).where(Change.id <= through))
        deleted = cast("CursorResult[Any]", result).rowcount or 0
        mark = session.get(Consumer, PRUNED_MARK, with_for_update=True)
        if mark is None:
            session.add(Consumer(name=PRUNED_MARK, last_change_id=through))
        else:
            mark.last_change_id = max(mark.last_change_id, through)
        return deleted


def gap(session: Session, cursor: int) -> bool:
    """Whether changes past ``cursor`` were pruned: that index missed them."""
    return cursor < pruned_through(session)


def forget(catalog: Catalog, name: str) -> bool:
    """Stop a consumer holding the log back (a server gone for good); False if unknown."""
    if name == PRUNED_MARK:
        return False
    with catalog.session() as session:
        row = session.get(Consumer, name)
        if row is None:
            return False
        session.delete(row)
        return True
