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
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
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

LIBRARIAN = ("libby", "correct horse battery staple")
STARTUP_SECONDS = 60


@dataclass(frozen=True)
class Server:
    """A running ``archive serve``: where it answers, where its data and logs are."""

    url: str
    data_dir: Path
    log: Path

    def tail(self, lines: int = 40) -> str:
        """The last lines of the server's stderr (application and gunicorn errors)."""
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"


def archive_env(data_dir: Path) -> dict[str, str]:
    """The environment of the archive commands: this data dir, nothing from the caller's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHIVE_")}
    env.update(
        ARCHIVE_DATA_DIR=str(data_dir),
        ARCHIVE_INGEST_WORKERS="2",
        ARCHIVE_WEB_THREADS="4",
        ARCHIVE_WORKER_POLL_SECONDS="0.2",
        ARCHIVE_LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    return env


def run_cli(env: dict[str, str], *args: str, stdin: str | None = None) -> None:
    """Run ``archive ARGS`` to completion; fail the session with its output if it fails."""
    done = subprocess.run(
        [sys.executable, "-m", "archive.cli", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"archive {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}")


def free_port() -> int:
    """A TCP port nobody listens on at the moment (loopback)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen[bytes], server: Server) -> None:
    """Poll ``GET /`` until it answers; fail with the server's log if it dies or never does."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"archive serve exited with {proc.returncode}:\n{server.tail()}")
        try:
            with urllib.request.urlopen(url + "/", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    pytest.fail(f"archive serve did not answer within {STARTUP_SECONDS} s:\n{server.tail()}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server (it stops gunicorn and its worker) and wait; kill if it hangs."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(40)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)


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
