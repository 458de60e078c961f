"""Image-only PDFs made inside the tests: text drawn with Debian's Noto fonts onto a picture,
so the PDF has no text layer at all and only OCR can read it."""

from __future__ import annotations

from pathlib import Path

NOTO = Path("/usr/share/fonts/truetype/noto")
FONTS = {
    "latin": NOTO / "NotoSans-Regular.ttf",
    "thai": NOTO / "NotoSansThai-Regular.ttf",
    "khmer": NOTO / "NotoSansKhmer-Regular.ttf",
    "lao": NOTO / "NotoSansLao-Regular.ttf",
    "myanmar": NOTO / "NotoSansMyanmar-Regular.ttf",
}
A4_AT_150 = (1240, 1754)  # pixels of an A4 page scanned at 150 dpi


def page_image(lines: list[str], *, font: str = "latin", size: int = 44, rotate: int = 0) -> object:
    """A white A4 page at 150 dpi with these lines in black (turned counter-clockwise)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", A4_AT_150, 255)
    draw = ImageDraw.Draw(image)
    face = ImageFont.truetype(str(FONTS[font]), size)
    for row, line in enumerate(lines):
        draw.text((100, 150 + row * int(size * 2.2)), line, font=face, fill=0)
    return image.rotate(rotate, expand=True) if rotate else image


def blank_image() -> object:
    """A white A4 page at 150 dpi."""
    from PIL import Image

    return Image.new("L", A4_AT_150, 255)


def image_pdf(path: Path, images: list[object], *, resolution: float = 150.0) -> Path:
    """Write the images as the pages of a PDF (no text layer)."""
    first, *rest = images
    first.save(path, "PDF", save_all=True, append_images=rest, resolution=resolution)  # type: ignore[attr-defined]
    return path
