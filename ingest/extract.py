"""Text and metadata extraction from one PDF, in a sandboxed child process.

pypdf has had many denial-of-service advisories (decompression bombs, reference cycles,
absurd lengths, one that crashes the interpreter), so untrusted files are parsed in a child
with an address-space cap and a wall-clock timeout. Children are forked from a forkserver
that has pypdf loaded already, so a child costs milliseconds and inherits no threads.
Every failure becomes a ``RefusedFile`` with a reason a librarian can read. The pages pypdf
cannot read are read again by other readers in the same child (``ingest.pdftext``).
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import multiprocessing
import os
import resource
import sys
import warnings
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from archive.errors import RefusedFile
from archive.messages import N_, Message
from ingest import pdftext
from ingest.forms import form_values
from ingest.pdfinfo import clean, read_info

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
    # page number -> ("recovered" or "unreadable", note): pages pypdf could not read plainly
    page_status: dict[int, tuple[str, str]] = field(default_factory=dict)

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
        raise RefusedFile(N_("the file is empty"), path=str(path), code="empty")
    if PDF_MAGIC not in head:
        raise RefusedFile(N_("not a PDF (no %PDF- header)"), path=str(path), code="not-pdf")


# -- the child side --------------------------------------------------------------------------


def _limit_resources(memory_mb: int) -> None:
    limit = memory_mb * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.setrecursionlimit(5000)


def _open(path: str) -> tuple[Any, bool]:
    """A pypdf reader, and whether the Info dictionary's strings are readable."""
    from pypdf import PdfReader

    reader = PdfReader(path, strict=False)
    if not reader.is_encrypted:
        return reader, True
    try:
        result = reader.decrypt("")
    except Exception as exc:
        raise RefusedFile(N_("cannot decrypt: %(why)s", why=str(exc)), code="encrypted") from exc
    if result:
        return reader, True
    encrypt: Any = reader.trailer["/Encrypt"].get_object()  # a dictionary: pypdf decrypted it
    if not _streams_in_clear(encrypt):
        raise RefusedFile(N_("encrypted with a user password"), code="encrypted")
    # The password guards only what the crypt filters name (attachments, /EFF): the page
    # streams are in clear, so pypdf reads them as they are (its own switch for unencrypted
    # parts of an encrypted file).
    reader._override_encryption = True
    return reader, encrypt.get("/StrF", "/Identity") == "/Identity"


def _streams_in_clear(encrypt: Any) -> bool:
    """True when crypt filters leave page streams unencrypted (``/StmF /Identity``)."""
    try:
        version = int(encrypt.get("/V", 0))
    except (TypeError, ValueError):
        return False
    return version >= 4 and encrypt.get("/StmF", "/Identity") == "/Identity"


def _read(path: str, max_pages: int) -> tuple[pdftext.Pages, dict[str, str], list[str]]:
    """Every page's text, the PDF's metadata, and what went wrong on the way."""
    try:
        reader, strings_readable = _open(path)
        count = pdftext.page_count(reader, max_pages)
    except (RefusedFile, MemoryError, RecursionError):
        raise
    except Exception as exc:
        if pdftext.is_resource_limit(exc):
            raise pdftext.refuse_limit(1, exc) from exc
        return _read_damaged(path, max_pages, exc)
    texts, failed = pdftext.read_with_pypdf(reader)
    pages = pdftext.Pages(texts)
    problems = [f"page {i + 1}: {error}" for i, error in failed.items()]
    pdftext.recover(path, pages, failed)
    pdftext.respace(path, pages)
    _add_form_values(reader, pages, count, strings_readable)
    return pages, read_info(reader, strings_readable=strings_readable), problems


def _read_damaged(
    path: str, max_pages: int, error: Exception
) -> tuple[pdftext.Pages, dict[str, str], list[str]]:
    """A file pypdf cannot open: read a copy repaired by qpdf, else every page with PDFium."""
    problem = f"pypdf could not open the file: {type(error).__name__}: {error}"[:300]
    reader = pdftext.repaired_reader(path)
    count = _count_or_zero(reader, max_pages)
    if reader is not None and count:
        texts, failed = pdftext.read_with_pypdf(reader)
        pages = pdftext.Pages(texts)
        problems = [problem, "read from a copy repaired by qpdf"]
        problems += [f"page {i + 1}: {e}" for i, e in failed.items()]
        pdftext.recover(path, pages, failed)
        _add_form_values(reader, pages, count, True)
        return pages, read_info(reader), problems
    by_pdfium = pdftext.read_with_pdfium(path, max_pages)
    if by_pdfium is None:
        raise RefusedFile(unparseable(error), code="broken")
    return by_pdfium, {}, [problem, "every page read by PDFium"]


def _count_or_zero(reader: Any | None, max_pages: int) -> int:
    """The repaired copy's page count (refusing too many); 0 if it has no readable pages."""
    if reader is None:
        return 0
    try:
        return pdftext.page_count(reader, max_pages)
    except RefusedFile as exc:
        if exc.code == "no-pages":
            return 0
        raise
    except (MemoryError, RecursionError):
        raise
    except Exception:
        return 0


def _add_form_values(reader: Any, pages: pdftext.Pages, count: int, readable: bool) -> None:
    """Append what was typed into form fields to the text of the pages showing them."""
    if not readable:
        return  # field values are strings: encrypted with the password we do not have
    values: dict[int, list[str]] = {}
    with contextlib.suppress(Exception):  # a broken form must not cost the pages' text
        values = form_values(reader)
    for index, typed in values.items():
        if 0 <= index < count:
            pages.texts[index] = "\n".join([pages.texts[index], *map(clean, typed)]).strip()


def unparseable(error: BaseException) -> Message:
    """Why a file no reader can parse is refused (the library's own words kept)."""
    said = type(error).__name__ + ": " + str(error)
    return N_("cannot be parsed: %(why)s", why=said[:480])


def _too_big(limits: Limits) -> Message:
    return N_("needs more than %(mib)s MiB to parse", mib=limits.memory_mb)


def _child(path: str, limits: Limits, conn: Connection) -> None:
    _limit_resources(limits.memory_mb)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    try:
        pages, info, problems = _read(path, limits.max_pages)
        result: tuple[Any, ...] = ("ok", pages.texts, pages.status, info, problems)
    except RefusedFile as exc:
        result = ("refused", exc.msg, exc.code)
    except MemoryError:
        result = ("refused", _too_big(limits), "memory")
    except RecursionError:
        result = ("refused", N_("structure nested too deeply (or cyclic)"), "recursion")
    except Exception as exc:
        result = ("refused", unparseable(exc), "broken")
    try:
        conn.send(result)
    except MemoryError:
        conn.send(("refused", _too_big(limits), "memory"))
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
        _, pages, status, info, problems = message
        return Extraction(pages=pages, info=info, warnings=problems, page_status=status)
    _, reason, code = message
    raise RefusedFile(reason, path=str(path), code=code)


def _wait(receiver: Connection, child: Any, limits: Limits) -> tuple[Any, ...]:
    if not receiver.poll(limits.timeout):
        child.kill()  # now, not after _reap's grace period: it may be burning a core
        raise RefusedFile(
            N_("took longer than %(seconds)s s to parse", seconds=format(limits.timeout, "g")),
            code="timeout",
        )
    try:
        return receiver.recv()
    except (EOFError, OSError):
        child.join(5)
        code = child.exitcode
        raise RefusedFile(
            N_("the parser crashed (exit code %(code)s)", code=code), code="crash"
        ) from None


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
