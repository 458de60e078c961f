"""Journey: a reader follows a hit's "p. N" into the page viewer (pdf.js served by the app),
sees that page with the query's words highlighted, turns pages and zooms by keyboard, and
does the same on a phone."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from tests.e2e.harness import Page, csp_violations, expect, horizontal_overflow, shot

pytestmark = pytest.mark.e2e

REPORT = "The state of social protection in ASEAN at the dawn of integration"
QUERY = '"social protection floor"'


def open_first_hit_in_viewer(page: Page) -> int:
    """Search, follow the report's first "p. N" link; return N."""
    page.goto(f"/search?q={quote(QUERY)}")
    title = page.get_by_role("link", name=REPORT, exact=True)
    hit = page.get_by_role("listitem").filter(has=title)
    link = hit.get_by_role("link", name=re.compile(r"^p\. \d+")).first
    found = re.match(r"p\. (\d+)", link.inner_text())
    assert found
    link.click()
    return int(found.group(1))


def test_the_viewer_opens_at_the_hit_page_with_the_words_highlighted(page: Page) -> None:
    number = open_first_hit_in_viewer(page)
    expect(page.locator("#page-number")).to_have_value(str(number))
    marks = page.locator("#viewer .textLayer mark.hit")
    expect(marks.first).to_be_attached()
    assert {m.strip().lower() for m in marks.all_text_contents()} <= {
        "social",
        "protection",
        "floor",
    }
    expect(page.locator("#viewer-status")).to_contain_text(f"Page {number} of")
    shot(page, "viewer", "01-hit-page")

    # keyboard: the next page, then back; zoom in
    page.locator("#viewer").focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#page-number")).to_have_value(str(number + 1))
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#page-number")).to_have_value(str(number))
    expect(marks.first).to_be_attached()
    page.keyboard.press("+")
    expect(page.locator("#zoom-level")).to_have_text("125%")
    assert f"page={number}" in page.url
    assert not csp_violations(page), csp_violations(page)


def test_the_viewer_fits_a_phone(phone: Page) -> None:
    number = open_first_hit_in_viewer(phone)
    expect(phone.locator("#page-number")).to_have_value(str(number))
    expect(phone.locator("#viewer canvas")).to_be_visible()
    shot(phone, "phone", "viewer")
    width = horizontal_overflow(phone)
    assert width["scrollWidth"] <= width["innerWidth"], width
    assert not csp_violations(phone), csp_violations(phone)
