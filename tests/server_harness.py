"""Running the real ``archive`` commands and ``archive serve`` from tests (e2e and load)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

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
