"""A PDF's own metadata (Info dictionary and XMP), read inside the extraction child.

pypdf answers a missing XMP property with an empty value (``{}`` for a missing ``dc:title``,
``[]`` for an empty ``dc:creator``); turned into a string that read "None" and overrode a good
Info ``/Title``. Every value therefore goes through ``text_value``, which treats empty and
null values as absent and never returns "None", "[]" or "{}".
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

MAX_VALUE = 2000
# What str() makes of an empty or null value; never a real title, name or date.
_EMPTY_SPELLINGS = {"none", "null", "[]", "{}", "()", "''", '""'}
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean(text: str) -> str:
    """Drop NULs; join surrogate pairs and replace lone surrogates (unstorable in UTF-8)."""
    if _SURROGATE.search(text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text.replace("\x00", "")


def text_value(value: Any) -> str | None:
    """The text of a metadata value, or None when it is empty, null or absent."""
    value = _plain(value)
    if value is None:
        return None
    if isinstance(value, list):
        parts = [part for part in (text_value(v) for v in value) if part]
        return "; ".join(parts)[:MAX_VALUE] or None
    text = clean(str(value)).strip()
    if not text or text.lower() in _EMPTY_SPELLINGS:
        return None
    return text[:MAX_VALUE]


def _plain(value: Any) -> Any:
    """Unwrap pypdf's containers: XMP language alternatives, bags and sequences, null."""
    from pypdf.generic import NullObject

    if value is None or isinstance(value, NullObject):
        return None
    if isinstance(value, dict):  # XMP language alternatives: x-default first
        values = [value.get("x-default"), *value.values()]
        return next((v for v in values if text_value(v)), None)
    if isinstance(value, list | tuple | set):
        return list(value)
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value


def _date(value: Any) -> str | None:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return None


def _put(info: dict[str, str], pairs: Iterable[tuple[str, Any]]) -> None:
    for key, read in pairs:
        with contextlib.suppress(Exception):  # one bad property must not hide the others
            if text := text_value(read()):
                info[key] = text


def read_info(reader: Any, *, strings_readable: bool = True) -> dict[str, str]:
    """Title, author, subject, language and dates from Info and XMP; only values present."""
    info: dict[str, str] = {}
    meta = None
    if strings_readable:  # Info strings stay encrypted when only the password decrypts them
        with contextlib.suppress(Exception):
            meta = reader.metadata
    if meta is not None:
        _put(info, [("title", lambda: meta.title), ("author", lambda: meta.author)])
        _put(info, [("subject", lambda: meta.subject)])
        _put(info, [("date", lambda: _date(meta.creation_date))])
    xmp = None
    with contextlib.suppress(Exception):
        xmp = reader.xmp_metadata
    if xmp is not None:
        _put(info, [("xmp_title", lambda: xmp.dc_title), ("xmp_creator", lambda: xmp.dc_creator)])
        _put(info, [("xmp_language", lambda: xmp.dc_language)])
        _put(info, [("xmp_date", lambda: _date(xmp.xmp_create_date))])
    return info
