"""An event's programme: days, sessions and contributions, each linked to its documents.

The programme is stored as JSON on its collection. ``validate`` checks what a librarian or
``collection.json`` gives and names the first bad field by its path; ``view`` joins the
programme with the collection's published documents for the readers' page. Documents are
named by their file name (as uploaded) or by their catalog id.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from archive.errors import ArchiveError
from archive.messages import N_

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
MAX_ITEMS = 200  # days, sessions, contributions or speakers in one list
MAX_TEXT = 2000


class ProgrammeError(ArchiveError):
    """A programme that cannot be stored, with the path of its first bad field."""


def parse(text: str) -> dict[str, Any] | None:
    """Read a programme typed as JSON (empty: no programme); raise ``ProgrammeError``."""
    if not text.strip():
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProgrammeError(
            N_(
                "programme: not valid JSON at line %(line)s, column %(column)s: %(why)s",
                line=exc.lineno,
                column=exc.colno,
                why=exc.msg,
            )
        ) from exc
    return validate(data)


def validate(data: Any) -> dict[str, Any] | None:
    """The programme cleaned (whitespace trimmed, empty keys dropped); raise on bad input."""
    if data is None or data == {}:
        return None
    obj = _object(data, "programme", {"days"})
    return {"days": _list(obj.get("days"), "programme.days", _day)}


def _object(value: Any, path: str, keys: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ProgrammeError(N_("%(path)s must be an object {...}", path=path))
    unknown = sorted(set(value) - keys)
    if unknown:
        raise ProgrammeError(
            N_(
                "%(path)s: unknown key %(key)s (allowed: %(keys)s)",
                path=path,
                key=repr(unknown[0]),
                keys=", ".join(sorted(keys)),
            )
        )
    return value


def _list(value: Any, path: str, item: Any) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ProgrammeError(N_("%(path)s must be a list [...]", path=path))
    if len(value) > MAX_ITEMS:
        raise ProgrammeError(
            N_("%(path)s has more than %(most)s entries", path=path, most=MAX_ITEMS)
        )
    return [item(v, f"{path}[{i}]") for i, v in enumerate(value)]


def _text(value: Any, path: str, *, required: bool = False, pattern: Any = None) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ProgrammeError(N_("%(path)s must be text", path=path))
    value = " ".join(value.replace("\x00", "").split())
    if required and not value:
        raise ProgrammeError(N_("%(path)s is required", path=path))
    if len(value) > MAX_TEXT:
        raise ProgrammeError(
            N_("%(path)s is longer than %(most)s characters", path=path, most=MAX_TEXT)
        )
    if value and pattern is not None and not pattern.match(value):
        if pattern is _DATE:
            wrong = N_("%(path)s must be YYYY-MM-DD, not %(value)s", path=path, value=repr(value))
        else:
            wrong = N_(
                "%(path)s must be HH:MM (24-hour), not %(value)s", path=path, value=repr(value)
            )
        raise ProgrammeError(wrong)
    return value


def _drop_empty(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if v not in ("", None, [])}


def _day(value: Any, path: str) -> dict[str, Any]:
    obj = _object(value, path, {"date", "title", "sessions", "documents"})
    return _drop_empty(
        {
            "date": _text(obj.get("date"), f"{path}.date", required=True, pattern=_DATE),
            "title": _text(obj.get("title"), f"{path}.title"),
            "sessions": _list(obj.get("sessions"), f"{path}.sessions", _session),
            "documents": _list(obj.get("documents"), f"{path}.documents", _document_ref),
        }
    )


def _session(value: Any, path: str) -> dict[str, Any]:
    keys = {"title", "start", "end", "chair", "contributions", "documents"}
    obj = _object(value, path, keys)
    chair = obj.get("chair")
    return _drop_empty(
        {
            "title": _text(obj.get("title"), f"{path}.title", required=True),
            "start": _text(obj.get("start"), f"{path}.start", pattern=_TIME),
            "end": _text(obj.get("end"), f"{path}.end", pattern=_TIME),
            "chair": _speaker(chair, f"{path}.chair") if chair else None,
            "contributions": _list(
                obj.get("contributions"), f"{path}.contributions", _contribution
            ),
            "documents": _list(obj.get("documents"), f"{path}.documents", _document_ref),
        }
    )


def _contribution(value: Any, path: str) -> dict[str, Any]:
    keys = {"title", "start", "end", "speakers", "documents"}
    obj = _object(value, path, keys)
    return _drop_empty(
        {
            "title": _text(obj.get("title"), f"{path}.title", required=True),
            "start": _text(obj.get("start"), f"{path}.start", pattern=_TIME),
            "end": _text(obj.get("end"), f"{path}.end", pattern=_TIME),
            "speakers": _list(obj.get("speakers"), f"{path}.speakers", _speaker),
            "documents": _list(obj.get("documents"), f"{path}.documents", _document_ref),
        }
    )


def _speaker(value: Any, path: str) -> dict[str, str]:
    obj = _object(value, path, {"name", "role", "affiliation"})
    out = _drop_empty(
        {k: _text(obj.get(k), f"{path}.{k}") for k in ("name", "role", "affiliation")}
    )
    if not out.get("name") and not out.get("role"):
        raise ProgrammeError(N_("%(path)s needs a name or a role", path=path))
    return out


def _document_ref(value: Any, path: str) -> str | int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return _text(value, path, required=True)


# -- the readers' view --------------------------------------------------------------------------


@dataclass
class Contribution:
    """A talk with its speakers and the documents that belong to it."""

    title: str
    speakers: list[dict[str, str]]
    documents: list[Any]
    start: str = ""
    end: str = ""


@dataclass
class Session:
    """A session of a day: its time, title, chair and contributions."""

    title: str
    contributions: list[Contribution]
    documents: list[Any]
    chair: dict[str, str] | None = None
    start: str = ""
    end: str = ""


@dataclass
class Day:
    """One day of an event."""

    date: str
    title: str
    sessions: list[Session]
    documents: list[Any] = field(default_factory=list)


def view(programme: dict[str, Any] | None, documents: Iterable[Any]) -> list[Day]:
    """The programme's days with each reference replaced by the (published) document."""
    if not programme:
        return []
    by_ref: dict[Any, Any] = {}
    for doc in documents:
        by_ref[doc.id] = doc
        by_ref.setdefault(doc.original_filename, doc)
    return [_day_view(d, by_ref) for d in programme.get("days", [])]


def _docs(refs: Iterable[Any], by_ref: dict[Any, Any]) -> list[Any]:
    # A reference to a withdrawn or not yet ingested document is left out, not shown broken.
    return [by_ref[r] for r in refs if r in by_ref]


def _day_view(day: dict[str, Any], by_ref: dict[Any, Any]) -> Day:
    sessions = [
        Session(
            title=s["title"],
            contributions=[
                Contribution(
                    c["title"],
                    c.get("speakers", []),
                    _docs(c.get("documents", []), by_ref),
                    c.get("start", ""),
                    c.get("end", ""),
                )
                for c in s.get("contributions", [])
            ],
            documents=_docs(s.get("documents", []), by_ref),
            chair=s.get("chair"),
            start=s.get("start", ""),
            end=s.get("end", ""),
        )
        for s in day.get("sessions", [])
    ]
    return Day(day["date"], day.get("title", ""), sessions, _docs(day.get("documents", []), by_ref))


def speakers(programme: dict[str, Any] | None) -> Iterable[tuple[dict[str, str], str, str]]:
    """Every (speaker, contribution title, role in it) of a programme, chairs included."""
    for day in (programme or {}).get("days", []):
        for session in day.get("sessions", []):
            if session.get("chair"):
                yield session["chair"], session["title"], "chair"
            for contribution in session.get("contributions", []):
                for speaker in contribution.get("speakers", []):
                    yield speaker, contribution["title"], "speaker"
