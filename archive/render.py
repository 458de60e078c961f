"""Page images of stored PDFs, drawn with PDFium (pypdfium2), inside a sandboxed child.

``render_page`` runs only in a child (``archive.sandbox``): PDFium parses untrusted bytes. The
scale is capped so that no page, however large its media box, becomes more than
``max_pixels`` pixels: a 200-inch poster is drawn at a lower resolution, not refused.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Imported here, not in the functions, so that the forkserver preloads them once for all
# rendering children.
import pypdfium2 as pdfium
from PIL import Image  # noqa: F401  (pypdfium2's to_pil needs it loaded)

POINTS_PER_INCH = 72.0


def _warm_up() -> None:
    # PDFium sets up its fonts and renderer on first use (about 0.1 s). Doing it at import
    # means the forkserver, which preloads this module, hands children a warm library.
    doc = pdfium.PdfDocument.new()
    try:
        doc.new_page(10, 10).render(scale=1).to_pil()
    finally:
        doc.close()


_warm_up()


@dataclass(frozen=True)
class Rendered:
    """An encoded page image and the resolution it was drawn at."""

    data: bytes
    width: int
    height: int
    dpi: float


def scale_for(
    width_pt: float, height_pt: float, *, dpi: float | None, width_px: int | None, max_pixels: int
) -> float:
    """PDFium's scale (pixels per point) for a target dpi or width, under the pixel cap."""
    width_pt, height_pt = max(width_pt, 1.0), max(height_pt, 1.0)
    scale = width_px / width_pt if width_px else (dpi or 150.0) / POINTS_PER_INCH
    cap = math.sqrt(max_pixels / (width_pt * height_pt))
    return max(min(scale, cap), 0.01)


def render_page(
    pdf_path: str,
    number: int,
    *,
    dpi: float | None = None,
    width_px: int | None = None,
    max_pixels: int = 25_000_000,
    grey: bool = False,
) -> Any:
    """Draw page ``number`` (from 1) as a PIL image (child only); also return its dpi."""
    pdf = pdfium.PdfDocument(pdf_path)
    try:
        if not 1 <= number <= len(pdf):
            raise ValueError(f"no page {number} (the PDF has {len(pdf)})")
        page = pdf[number - 1]
        width_pt, height_pt = page.get_size()
        scale = scale_for(width_pt, height_pt, dpi=dpi, width_px=width_px, max_pixels=max_pixels)
        bitmap = page.render(scale=scale, grayscale=grey, may_draw_forms=True)
        return bitmap.to_pil(), scale * POINTS_PER_INCH
    finally:
        pdf.close()


def thumbnail_png(pdf_path: str, number: int, width_px: int, max_pixels: int) -> Rendered:
    """A page drawn ``width_px`` wide, as PNG bytes (child only)."""
    image, dpi = render_page(pdf_path, number, width_px=width_px, max_pixels=max_pixels)
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG")  # optimize=True: 6x slower for 3%
    return Rendered(out.getvalue(), image.width, image.height, dpi)


def page_image_file(
    pdf_path: str, number: int, target: Path, *, dpi: float, max_pixels: int
) -> float:
    """Write page ``number`` as a greyscale PNG for OCR (child only); return the dpi used."""
    image, used = render_page(pdf_path, number, dpi=dpi, max_pixels=max_pixels, grey=True)
    image.save(target, format="PNG", dpi=(used, used))
    return used
