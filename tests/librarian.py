"""Helpers for the login and desk tests: an app over a test archive, a librarian, a login."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from archive import accounts
from archive.service import Archive
from archive.web import create_app

PASSWORD = "correct horse battery staple"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def make_app(archive: Archive, **config: Any) -> Flask:
    """The web app over this archive, for Flask's test client."""
    return create_app(archive.settings, archive=archive, test_config={"TESTING": True, **config})


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
