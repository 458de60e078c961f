"""Page text inside the extraction child: pypdf first, fallbacks only where it fails.

pypdf reads every page. A page it cannot read (an abbreviated filter name, a damaged stream,
a number longer than its 64-byte token cap) is read again by PDFium (``pypdfium2``), then from
a copy of the file repaired by qpdf (``pikepdf``, in memory: the stored original is never
changed); a page still unread is reported, never silently kept empty. A page whose words come
out glued together ("OrangeDemoInc.") is read again by PDFium and the better spacing kept.
Only pypdf's caps on what a file may cost (decoded sizes, counts, declared lengths) refuse the
whole file: those mark a hostile file, not a damaged one.
"""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass, field
from typing import Any

from archive.errors import RefusedFile
from archive.messages import N_, Message
from ingest.pdfinfo import clean

OK, RECOVERED, UNREADABLE = "ok", "recovered", "unreadable"

# pypdf caps the length of a single token (64 bytes for a number, 128 for an operator, 4096
# for a name); the messages name the cap. Such a cap guards no resource: a longer token is
# legal PDF, so tripping it costs at most that page, never the file.
_TOKEN_CAP = re.compile(
    r"Token exceeds maximum length of (\d+) bytes"
    r"|Read stream length of \d+ exceeds maximum allowed length of (\d+)"
)
TOKEN_CAP_BYTES = 1 << 16  # larger caps are on whole streams: a resource
_STRUCTURAL = ("cycl", "loop")  # a detected cycle is damage, not cost


@dataclass
class Pages:
    """Each page's text, and how pages that pypdf could not read plainly were read."""

    texts: list[str]
    # page number (from 1) -> (RECOVERED or UNREADABLE, a note for librarians)
    status: dict[int, tuple[str, str]] = field(default_factory=dict)


def is_resource_limit(exc: BaseException) -> bool:
    """True for pypdf's caps on what a file may cost; False for token-length caps and cycles."""
    from pypdf.errors import LimitReachedError

    if not isinstance(exc, LimitReachedError):
        return False
    message = str(exc)
    if match := _TOKEN_CAP.search(message):
        return int(match.group(1) or match.group(2)) > TOKEN_CAP_BYTES
    return not any(word in message.lower() for word in _STRUCTURAL)


def refuse_limit(number: int, exc: BaseException) -> RefusedFile:
    """The refusal of a file one of whose pages trips a resource cap."""
    return RefusedFile(
        N_(
            "page %(page)s exceeds a safety limit of the PDF reader (a decompression bomb?): "
            "%(why)s",
            page=number,
            why=str(exc)[:420],
        ),
        code="limit",
    )


def too_many_pages(count: int, most: int) -> Message:
    return N_("too many pages (%(count)s; at most %(most)s)", count=count, most=most)


def page_count(reader: Any, max_pages: int) -> int:
    """The number of pages; refuse an empty document or one with too many pages."""
    count = len(reader.pages)
    if count == 0:
        raise RefusedFile(N_("the PDF has no pages"), code="no-pages")
    if count > max_pages:
        raise RefusedFile(too_many_pages(count, max_pages), code="too-many-pages")
    return count


def read_with_pypdf(reader: Any) -> tuple[list[str], dict[int, str]]:
    """Every page's text, and {page index: error} for the pages pypdf could not read."""
    texts: list[str] = []
    failed: dict[int, str] = {}
    for index, page in enumerate(reader.pages):
        try:
            text = page.extract_text() or ""
        except (MemoryError, RecursionError):
            raise
        except Exception as exc:
            if is_resource_limit(exc):
                raise refuse_limit(index + 1, exc) from exc
            failed[index] = f"{type(exc).__name__}: {exc}"[:300]
            text = ""
        texts.append(clean(text))
    return texts, failed


def pdfium_texts(path: str, indexes: list[int], *, count: int | None = None) -> dict[int, str]:
    """PDFium's text of the given pages ({} if PDFium cannot open the file or disagrees
    about the page count)."""
    try:
        import pypdfium2

        document = pypdfium2.PdfDocument(path)
    except Exception:
        return {}
    try:
        if count is not None and len(document) != count:
            return {}
        out = {}
        for index in indexes:
            with contextlib.suppress(Exception):
                out[index] = _pdfium_page(document, index)
        return out
    finally:
        document.close()


def read_with_pdfium(path: str, max_pages: int) -> Pages | None:
    """Every page by PDFium, for a file pypdf cannot open (None if PDFium cannot either)."""
    try:
        import pypdfium2

        document = pypdfium2.PdfDocument(path)
        count = len(document)
        document.close()
    except Exception:
        return None
    if count == 0:
        return None
    if count > max_pages:
        raise RefusedFile(too_many_pages(count, max_pages), code="too-many-pages")
    found = pdfium_texts(path, list(range(count)), count=count)
    pages = Pages([found.get(i, "") for i in range(count)])
    for index in range(count):
        if index not in found:
            pages.status[index + 1] = (UNREADABLE, "no reader could read this page")
    return pages


def _pdfium_page(document: Any, index: int) -> str:
    page = document[index]
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
    finally:
        textpage.close()
        page.close()
    # PDFium ends lines with CRLF and marks hyphens it broke at line ends with U+FFFE / STX.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return clean(text.replace("\ufffe", "").replace("\x02", ""))


def repaired_reader(path: str) -> Any | None:
    """A pypdf reader on a copy repaired by qpdf, in memory (None if qpdf cannot open it).

    qpdf rebuilds a missing or damaged cross-reference table, finds a header after junk,
    and rewrites every stream with standard filter names (pypdf 7 refuses ``/AHx``, ``/A85``).
    """
    try:
        import pikepdf
        from pypdf import PdfReader

        out = io.BytesIO()
        with pikepdf.open(path) as pdf:
            pdf.save(
                out, stream_decode_level=pikepdf.StreamDecodeLevel.generalized, encryption=False
            )
        return PdfReader(out, strict=False)
    except (MemoryError, RecursionError):
        raise
    except Exception:
        return None


def recover(path: str, pages: Pages, failed: dict[int, str]) -> None:
    """Read again the pages pypdf failed on: PDFium, then a repaired copy; report the rest."""
    if not failed:
        return
    found = pdfium_texts(path, sorted(failed), count=len(pages.texts))
    for index, text in found.items():
        if text.strip():
            _recovered(pages, index, text, f"read by PDFium (pypdf: {failed.pop(index)})")
    repaired = repaired_reader(path) if failed else None
    for index in sorted(failed):
        again = _repaired_page(repaired, index, len(pages.texts))
        if again is not None:
            _recovered(
                pages, index, again, f"read from a repaired copy (pypdf: {failed.pop(index)})"
            )
    for index, error in failed.items():
        pages.status[index + 1] = (UNREADABLE, f"no reader could read this page: {error}")


def _recovered(pages: Pages, index: int, text: str, note: str) -> None:
    pages.texts[index] = text
    pages.status[index + 1] = (RECOVERED, note[:300])


def _repaired_page(reader: Any | None, index: int, count: int) -> str | None:
    if reader is None:
        return None
    try:
        if len(reader.pages) != count:
            return None
        return clean(reader.pages[index].extract_text() or "")
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:
        if is_resource_limit(exc):
            raise refuse_limit(index + 1, exc) from exc
        return None


# -- glued words ---------------------------------------------------------------------------------

GLUED_MEAN_LENGTH = 12.0  # English words average about 5 letters, German about 6.5
_MIN_LETTERS = 40  # a title page of two long words is not a glued page


def glue_score(text: str) -> float:
    """Mean length of the words of spaced scripts (Latin, Greek, Cyrillic); 0 if too few.

    Words run together when a reader misses the gaps between glyph runs; a mean well above
    a language's word length says so. Scripts written without spaces are left out, and so
    are tokens that are mostly not letters (dot leaders of a table of contents, numbers).
    """
    words = [w for w in text.split() if _mostly_letters(w)]
    letters = sum(len(w) for w in words)
    if letters < _MIN_LETTERS:
        return 0.0
    return letters / len(words)


def _mostly_letters(word: str) -> bool:
    spaced = word.isascii() or all(ch < "\u0590" for ch in word)  # isascii: the fast path
    return spaced and 2 * sum(ch.isalpha() for ch in word) > len(word)


def respace(path: str, pages: Pages) -> None:
    """Read glued pages again with PDFium; keep its text where its words are better spaced."""
    glued = [i for i, text in enumerate(pages.texts) if glue_score(text) > GLUED_MEAN_LENGTH]
    if not glued:
        return
    for index, text in pdfium_texts(path, glued, count=len(pages.texts)).items():
        if _better_spaced(text, pages.texts[index]):
            pages.texts[index] = text


def _better_spaced(candidate: str, current: str) -> bool:
    def alnum(text: str) -> int:
        return sum(ch.isalnum() for ch in text)

    # Same words (nearly every letter kept), shorter words: the gaps were found.
    keeps_letters = alnum(candidate) >= 0.9 * alnum(current)
    return keeps_letters and 0 < glue_score(candidate) < glue_score(current)
