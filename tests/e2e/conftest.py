"""Fixtures of the browser tests.

``server``: one real ``archive serve`` (gunicorn and the background worker) on a free loopback
port, over a fresh data directory seeded with ``sample_docs/`` and holding one librarian.
``browser``: Debian's Chromium driven by Playwright; no browser is ever downloaded.
``page``: a fresh browser context (its own cookies) at 1280x800 for each test.

The server's logs go to ``test-artifacts/server*.log``; a failing test also leaves a
screenshot of its page in ``test-artifacts/screenshots/FAILED-<test>.png`` and the last lines
of the server's log in its report.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import ROOT, SAMPLE_DOCS, need
from tests.e2e.harness import (
    ARTIFACTS,
    AXE,
    AXE_URL_PATH,
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    SCREENSHOTS,
    expect,
    sync_playwright,
)
from tests.server_harness import Server, archive_env, free_port, run_cli, stop, wait_until_up

LIBRARIAN = ("libby", "correct horse battery staple")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``archive serve`` over a fresh archive holding the sample seminar and a librarian."""
    need((SAMPLE_DOCS / "manifest.csv").is_file(), f"sample documents in {SAMPLE_DOCS}")
    data_dir = tmp_path_factory.mktemp("e2e") / "data"
    env = archive_env(data_dir)
    run_cli(env, "seed")
    name, password = LIBRARIAN
    run_cli(env, "users", "add", name, "--role", "librarian", "--password-stdin", stdin=password)
    ARTIFACTS.mkdir(exist_ok=True)
    port = free_port()
    running = Server(f"http://127.0.0.1:{port}", data_dir, ARTIFACTS / "server.log")
    with (
        running.log.open("wb") as err,
        (ARTIFACTS / "server-access.log").open("wb") as out,
    ):
        proc = subprocess.Popen(
            [sys.executable, "-m", "archive.cli", "serve", "--port", str(port), "--workers", "2"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=err,
            start_new_session=True,  # so that a hung server can be killed with its children
        )
        try:
            wait_until_up(running.url, proc, running)
            yield running
        finally:
            stop(proc)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium (skips outside CI where it or Playwright is missing)."""
    need(sync_playwright is not None, "Playwright for Python (pip install -e '.[test]')")
    need(
        CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK),
        f"Chromium at {CHROMIUM} (Debian package chromium; scripts/test.sh installs it)",
    )
    expect.set_options(timeout=10_000)
    for old in SCREENSHOTS.glob("*.png"):  # each run starts with none left from the last
        old.unlink()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def new_page(browser: Any, server: Server, **options: Any) -> Any:
    """A page in a fresh context (own cookies) that records the browser's errors."""
    context = browser.new_context(
        base_url=server.url,
        viewport=options.pop("viewport", DESKTOP),
        accept_downloads=True,
        locale="en-GB",
        **options,
    )
    context.set_default_timeout(15_000)
    # axe-core served from the app's own origin, so the page's CSP (script-src 'self') allows it
    context.route(f"{server.url}{AXE_URL_PATH}", _serve_axe)
    page = context.new_page()
    page.browser_errors = []
    page.on("pageerror", lambda exc: page.browser_errors.append(f"uncaught: {exc}"))
    page.on(
        "console",
        lambda msg: page.browser_errors.append(msg.text) if msg.type == "error" else None,
    )
    return page


def _serve_axe(route: Any) -> None:
    route.fulfill(path=AXE, content_type="text/javascript; charset=utf-8")


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    """A desktop-sized page (1280x800) in a fresh context."""
    opened = new_page(browser, server)
    yield opened
    opened.context.close()


@pytest.fixture
def phone(browser: Any, server: Server) -> Iterator[Any]:
    """A phone-sized page (375x740, touch, mobile) in a fresh context."""
    opened = new_page(
        browser,
        server,
        viewport={"width": 375, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    yield opened
    opened.context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """On failure: a screenshot of the page and the tail of the server's log in the report."""
    report = yield
    if report.when != "call" or not report.failed:
        return report
    funcargs = getattr(item, "funcargs", {})
    for name in ("page", "phone"):
        if name in funcargs:
            _failure_screenshot(funcargs[name], f"FAILED-{item.name}-{name}")
            errors = getattr(funcargs[name], "browser_errors", [])
            if errors:
                report.sections.append(("browser console errors", "\n".join(errors)))
    if "server" in funcargs:
        report.sections.append(("archive serve log (tail)", funcargs["server"].tail()))
    return report


def _failure_screenshot(page: Any, stem: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in stem)[:150]
    with contextlib.suppress(Exception):  # the page may be gone; the report still stands
        page.screenshot(path=SCREENSHOTS / f"{safe}.png", full_page=True)
