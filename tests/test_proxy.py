"""Trusted proxies and the base URL: forwarded headers, forged Host headers, client addresses."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from gunicorn.config import Config

from archive.config import ConfigError, Settings
from archive.service import Archive
from archive.web import create_app
from archive.web.server import server_options
from ingest.pipeline import Pipeline, candidates
from tests.conftest import PdfMaker
from tests.factories import web_app
from tests.librarian import PASSWORD, add_librarian, csrf_token, text

FORGED = "evil.example"
SITE = "https://archive.example.org"


def app_for(archive: Archive, **settings: Any) -> Flask:
    """The app over this archive with some settings changed."""
    changed = archive.settings.with_(**settings)
    return create_app(changed, archive=archive, test_config={"TESTING": True})


@pytest.fixture
def doc_id(archive: Archive, make_pdf: PdfMaker) -> int:
    pdf = make_pdf("Portability of pensions for migrant workers.", title="Portability")
    [outcome] = Pipeline(archive).run(candidates([pdf]))
    assert outcome.document_id is not None
    return outcome.document_id


def absolute_urls(client: FlaskClient, doc_id: int, host: str) -> list[str]:
    """Every absolute URL the pages and the API give for a document, asked with ``host``."""
    headers = {"Host": host}
    page = text(client.get(f"/documents/{doc_id}", headers=headers))
    listing = client.get("/api/documents", headers=headers).get_json()
    one = client.get(f"/api/documents/{doc_id}", headers=headers).get_json()
    found = client.get("/api/search?q=pensions", headers=headers).get_json()
    urls = [listing["documents"][0]["url"], one["url"], one["download_url"]]
    urls += [found["hits"][0]["url"], found["hits"][0]["download_url"]]
    return [*urls, page]


def test_a_forged_host_cannot_rewrite_urls_when_the_base_url_is_set(
    archive: Archive, doc_id: int
) -> None:
    client = app_for(archive, base_url=SITE).test_client()
    *urls, page = absolute_urls(client, doc_id, FORGED)
    assert urls[0] == f"{SITE}/documents/{doc_id}"
    assert all(url.startswith(f"{SITE}/documents/{doc_id}") for url in urls)
    assert f'class="permalink" href="{SITE}/documents/{doc_id}"' in page  # permanent URL
    assert f"{SITE}/documents/{doc_id}</textarea>" in page  # citation
    assert FORGED not in page
    redirect = client.get("/desk/", headers={"Host": FORGED})
    assert redirect.status_code == 302 and FORGED not in redirect.headers["Location"]


def test_without_a_base_url_urls_follow_the_host_header(archive: Archive, doc_id: int) -> None:
    # The risk the README names: set ARCHIVE_BASE_URL in production.
    *urls, page = absolute_urls(app_for(archive).test_client(), doc_id, FORGED)
    assert all(url.startswith(f"http://{FORGED}/") for url in urls)
    assert f'class="permalink" href="http://{FORGED}/documents/{doc_id}"' in page


def failed_login_address(app: Flask, headers: dict[str, str], remote: str = "10.0.0.9") -> str:
    """Fail a login with these headers; return the address the history recorded."""
    client = app.test_client()
    data = {"name": "alice", "password": "not the password", "csrf_token": csrf_token(client)}
    client.post("/login", data=data, headers=headers, environ_base={"REMOTE_ADDR": remote})
    archive: Archive = app.extensions["archive"]
    [latest] = [e for e in archive.history(limit=1) if e.action == "login-failed"]
    return latest.details["address"]


def test_forwarded_for_is_ignored_unless_proxies_are_trusted(archive: Archive) -> None:
    add_librarian(archive)
    spoofed = {"X-Forwarded-For": "6.6.6.6"}
    assert failed_login_address(app_for(archive), spoofed) == "10.0.0.9"
    behind_one = app_for(archive, trusted_proxies=1)
    assert failed_login_address(behind_one, spoofed) == "6.6.6.6"
    # A client's own X-Forwarded-For is kept by the proxy in front of the address it saw:
    # only that last address, written by the trusted proxy, is believed.
    chained = {"X-Forwarded-For": "1.1.1.1, 203.0.113.7"}
    assert failed_login_address(behind_one, chained) == "203.0.113.7"
    assert failed_login_address(app_for(archive, trusted_proxies=2), chained) == "1.1.1.1"


def test_forwarded_proto_makes_cookies_secure_only_from_a_trusted_proxy(archive: Archive) -> None:
    add_librarian(archive)
    # As a browser sends it over HTTPS (Flask-WTF then checks the Referer too).
    https = {"X-Forwarded-Proto": "https", "Referer": "https://localhost/login"}

    def cookie_line(app: Flask) -> str:
        client = app.test_client()
        token = csrf_token(client)
        data = {"name": "alice", "password": PASSWORD, "csrf_token": token}
        response = client.post("/login", data=data, headers=https)
        assert response.status_code == 302
        return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))

    assert "Secure" not in cookie_line(app_for(archive))
    assert "Secure" in cookie_line(app_for(archive, trusted_proxies=1))


def test_behind_a_proxy_one_guesser_does_not_pause_everyone(settings: Settings) -> None:
    archive = Archive.open(settings.with_(login_max_failures_per_address=3, trusted_proxies=1))
    add_librarian(archive)
    app = web_app(archive)
    proxy = {"REMOTE_ADDR": "127.0.0.1"}  # every request comes through the proxy

    def attempt(client_address: str, name: str, password: str) -> int:
        client = app.test_client()
        data = {"name": name, "password": password, "csrf_token": csrf_token(client)}
        headers = {"X-Forwarded-For": client_address}
        return client.post("/login", data=data, headers=headers, environ_base=proxy).status_code

    for i in range(3):
        assert attempt("198.51.100.66", f"guess{i}", "a wrong password guess") == 200
    assert attempt("198.51.100.66", "guess9", "a wrong password guess") == 429
    assert attempt("203.0.113.10", "alice", PASSWORD) == 302  # a librarian elsewhere
    archive.close()


def test_gunicorn_leaves_forwarded_headers_to_the_app(settings: Settings) -> None:
    config = Config()
    for key, value in server_options(settings, host="127.0.0.1", port=5000, workers=1).items():
        config.set(key, value)
    assert config.secure_scheme_headers == {} and config.forwarder_headers == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [("https://Archive.Example.org/", "https://archive.example.org"), ("", None)],
)
def test_base_url_setting_is_an_origin(value: str, expected: str | None) -> None:
    assert Settings.from_env(env={"ARCHIVE_BASE_URL": value}).base_url == expected


@pytest.mark.parametrize(
    "value", ["archive.example.org", "ftp://x.org", "https://x.org/archive", "https://u@x.org"]
)
def test_base_url_setting_refuses_what_is_not_a_site_root(value: str) -> None:
    with pytest.raises(ConfigError, match="ARCHIVE_BASE_URL"):
        Settings.from_env(env={"ARCHIVE_BASE_URL": value})


def test_trusted_proxies_setting_is_a_count() -> None:
    assert Settings.from_env(env={}).trusted_proxies == 0
    assert Settings.from_env(env={"ARCHIVE_TRUSTED_PROXIES": "1"}).trusted_proxies == 1
    with pytest.raises(ConfigError, match="ARCHIVE_TRUSTED_PROXIES"):
        Settings.from_env(env={"ARCHIVE_TRUSTED_PROXIES": "-1"})
