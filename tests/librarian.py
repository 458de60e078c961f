"""Helpers for the login and desk tests: an app over a test archive, a librarian, a login."""

from __future__ import annotations

import contextlib
import re
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from archive import accounts
from archive.service import Archive

PASSWORD = "correct horse battery staple"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def add_librarian(archive: Archive, name: str = "alice", *, role: str = "librarian") -> str:
    """Create an account with the test password; return its name."""
    accounts.add_user(archive, name, PASSWORD, role=role)
    return name


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token a page's forms carry (for this client's session)."""
    response = client.get(path)
    found = _CSRF.search(response.get_data(as_text=True))
    assert found, f"no CSRF token on {path} ({response.status_code})"
    return found.group(1)


def login(
    client: FlaskClient, name: str = "alice", password: str = PASSWORD, *, next_: str = ""
) -> TestResponse:
    """Submit the login form as a browser would."""
    data = {"name": name, "password": password, "csrf_token": csrf_token(client)}
    if next_:
        data["next"] = next_
    return client.post("/login", data=data)


def post(
    client: FlaskClient,
    path: str,
    data: dict[str, Any] | None = None,
    *,
    token_page: str = "/desk/",
) -> TestResponse:
    """POST a form with this session's CSRF token (taken from a page it can see)."""
    return client.post(path, data={"csrf_token": csrf_token(client, token_page), **(data or {})})


def text(response: TestResponse) -> str:
    """A response's body as text."""
    return response.get_data(as_text=True)


@contextlib.contextmanager
def hash_slots_held() -> Iterator[int]:
    """Hold every password-hash slot of this process (as a burst of logins would)."""
    held = 0
    while accounts._HASH_SLOTS.acquire(blocking=False):
        held += 1
    try:
        yield held
    finally:
        for _ in range(held):
            accounts._HASH_SLOTS.release()


def finishes(call: Callable[[], Any], *, within: float = 30.0) -> Any:
    """Run ``call`` in a thread; return what it returned (raise what it raised).

    Fails the test if the call is still waiting after ``within`` seconds: it is blocked
    (on a lock it should never wait for), not slow.
    """
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:  # handed to the test's thread
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(within)
    assert not thread.is_alive(), f"still blocked after {within} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def guess_in_parallel(archive: Archive, guesses: list[tuple[str, str]]) -> tuple[int, list[str]]:
    """Try a wrong password for every (name, address) at once, one real thread each.

    Returns how many password verifications ran and each attempt's outcome (the exception's
    name). The verification is a stand-in that sleeps a little (so that a check-then-record
    race would show) and says "wrong"; hash slots are made plentiful so that only the
    rate limits decide.
    """
    checked: list[str] = []
    start = threading.Barrier(len(guesses), timeout=60)

    def verify(stored: str, password: str) -> bool:
        checked.append(stored)
        time.sleep(0.05)
        return False

    def attempt(name: str, address: str) -> str:
        start.wait()
        try:
            accounts.authenticate(archive, name, "a wrong guess, in parallel", address=address)
        except accounts.ArchiveError as exc:
            return type(exc).__name__
        return "logged in"

    slots = threading.BoundedSemaphore(len(guesses))
    with (
        mock.patch.object(accounts, "_verify", verify),
        mock.patch.object(accounts, "_HASH_SLOTS", slots),
    ):
        threads = [ResultThread(attempt, name, address) for name, address in guesses]
        outcomes = [t.result() for t in threads]
    return len(checked), outcomes


class ResultThread(threading.Thread):
    """A thread running one call whose result can be collected."""

    def __init__(self, call: Callable[..., Any], *args: Any) -> None:
        super().__init__(daemon=True)
        self._call, self._args, self._result = call, args, None
        self.start()

    def run(self) -> None:
        self._result = self._call(*self._args)

    def result(self, timeout: float = 120.0) -> Any:
        self.join(timeout)
        assert not self.is_alive(), "a login attempt never finished"
        return self._result
