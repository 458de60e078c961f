"""Document metadata: from a librarian's manifest first, then from the PDF itself.

A manifest is a UTF-8 CSV with one row per file and the columns
``file,title,type,date,language,creators,subjects,collection`` (and optional
``description``); ``creators`` and ``subjects`` are separated by ``;``. Where the manifest
is silent, the PDF's XMP and Info dictionary give the title, creators and date, and the
language is detected from the text.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive.catalog import DOCUMENT_TYPES
from archive.errors import ArchiveError
from archive.text import detect_language

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
)
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
MAX_TITLE = 1000


class ManifestError(ArchiveError):
    """A manifest that cannot be used; the message names the row and column."""


@dataclass(frozen=True)
class Metadata:
    """Catalog metadata of one document."""

    title: str
    type: str = "other"
    date: str | None = None
    language: str | None = None
    creators: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    collection: str | None = None
    description: str = ""


def split_list(value: str) -> list[str]:
    """Split a ``;``-separated manifest cell into clean items."""
    return [item.strip() for item in value.split(";") if item.strip()]


def clean_text(value: str, *, limit: int = MAX_TITLE) -> str:
    """Remove NULs and control characters (keeping newlines out of one-line fields)."""
    value = "".join(ch if ch.isprintable() or ch == " " else " " for ch in value)
    return " ".join(value.split())[:limit]


def validate_row(row: dict[str, str], where: str) -> dict[str, Any]:
    """Check and convert one manifest row (or web form); raise ``ManifestError``."""
    out: dict[str, Any] = {}
    if title := clean_text(row.get("title") or ""):
        out["title"] = title
    if kind := (row.get("type") or "").strip().lower():
        if kind not in DOCUMENT_TYPES:
            raise ManifestError(
                f"{where}: unknown type {kind!r} (one of {', '.join(DOCUMENT_TYPES)})"
            )
        out["type"] = kind
    if date := (row.get("date") or "").strip():
        if not _DATE.match(date):
            raise ManifestError(f"{where}: date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        out["date"] = date
    if language := (row.get("language") or "").strip().lower():
        if not _LANGUAGE.match(language):
            raise ManifestError(f"{where}: language {language!r} is not an ISO 639 code")
        out["language"] = language
    for key in ("creators", "subjects"):
        if items := split_list(row.get(key) or ""):
            out[key] = [clean_text(i, limit=300) for i in items]
    if collection := (row.get("collection") or "").strip():
        out["collection"] = collection
    if description := (row.get("description") or "").strip():
        out["description"] = description.replace("\x00", "")[:10000]
    return out


def read_manifest(path: Path) -> dict[str, dict[str, Any]]:
    """Read a manifest into {file name as written: checked values}; raise ``ManifestError``."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            missing = {"file"} - set(reader.fieldnames or [])
            if missing:
                raise ManifestError(
                    f"{path.name}: no 'file' column (columns: {', '.join(MANIFEST_COLUMNS)})"
                )
            rows = {}
            for number, row in enumerate(reader, start=2):
                name = (row.get("file") or "").strip()
                if not name:
                    raise ManifestError(f"{path.name} line {number}: empty 'file' cell")
                rows[name] = validate_row(row, f"{path.name} line {number}")
            return rows
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ManifestError(f"{path.name}: cannot be read: {exc}") from exc


def manifest_row_for(
    manifest: dict[str, dict[str, Any]], path: Path, base: Path | None
) -> dict[str, Any]:
    """The manifest row for a file: by path relative to the manifest, else by file name."""
    if base is not None:
        try:
            relative = path.resolve().relative_to(base.resolve()).as_posix()
            if relative in manifest:
                return manifest[relative]
        except ValueError:
            pass
    return manifest.get(path.name, {})


def _title_from_text(pages: list[str]) -> str | None:
    for page in pages[:2]:
        for line in page.splitlines():
            line = clean_text(line)
            if len(line) >= 8 and sum(ch.isalpha() for ch in line) >= 5:
                return line[:200]
    return None


def derive(
    given: dict[str, Any], info: dict[str, str], pages: list[str], filename: str
) -> Metadata:
    """Combine what a librarian gave with what the PDF says; the librarian wins."""
    title = (
        given.get("title")
        or info.get("xmp_title")
        or info.get("title")
        or _title_from_text(pages)
        or Path(filename).stem
        or "Untitled"
    )
    creators = given.get("creators") or split_list(
        info.get("xmp_creator") or info.get("author") or ""
    )
    date = given.get("date") or _pdf_date(info)
    language = given.get("language") or detect_language(" ".join(pages)[:20000])
    return Metadata(
        title=clean_text(title),
        type=given.get("type", "other"),
        date=date,
        language=language,
        creators=[clean_text(c, limit=300) for c in creators][:50],
        subjects=given.get("subjects", []),
        collection=given.get("collection"),
        description=given.get("description", ""),
    )


def _pdf_date(info: dict[str, str]) -> str | None:
    for key in ("xmp_date", "date"):
        value = info.get(key)
        if value and _DATE.match(value) and value[:4] > "1900":
            return value
    return None
