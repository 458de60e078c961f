"""OCR and page-image benchmarks, each beside a baseline measured in the same run.

OCR: the archive's path per page (a sandboxed child renders the page with PDFium, detects its
script and rotation, and runs tesseract) against plain ``tesseract`` on images that
``pdftoppm`` rendered beforehand — pages per second on one core, and the peak memory of the
processes involved. Thumbnails: the archive's sandboxed PDFium render of a 200-pixel-wide PNG
against ``pdftoppm -scale-to-x 200`` on the same pages, milliseconds per page.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from archive import sandbox
from archive.thumbs import SIZES, Thumbnails
from bench.procmem import TreeSampler

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
LINES = [
    "Social protection for migrant workers in ASEAN: portability of benefits,",
    "bilateral agreements and the role of employers' and workers' organisations.",
    "Coverage of pensions, health care and employment injury remains uneven.",
]


def make_scans(path: Path, pages: int) -> Path:
    """An image-only PDF of ``pages`` A4 pages scanned at 150 dpi, with lines of text."""
    from PIL import Image, ImageDraw, ImageFont

    if path.exists():
        return path
    face = ImageFont.truetype(str(FONT), 26)
    images = []
    for n in range(pages):
        image = Image.new("L", (1240, 1754), 255)
        draw = ImageDraw.Draw(image)
        for row in range(24):
            draw.text((90, 120 + row * 60), LINES[(row + n) % 3], font=face, fill=0)
        images.append(image)
    path.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=150.0)
    return path


def _sampled(fn: Any) -> tuple[float, float, dict[str, Any]]:
    """Run ``fn`` while sampling this process's children; (wall s, CPU s of children, memory)."""
    before = os.times()
    started = time.perf_counter()
    with TreeSampler(os.getpid(), exclude_root=True) as sampler:
        fn()
    wall = time.perf_counter() - started
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu, sampler.report()


def ocr(work: Path, pages: int, *, dpi: int = 300) -> dict[str, Any]:
    """OCR pages per second per core and peak memory, archive against plain tesseract."""
    from ingest.ocr import recognise_page

    pdf = make_scans(work / f"scans-{pages}.pdf", pages)
    budget = sandbox.Budget(timeout=300, memory_mb=1536, nice=0)

    def archive_path() -> None:
        for n in range(1, pages + 1):
            sandbox.run(recognise_page, str(pdf), n, None, dpi, 40_000_000, 300, budget=budget)

    wall, cpu, memory = _sampled(archive_path)
    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as tmp:
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), f"{tmp}/p"], check=True
        )
        images = sorted(Path(tmp).glob("p-*.png"))
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

        def plain() -> None:
            for image in images:
                subprocess.run(
                    [
                        "tesseract",
                        str(image),
                        str(image.with_suffix("")),
                        "-l",
                        "eng",
                        "txt",
                        "tsv",
                    ],
                    check=True,
                    capture_output=True,
                    env=env,
                )

        base_wall, base_cpu, base_memory = _sampled(plain)
    archive = {"seconds": round(wall, 2), "cpu_seconds": round(cpu, 2), "memory": memory}
    baseline = {"seconds": round(base_wall, 2), "cpu_seconds": round(base_cpu, 2)}
    archive["pages_per_s_per_core"] = round(pages / wall, 3)
    baseline["pages_per_s_per_core"] = round(pages / base_wall, 3)
    baseline["memory"] = base_memory
    return {
        "pages": pages,
        "dpi": dpi,
        "archive": archive,
        "plain_tesseract": baseline,
        "ratio_to_plain": round(base_wall / wall, 2),
    }


def thumbnails(pdfs: list[Path], limit: int) -> dict[str, Any]:
    """Milliseconds per small page image, archive (sandboxed PDFium) against pdftoppm."""
    import pypdfium2 as pdfium

    pages = []
    for pdf in pdfs:
        count = len(pdfium.PdfDocument(str(pdf)))
        pages.extend((pdf, n) for n in range(1, count + 1))
    pages = pages[:limit]
    with tempfile.TemporaryDirectory(prefix="bench-thumbs-") as tmp:
        thumbs = Thumbnails(Path(tmp) / "thumbs", sandbox.Budget(timeout=60, memory_mb=768))
        started = time.perf_counter()
        for i, (pdf, n) in enumerate(pages):
            thumbs.render(f"{i:064d}", pdf, n, "small")
        archive_s = time.perf_counter() - started
        width = str(SIZES["small"])
        started = time.perf_counter()
        for i, (pdf, n) in enumerate(pages):
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-f",
                    str(n),
                    "-l",
                    str(n),
                    "-scale-to-x",
                    width,
                    "-scale-to-y",
                    "-1",
                    "-singlefile",
                    str(pdf),
                    f"{tmp}/b{i}",
                ],
                check=True,
            )
        base_s = time.perf_counter() - started
    per = 1000 / len(pages)
    return {
        "pages": len(pages),
        "archive_ms_per_page": round(archive_s * per, 1),
        "pdftoppm_ms_per_page": round(base_s * per, 1),
        "ratio_to_pdftoppm": round(archive_s / base_s, 2),
    }
