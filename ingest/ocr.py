"""OCR: pages without a usable text layer are recognised by Tesseract, one sandboxed child
per page, in the background worker or the ``archive ingest`` command (never in a web request).

A page is queued (``ocr_state = pending``) in the same transaction that catalogues it; the
``OcrRunner`` later renders it with PDFium, lets ``tesseract`` read the image, and stores the
text with its source (``ocr``), the mean word confidence and the languages used. A page that
fails records why and never fails its document. When a document has no page left waiting, it
is marked for the index, so its OCR text goes through the same analysis as any page's (Thai,
Lao, Khmer and Burmese are segmented into words). The stored PDF is never changed.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, update

from archive import sandbox
from archive.catalog import (
    OCR_DONE,
    OCR_FAILED,
    OCR_PENDING,
    OCR_TEXT,
    Document,
    Page,
)
from archive.render import page_image_file
from archive.service import Archive, record

log = logging.getLogger(__name__)

AUTO, FORCE, OFF = "auto", "force", "off"
MODES = (AUTO, FORCE, OFF)
NICE = 10  # OCR children yield the CPU to readers' requests

# ISO 639 codes of the region's languages -> Debian's tesseract-ocr-* packs.
LANGUAGE_PACKS = {
    "en": "eng",
    "eng": "eng",
    "id": "ind",
    "ind": "ind",
    "ms": "msa",
    "msa": "msa",
    "zsm": "msa",
    "fil": "fil",
    "tl": "fil",
    "vi": "vie",
    "vie": "vie",
    "th": "tha",
    "tha": "tha",
    "km": "khm",
    "khm": "khm",
    "lo": "lao",
    "lao": "lao",
    "my": "mya",
    "mya": "mya",
}
# Scripts named by Tesseract's orientation and script detection (osd) -> packs.
SCRIPT_PACKS = {"Latin": "eng", "Thai": "tha", "Khmer": "khm", "Lao": "lao", "Myanmar": "mya"}
INSTALLED_PACKS = ("eng", "ind", "msa", "fil", "vie", "tha", "khm", "lao", "mya")
_LANGS = re.compile(r"^[a-z]{3}(\+[a-z]{3}){0,3}$")


def wants_ocr(text: str, mode: str) -> bool:
    """Whether a page with this extracted text should be recognised."""
    if mode == FORCE:
        return True
    if mode == OFF:
        return False
    alnum = (ch for ch in text if ch.isalnum())
    return sum(1 for _ in zip(range(3), alnum, strict=False)) < 3  # same rule as has_text


def initial_state(text: str, mode: str) -> dict[str, str]:
    """The OCR columns of a newly catalogued page."""
    return {"ocr_state": OCR_PENDING} if wants_ocr(text, mode) else {}


def packs_for(language: str | None) -> str | None:
    """Tesseract packs for a document's language code (None: detect the script)."""
    if not language:
        return None
    if _LANGS.match(language) and all(p in INSTALLED_PACKS for p in language.split("+")):
        return language
    return LANGUAGE_PACKS.get(language.lower().split("-")[0])


def valid_languages(value: str) -> str | None:
    """Packs a librarian asked for ("tha", "eng+vie", "th"), or None if unusable."""
    value = value.strip().lower()
    return packs_for(value) if value else None


# -- the child side --------------------------------------------------------------------------


@dataclass(frozen=True)
class PageText:
    """What Tesseract read on one page."""

    text: str
    confidence: float | None
    languages: str
    note: str = ""


def recognise_page(
    pdf_path: str, number: int, languages: str | None, dpi: int, max_pixels: int, timeout: float
) -> PageText:
    """Render one page and let tesseract read it (runs in a sandboxed child)."""
    with tempfile.TemporaryDirectory(prefix="archive-ocr-") as tmp:
        image = Path(tmp) / "page.png"
        used = page_image_file(pdf_path, number, image, dpi=dpi, max_pixels=max_pixels)
        rotate, script = detect(image, timeout)
        if rotate:
            _rotate(image, rotate)
        packs = languages or SCRIPT_PACKS.get(script or "", "eng")
        text, confidence = tesseract(image, Path(tmp) / "out", packs, round(used), timeout)
    note = f"turned {rotate}° upright" if rotate else ""
    return PageText(text, confidence, packs, note)


def _env() -> dict[str, str]:
    # One thread per tesseract: the OCR_WORKERS setting is the parallelism, and OpenMP's
    # threads would each reserve stack under the child's address-space cap.
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def detect(image: Path, timeout: float) -> tuple[int, str | None]:
    """Rotation (degrees clockwise) and script of a page image; (0, None) when unsure."""
    try:
        out = subprocess.run(
            ["tesseract", str(image), "-", "--psm", "0", "-l", "osd"],
            capture_output=True,
            timeout=timeout,
            env=_env(),
            check=False,
        ).stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return 0, None
    rotate = re.search(r"^Rotate: (\d+)", out, re.M)
    script = re.search(r"^Script: (\w+)", out, re.M)
    return (int(rotate.group(1)) % 360 if rotate else 0), (script.group(1) if script else None)


def _rotate(image: Path, degrees: int) -> None:
    from PIL import Image

    with Image.open(image) as img:
        turned = img.rotate(-degrees, expand=True)  # PIL turns counter-clockwise
    turned.save(image)


def tesseract(
    image: Path, base: Path, packs: str, dpi: int, timeout: float
) -> tuple[str, float | None]:
    """Run tesseract once for text and word confidences; return both."""
    command = ["tesseract", str(image), str(base), "-l", packs, "--dpi", str(dpi), "txt", "tsv"]
    done = subprocess.run(command, capture_output=True, timeout=timeout, env=_env(), check=False)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise sandbox.SandboxFailed(f"tesseract failed: {' '.join(message[-2:])}"[:300], "ocr")
    text = base.with_suffix(".txt").read_text("utf-8", "replace")
    return _tidy(text), mean_confidence(base.with_suffix(".tsv").read_text("utf-8", "replace"))


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\x0c", "").splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def mean_confidence(tsv: str) -> float | None:
    """Mean confidence (0-100) of the words in Tesseract's TSV output; None without words."""
    scores = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") == "5" and (row.get("text") or "").strip():
            try:
                scores.append(float(row["conf"]))
            except (TypeError, ValueError):
                continue
    scores = [s for s in scores if s >= 0]
    return round(sum(scores) / len(scores), 1) if scores else None


# -- the parent side -------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """One page waiting for OCR."""

    document_id: int
    number: int
    sha256: str
    languages: str | None


class OcrRunner:
    """Recognises pending pages of one archive, at most ``ocr_workers`` at a time."""

    def __init__(self, archive: Archive, *, actor: str = "ocr") -> None:
        s = archive.settings
        self.archive = archive
        self.actor = actor
        self.workers = max(1, s.ocr_workers)
        self.budget = sandbox.Budget(timeout=s.ocr_timeout, memory_mb=s.ocr_memory_mb, nice=NICE)

    def pending(
        self, *, doc_ids: Iterable[int] | None = None, limit: int | None = None
    ) -> list[Task]:
        """Pages waiting for OCR, oldest documents first."""
        stmt = (
            select(
                Page.document_id, Page.number, Document.sha256, Page.ocr_language, Document.language
            )
            .join(Document, Document.id == Page.document_id)
            .where(Page.ocr_state == OCR_PENDING)
            .order_by(Page.document_id, Page.number)
            .limit(limit)
        )
        if doc_ids is not None:
            stmt = stmt.where(Page.document_id.in_(list(doc_ids)))
        with self.archive.catalog.read() as session:
            rows = session.execute(stmt).all()
        return [
            Task(d, n, sha, packs_for(asked) or packs_for(lang)) for d, n, sha, asked, lang in rows
        ]

    def run(
        self,
        *,
        doc_ids: Iterable[int] | None = None,
        limit: int | None = None,
        progress: Callable[[Task], None] | None = None,
    ) -> int:
        """Recognise pending pages (all, or of some documents, or a few); return how many."""
        tasks = self.pending(doc_ids=doc_ids, limit=limit)
        if not tasks:
            return 0
        with ThreadPoolExecutor(self.workers) as pool:
            for task in pool.map(self._one, tasks):
                if progress:
                    progress(task)
        for doc_id in sorted({t.document_id for t in tasks}):
            self.finish_document(doc_id)
        self.archive.try_sync_index()
        return len(tasks)

    def _one(self, task: Task) -> Task:
        s = self.archive.settings
        path = str(self.archive.store.path_for(task.sha256))
        try:
            result = sandbox.run(
                recognise_page,
                path,
                task.number,
                task.languages,
                s.ocr_dpi,
                s.ocr_max_pixels,
                s.ocr_timeout,
                budget=self.budget,
            )
        except sandbox.SandboxFailed as exc:
            log.info(
                "OCR of document %d page %d failed: %s", task.document_id, task.number, exc.reason
            )
            self._save(task, state=OCR_FAILED, ocr_reason=exc.reason, ocr_language=task.languages)
        else:
            self._save(
                task,
                state=OCR_DONE,
                text=result.text,
                text_source=OCR_TEXT,
                ocr_confidence=result.confidence,
                ocr_language=result.languages,
                ocr_reason=result.note,
            )
        return task

    def _save(self, task: Task, *, state: str, **values: object) -> None:
        with self.archive.catalog.session() as session:
            session.execute(
                update(Page)
                .where(Page.document_id == task.document_id, Page.number == task.number)
                .where(Page.ocr_state == OCR_PENDING)  # a re-run asked meanwhile wins
                .values(ocr_state=state, **values)
            )

    def finish_document(self, doc_id: int) -> None:
        """Once no page waits: recompute has_text, mark for the index, record the outcome."""
        with self.archive.catalog.session() as session:
            doc = session.get(Document, doc_id)
            if doc is None or _count(session, doc_id, OCR_PENDING):
                return
            done, failed = _count(session, doc_id, OCR_DONE), _count(session, doc_id, OCR_FAILED)
            mean = session.scalar(
                select(func.avg(Page.ocr_confidence)).where(
                    Page.document_id == doc_id, Page.ocr_state == OCR_DONE
                )
            )
            texts = session.scalars(select(Page.text).where(Page.document_id == doc_id))
            doc.has_text = any(not wants_ocr(t, AUTO) for t in texts)
            doc.index_pending = True
            confidence = None if mean is None else round(mean, 1)
            record(
                session, self.actor, "ocr", doc_id, done=done, failed=failed, confidence=confidence
            )


def _count(session: object, doc_id: int, state: str) -> int:
    return (
        session.scalar(  # type: ignore[attr-defined]
            select(func.count()).where(Page.document_id == doc_id, Page.ocr_state == state)
        )
        or 0
    )
