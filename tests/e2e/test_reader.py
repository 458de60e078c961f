"""Journeys 1 and 2: a reader searches, narrows, pages, opens and downloads; follows a
"did you mean" suggestion; and is told plainly when a query cannot be run."""

from __future__ import annotations

import hashlib
import io
import re

import pytest

from tests.e2e.harness import Page, documents, expect, page_number, readme_shot, shot

pytestmark = pytest.mark.e2e

REPORT = "The state of social protection in ASEAN at the dawn of integration"
PHRASE = "social protection floor"
PHRASE_WORDS = {"social", "protection", "protections", "floor", "floors"}


def search_from_header(page: Page, query: str) -> None:
    """Type a query in the search box of the site's header and press Enter."""
    box = page.get_by_role("searchbox", name="Search the archive")
    box.fill(query)
    box.press("Enter")
    expect(page.get_by_role("heading", name="Search results", level=1)).to_be_visible()


def result(page: Page, title: str) -> object:
    """The result list item whose title link reads ``title``."""
    link = page.get_by_role("link", name=title, exact=True)
    return page.get_by_role("listitem").filter(has=link)


def summary(page: Page) -> object:
    """The line saying how many documents matched."""
    return page.get_by_role("status").filter(has_text=re.compile(r"\d+ documents?"))


def api_total(page: Page, query: str) -> int:
    """How many documents the JSON API finds for a query (what the page must say too)."""
    return int(page.request.get("/api/search", params={"q": query}).json()["total"])


def test_reader_finds_a_phrase_on_its_page_and_downloads_the_report(page: Page) -> None:
    page.goto("/")
    shot(page, "reader", "01-home")
    total = api_total(page, f'"{PHRASE}"')
    assert total > 1, "the sample seminar should hold the phrase in several documents"
    search_from_header(page, f'"{PHRASE}"')
    expect(summary(page)).to_contain_text(documents(total))
    hit = result(page, REPORT)
    expect(hit).to_have_count(1)
    page_link = hit.get_by_role("link", name=re.compile(r"^p\. \d+"))
    expect(page_link.first).to_be_visible()
    marks = hit.locator("mark")
    expect(marks.first).to_be_visible()
    marked = {m.lower() for m in marks.all_inner_texts()}
    assert marked and marked <= PHRASE_WORDS, marked
    readme_shot(page, "search-results")  # before any full-page shot resizes the window
    shot(page, "reader", "02-results")

    # "p. N" opens the viewer (tests/e2e/test_viewer.py); the PDF link beside it opens the
    # PDF at that page, and that page holds the phrase
    pdf_link = hit.get_by_role("link", name=re.compile(r"^PDF at page \d+"))
    href = pdf_link.first.get_attribute("href") or ""
    number = page_number(href)
    assert f"p. {number}" in page_link.first.inner_text()
    opened = page.request.get(href)
    assert opened.status == 200
    assert opened.headers["content-type"] == "application/pdf"
    assert PHRASE in pdf_page_text(opened.body(), number)

    # narrow by a facet: only the report is left, and the filter is shown
    facets = page.get_by_role("complementary", name="Narrow the results")
    facets.get_by_role("link", name=re.compile(r"^Report \(1\)")).click()
    expect(summary(page)).to_contain_text(documents(1))
    expect(page.get_by_text("Type: Report")).to_be_visible()
    expect(result(page, REPORT)).to_have_count(1)
    expect(page.get_by_role("list").locator("li.result")).to_have_count(1)
    shot(page, "reader", "03-narrowed")

    # the document page lists the matching pages, and the download has the archive's SHA-256
    result(page, REPORT).get_by_role("link", name=REPORT, exact=True).click()
    expect(page.get_by_role("heading", name=REPORT, level=1)).to_be_visible()
    matches = page.get_by_role("region", name=re.compile("Pages matching"))
    expect(matches.get_by_role("link", name=f"p. {number}", exact=False).first).to_be_visible()
    readme_shot(page, "document")
    shot(page, "reader", "04-document")
    doc_id = int(re.search(r"/documents/(\d+)", page.url).group(1))
    expected = page.request.get(f"/api/documents/{doc_id}").json()["sha256"]
    expect(page.get_by_text(expected)).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile(r"^Download PDF \(\d")).click()
    download = info.value
    assert download.suggested_filename == f"2015 report - {REPORT}.pdf"  # date, type, title
    data = download.path().read_bytes()
    assert hashlib.sha256(data).hexdigest() == expected


def pdf_page_text(data: bytes, number: int) -> str:
    """The text of page ``number`` (1-based) of a PDF, lowercased with spaces collapsed."""
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(data)).pages[number - 1].extract_text() or ""
    return " ".join(text.lower().split())


def test_reader_pages_through_results(page: Page) -> None:
    page.goto("/search")
    box = page.get_by_role("searchbox", name="Words to find")
    total = api_total(page, "ASEAN")
    assert 10 < total <= 20, f"paging needs 11 to 20 sample documents with ASEAN, not {total}"
    box.fill("ASEAN")
    box.press("Enter")
    expect(summary(page)).to_contain_text(documents(total))
    results = page.locator("ol.results > li")
    expect(results).to_have_count(10)
    first_page_titles = results.get_by_role("heading").all_inner_texts()
    pages = page.get_by_role("navigation", name="Result pages")
    expect(pages.get_by_role("link", name="Page 1")).to_have_attribute("aria-current", "page")
    shot(page, "reader", "05-page-1")

    pages.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(r"[?&]page=2"))
    expect(results).to_have_count(total - 10)
    expect(page.locator("ol.results")).to_have_attribute("start", "11")
    second_page_titles = results.get_by_role("heading").all_inner_texts()
    assert not set(first_page_titles) & set(second_page_titles)
    expect(pages.get_by_role("link", name="Page 2")).to_have_attribute("aria-current", "page")
    shot(page, "reader", "06-page-2")

    pages.get_by_role("link", name="Previous page").click()
    expect(results).to_have_count(10)
    assert results.get_by_role("heading").all_inner_texts() == first_page_titles


def test_reader_follows_did_you_mean(page: Page) -> None:
    page.goto("/")
    search_from_header(page, "pensoin")
    expect(summary(page)).to_contain_text(documents(0))
    suggestion = page.get_by_role("link", name="pension", exact=True)
    expect(page.get_by_text("Did you mean")).to_be_visible()
    shot(page, "suggest", "01-misspelled")
    suggestion.click()
    expect(page.get_by_role("searchbox", name="Words to find")).to_have_value("pension")
    expect(summary(page)).not_to_contain_text(documents(0))
    expect(result(page, REPORT)).to_have_count(1)
    expect(page.locator("ol.results mark").first).to_be_visible()
    shot(page, "suggest", "02-followed")


@pytest.mark.parametrize(
    ("name", "query", "message"),
    [
        ("fuzzy", "protect~2", re.compile(r"fuzzy|~|edit", re.IGNORECASE)),
        ("too-long", "protection " * 60, re.compile(r"too long|500|characters", re.IGNORECASE)),
    ],
)
def test_reader_is_told_why_a_query_cannot_run(
    page: Page, name: str, query: str, message: re.Pattern[str]
) -> None:
    response = page.goto(f"/search?q={query.replace(' ', '+').replace('~', '%7E')}")
    assert response is not None and response.status == 400
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("This search cannot be run")
    expect(alert).to_contain_text(message)
    expect(page.get_by_role("searchbox", name="Words to find")).to_be_visible()
    shot(page, "unusable-query", name)
