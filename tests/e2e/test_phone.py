"""Journey 6: on a phone-sized screen (375x740) no page scrolls sideways."""

from __future__ import annotations

import pytest

from tests.e2e.harness import PAGES, Page, horizontal_overflow, shot, visit

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(("name", "path", "librarian"), PAGES, ids=[p[0] for p in PAGES])
def test_page_fits_a_phone_screen(phone: Page, name: str, path: str, librarian: bool) -> None:
    visit(phone, path, librarian=librarian)
    shot(phone, "phone", name)
    width = horizontal_overflow(phone)
    assert width["scrollWidth"] <= width["innerWidth"], width


def test_search_by_phone(phone: Page) -> None:
    """Search from the header on a phone: the results and their snippets fit the screen."""
    phone.goto("/")
    box = phone.get_by_role("searchbox", name="Search the archive")
    box.tap()
    box.fill("migrant workers")
    box.press("Enter")
    phone.get_by_role("heading", name="Search results", level=1).wait_for()
    shot(phone, "phone", "search-typed")
    width = horizontal_overflow(phone)
    assert width["scrollWidth"] <= width["innerWidth"], width
