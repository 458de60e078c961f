"""Text and metadata extraction from one PDF, in a sandboxed child process.

pypdf has had many denial-of-service advisories (decompression bombs, reference cycles,
absurd lengths, one that crashes the interpreter), so untrusted files are parsed in a child
with an address-space cap and a wall-clock timeout. Children are forked from a forkserver
that has pypdf loaded already, so a child costs milliseconds and inherits no threads.
Every failure becomes a ``RefusedFile`` with a reason a librarian can read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import logging
import multiprocessing
import os
import re
import resource
import sys
import warnings
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from archive.errors import RefusedFile

log = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
HEADER_WINDOW = 1024  # the PDF header may follow a little junk (PDF 1.7, Annex H)


@dataclass(frozen=True)
class Limits:
    """How much one PDF may cost."""

    timeout: float = 120.0
    memory_mb: int = 1536
    max_pages: int = 20000


@dataclass
class Extraction:
    """What a PDF gave up: text per page and its own metadata."""

    pages: list[str]
    info: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        # A scan gives no text or a few stray characters; three letters or digits is text.
        # Stop at the third: counting every character cost 6% of an ingest (bench/).
        alnum = (ch for page in self.pages for ch in page if ch.isalnum())
        return next(itertools.islice(alnum, 2, None), None) is not None


def check_header(path: Path) -> None:
    """Refuse an empty file or one that is not a PDF, whatever its name."""
    with open(path, "rb") as fh:
        head = fh.read(HEADER_WINDOW)
    if not head:
        raise RefusedFile("the file is empty", path=str(path), code="empty")
    if PDF_MAGIC not in head:
        raise RefusedFile("not a PDF (no %PDF- header)", path=str(path), code="not-pdf")


# -- the child side --------------------------------------------------------------------------


def _limit_resources(memory_mb: int) -> None:
    limit = memory_mb * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.setrecursionlimit(5000)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict):  # XMP language alternatives
        value = value.get("x-default") or next(iter(value.values()), None)
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value if v)
    text = _clean(str(value)).strip()
    return text[:2000] or None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(text: str) -> str:
    """Drop NULs; join surrogate pairs and replace lone surrogates (unstorable in UTF-8)."""
    if _SURROGATE.search(text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text.replace("\x00", "")


def _date(value: Any) -> str | None:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return None


def _read_info(reader: Any) -> dict[str, str]:
    info: dict[str, str] = {}
    with contextlib.suppress(Exception):
        meta = reader.metadata
        if meta is not None:
            for key, value in (
                ("title", meta.title),
                ("author", meta.author),
                ("subject", meta.subject),
            ):
                if text := _text(value):
                    info[key] = text
            with contextlib.suppress(Exception):
                if date := _date(meta.creation_date):
                    info["date"] = date
    with contextlib.suppress(Exception):
        xmp = reader.xmp_metadata
        if xmp is not None:
            for key, value in (
                ("xmp_title", xmp.dc_title),
                ("xmp_creator", xmp.dc_creator),
                ("xmp_language", xmp.dc_language),
            ):
                if text := _text(value):
                    info[key] = text
            with contextlib.suppress(Exception):
                if date := _date(xmp.xmp_create_date):
                    info["xmp_date"] = date
    return info


def _open(path: str) -> Any:
    from pypdf import PdfReader

    reader = PdfReader(path, strict=False)
    if reader.is_encrypted:
        try:
            result = reader.decrypt("")
        except Exception as exc:
            raise RefusedFile(f"cannot decrypt: {exc}", code="encrypted") from exc
        if not result:
            raise RefusedFile("encrypted with a user password", code="encrypted")
    return reader


def _extract_pages(reader: Any, max_pages: int) -> tuple[list[str], list[str]]:
    count = len(reader.pages)
    if count == 0:
        raise RefusedFile("the PDF has no pages", code="no-pages")
    if count > max_pages:
        raise RefusedFile(f"too many pages ({count}; at most {max_pages})", code="too-many-pages")
    pages, problems = [], []
    for number, page in enumerate(reader.pages, start=1):
        try:
            text = page.extract_text() or ""
        except (MemoryError, RecursionError):
            raise
        except Exception as exc:
            if _is_limit(exc):
                raise RefusedFile(
                    f"page {number} exceeds a safety limit of the PDF reader "
                    f"(a decompression bomb?): {exc}"[:500],
                    code="limit",
                ) from exc
            problems.append(f"page {number}: {type(exc).__name__}: {exc}"[:300])
            text = ""
        pages.append(_clean(text))
    return pages, problems


def _is_limit(exc: Exception) -> bool:
    """True for pypdf's own caps (decoded size, declared length, tokens per stream...).

    A page that trips one is hostile or pathological, so the whole file is refused rather
    than kept with a silently empty page.
    """
    from pypdf.errors import LimitReachedError

    return isinstance(exc, LimitReachedError)


def _child(path: str, limits: Limits, conn: Connection) -> None:
    _limit_resources(limits.memory_mb)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    try:
        reader = _open(path)
        pages, problems = _extract_pages(reader, limits.max_pages)
        result: tuple[Any, ...] = ("ok", pages, _read_info(reader), problems)
    except RefusedFile as exc:
        result = ("refused", exc.reason, exc.code)
    except MemoryError:
        result = ("refused", f"needs more than {limits.memory_mb} MiB to parse", "memory")
    except RecursionError:
        result = ("refused", "structure nested too deeply (or cyclic)", "recursion")
    except Exception as exc:
        result = ("refused", f"cannot be parsed: {type(exc).__name__}: {exc}"[:500], "broken")
    try:
        conn.send(result)
    except MemoryError:
        conn.send(("refused", f"needs more than {limits.memory_mb} MiB to parse", "memory"))
    except BrokenPipeError:
        pass  # the parent stopped waiting (timeout): nobody is left to tell
    finally:
        conn.close()


# -- the parent side -------------------------------------------------------------------------

_CONTEXT: Any = None


def _context() -> Any:
    global _CONTEXT
    if _CONTEXT is None:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["ingest.extract", "pypdf", "archive.render"])
        _CONTEXT = ctx
    return _CONTEXT


def extract(path: Path, limits: Limits) -> Extraction:
    """Parse a PDF in a child process; return its text, or raise ``RefusedFile``."""
    check_header(path)
    ctx = _context()
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(str(path), limits, sender), daemon=True)
    child.start()
    sender.close()
    try:
        message = _wait(receiver, child, limits)
    finally:
        receiver.close()
        _reap(child)
    if message[0] == "ok":
        _, pages, info, problems = message
        return Extraction(pages=pages, info=info, warnings=problems)
    _, reason, code = message
    raise RefusedFile(reason, path=str(path), code=code)


def _wait(receiver: Connection, child: Any, limits: Limits) -> tuple[Any, ...]:
    if not receiver.poll(limits.timeout):
        child.kill()  # now, not after _reap's grace period: it may be burning a core
        raise RefusedFile(f"took longer than {limits.timeout:g} s to parse", code="timeout")
    try:
        return receiver.recv()
    except (EOFError, OSError):
        child.join(5)
        code = child.exitcode
        raise RefusedFile(f"the parser crashed (exit code {code})", code="crash") from None


def _reap(child: Any) -> None:
    child.join(1)
    if child.is_alive():
        child.kill()
        child.join(5)
    with contextlib.suppress(Exception):
        child.close()


def cpu_count() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
