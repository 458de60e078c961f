"""What the browser journeys share: where Chromium and axe-core are, screenshots, logging in,
accessibility and layout checks, and PDFs made on the spot.

Playwright is imported here, and only here, under a guard: where it is missing the ``browser``
fixture skips (or fails under CI) instead of every module failing to import.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from tests.conftest import ROOT, need

try:
    from playwright.sync_api import Page, expect, sync_playwright
except ImportError:  # the browser fixture says what is missing
    Page = Any  # type: ignore[misc, assignment]
    expect = None  # type: ignore[assignment]
    sync_playwright = None  # type: ignore[assignment]

CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_URL_PATH = "/__e2e__/axe.min.js"  # answered by the test's route, never by the app
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
SERIOUS = {"serious", "critical"}
COLLECTION = "asean-ilo-social-protection-2015"

# The pages checked for accessibility and on a phone: (name, path, needs a librarian).
# "{report}" is the sample report's document id.
PAGES = [
    ("home", "/", False),
    ("search", "/search?q=social+protection+floor", False),
    ("search-help", "/search", False),
    ("unusable-query", "/search?q=protect%7E2", False),
    ("document", "/documents/{report}?q=social+protection+floor", False),
    ("viewer", "/documents/{report}/view?page=2&q=social+protection", False),
    ("collection", f"/collections/{COLLECTION}", False),
    ("login", "/login", False),
    ("upload", "/desk", True),
    ("jobs", "/desk/jobs", True),
    ("desk-document", "/desk/documents/{report}", True),
    ("edit", "/desk/documents/{report}/edit", True),
    ("history", "/desk/history", True),
]

__all__ = ["Page", "expect", "sync_playwright"]


def shot(page: Page, journey: str, step: str) -> Path:
    """Save a full-page screenshot as ``test-artifacts/screenshots/<journey>-<step>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{journey}-{step}.png"
    page.screenshot(path=path, full_page=True)
    return path


def readme_shot(page: Page, name: str) -> Path:
    """Save the visible 1280x800 viewport as ``test-artifacts/screenshots/readme-<name>.png``.

    Candidates for the README: a person looks at them and copies good ones to
    ``docs/screenshots/`` by hand, so that a test run never changes committed files.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"readme-{name}.png"
    page.screenshot(path=path, full_page=False)
    return path


def log_in(page: Page, name: str, password: str, *, next_path: str = "/desk") -> None:
    """Log in through the login form, as a librarian does."""
    page.goto(f"/login?next={next_path}")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def report_id(page: Page) -> int:
    """The sample report's document id, as the JSON API gives it."""
    found = page.request.get("/api/search?q=%22social+protection+floor%22&type=report").json()
    assert found["hits"], found
    return int(found["hits"][0]["id"])


def visit(page: Page, path: str, *, librarian: bool) -> int:
    """Open one of ``PAGES`` (logging in first if it is a librarian's); the HTTP status."""
    if librarian:
        from tests.e2e.conftest import LIBRARIAN

        log_in(page, *LIBRARIAN)
    if "{report}" in path:
        path = path.format(report=report_id(page))
    response = page.goto(path)
    assert response is not None
    page.wait_for_load_state("load")
    return response.status


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now."""
    need(AXE.is_file(), f"axe-core at {AXE} (npm ci; scripts/test.sh runs it)")
    page.add_script_tag(url=AXE_URL_PATH)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v.get("impact") in SERIOUS]


def assert_accessible(page: Page) -> None:
    """No serious or critical axe-core violation, and nothing blocked by the page's CSP."""
    violations = axe_violations(page)
    assert not violations, f"axe-core on {page.url}:\n{describe_violations(violations)}"
    assert not csp_violations(page), csp_violations(page)


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """A readable list of violations with the offending elements."""
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"    {json.dumps(node['target'])}: {node['html'][:200]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


def horizontal_overflow(page: Page) -> dict[str, Any]:
    """How wide the page scrolls versus the window, and the widest elements if it overflows."""
    return page.evaluate(
        """() => {
          const width = window.innerWidth;
          const scroll = document.documentElement.scrollWidth;
          const culprits = [];
          if (scroll > width) {
            for (const el of document.body.querySelectorAll('*')) {
              const r = el.getBoundingClientRect();
              if (r.right > width + 1) {
                culprits.push(`${el.tagName.toLowerCase()}.${el.className}: right=${r.right}`);
              }
            }
          }
          return {scrollWidth: scroll, innerWidth: width, culprits: culprits.slice(0, 10)};
        }"""
    )


def csp_violations(page: Page) -> list[str]:
    """Console errors that say the Content-Security-Policy blocked something."""
    return [e for e in getattr(page, "browser_errors", []) if "Content Security Policy" in e]


def make_pdf(path: Path, *pages: str, title: str | None = None) -> Path:
    """Write a small PDF whose pages hold the given texts."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    if title:
        pdf.set_title(title)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 7, text)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def documents(count: int) -> re.Pattern[str]:
    """Matches "N documents" (or "1 document") and no other number of them."""
    noun = "document" if count == 1 else "documents"
    return re.compile(rf"(^|\D){count} {noun}\b")


def page_number(href: str) -> int:
    """The page of a ``...#page=N`` link."""
    found = re.search(r"#page=(\d+)$", href)
    assert found, f"link does not open the PDF at a page: {href}"
    return int(found.group(1))
