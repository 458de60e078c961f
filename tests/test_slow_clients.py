"""Slow clients against the real `archive serve`: they cannot occupy the server's threads.

Twenty clients each send a request head one line at a time, a line every two seconds, for up
to 70 seconds. With gunicorn's plain gthread worker they hold every thread (2 workers × 2
threads here) and a reader's ``GET /`` waits until they finish; with the archive's worker a
thread only ever sees a whole head, so the reader is answered at once and the slow clients
are cut off at the head deadline. Everything runs on 127.0.0.1 and every loop is bounded.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.web.headworker import BODY_BUFFER, HEAD_LIMIT, HEAD_TIMEOUT, is_complete, wanted_body
from tests.conftest import ROOT
from tests.server_harness import Server, archive_env, free_port, stop, wait_until_up

SLOW_CLIENTS = 20
LINE_EVERY = 2.0  # seconds between two header lines of a slow client
SLOW_FOR = 70.0  # how long the slow clients would go on without being cut off
ANSWER_WITHIN = 20.0  # generous: the answer takes well under a second when threads are free


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """``archive serve`` with 2 workers on an empty archive, HOME pointed into tmp_path."""
    env = archive_env(tmp_path / "data")
    # Two threads per worker: however the kernel spreads the 20 slow clients over the two
    # workers, each gets enough to fill its threads if slow heads can hold threads at all.
    env["ARCHIVE_WEB_THREADS"] = "2"
    env.pop("XDG_RUNTIME_DIR", None)
    env["HOME"] = str(tmp_path / "home")
    port = free_port()
    running = Server(f"http://127.0.0.1:{port}", tmp_path / "data", tmp_path / "server.log")
    command = ["serve", "--port", str(port), "--workers", "2", "--no-worker"]
    with running.log.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "archive.cli", *command],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )
        try:
            wait_until_up(running.url, proc, running)
            yield running
        finally:
            stop(proc)


def trickle(sockets: list[socket.socket], stop_at: float, done: threading.Event) -> None:
    """Send each socket one more header line every LINE_EVERY seconds, until told or time."""
    n = 0
    while not done.is_set() and time.monotonic() < stop_at:
        for sock in sockets:
            with contextlib.suppress(OSError):  # cut off by the server: that is the point
                sock.sendall(f"X-Slow-{n}: still typing\r\n".encode())
        n += 1
        done.wait(LINE_EVERY)


def open_slow_clients(port: int) -> list[socket.socket]:
    sockets = []
    for _ in range(SLOW_CLIENTS):
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        sockets.append(sock)
    return sockets


def closed_by_server(sock: socket.socket, deadline: float) -> bool:
    """True once the server closes the socket (reads EOF or a reset) before the deadline."""
    while time.monotonic() < deadline:
        sock.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            if not sock.recv(4096):
                return True
        except TimeoutError:
            return False
        except OSError:
            return True
    return False


@pytest.mark.slow
def test_slow_header_clients_do_not_keep_a_reader_waiting(server: Server, tmp_path: Path) -> None:
    port = int(server.url.rsplit(":", 1)[1])
    sockets = open_slow_clients(port)
    done = threading.Event()
    sender = threading.Thread(
        target=trickle, args=(sockets, time.monotonic() + SLOW_FOR, done), daemon=True
    )
    sender.start()
    try:
        time.sleep(2 * LINE_EVERY)  # every slow client has been accepted and is mid-head
        started = time.monotonic()
        with urllib.request.urlopen(server.url + "/", timeout=ANSWER_WITHIN) as response:
            assert response.status == 200
            assert b"<html" in response.read()
        assert time.monotonic() - started < ANSWER_WITHIN
        cut_off_by = time.monotonic() + HEAD_TIMEOUT + 15
        assert all(closed_by_server(sock, cut_off_by) for sock in sockets), server.tail()
    finally:
        done.set()
        sender.join(10)
        for sock in sockets:
            sock.close()
    # Each server has its own control (no gunicornc socket shared through the user's HOME).
    assert not (tmp_path / "home" / ".gunicorn").exists()


@pytest.mark.slow
def test_a_head_trickled_within_the_deadline_is_answered(server: Server) -> None:
    port = int(server.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=ANSWER_WITHIN) as sock:
        for line in (b"GET /search?q=x HTTP/1.1\r\n", b"Host: 127.0.0.1\r\n", b"Connection: close"):
            sock.sendall(line)
            time.sleep(0.5)
        sock.sendall(b"\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200 ")
    with socket.create_connection(("127.0.0.1", port), timeout=ANSWER_WITHIN) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nX-Long: " + b"a" * (HEAD_LIMIT + 1024))
        assert sock.recv(65536).startswith(b"HTTP/1.1 431 ")


def test_a_request_is_complete_once_its_head_and_a_form_sized_body_are_in() -> None:
    head = b"POST /login HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n"
    assert not is_complete(b"GET / HTTP/1.1\r\nHost: h\r\n")
    assert is_complete(b"GET / HTTP/1.1\r\nHost: h\r\n\r\n")
    assert not is_complete(head + b"name=al")
    assert is_complete(head + b"name=alice&")
    big = b"POST /desk/upload HTTP/1.1\r\ncontent-length:  999999999\r\n\r\n"
    assert wanted_body(big[:-4]) == BODY_BUFFER
    assert not is_complete(big + b"x" * (BODY_BUFFER - 1))
    assert is_complete(big + b"x" * BODY_BUFFER)
    # Chunked bodies and "Expect: 100-continue" wait for the thread; so do ambiguous lengths.
    assert wanted_body(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked") == 0
    assert wanted_body(b"POST / HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue") == 0
    assert wanted_body(b"POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6") == 0
