"""The interface in Thai and Burmese on a phone: the switcher works, the choice holds from
page to page, and no page scrolls sideways with the longer words and taller scripts.
Screenshots go to test-artifacts/screenshots/lang-th-*.png and lang-my-*.png."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import need
from tests.e2e.harness import PAGES, Page, assert_accessible, horizontal_overflow, shot, visit

pytestmark = pytest.mark.e2e

READER_PAGES = [p for p in PAGES if not p[2]]
NAMES = {"th": "ไทย", "my": "မြန်မာ"}
SEARCH = {"th": "ค้นหา", "my": "ရှာရန်"}


@pytest.mark.parametrize("code", ["th", "km", "lo", "my"])
def test_the_machine_has_a_font_for_the_script(code: str) -> None:
    need(shutil.which("fc-list") is not None, "fc-list (fontconfig)")
    fonts = subprocess.run(
        ["fc-list", f":lang={code}", "family"], capture_output=True, text=True, check=True
    ).stdout
    assert fonts.strip(), f"no font covers {code}: add fonts-noto-core to scripts/test.sh"


@pytest.mark.parametrize("code", ["th", "my"])
def test_the_switcher_changes_the_interface_and_it_stays(phone: Page, code: str) -> None:
    phone.goto("/")
    with phone.expect_navigation():
        phone.get_by_role("link", name=NAMES[code], exact=True).tap()
    assert phone.evaluate("document.documentElement.lang") == code
    box = phone.locator("#site-q")
    box.fill("social protection")
    with phone.expect_navigation():
        box.press("Enter")
    assert phone.evaluate("document.documentElement.lang") == code
    assert SEARCH[code] in phone.locator("header.site button").inner_text()
    shot(phone, f"lang-{code}", "search-typed")


@pytest.mark.parametrize("code", ["th", "my"])
@pytest.mark.parametrize(
    ("name", "path", "librarian"), READER_PAGES, ids=[p[0] for p in READER_PAGES]
)
def test_each_page_fits_a_phone_in_the_language(
    phone: Page, code: str, name: str, path: str, librarian: bool
) -> None:
    phone.goto(f"/language?lang={code}")
    visit(phone, path, librarian=librarian)
    assert phone.evaluate("document.documentElement.lang") == code
    shot(phone, f"lang-{code}", name)
    width = horizontal_overflow(phone)
    assert width["scrollWidth"] <= width["innerWidth"], width


@pytest.mark.parametrize("code", ["th", "my", "fil"])
def test_the_translated_pages_pass_axe(page: Page, code: str) -> None:
    """No serious accessibility finding in another language (valid lang codes, labels)."""
    page.goto(f"/language?lang={code}")
    for path in ("/", "/search?q=social+protection"):
        page.goto(path)
        assert_accessible(page)
