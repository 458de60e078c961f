"""Librarians' metadata: the manifest CSV and the rules a row (or a web form) must follow.

A manifest is a UTF-8 CSV with one row per file and the columns
``file,title,type,date,language,creators,subjects,collection`` (and optional
``description`` and ``access``: ``public``, ``metadata`` or ``embargo:YYYY-MM-DD``, see
``archive.visibility``); ``creators`` and ``subjects`` are separated by ``;``. Optional
``title_<lang>`` and ``description_<lang>`` columns (``title_en``...) give the title and
description in another language (see archive/titles.py). The same rules check
the command line's manifests, the web desk's uploaded manifests and its edit form, so this
module lives in the archive's core (the web may not import ``ingest``).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from typing import Any

from archive.catalog import DOCUMENT_TYPES
from archive.errors import ArchiveError
from archive.messages import N_, Message
from archive.visibility import AccessError, parse_access

MANIFEST_COLUMNS = (
    "file",
    "title",
    "type",
    "date",
    "language",
    "creators",
    "subjects",
    "collection",
    "description",
    "access",
)
DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")
TRANSLATED = re.compile(r"^(title|description)_([a-z]{2,3})$")  # title_en, description_th
MAX_TITLE = 1000
MAX_DESCRIPTION = 10000


class ManifestError(ArchiveError):
    """A manifest that cannot be used; the message names the row and column."""


def split_list(value: str) -> list[str]:
    """Split a ``;``-separated manifest cell into clean items."""
    return [item.strip() for item in value.split(";") if item.strip()]


def clean_text(value: str, *, limit: int = MAX_TITLE) -> str:
    """Remove NULs and control characters (keeping newlines out of one-line fields)."""
    value = "".join(ch if ch.isprintable() or ch == " " else " " for ch in value)
    return " ".join(value.split())[:limit]


def validate_row(row: dict[str, str], where: str | Message) -> dict[str, Any]:
    """Check and convert one manifest row (or web form); raise ``ManifestError``."""
    out: dict[str, Any] = {}
    if title := clean_text(row.get("title") or ""):
        out["title"] = title
    if kind := (row.get("type") or "").strip().lower():
        if kind not in DOCUMENT_TYPES:
            raise ManifestError(
                N_(
                    "%(where)s: unknown type %(kind)s (one of %(types)s)",
                    where=where,
                    kind=repr(kind),
                    types=", ".join(DOCUMENT_TYPES),
                )
            )
        out["type"] = kind
    if date := (row.get("date") or "").strip():
        if not DATE.match(date):
            raise ManifestError(
                N_(
                    "%(where)s: date %(date)s is not YYYY, YYYY-MM or YYYY-MM-DD",
                    where=where,
                    date=repr(date),
                )
            )
        out["date"] = date
    if language := (row.get("language") or "").strip().lower():
        if not LANGUAGE.match(language):
            raise ManifestError(
                N_(
                    "%(where)s: language %(language)s is not an ISO 639 code",
                    where=where,
                    language=repr(language),
                )
            )
        out["language"] = language
    for key in ("creators", "subjects"):
        if items := split_list(row.get(key) or ""):
            out[key] = [clean_text(i, limit=300) for i in items]
    if collection := (row.get("collection") or "").strip():
        out["collection"] = collection
    if description := (row.get("description") or "").strip():
        out["description"] = description.replace("\x00", "")[:MAX_DESCRIPTION]
    if titles := translated(row):
        out["titles"] = titles
    if access := (row.get("access") or "").strip():
        try:
            out["access"] = str(parse_access(access))
        except AccessError as exc:
            raise ManifestError(
                N_("%(where)s: column 'access': %(why)s", where=where, why=exc.msg)
            ) from None
    return out


def translated(row: dict[str, str]) -> dict[str, dict[str, str]]:
    """The ``title_<lang>``/``description_<lang>`` cells as {lang: {title, description}}."""
    titles: dict[str, dict[str, str]] = {}
    for key, value in row.items():
        found = TRANSLATED.match(key or "")
        if found and (value or "").strip():
            field, lang = found.groups()
            limit = MAX_TITLE if field == "title" else MAX_DESCRIPTION
            titles.setdefault(lang, {})[field] = clean_text(value, limit=limit)
    return {lang: parts for lang, parts in sorted(titles.items()) if parts.get("title")}


def raw_rows(lines: Iterable[str], name: str) -> Iterator[tuple[Message, dict[str, str]]]:
    """Yield (where, row) for each data row of a manifest; raise ``ManifestError``.

    ``where`` names the manifest and the line ("m.csv line 3") for error messages; every
    row has a non-empty ``file`` cell.
    """
    try:
        reader = csv.DictReader(lines)
        if "file" not in (reader.fieldnames or []):
            raise ManifestError(
                N_(
                    "%(name)s: no 'file' column (columns: %(columns)s)",
                    name=name,
                    columns=", ".join(MANIFEST_COLUMNS),
                )
            )
        header = list(reader.fieldnames or [])
        for row in reader:
            where = N_("%(name)s line %(line)s", name=name, line=reader.line_num)
            _check_width(row, header, where)
            if not (row.get("file") or "").strip():
                raise ManifestError(N_("%(where)s: empty 'file' cell", where=where))
            yield where, {k: v or "" for k, v in row.items() if isinstance(k, str)}
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ManifestError(
            N_("%(name)s: cannot be read: %(why)s", name=name, why=str(exc))
        ) from exc


def _check_width(row: dict[str | None, Any], header: list[str], where: Message) -> None:
    """Refuse a row with more fields than the header: most often a comma left unquoted."""
    extra = row.get(None)
    if not extra:
        return
    last = header[-1] if header else "?"
    raise ManifestError(
        N_(
            "%(where)s: %(fields)s fields where the header has %(columns)s columns (the extra "
            "field after column '%(last)s' is %(extra)s). A value that contains a comma must "
            'be quoted, e.g. "Japan, social security agreements".',
            where=where,
            fields=len(header) + len(extra),
            columns=len(header),
            last=last,
            extra=repr(extra[0][:60]),
        )
    )


def parse_manifest(lines: Iterable[str], name: str) -> dict[str, dict[str, Any]]:
    """Read a manifest into {file name as written: checked values}; raise ``ManifestError``."""
    return {row["file"].strip(): validate_row(row, where) for where, row in raw_rows(lines, name)}
