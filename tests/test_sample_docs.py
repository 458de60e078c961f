"""The committed stand-in PDFs of sample_docs/: manifest, metadata and extractable text.

The PDFs are built by sample_docs/build.py (development only); these tests read
the committed files with pypdf, the way the archive's extraction does.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader

from archive.catalog import DOCUMENT_TYPES
from archive.manifest import MANIFEST_COLUMNS

SAMPLE_DOCS = Path(__file__).resolve().parent.parent / "sample_docs"
MANIFEST = SAMPLE_DOCS / "manifest.csv"
SLUG = "asean-ilo-social-protection-2015"
# The format `archive ingest --manifest` reads, and English titles of the summaries.
HEADER = [*MANIFEST_COLUMNS, "title_en", "description_en"]
TYPES = set(DOCUMENT_TYPES)
LANGUAGES = {"en", "id", "vi", "th", "km", "ms", "lo", "my", "fil"}
REPORT = "ilo-state-of-social-protection-in-asean-2015.pdf"

# Phrases written into each document; pypdf must give every one of them back.
PHRASES = {
    REPORT: [
        "The state of social protection in ASEAN at the dawn of integration",
        "23rd ASEAN Summit in Bandar Seri Begawan in October 2013",
        "Together, exportability and totalisation make up what is commonly called the "
        "portability of social security rights.",
        "universal health coverage",
        "Figure 3.1 Share of the population entitled to health protection",
        "Social Protection Floors Recommendation, 2012 (No. 202)",
    ],
    "opening-speech-ilo.pdf": [
        "who will protect the women and men of ASEAN while these changes happen?",
        "Terima kasih.",
    ],
    "presentation-state-of-social-protection-in-asean.pdf": [
        "Close the missing middle: informal and migrant workers",
    ],
    "presentation-regional-framework-action-plan.pdf": [
        "Adopted by ASEAN in 2015 to guide implementation",
    ],
    "presentation-sdg-indicators.pdf": [
        "Proportion of population covered by social protection floors/systems",
    ],
    "presentation-labour-migration-in-asean.pdf": [
        "Mutual recognition arrangements for selected professions",
    ],
    "presentation-social-protection-for-migrant-workers.pdf": [
        "Migrant workers pay twice and are protected once, or not at all",
    ],
    "press-release-en.pdf": [
        "ASEAN governments, employers and workers discuss how to protect people",
        "with funding from the Government of Japan through the ASEAN–ILO/Japan project",
    ],
    "press-release-id.pdf": [
        "Kementerian Ketenagakerjaan Republik Indonesia",
        "peluncuran Masyarakat Ekonomi ASEAN pada akhir tahun ini",
    ],
    "list-of-participants.pdf": [
        "Names in this stand-in are fictitious",
        "Ministry of Labour, Invalids and Social Affairs",
    ],
    "seminar-recommendations.pdf": [
        "equality of treatment between migrant workers and nationals in social security",
    ],
    "summary-recommendations-id.pdf": [
        "Landasan perlindungan sosial nasional",
        "Pekerja migran harus mendapat perlakuan yang setara",
    ],
    "summary-vi.pdf": [
        "lao động di cư",
        "bảo trợ xã hội",
        "Nhiều người lao động di cư mất toàn bộ các khoản đóng góp an sinh xã hội khi trở về nước.",
    ],
    "summary-th.pdf": [
        "แรงงานข้ามชาติ",
        "การคุ้มครองทางสังคม",
        "แรงงานข้ามชาติจำนวนมากในภูมิภาคยังเข้าไม่ถึงการคุ้มครองทางสังคม",
        "ที่ประชุมเห็นพ้องว่าสิทธิประโยชน์จากระบบประกันสังคมควรติดตัวแรงงานไปได้",
    ],
    "summary-km.pdf": [
        "ការគាំពារសង្គម",
        "ពលករចំណាកស្រុក",
        "ពលករចំណាកស្រុក ជាច្រើននៅក្នុងតំបន់ ពុំទាន់ទទួលបានការគាំពារសង្គមគ្រប់គ្រាន់នៅឡើយ",
        "គោលដៅអភិវឌ្ឍន៍ប្រកបដោយចីរភាព ទី១.៣",
    ],
}


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def manifest_rows() -> list[dict[str, str]]:
    with MANIFEST.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def reader(name: str) -> PdfReader:
    return PdfReader(SAMPLE_DOCS / name)


@cache
def page_texts(name: str) -> tuple[str, ...]:
    return tuple(norm(page.extract_text()) for page in reader(name).pages)


def full_text(name: str) -> str:
    return " ".join(page_texts(name))


def test_manifest_header_is_exact():
    with MANIFEST.open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == HEADER


def test_manifest_rows_are_valid():
    rows = manifest_rows()
    assert len(rows) >= 14
    for row in rows:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*\.pdf", row["file"]), row["file"]
        assert row["type"] in TYPES, row
        assert re.fullmatch(r"\d{4}(-\d{2}-\d{2})?", row["date"]), row
        assert row["language"] in LANGUAGES, row
        assert row["collection"] == SLUG
        assert row["title"].strip()
        assert row["description"].strip()
        assert all(part.strip() for part in row["creators"].split(";"))
        assert all(part.strip() for part in row["subjects"].split(";"))
    assert {row["language"] for row in rows} >= {"en", "id", "vi", "th", "km"}
    assert sum(row["type"] == "presentation" for row in rows) == 5


def test_every_manifest_file_exists():
    for row in manifest_rows():
        assert (SAMPLE_DOCS / row["file"]).is_file(), row["file"]


def test_every_pdf_is_in_the_manifest():
    listed = {row["file"] for row in manifest_rows()}
    on_disk = {path.name for path in SAMPLE_DOCS.glob("*.pdf")}
    assert on_disk == listed


def test_phrases_cover_every_document():
    assert set(PHRASES) == {row["file"] for row in manifest_rows()}


def test_collection_record():
    record = json.loads((SAMPLE_DOCS / "collection.json").read_text(encoding="utf-8"))
    assert record["slug"] == SLUG
    assert record["start_date"] == "2015-11-25"
    assert record["end_date"] == "2015-11-26"
    assert record["venue"] == "Jakarta, Indonesia"
    assert record["title"].strip()
    assert len(record["description"]) > 200


@pytest.mark.parametrize("name", sorted(PHRASES))
def test_pypdf_extracts_the_written_phrases(name):
    text = full_text(name)
    for phrase in PHRASES[name]:
        assert norm(phrase) in text, f"{name}: {phrase!r} not extracted"


@pytest.mark.parametrize("name", sorted(PHRASES))
def test_pdf_metadata_has_title_and_author(name):
    meta = reader(name).metadata
    title = {row["file"]: row["title"] for row in manifest_rows()}[name]
    assert meta.title == title
    assert meta.author


def test_report_is_long_portrait_a4():
    pages = reader(REPORT).pages
    assert len(pages) >= 40
    for page in pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - 595.28) < 1 and abs(height - 841.89) < 1


def test_report_has_contents_chapters_and_bibliography():
    text = full_text(REPORT)
    assert "Contents" in page_texts(REPORT)[2]
    for chapter in (
        "1 Introduction",
        "3 Health protection",
        "5 Migrant workers",
        "6 Financing social protection",
        "7 The way forward",
        "Bibliography",
    ):
        assert chapter in text
    figures = re.findall(r"Figure \d+\.\d+ ", text)
    tables = re.findall(r"Table \d+\.\d+ ", text)
    assert len(set(figures)) >= 6 and len(set(tables)) >= 6


def test_report_figure_captions_say_illustrative():
    text = full_text(REPORT)
    captions = re.findall(r"(Figure \d+\.\d+ .{0,220})", text)
    assert captions
    for caption in captions:
        assert "illustrative" in caption, caption


def test_report_pages_carry_running_footer_numbers():
    texts = page_texts(REPORT)
    for number in (5, 12, 20, 30, 40):
        assert re.search(rf"(^|\s){number}$", texts[number - 1]), texts[number - 1][-60:]


def chapter_of_page(text: str) -> str | None:
    match = re.match(
        r"The state of social protection in ASEAN at the dawn of integration ?(\d) ", text
    )
    return match.group(1) if match else None


@pytest.mark.parametrize(
    ("term", "chapter"),
    [
        ("portability", "5"),
        ("universal health coverage", "3"),
        ("pension", "4"),
        ("fiscal space", "6"),
    ],
)
def test_chapter_vocabulary_is_distinct(term, chapter):
    """A chapter's key term is found mostly on that chapter's pages (running header)."""
    counts: dict[str, int] = {}
    for text in page_texts(REPORT):
        key = chapter_of_page(text)
        if key:
            counts[key] = counts.get(key, 0) + text.lower().count(term)
    assert max(counts, key=counts.__getitem__) == chapter, counts
    assert counts[chapter] > sum(counts.values()) / 2, counts


@pytest.mark.parametrize("name", sorted(n for n in PHRASES if n.startswith("presentation-")))
def test_slide_decks_are_landscape(name):
    pages = reader(name).pages
    assert 10 <= len(pages) <= 20
    for page in pages:
        assert float(page.mediabox.width) > float(page.mediabox.height)


def test_participant_list_is_a_multi_page_table():
    texts = page_texts("list-of-participants.pdf")
    assert len(texts) >= 2
    text = " ".join(texts)
    for constituency in ("Government", "Employers", "Workers", "ILO", "ASEAN Secretariat"):
        assert constituency in text
    for country in (
        "Brunei Darussalam",
        "Cambodia",
        "Indonesia",
        "Lao PDR",
        "Malaysia",
        "Myanmar",
        "Philippines",
        "Singapore",
        "Thailand",
        "Viet Nam",
    ):
        assert country in text


def test_indonesian_press_release_is_a_translation_with_title():
    meta = reader("press-release-id.pdf").metadata
    assert meta.title.startswith("Pemerintah, pengusaha dan pekerja ASEAN")
    english, indonesian = full_text("press-release-en.pdf"), full_text("press-release-id.pdf")
    assert "Bandar Seri Begawan" in english and "Bandar Seri Begawan" in indonesian
    assert "perlindungan sosial" in indonesian and "social protection" not in indonesian


def test_sample_docs_stay_small():
    total = sum(path.stat().st_size for path in SAMPLE_DOCS.rglob("*") if path.is_file())
    assert total < 5 * 1024 * 1024
