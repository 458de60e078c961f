"""Search in every language of ASEAN: folding, segmentation, detection, highlighting.

Part of the conformance suite: the relevance table holds for each engine.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.search import SearchRequest
from archive.search.analysis import SEGMENTER, language_label
from archive.service import Archive
from ingest.pipeline import Pipeline, candidates
from tests.conftest import ROOT, need, on_engine
from tests.factories import settings_for
from tests.relevance_table import CASES, DOCUMENTS, Case, render


def build_pdf(path: Path, font: str, pages: list[str]) -> None:
    """A PDF with a real text layer in any script (no shaping: extraction stays exact)."""
    from fpdf import FPDF

    need(Path(font).is_file(), f"font {font} (Debian fonts-noto-core / fonts-dejavu-core)")
    pdf = FPDF()
    pdf.add_font("F", fname=font)
    pdf.set_font("F", size=13)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 9, text)
    pdf.output(str(path))


@pytest.fixture(scope="module")
def polyglot(
    tmp_path_factory: pytest.TempPathFactory, engine: str, request: pytest.FixtureRequest
) -> Iterator[tuple[Archive, dict]]:

    root = tmp_path_factory.mktemp("polyglot")
    paths = {}
    for key, (_, font, pages) in DOCUMENTS.items():
        paths[key] = root / f"{key}.pdf"
        build_pdf(paths[key], font, pages)
    archive = Archive.open(on_engine(settings_for(root / "data"), engine, request))
    outcomes = Pipeline(archive).run(candidates(list(paths.values())))
    ids = {key: o.document_id for key, o in zip(paths, outcomes, strict=True)}
    assert all(o.status == "added" for o in outcomes), outcomes
    yield archive, ids
    archive.close()


def page_hits(archive: Archive, ids: dict[str, int], q: str) -> list[tuple[str, int]]:
    names = {v: k for k, v in ids.items()}
    return [
        (names[h.document.id], p.page)
        for h in archive.search(SearchRequest(q=q, per_page=20)).hits
        for p in h.pages
    ]


def holds(case: Case, found: list[tuple[str, int]]) -> bool:
    top = found[:5]
    excluded = {d for d, p in found} | {f"{d}-{p}" for d, p in found}
    return (
        all(f in top for f in case.finds)
        and not (set(case.not_) & excluded)
        and (bool(found) or not case.finds)
    )


def test_segmenter_is_icu() -> None:
    assert SEGMENTER == "icu"


def test_relevance_table(polyglot: tuple[Archive, dict]) -> None:
    archive, ids = polyglot
    results = {}
    for case in CASES:
        found = page_hits(archive, ids, case.query)
        results[case] = (found, holds(case, found))
    name = "relevance.md" if archive.settings.search_engine == "whoosh" else "relevance-pg.md"
    out = ROOT / "test-artifacts" / name
    out.parent.mkdir(exist_ok=True)
    out.write_text(render(results) + "\n", encoding="utf-8")
    failed = [f"{c.language} {c.query!r}: found {f}" for c, (f, ok) in results.items() if not ok]
    assert not failed, "\n".join(failed)


def test_language_is_detected_from_the_text(polyglot: tuple[Archive, dict]) -> None:
    archive, ids = polyglot
    detected = {key: archive.document(doc_id).language for key, doc_id in ids.items()}
    assert detected == {key: lang for key, (lang, _, _) in DOCUMENTS.items()}


def test_language_facet_counts_each_language(polyglot: tuple[Archive, dict]) -> None:
    archive, _ = polyglot
    results = archive.search(SearchRequest(q="asean OR อาเซียน OR ແຮງງານ"))
    assert dict(results.facets["lang"]) == {"vi": 1, "th": 1, "lo": 1}
    assert language_label("th") == "ไทย" and language_label("km") == "ខ្មែរ"


def test_highlights_mark_the_word_not_the_line(polyglot: tuple[Archive, dict]) -> None:
    archive, _ = polyglot
    [hit] = archive.search(SearchRequest(q="อาเซียน")).hits
    snippet = hit.pages[0].snippet
    assert "<mark>อาเซียน</mark>" in snippet
    assert snippet.count("<mark>") == 1
    [vi] = archive.search(SearchRequest(q="lao dong di cu")).hits
    assert (
        "<mark>lao</mark> <mark>động</mark> <mark>di</mark> <mark>cư</mark>"
        in unicodedata.normalize("NFC", vi.pages[0].snippet)
    )


def test_spelling_suggestions_in_other_languages(polyglot: tuple[Archive, dict]) -> None:
    archive, _ = polyglot
    assert archive.search(SearchRequest(q="ketenagakerjan")).suggestion == "ketenagakerjaan"
    assert archive.search(SearchRequest(q="manggagawag")).suggestion == "manggagawang"
    assert archive.search(SearchRequest(q="ปูสูงอายุ")).suggestion in (None, "ผู้สูงอายุ")
