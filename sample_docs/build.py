#!/usr/bin/env python3
"""Build the stand-in PDFs of the ASEAN-ILO/Japan social protection seminar.

The PDFs in ``sample_docs/`` stand in for the documents of the tripartite
seminar "Enhancing Social Protection in an Integrated ASEAN Community"
(Jakarta, Indonesia, 25-26 November 2015). Their wording was written for this
project (see ``sample_docs/content/``); they are NOT the real documents. The
PDFs are committed, so nobody needs this script unless the texts change.

Development-only dependencies
-----------------------------
* Python: ``pip install "fpdf2>=2.8" uharfbuzz`` (fpdf2 pulls in fonttools).
* Debian fonts: ``apt-get update && apt-get install -y fonts-noto-core``
  (Noto Sans, Noto Sans Thai, Noto Sans Khmer in /usr/share/fonts/truetype/noto).

Usage
-----
``python sample_docs/build.py`` writes every PDF, ``manifest.csv`` and
``collection.json`` into ``sample_docs/``. The build is deterministic: the
creation date is fixed and nothing is random, so a rebuild with the same
fpdf2 version and fonts gives the same bytes.

Thai and Khmer
--------------
fpdf2's own text shaping breaks text extraction for Thai and Khmer (reordered
and substituted glyphs come back as control characters or split words), while
unshaped text renders wrongly (misplaced Khmer subscripts and vowels, hidden
Thai tone marks). So lines in these scripts are shaped with HarfBuzz and drawn
as vector glyph outlines, and the same line is written underneath as invisible
unshaped text, as in OCR'd scans: readers see the correct shapes, text
extraction and search get the exact characters.
"""

from __future__ import annotations

import csv
import json
import math
import re
import sys
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import uharfbuzz as hb
from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import PathPaintRule, TextMode, XPos, YPos
from fpdf.fonts import FontFace

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from content import catalogue  # noqa: E402  (content lives next to this script)

FONT_DIR = Path("/usr/share/fonts/truetype/noto")
FONTS = {
    "sans": {
        "": "NotoSans-Regular.ttf",
        "B": "NotoSans-Bold.ttf",
        "I": "NotoSans-Italic.ttf",
        "BI": "NotoSans-BoldItalic.ttf",
    },
    "thai": {"": "NotoSansThai-Regular.ttf", "B": "NotoSansThai-Bold.ttf"},
    "khmer": {"": "NotoSansKhmer-Regular.ttf", "B": "NotoSansKhmer-Bold.ttf"},
}
FIXED_DATE = datetime(2015, 11, 26, 9, 0, 0, tzinfo=UTC)
STAND_IN_NOTE = "Stand-in document written for software testing; not the original seminar document."

BLUE = (0, 74, 140)
LIGHT_BLUE = (222, 233, 245)
MID_BLUE = (150, 185, 222)
GREY = (90, 90, 90)
DARK = (30, 30, 30)
SLIDE_FORMAT = (190.5, 338.7)  # 16:9, used with orientation "L"


# --------------------------------------------------------------------------
# Light-weight markup: blocks separated by blank lines
# --------------------------------------------------------------------------
@dataclass
class Block:
    kind: str  # h2, h3, p, bullets, numbered, table, figure, box
    text: str = ""
    items: list | None = None
    note: str = ""


def _table_block(lines: list[str]) -> Block:
    rows = [
        [c.strip() for c in ln.strip().strip("|").split("|")] for ln in lines if ln.startswith("|")
    ]
    note = " ".join(ln for ln in lines[1:] if not ln.startswith("|"))
    return Block("table", lines[0], rows, note)


def _figure_block(lines: list[str]) -> Block:
    bars = []
    for ln in lines[1:]:
        if ln.startswith("Source:") or ln.startswith("Note:"):
            continue
        label, value = ln.rsplit("|", 1)
        bars.append((label.strip(), float(value)))
    note = " ".join(ln for ln in lines[1:] if ln.startswith(("Source:", "Note:")))
    return Block("figure", lines[0], bars, note)


def _list_items(lines: list[str], pattern: str) -> list[tuple[int, str]]:
    items: list[tuple[int, str]] = []
    for ln in lines:
        match = re.match(pattern, ln)
        if match:
            items.append((len(match.group(1)) // 2, ln[match.end() :].strip()))
        else:
            level, text = items[-1]
            items[-1] = (level, text + " " + ln.strip())
    return items


def parse_markup(markup: str) -> list[Block]:
    """Turn the content modules' markup into a list of blocks."""
    blocks = []
    for chunk in re.split(r"\n\s*\n", markup.strip()):
        lines = [ln.rstrip() for ln in chunk.strip("\n").splitlines()]
        first = lines[0].strip()
        if first.startswith("### "):
            blocks.append(Block("h3", first[4:]))
        elif first.startswith("## "):
            blocks.append(Block("h2", first[3:]))
        elif first.startswith("- "):
            blocks.append(Block("bullets", items=_list_items(lines, r"^( *)- ")))
        elif re.match(r"^\d+\. ", first):
            items = _list_items(lines, r"^( *)\d+\. ")
            numbers = [
                re.match(r"\s*(\d+)\.", ln).group(1) for ln in lines if re.match(r"^\s*\d+\. ", ln)
            ]
            blocks.append(
                Block("numbered", items=list(zip(numbers, [t for _, t in items], strict=True)))
            )
        elif first.startswith("Table ") and any(ln.startswith("|") for ln in lines):
            blocks.append(_table_block(lines))
        elif first.startswith("Figure "):
            blocks.append(_figure_block(lines))
        elif first.startswith("> "):
            blocks.append(
                Block("box", first[2:], note=" ".join(ln.lstrip("> ") for ln in lines[1:]))
            )
        else:
            blocks.append(Block("p", " ".join(ln.strip() for ln in lines)))
    return blocks


# --------------------------------------------------------------------------
# Complex scripts (Thai, Khmer): HarfBuzz-shaped outlines + invisible text
# --------------------------------------------------------------------------
class _OpsPen(BasePen):
    """Record a glyph outline as simple path operations."""

    def __init__(self, glyph_set):
        super().__init__(glyph_set)
        self.ops: list[tuple] = []

    def _moveTo(self, pt):
        self.ops.append(("M", pt))

    def _lineTo(self, pt):
        self.ops.append(("L", pt))

    def _curveToOne(self, pt1, pt2, pt3):
        self.ops.append(("C", pt1, pt2, pt3))

    def _qCurveToOne(self, pt1, pt2):
        self.ops.append(("Q", pt1, pt2))

    def _closePath(self):
        self.ops.append(("Z",))

    def _endPath(self):
        pass


class OutlineFont:
    """A TrueType font that can shape text and hand out glyph outlines."""

    def __init__(self, path: Path):
        self.tt = TTFont(path)
        self.glyph_set = self.tt.getGlyphSet()
        self.glyph_order = self.tt.getGlyphOrder()
        self.upem = self.tt["head"].unitsPerEm
        self.cmap = self.tt.getBestCmap()
        self.hb_font = hb.Font(hb.Face(hb.Blob.from_file_path(str(path))))
        self._outlines: dict[int, list[tuple]] = {}

    def shape(self, text: str):
        buf = hb.Buffer()
        buf.add_str(text)
        buf.guess_segment_properties()
        hb.shape(self.hb_font, buf, {})
        return list(zip(buf.glyph_infos, buf.glyph_positions, strict=True))

    def outline(self, glyph_id: int) -> list[tuple]:
        if glyph_id not in self._outlines:
            pen = _OpsPen(self.glyph_set)
            self.glyph_set[self.glyph_order[glyph_id]].draw(pen)
            self._outlines[glyph_id] = pen.ops
        return self._outlines[glyph_id]


_OUTLINE_FONTS: dict[str, OutlineFont] = {}


def outline_font(family: str, style: str) -> OutlineFont:
    key = family + style
    if key not in _OUTLINE_FONTS:
        _OUTLINE_FONTS[key] = OutlineFont(FONT_DIR / FONTS[family][style])
    return _OUTLINE_FONTS[key]


class ComplexScriptWriter:
    """Writes paragraphs of Thai or Khmer (mixed with Latin) onto a page."""

    def __init__(self, pdf: FPDF, family: str):
        self.pdf = pdf
        self.family = family

    def _runs(self, text: str, style: str):
        script, latin = outline_font(self.family, style), outline_font("sans", style)
        runs: list[list] = []
        for ch in text:
            font = script if ord(ch) in script.cmap else latin
            if ch == " " and runs:
                font = runs[-1][0]
            if runs and runs[-1][0] is font:
                runs[-1][1] += ch
            else:
                runs.append([font, ch])
        return runs

    def width(self, text: str, size: float, style: str = "") -> float:
        scale = size * 25.4 / 72
        return sum(
            pos.x_advance * scale / font.upem
            for font, run in self._runs(text, style)
            for _, pos in font.shape(run)
        )

    def _draw_outlines(self, text, x, baseline, size, style, color):
        scale = size * 25.4 / 72
        pen_x = x
        with self.pdf.new_path(paint_rule=PathPaintRule.FILL_NONZERO) as path:
            path.style.fill_color = "#{:02x}{:02x}{:02x}".format(*color)
            for font, run in self._runs(text, style):
                k = scale / font.upem
                for info, pos in font.shape(run):
                    ox, oy = pen_x + pos.x_offset * k, baseline - pos.y_offset * k
                    _trace(path, font.outline(info.codepoint), ox, oy, k)
                    pen_x += pos.x_advance * k

    def line(self, text, x, y, size, style="", color=DARK, line_h=None):
        """Draw one line whose top is at y; return the line height used."""
        line_h = line_h or size * 0.55
        baseline = y + line_h * 0.72
        self._draw_outlines(text, x, baseline, size, style, color)
        pdf = self.pdf
        pdf.text_mode = TextMode.INVISIBLE
        pdf.set_font(self.family, style, size)
        pdf.set_fallback_fonts(["sans"])
        pdf.set_xy(x, y)
        pdf.cell(text=text, h=line_h)
        pdf.text_mode = TextMode.FILL
        pdf.set_fallback_fonts([])
        pdf.set_font("sans", "", 10)
        return line_h

    def wrap(self, text: str, max_w: float, size: float, style: str = "") -> list[str]:
        lines, current = [], ""
        for word in text.split(" "):
            candidate = f"{current} {word}" if current else word
            if current and self.width(candidate, size, style) > max_w:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
        return lines

    def paragraph(self, text, size=11, style="", line_h=None, gap=3.0, color=DARK):
        pdf = self.pdf
        line_h = line_h or size * 0.62
        x, max_w = pdf.l_margin, pdf.w - pdf.l_margin - pdf.r_margin
        for ln in self.wrap(text, max_w, size, style):
            if pdf.get_y() + line_h > pdf.page_break_trigger:
                pdf.add_page()
            self.line(ln, x, pdf.get_y(), size, style, color, line_h)
            pdf.set_y(pdf.get_y() + line_h)
        pdf.set_y(pdf.get_y() + gap)


def _trace(path, ops, ox, oy, k):
    """Add a glyph outline (font units) to path at (ox, oy) in mm, scaled by k.

    Quadratic segments become cubic ones here and coordinates are rounded to
    0.01 mm, which keeps the content streams about a third smaller.
    """

    def pt(p):
        return round(ox + p[0] * k, 2), round(oy - p[1] * k, 2)

    current = (0.0, 0.0)
    for op in ops:
        if op[0] in ("M", "L"):
            current = op[1]
            (path.move_to if op[0] == "M" else path.line_to)(*pt(op[1]))
        elif op[0] == "Q":
            (x0, y0), (x1, y1), (x2, y2) = current, op[1], op[2]
            c1 = (x0 + 2 * (x1 - x0) / 3, y0 + 2 * (y1 - y0) / 3)
            c2 = (x2 + 2 * (x1 - x2) / 3, y2 + 2 * (y1 - y2) / 3)
            path.curve_to(*pt(c1), *pt(c2), *pt(op[2]))
            current = op[2]
        elif op[0] == "C":
            path.curve_to(*pt(op[1]), *pt(op[2]), *pt(op[3]))
            current = op[3]
        else:
            path.close()


# --------------------------------------------------------------------------
# Base document
# --------------------------------------------------------------------------
class Doc(FPDF):
    """Fonts, metadata and fixed dates shared by every stand-in document."""

    families = ("sans",)
    body = (10.5, 5.6)  # font size (pt) and line height (mm) of running text

    def __init__(self, meta: dict, orientation="P", page_format="A4"):
        super().__init__(orientation=orientation, unit="mm", format=page_format)
        self.meta = meta
        for family in self.families:
            for style, name in FONTS[family].items():
                self.add_font(family, style, FONT_DIR / name)
        self.set_title(meta["title"])
        self.set_author("; ".join(meta["creators"]))
        self.set_subject(meta["description"])
        self.set_keywords("; ".join(meta["subjects"]))
        self.set_creator("sample_docs/build.py (stand-in documents)")
        self.set_lang(meta["language"])
        self.set_creation_date(FIXED_DATE)
        self.set_font("sans", "", 10.5)
        self.set_text_color(*DARK)

    # -- text helpers -------------------------------------------------------
    def para(self, text, size=None, line_h=None, gap=2.6, align="J", style=""):
        size, line_h = size or self.body[0], line_h or self.body[1]
        self.set_font("sans", style, size)
        self.multi_cell(
            0, line_h, text, align=align, markdown=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.ln(gap)

    def heading(self, text, size=13, color=BLUE, gap_before=3, gap_after=2):
        if self.get_y() + 25 > self.page_break_trigger:
            self.add_page()
        self.ln(gap_before)
        self.set_font("sans", "B", size)
        self.set_text_color(*color)
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*DARK)
        self.ln(gap_after)

    def bullets(self, items, size=None, line_h=None, indent=5.0, gap=2.0):
        size, line_h = size or self.body[0], line_h or self.body[1]
        self.set_font("sans", "", size)
        for level, text in items:
            mark = "•" if level == 0 else "–"
            left = self.l_margin + indent * (level + 1)
            self.set_x(left - indent + 1)
            self.cell(indent - 1, line_h, mark)
            self.set_x(left)
            self.multi_cell(
                self.w - self.r_margin - left,
                line_h,
                text,
                markdown=True,
                align="L",
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
            self.ln(0.8)
        self.ln(gap)

    def numbered(self, items, size=None, line_h=None, indent=8.0):
        size, line_h = size or self.body[0], line_h or self.body[1]
        self.set_font("sans", "", size)
        for number, text in items:
            self.set_font("sans", "B", size)
            self.cell(indent, line_h, f"{number}.")
            self.set_font("sans", "", size)
            self.multi_cell(
                0, line_h, text, markdown=True, align="J", new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
            self.ln(2.2)

    def data_table(self, rows, size=8.5, col_widths=None, width=None, line_h=None):
        self.set_font("sans", "", size)
        heading = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=BLUE)
        self.set_fill_color(255, 255, 255)  # fpdf2 paints unhighlighted rows with it
        with self.table(
            rows=rows,
            col_widths=col_widths,
            width=width,
            headings_style=heading,
            text_align="LEFT",
            line_height=line_h or size * 0.5,
            padding=1.2,
            cell_fill_color=LIGHT_BLUE,
            cell_fill_mode="ROWS",
            borders_layout="HORIZONTAL_LINES",
        ):
            pass

    def caption(self, text, size=9.5, style="B"):
        self.set_font("sans", style, size)
        self.set_text_color(*BLUE)
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*DARK)
        self.ln(1.2)

    def small_note(self, text, size=8):
        if not text:
            return
        self.set_font("sans", "I", size)
        self.set_text_color(*GREY)
        self.multi_cell(0, size * 0.48, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*DARK)

    def table_block(self, block: Block, size=8.5):
        needed = 12 + min(len(block.items), 6) * size * 0.9
        if self.get_y() + needed > self.page_break_trigger:
            self.add_page()
        self.ln(1.5)
        self.caption(block.text)
        self.data_table(block.items, size=size)
        self.ln(1)
        self.small_note(block.note)
        self.ln(3)

    def bar_chart(self, block: Block, height_per_bar=9.0):
        """Horizontal bar chart with gridlines, caption below."""
        bars = block.items
        total_h = 22 + len(bars) * height_per_bar + 14
        if self.get_y() + total_h > self.page_break_trigger:
            self.add_page()
        top = self.get_y() + 6
        x0 = self.l_margin + 52
        chart_w = self.w - self.r_margin - x0 - 14
        vmax = max(v for _, v in bars)
        vmax = 100.0 if vmax > 12 else 4.0 * math.ceil(vmax / 4)
        bottom = top + len(bars) * height_per_bar
        self._chart_grid(x0, top, bottom, chart_w, vmax)
        for i, (label, value) in enumerate(bars):
            y = top + i * height_per_bar
            self.set_font("sans", "", 8.5)
            self.set_xy(self.l_margin, y + 1)
            self.cell(50, height_per_bar - 2, label, align="R")
            self.set_fill_color(*BLUE)
            bar_w = chart_w * value / vmax
            self.rect(x0, y + 1.8, bar_w, height_per_bar - 3.6, style="F")
            self.set_xy(x0 + bar_w + 1, y + 1)
            self.cell(12, height_per_bar - 2, f"{value:g}")
        self.set_xy(self.l_margin, bottom + 9)
        self.caption(block.text, size=9)
        self.small_note(block.note)
        self.ln(5)

    def _chart_grid(self, x0, top, bottom, chart_w, vmax):
        self.set_draw_color(205, 205, 205)
        self.set_font("sans", "", 7.5)
        self.set_text_color(*GREY)
        for step in range(5):
            x = x0 + chart_w * step / 4
            self.line(x, top - 1, x, bottom + 1)
            self.set_xy(x - 8, bottom + 2)
            self.cell(16, 4, f"{vmax * step / 4:g}", align="C")
        self.set_text_color(*DARK)
        self.set_draw_color(120, 120, 120)
        self.line(x0, top - 1, x0, bottom + 1)

    def box(self, block: Block, size=9.5):
        self.set_font("sans", "", size)
        lines = self.multi_cell(
            self.epw - 8, size * 0.52, block.note, dry_run=True, output="LINES", markdown=True
        )
        height = 12 + len(lines) * size * 0.52
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()
        x, y = self.l_margin, self.get_y() + 1
        self.set_fill_color(*LIGHT_BLUE)
        self.rect(x, y, self.epw, height, style="F")
        self.set_xy(x + 4, y + 3)
        self.set_font("sans", "B", size)
        self.set_text_color(*BLUE)
        self.multi_cell(
            self.epw - 8, size * 0.55, block.text, align="L", new_x=XPos.LEFT, new_y=YPos.NEXT
        )
        self.set_text_color(*DARK)
        self.set_font("sans", "", size)
        self.multi_cell(
            self.epw - 8,
            size * 0.52,
            block.note,
            markdown=True,
            align="J",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.set_y(y + height + 4)

    def render_blocks(self, blocks: list[Block]):
        for block in blocks:
            self.render_block(block)

    def render_block(self, block: Block):
        if block.kind == "h2":
            self.heading(block.text, size=12.5)
        elif block.kind == "h3":
            self.heading(block.text, size=11, gap_before=1.5, gap_after=1.2)
        elif block.kind == "p":
            self.para(block.text)
        elif block.kind == "bullets":
            self.bullets(block.items)
        elif block.kind == "numbered":
            self.numbered(block.items)
        elif block.kind == "table":
            self.table_block(block)
        elif block.kind == "figure":
            self.bar_chart(block)
        elif block.kind == "box":
            self.box(block)

    def stand_in_footer_note(self):
        self.set_font("sans", "I", 7)
        self.set_text_color(*GREY)
        self.set_xy(self.l_margin, self.h - 9)
        self.cell(self.epw, 4, STAND_IN_NOTE, align="C")
        self.set_text_color(*DARK)


# --------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------
class Report(Doc):
    """A4 portrait report with running headers, chapters and a contents page."""

    body = (11, 6.1)

    def __init__(self, meta, short_title):
        super().__init__(meta)
        self.short_title = short_title
        self.running = ""
        self.show_header = False
        self.set_margins(24, 24, 24)
        self.set_auto_page_break(True, margin=22)

    def header(self):
        if not self.show_header:
            return
        self.set_font("sans", "", 7.5)
        self.set_text_color(*GREY)
        self.set_xy(self.l_margin, 11)
        self.cell(self.epw * 0.55, 4, self.short_title)
        self.cell(self.epw * 0.45, 4, self.running, align="R")
        self.set_draw_color(*BLUE)
        self.line(self.l_margin, 16, self.w - self.r_margin, 16)
        self.set_text_color(*DARK)
        self.set_y(self.t_margin)

    def footer(self):
        if self.page == 1:
            self.stand_in_footer_note()
            return
        self.set_font("sans", "", 8)
        self.set_text_color(*GREY)
        self.set_xy(self.l_margin, self.h - 14)
        self.cell(self.epw, 5, str(self.page), align="C")
        self.set_text_color(*DARK)

    def opener(self, label: str, title: str, number="", running=""):
        """Start a chapter or front/back-matter section on a new page."""
        self.show_header = True
        self.running = f"{number} {running or title}".strip()
        self.add_page()
        self.start_section(f"{number} {title}".strip(), level=0)
        self.set_y(48)
        if number:
            self.set_font("sans", "B", 30)
            self.set_text_color(*MID_BLUE)
            self.cell(0, 14, label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("sans", "B", 20)
        self.set_text_color(*BLUE)
        self.multi_cell(0, 9, title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*BLUE)
        self.set_line_width(0.8)
        self.line(self.l_margin, self.get_y() + 3, self.l_margin + 30, self.get_y() + 3)
        self.set_line_width(0.2)
        self.set_text_color(*DARK)
        self.ln(10)

    def render_block(self, block: Block):
        if block.kind == "h2":
            self.heading(block.text, size=12.5)
            self.start_section(block.text, level=1)
        else:
            super().render_block(block)


def render_toc(pdf: Report, outline):
    pdf.set_y(38)
    pdf.set_font("sans", "B", 20)
    pdf.set_text_color(*BLUE)
    pdf.cell(0, 9, "Contents", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(8)
    for section in outline:
        if section.name == "Contents":
            continue
        level = section.level
        pdf.set_font("sans", "B" if level == 0 else "", 10 if level == 0 else 9.5)
        pdf.set_text_color(*(BLUE if level == 0 else DARK))
        if level == 0:
            pdf.ln(1.5)
        indent = 8 * level
        pdf.set_x(pdf.l_margin + indent)
        name_w = pdf.get_string_width(section.name)
        dots_w = pdf.epw - indent - name_w - 12
        dots = "." * max(int(dots_w / pdf.get_string_width(".")) - 2, 2)
        pdf.cell(name_w + 1, 5.4, section.name)
        pdf.set_text_color(*GREY)
        pdf.cell(dots_w, 5.4, dots, align="R")
        pdf.set_text_color(*DARK)
        pdf.cell(11, 5.4, str(section.page_number), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*DARK)


def report_title_page(pdf: Report, data: dict):
    pdf.add_page()
    pdf.set_fill_color(*BLUE)
    pdf.rect(0, 0, pdf.w, 120, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_xy(24, 26)
    pdf.set_font("sans", "B", 11)
    pdf.cell(0, 6, data["publisher"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_xy(24, 52)
    pdf.set_font("sans", "B", 26)
    pdf.multi_cell(150, 11, data["title"], align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*DARK)
    pdf.set_xy(24, 136)
    pdf.set_font("sans", "", 13)
    pdf.multi_cell(150, 7, data["subtitle"], align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_xy(24, 230)
    pdf.set_font("sans", "", 9.5)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(150, 5, data["imprint"], align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*DARK)


def report_imprint_page(pdf: Report, text: str):
    pdf.add_page()
    pdf.set_y(190)
    for paragraph in parse_markup(text):
        pdf.para(paragraph.text, size=8.5, line_h=4.4, align="L")


def build_report(meta: dict, data: dict) -> FPDF:
    pdf = Report(meta, data["short_title"])
    report_title_page(pdf, data)
    report_imprint_page(pdf, data["imprint_page"])
    pdf.opener("", "Contents")
    pdf.insert_toc_placeholder(render_toc, pages=2, reset_page_indices=False)
    for title, markup in data["front_matter"]:
        pdf.opener("", title)
        pdf.render_blocks(parse_markup(markup))
    for number, title, markup, *running in data["chapters"]:
        pdf.opener(f"Chapter {number}", title, number=number, running="".join(running))
        pdf.render_blocks(parse_markup(markup))
    for title, markup in data["back_matter"]:
        pdf.opener("", title)
        pdf.render_blocks(parse_markup(markup))
    return pdf


# --------------------------------------------------------------------------
# Short portrait documents: speech, press releases, recommendations
# --------------------------------------------------------------------------
class ShortDoc(Doc):
    """A4 portrait document with a letterhead band on page 1."""

    def __init__(self, meta, letterhead: str, running: str):
        super().__init__(meta)
        self.letterhead = letterhead
        self.running = running
        self.set_margins(25, 22, 25)
        self.set_auto_page_break(True, margin=22)

    def header(self):
        if self.page == 1:
            self.set_fill_color(*BLUE)
            self.rect(0, 0, self.w, 16, style="F")
            self.set_text_color(255, 255, 255)
            self.set_font("sans", "B", 9)
            self.set_xy(self.l_margin, 5)
            self.cell(self.epw, 6, self.letterhead)
            self.set_text_color(*DARK)
            self.set_y(26)
            return
        self.set_font("sans", "", 7.5)
        self.set_text_color(*GREY)
        self.set_xy(self.l_margin, 10)
        self.cell(self.epw, 4, self.running, align="R")
        self.set_text_color(*DARK)
        self.set_y(self.t_margin)

    def footer(self):
        self.set_font("sans", "", 8)
        self.set_text_color(*GREY)
        self.set_xy(self.l_margin, self.h - 15)
        self.cell(self.epw, 5, f"{self.page}", align="C")
        self.stand_in_footer_note()

    def title_block(self, kicker: str, title: str, subtitle: str = ""):
        self.set_font("sans", "B", 9)
        self.set_text_color(*GREY)
        self.multi_cell(0, 5, kicker, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)
        self.set_font("sans", "B", 17)
        self.set_text_color(*BLUE)
        self.multi_cell(0, 8, title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if subtitle:
            self.ln(1)
            self.set_font("sans", "I", 10.5)
            self.set_text_color(*GREY)
            self.multi_cell(0, 5.5, subtitle, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*DARK)
        self.ln(6)


def build_short_doc(meta: dict, data: dict) -> FPDF:
    pdf = ShortDoc(meta, data["letterhead"], data["running"])
    pdf.body = tuple(data.get("text_size", pdf.body))
    pdf.add_page()
    pdf.title_block(data["kicker"], data["title"], data.get("subtitle", ""))
    pdf.render_blocks(parse_markup(data["body"]))
    return pdf


# --------------------------------------------------------------------------
# Participant list
# --------------------------------------------------------------------------
def build_participants(meta: dict, data: dict) -> FPDF:
    pdf = ShortDoc(meta, data["letterhead"], data["running"])
    pdf.set_margins(15, 22, 15)
    pdf.add_page()
    pdf.title_block(data["kicker"], data["title"], data["subtitle"])
    pdf.para(data["intro"], size=9.5, line_h=5)
    pdf.set_font("sans", "B", 9.5)
    pdf.set_text_color(*BLUE)
    pdf.cell(0, 6, data["fictitious_line"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*DARK)
    pdf.ln(3)
    rows = [data["columns"]] + [list(r) for r in data["rows"]]
    pdf.data_table(rows, size=8, col_widths=(22, 36, 44, 52, 26), line_h=4.2)
    return pdf


# --------------------------------------------------------------------------
# Slide decks
# --------------------------------------------------------------------------
class Deck(Doc):
    """16:9 landscape slides, one slide per page."""

    def __init__(self, meta, data):
        super().__init__(meta, orientation="L", page_format=SLIDE_FORMAT)
        self.data = data
        self.set_margins(22, 0, 22)
        self.set_auto_page_break(False)

    def footer(self):
        if self.page == 1:
            return
        self.set_draw_color(*BLUE)
        self.line(self.l_margin, self.h - 13, self.w - self.r_margin, self.h - 13)
        self.set_font("sans", "", 9)
        self.set_text_color(*GREY)
        self.set_xy(self.l_margin, self.h - 11)
        self.cell(self.epw * 0.8, 5, self.data["footer"])
        self.cell(self.epw * 0.2, 5, str(self.page), align="R")
        self.set_text_color(*DARK)

    def title_slide(self):
        self.add_page()
        self.set_fill_color(*BLUE)
        self.rect(0, 0, self.w, self.h * 0.62, style="F")
        self.set_text_color(255, 255, 255)
        self.set_xy(self.l_margin, 22)
        self.set_font("sans", "B", 12)
        self.cell(0, 6, self.data["event"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_xy(self.l_margin, 45)
        self.set_font("sans", "B", 30)
        self.multi_cell(
            self.epw, 13, self.data["title"], align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.set_text_color(*DARK)
        self.set_xy(self.l_margin, self.h * 0.62 + 12)
        self.set_font("sans", "B", 15)
        self.multi_cell(
            self.epw, 7, self.data["presenter"], align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.set_font("sans", "", 13)
        self.set_text_color(*GREY)
        self.multi_cell(
            self.epw, 7, self.data["where"], align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.set_text_color(*DARK)
        self.stand_in_footer_note()

    def content_slide(self, title: str, blocks: list[Block]):
        self.add_page()
        self.set_fill_color(*BLUE)
        self.rect(0, 0, self.w, 30, style="F")
        self.set_text_color(255, 255, 255)
        self.set_font("sans", "B", 26)
        self.set_xy(self.l_margin, 8)
        self.cell(self.epw, 14, title)
        self.set_text_color(*DARK)
        self.set_y(42)
        for block in blocks:
            self.slide_block(block)
        if self.get_y() > self.h - 15:
            raise ValueError(f"slide overflows: {title!r} in {self.meta['file']}")

    def slide_block(self, block: Block):
        if block.kind == "bullets":
            for level, text in block.items:
                size = 20 if level == 0 else 17
                self.set_font("sans", "", size)
                left = self.l_margin + 8 + 10 * level
                self.set_x(left - 7)
                self.set_text_color(*BLUE)
                self.cell(7, size * 0.5, "•" if level == 0 else "–")
                self.set_text_color(*DARK)
                self.multi_cell(
                    self.w - self.r_margin - left,
                    size * 0.5,
                    text,
                    markdown=True,
                    align="L",
                    new_x=XPos.LMARGIN,
                    new_y=YPos.NEXT,
                )
                self.ln(3.2 if level == 0 else 1.8)
        elif block.kind == "table":
            self.caption(block.text, size=14)
            self.data_table(block.items, size=15, line_h=7.4)
            self.ln(1)
            self.small_note(block.note, size=10)
        elif block.kind == "p":
            self.set_font("sans", "", 15)
            self.multi_cell(
                0, 7.5, block.text, markdown=True, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
            self.ln(3)


def split_slides(markup: str) -> list[tuple[str, list[Block]]]:
    slides = []
    for chunk in re.split(r"^# ", markup.strip(), flags=re.M):
        if not chunk.strip():
            continue
        title, _, body = chunk.partition("\n")
        slides.append((title.strip(), parse_markup(body)))
    return slides


def build_deck(meta: dict, data: dict) -> FPDF:
    pdf = Deck(meta, data)
    pdf.title_slide()
    for title, blocks in split_slides(data["slides"]):
        pdf.content_slide(title, blocks)
    return pdf


# --------------------------------------------------------------------------
# Summaries in other languages
# --------------------------------------------------------------------------
class Summary(ShortDoc):
    families = ("sans", "thai", "khmer")


def build_summary(meta: dict, data: dict) -> FPDF:
    """Summary in Latin script (fpdf2 text) or Thai/Khmer (shaped outlines)."""
    family = data.get("script", "sans")
    if family == "sans":
        return build_short_doc(meta, data)
    pdf = Summary(meta, data["letterhead"], data["running"])
    pdf.add_page()
    writer = ComplexScriptWriter(pdf, family)
    writer.paragraph(data["kicker"], size=9, style="B", color=GREY, gap=2)
    writer.paragraph(data["title"], size=16, style="B", color=BLUE, gap=2)
    writer.paragraph(data["subtitle"], size=10.5, color=GREY, gap=6)
    for block in parse_markup(data["body"]):
        render_complex_block(pdf, writer, block)
    return pdf


def render_complex_block(pdf: FPDF, writer: ComplexScriptWriter, block: Block):
    if block.kind == "h2":
        pdf.ln(2)
        writer.paragraph(block.text, size=12.5, style="B", color=BLUE, gap=1.5)
    elif block.kind == "p":
        writer.paragraph(block.text, size=12, line_h=8.2)
    elif block.kind == "bullets":
        for _, text in block.items:
            writer.paragraph("• " + text, size=12, line_h=8.2, gap=1.2)
        pdf.ln(2)
    else:
        raise ValueError(f"block kind {block.kind!r} not supported in complex scripts")


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------
BUILDERS = {
    "report": build_report,
    "short": build_short_doc,
    "participants": build_participants,
    "deck": build_deck,
    "summary": build_summary,
}

MANIFEST_FIELDS = [
    "file",
    "title",
    "type",
    "date",
    "language",
    "creators",
    "subjects",
    "collection",
    "description",
    "access",
    "title_en",
    "description_en",
]


def nfc(value):
    """Normalise every string in a (nested) content structure to NFC."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {k: nfc(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(nfc(v) for v in value)
    return value


def write_manifest(documents, path: Path):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=MANIFEST_FIELDS, lineterminator="\n")
        writer.writeheader()
        for meta in map(nfc, documents):
            row = {key: meta.get(key, "") for key in MANIFEST_FIELDS}
            row["creators"] = ";".join(meta["creators"])
            row["subjects"] = ";".join(meta["subjects"])
            row["collection"] = catalogue.COLLECTION["slug"]
            writer.writerow(row)


def write_collection(path: Path):
    text = json.dumps(catalogue.COLLECTION, ensure_ascii=False, indent=2)
    path.write_text(text + "\n", encoding="utf-8")


def build_all(out_dir: Path = HERE) -> list[Path]:
    written = []
    for meta in catalogue.DOCUMENTS:
        meta = nfc(meta)
        pdf = BUILDERS[meta["builder"]](meta, nfc(meta["content"]))
        target = out_dir / meta["file"]
        pdf.output(str(target))
        written.append(target)
        print(f"{target.name}: {pdf.pages_count} pages")
    write_manifest(catalogue.DOCUMENTS, out_dir / "manifest.csv")
    write_collection(out_dir / "collection.json")
    return written


if __name__ == "__main__":
    build_all()
