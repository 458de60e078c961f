"""Titles and descriptions in several languages: which one a reader sees, and the original.

A document's own ``title`` and ``description`` are in its ``language``; ``titles`` may add
others ({"en": {"title": ..., "description": ...}}). A reader sees the title in their
interface language where there is one, with the original beside it. The locale is a
parameter: the interface's language selection passes it in (English until it does).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DEFAULT_LOCALE = "en"


@dataclass(frozen=True)
class DisplayTitle:
    """The title (and description) to show, in ``language``, and the original if different."""

    title: str
    language: str | None
    description: str
    original: str | None = None
    original_language: str | None = None


def display_title(doc: Any, locale: str | None = DEFAULT_LOCALE) -> DisplayTitle:
    """The title a reader of ``locale`` sees first, with the original title beside it."""
    wanted = (locale or DEFAULT_LOCALE).split("-")[0].split("_")[0].lower()
    own = DisplayTitle(doc.title, doc.language, doc.description or "")
    if doc.language == wanted:
        return own
    found = (doc.titles or {}).get(wanted)
    if not found or not found.get("title"):
        return own
    return DisplayTitle(
        title=found["title"],
        language=wanted,
        description=found.get("description") or doc.description or "",
        original=doc.title,
        original_language=doc.language,
    )
