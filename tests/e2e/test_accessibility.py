"""Journey 5: axe-core finds no serious or critical violation on the readers' and the
librarians' pages, and the pages' own Content-Security-Policy blocks nothing they use.

axe-core (npm, ``node_modules/axe-core``) is injected as a script served from the app's own
origin by a Playwright route, so the page runs under its real CSP (``script-src 'self'``)
rather than with the CSP bypassed.
"""

from __future__ import annotations

import pytest

from tests.e2e.harness import PAGES, Page, assert_accessible, axe_violations, shot, visit

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(("name", "path", "librarian"), PAGES, ids=[p[0] for p in PAGES])
def test_page_has_no_serious_accessibility_violation(
    page: Page, name: str, path: str, librarian: bool
) -> None:
    status = visit(page, path, librarian=librarian)
    assert status == (400 if name == "unusable-query" else 200)
    shot(page, "accessibility", name)
    assert_accessible(page)


def test_the_check_itself_sees_a_violation(page: Page) -> None:
    """A control: an unlabelled field and an image without text are reported."""
    visit(page, "/", librarian=False)
    page.evaluate(
        """() => document.querySelector('main').insertAdjacentHTML('beforeend',
             '<input type="text" name="x"><a href="/"><img src="/static/none.png"></a>')"""
    )
    found = {v["id"] for v in axe_violations(page)}
    assert {"label", "link-name"} <= found, found
