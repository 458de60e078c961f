"""Document metadata: from a librarian's manifest first, then from the PDF itself.

A manifest is a UTF-8 CSV with one row per file and the columns
``file,title,type,date,language,creators,subjects,collection`` (and optional
``description``); ``creators`` and ``subjects`` are separated by ``;``. Where the manifest
is silent, the PDF's XMP and Info dictionary give the title, creators and date, and the
language is detected from the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive.manifest import (
    DATE,
    MANIFEST_COLUMNS,
    MAX_TITLE,
    ManifestError,
    clean_text,
    parse_manifest,
    split_list,
    validate_row,
)
from archive.search.analysis import detect_language
from archive.visibility import Access, parse_access

# The manifest's rules live in the archive's core (the web desk uses them too); these names
# stay importable from here for the command line and older callers.
__all__ = [
    "MANIFEST_COLUMNS",
    "MAX_TITLE",
    "ManifestError",
    "Metadata",
    "clean_text",
    "derive",
    "manifest_row_for",
    "read_manifest",
    "split_list",
    "validate_row",
]


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
    titles: dict[str, dict[str, str]] = field(default_factory=dict)  # other languages
    access: Access = field(default_factory=Access)


def read_manifest(path: Path) -> dict[str, dict[str, Any]]:
    """Read a manifest into {file name as written: checked values}; raise ``ManifestError``."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            return parse_manifest(fh, path.name)
    except OSError as exc:
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
        titles=given.get("titles", {}),
        access=parse_access(given.get("access")),
    )


def _pdf_date(info: dict[str, str]) -> str | None:
    for key in ("xmp_date", "date"):
        value = info.get(key)
        if value and DATE.match(value) and value[:4] > "1900":
            return value
    return None
