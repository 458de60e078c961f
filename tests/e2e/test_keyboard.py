"""Journey 4: the search, its results and facets, and the upload form, used with the keyboard
alone; every element that takes the focus shows it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import LIBRARIAN
from tests.e2e.harness import Page, expect, make_pdf, shot

pytestmark = pytest.mark.e2e

MAX_TABS = 80

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    type: el.type || null,
    name: (el.getAttribute('aria-label') || el.labels?.[0]?.innerText || el.innerText || '')
      .trim().replace(/\\s+/g, ' ').slice(0, 120),
    href: el.getAttribute('href'),
    inResults: !!el.closest('ol.results'),
    inFacets: !!el.closest('aside'),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    boxShadow: style.boxShadow,
    visible: box.width > 0 && box.height > 0,
  };
}"""


def focused(page: Page) -> dict[str, Any]:
    """What has the keyboard focus, and how it is drawn."""
    return page.evaluate(FOCUSED)


def assert_focus_visible(info: dict[str, Any]) -> None:
    """The focused element is on screen and drawn with an outline (or a focus ring shadow)."""
    assert info["visible"], f"focus is on an invisible element: {info}"
    ring = info["outlineStyle"] != "none" and info["outlineWidth"] > 0
    assert ring or info["boxShadow"] != "none", f"no visible focus style: {info}"


def tab_to(page: Page, wanted: Any, what: str) -> dict[str, Any]:
    """Press Tab until ``wanted(focused)`` holds, checking the focus is visible at each stop."""
    seen = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        info = focused(page)
        if info["tag"] == "body":
            continue
        assert_focus_visible(info)
        seen.append(f"{info['tag']}#{info['id']} {info['name'][:40]!r}")
        if wanted(info):
            return info
    raise AssertionError(f"Tab never reached {what}; the focus went through:\n" + "\n".join(seen))


def test_search_results_and_facets_by_keyboard(page: Page) -> None:
    page.goto("/")
    tab_to(page, lambda f: f["type"] == "search", "the search box")
    page.keyboard.type("migrant workers")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Search results", level=1)).to_be_visible()
    shot(page, "keyboard", "01-results")

    facet = tab_to(page, lambda f: f["inFacets"] and f["tag"] == "a", "a facet link")
    shot(page, "keyboard", "02-facet-focused")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&](type|year|lang|collection)="))
    expect(page.get_by_text("Filtered by:")).to_be_visible()
    label = facet["name"].split("(")[0].strip()
    expect(page.locator(".active-filters")).to_contain_text(label)

    link = tab_to(page, lambda f: f["inResults"] and f["tag"] == "a", "a result link")
    shot(page, "keyboard", "03-result-focused")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/documents/\d+"))
    expect(page.get_by_role("heading", level=1)).to_have_text(link["name"])
    shot(page, "keyboard", "04-document")


def test_login_and_upload_form_by_keyboard(page: Page, tmp_path: Path) -> None:
    name, password = LIBRARIAN
    pdf = make_pdf(tmp_path / "keyboard.pdf", "Uploaded without a mouse: keyboardonly.")
    page.goto("/desk")
    expect(page.get_by_label("Name")).to_be_focused()  # the login form's autofocus
    page.keyboard.type(name)
    tab_to(page, lambda f: f["id"] == "login-password", "the password field")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Librarian desk")).to_be_visible()

    tab_to(page, lambda f: f["type"] == "file" and "PDF" in f["name"], "the PDF files field")
    shot(page, "keyboard", "05-upload-files-focused")
    open_chooser_by_keyboard(page).set_files(pdf)
    tab_to(page, lambda f: f["type"] == "file" and "Manifest" in f["name"], "the manifest field")
    tab_to(page, lambda f: f["tag"] == "select", "the collection menu")
    page.keyboard.press("ArrowDown")  # the first collection after "(none)"
    expect(page.get_by_label("Collection", exact=True)).not_to_have_value("")
    tab_to(page, lambda f: f["tag"] == "button" and f["name"] == "Upload", "the Upload button")
    shot(page, "keyboard", "06-upload-button-focused")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Uploads", level=1)).to_be_visible()
    expect(page.get_by_text(re.compile(r"Received 1 file: keyboard\.pdf"))).to_be_visible()


def open_chooser_by_keyboard(page: Any) -> Any:
    """Space on the focused file field opens the file chooser. On a loaded machine Chromium
    has been seen to drop the first key press (no chooser within 15 s): press it once more
    before calling it a failure."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        with page.expect_file_chooser(timeout=15_000) as chooser:
            page.keyboard.press("Space")
    except PlaywrightTimeout:
        with page.expect_file_chooser(timeout=30_000) as chooser:
            page.keyboard.press("Space")
    return chooser.value
