"""OCR of scanned pages: image-only PDFs made here, recognised by Tesseract in sandboxed
children, then found by search at the right page, in every script of the region."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from archive.catalog import Document, Page
from archive.check import run_checks
from archive.search import SearchRequest
from archive.service import Archive
from ingest.ocr import OcrRunner, mean_confidence, packs_for
from ingest.pipeline import Pipeline, candidates
from tests.conftest import need
from tests.scans import FONTS, blank_image, image_pdf, page_image


@pytest.fixture
def ocr_archive(archive: Archive) -> Archive:
    need(shutil.which("tesseract") is not None, "tesseract (Debian tesseract-ocr)")
    for font in FONTS.values():
        need(font.is_file(), f"font {font} (Debian fonts-noto-core)")
    # 150 dpi is the resolution the test scans are made at; rendering higher only upsamples.
    archive.settings = archive.settings.with_(ocr_dpi=150, ocr_workers=2)
    return archive


def ingest(archive: Archive, path: Path, *, ocr: str = "auto", **given: str) -> int:
    items = candidates([path])
    items[0].given.update(given)
    [outcome] = Pipeline(archive, ocr=ocr).run(items)
    assert outcome.status == "added", outcome
    assert outcome.document_id is not None
    return outcome.document_id


def pages(archive: Archive, doc_id: int) -> list[Page]:
    with archive.catalog.read() as session:
        return list(
            session.scalars(select(Page).where(Page.document_id == doc_id).order_by(Page.number))
        )


def hit_pages(archive: Archive, q: str) -> list[tuple[int, int]]:
    results = archive.search(SearchRequest(q=q))
    return [(hit.document.id, p.page) for hit in results.hits for p in hit.pages]


def test_scanned_pages_are_recognised_and_found_at_their_page(
    ocr_archive: Archive, tmp_path: Path
) -> None:
    images = [
        page_image(["Social protection for migrant workers", "in the ASEAN region"]),
        blank_image(),
        page_image(["การคุ้มครองทางสังคม แรงงานข้ามชาติ"] * 3, font="thai", size=56),
    ]
    doc_id = ingest(ocr_archive, image_pdf(tmp_path / "scan.pdf", images))
    assert hit_pages(ocr_archive, "migrant") == []  # not searchable before OCR has run
    assert OcrRunner(ocr_archive).run() == 3
    assert hit_pages(ocr_archive, "migrant workers") == [(doc_id, 1)]
    # Thai was told by script detection (no language given) and is segmented into words.
    assert hit_pages(ocr_archive, "แรงงาน") == [(doc_id, 3)]
    first, blank, thai = pages(ocr_archive, doc_id)
    assert (first.text_source, first.ocr_state, first.ocr_language) == ("ocr", "done", "eng")
    assert first.ocr_confidence is not None and first.ocr_confidence > 50
    assert thai.ocr_language == "tha"
    # A blank page is done, with no text and no confidence (there were no words to score).
    assert (blank.ocr_state, blank.text, blank.ocr_confidence) == ("done", "", None)
    doc = ocr_archive.document(doc_id)
    assert doc.has_text
    assert ocr_archive.history(document_id=doc_id)[0].action == "ocr"


@pytest.mark.parametrize(
    ("language", "font", "lines", "query"),
    [
        ("vi", "latin", ["Bảo trợ xã hội cho người lao động"], "lao dong"),
        ("km", "khmer", ["ការគាំពារសង្គម"], "ការគាំពារសង្គម"),
        ("lo", "lao", ["ປະເທດລາວ ແຮງງານ"], "ແຮງງານ"),
        ("my", "myanmar", ["ပညာရေး အလုပ်သမား"], "ပညာရေး"),
    ],
)
def test_the_language_given_picks_the_tesseract_pack(
    ocr_archive: Archive, tmp_path: Path, language: str, font: str, lines: list[str], query: str
) -> None:
    cover = page_image(["Annex"], size=60)
    scan = image_pdf(tmp_path / "scan.pdf", [cover, page_image(lines, font=font, size=70)])
    doc_id = ingest(ocr_archive, scan, language=language)
    OcrRunner(ocr_archive).run()
    assert pages(ocr_archive, doc_id)[1].ocr_language == packs_for(language)
    assert (doc_id, 2) in hit_pages(ocr_archive, query)


def test_a_sideways_page_is_turned_upright_before_it_is_read(
    ocr_archive: Archive, tmp_path: Path
) -> None:
    lines = ["Portability of social security benefits", "for migrant workers in ASEAN"] * 3
    scan = image_pdf(tmp_path / "rotated.pdf", [page_image(lines, rotate=90)])
    doc_id = ingest(ocr_archive, scan)
    OcrRunner(ocr_archive).run()
    [page] = pages(ocr_archive, doc_id)
    assert page.ocr_reason == "turned 90° upright"
    assert hit_pages(ocr_archive, "portability") == [(doc_id, 1)]


def test_a_huge_page_is_drawn_under_the_pixel_cap_and_still_read(
    ocr_archive: Archive, tmp_path: Path
) -> None:
    # 1240x1754 pixels at 8 dpi: a 155 x 219 inch poster (300 dpi would be 3 gigapixels).
    image = page_image(["REMITTANCES"], size=120)
    scan = image_pdf(tmp_path / "poster.pdf", [image], resolution=8)
    ocr_archive.settings = ocr_archive.settings.with_(ocr_dpi=300, ocr_max_pixels=4_000_000)
    doc_id = ingest(ocr_archive, scan)
    OcrRunner(ocr_archive).run()
    [page] = pages(ocr_archive, doc_id)
    assert page.ocr_state == "done", page.ocr_reason
    assert hit_pages(ocr_archive, "remittances") == [(doc_id, 1)]


def test_a_page_that_fails_records_why_and_the_document_stays(
    ocr_archive: Archive, tmp_path: Path, make_pdf: object
) -> None:
    ocr_archive.settings = ocr_archive.settings.with_(ocr_timeout=0.05)
    scan = image_pdf(tmp_path / "scan.pdf", [page_image(["Social protection floor"])])
    doc_id = ingest(ocr_archive, scan)
    OcrRunner(ocr_archive).run()
    [page] = pages(ocr_archive, doc_id)
    assert page.ocr_state == "failed"
    assert "took longer than" in page.ocr_reason
    assert ocr_archive.document(doc_id).status == "published"


def test_pages_with_text_are_left_alone_unless_forced(ocr_archive: Archive, make_pdf) -> None:  # type: ignore[no-untyped-def]
    text_doc = ingest(ocr_archive, make_pdf("Tripartite cooperation in the region"))
    assert [p.ocr_state for p in pages(ocr_archive, text_doc)] == [None]
    forced = ingest(ocr_archive, make_pdf("Labour inspection and compliance"), ocr="force")
    assert [p.ocr_state for p in pages(ocr_archive, forced)] == ["pending"]
    OcrRunner(ocr_archive).run()
    [page] = pages(ocr_archive, forced)
    assert page.text_source == "ocr"
    assert (forced, 1) in hit_pages(ocr_archive, "inspection")


def test_check_reports_pages_waiting_for_ocr(ocr_archive: Archive, tmp_path: Path) -> None:
    doc_id = ingest(ocr_archive, image_pdf(tmp_path / "scan.pdf", [page_image(["Annex"])]))
    waiting = [f for f in run_checks(ocr_archive) if f.kind == "ocr-pending"]
    assert [(f.level, f.document_id) for f in waiting] == [("warning", doc_id)]
    OcrRunner(ocr_archive).run()
    assert not [f for f in run_checks(ocr_archive) if f.kind == "ocr-pending"]


def test_ocr_off_queues_nothing(ocr_archive: Archive, tmp_path: Path) -> None:
    doc_id = ingest(ocr_archive, image_pdf(tmp_path / "s.pdf", [page_image(["Annex"])]), ocr="off")
    assert OcrRunner(ocr_archive).run() == 0
    with ocr_archive.catalog.read() as session:
        assert not session.get(Document, doc_id).has_text  # type: ignore[union-attr]


def test_mean_confidence_reads_only_words() -> None:
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "1\t1\t0\t0\t0\t0\t0\t0\t10\t10\t-1\t\n"
        "5\t1\t1\t1\t1\t1\t0\t0\t5\t5\t90\tASEAN\n"
        "5\t1\t1\t1\t1\t2\t0\t0\t5\t5\t70\twork\n"
        "5\t1\t1\t1\t1\t3\t0\t0\t5\t5\t10\t \n"
    )
    assert mean_confidence(tsv) == 80.0
    assert mean_confidence(tsv.splitlines()[0]) is None


def test_archive_ingest_recognises_scans_unless_told_not_to(
    ocr_archive: Archive, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from archive.cli import main

    data_dir = str(ocr_archive.settings.data_path)
    env = {"ARCHIVE_OCR_DPI": "150"}
    scan = image_pdf(tmp_path / "scan.pdf", [page_image(["Tripartite dialogue"])])
    other = image_pdf(tmp_path / "other.pdf", [page_image(["Labour inspection"])])
    done = CliRunner().invoke(main, ["--data-dir", data_dir, "ingest", str(scan)], env=env)
    assert done.exit_code == 0, done.output
    skipped = CliRunner().invoke(
        main, ["--data-dir", data_dir, "ingest", "--ocr", "off", str(other)], env=env
    )
    assert skipped.exit_code == 0, skipped.output
    reopened = Archive.open(ocr_archive.settings)
    try:
        assert [d for d, _ in hit_pages(reopened, "tripartite")]
        assert hit_pages(reopened, "inspection") == []
        assert not [f for f in run_checks(reopened) if f.kind == "ocr-pending"]
    finally:
        reopened.close()
