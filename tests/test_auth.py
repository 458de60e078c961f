"""Logging in and out through the web: cookies, sessions, next=, rate limits, CSRF, roles."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from archive import accounts
from archive.catalog import AuthSession, User
from archive.config import Settings
from archive.service import Archive
from archive.web.auth import safe_next
from tests.factories import web_app
from tests.librarian import (
    PASSWORD,
    add_librarian,
    csrf_token,
    finishes,
    hash_slots_held,
    login,
    post,
    text,
)


@pytest.fixture
def app(archive: Archive) -> Flask:
    add_librarian(archive)
    return web_app(archive)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def session_cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def set_cookie_line(response: object) -> str:
    headers = response.headers.getlist("Set-Cookie")  # type: ignore[attr-defined]
    lines = [h for h in headers if h.startswith("session=")]
    assert lines, "no session cookie set"
    return lines[-1]


# -- logging in -------------------------------------------------------------------------------


def test_readers_see_a_login_link_and_librarians_their_name(client: FlaskClient) -> None:
    page = text(client.get("/no-such-page"))
    assert 'href="/login?next=/no-such-page">Log in</a>' in page and "Log out" not in page
    page = text(client.get("/desk/history", follow_redirects=True))
    assert "<h1>Log in</h1>" in page and "Readers need no account" in page
    response = login(client, next_="/desk/history")
    assert response.status_code == 302 and response.headers["Location"] == "/desk/history"
    page = text(client.get("/desk/history"))
    assert "alice" in page and "Log out" in page and 'href="/desk/"' in page
    assert 'action="/logout" method="post"' in page


def test_login_sets_a_fresh_httponly_samesite_cookie(client: FlaskClient) -> None:
    with client.session_transaction() as sess:
        sess["planted"] = "by someone else"
    response = login(client)
    cookie = set_cookie_line(response)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP on a developer's machine
    with client.session_transaction() as sess:
        assert "planted" not in sess  # the session was renewed, not reused
        first = sess["auth"]
    client.post("/logout", data={"csrf_token": csrf_token(client, "/desk/")})
    login(client)
    with client.session_transaction() as sess:
        assert sess["auth"] != first


def test_cookie_is_secure_over_https_or_when_configured(archive: Archive) -> None:
    add_librarian(archive)
    client = web_app(archive).test_client()
    token = csrf_token(client, "https://localhost/login")
    data = {"name": "alice", "password": PASSWORD, "csrf_token": token}
    # Over HTTPS, Flask-WTF also wants a same-origin Referer, which browsers send here.
    headers = {"Referer": "https://localhost/login"}
    response = client.post("https://localhost/login", data=data, headers=headers)
    assert "; Secure" in set_cookie_line(response)
    forced = web_app(archive, SESSION_COOKIE_SECURE=True).test_client()
    assert "; Secure" in set_cookie_line(forced.get("/login"))


def test_logout_ends_the_session_and_a_replayed_cookie_is_worthless(
    archive: Archive, client: FlaskClient
) -> None:
    login(client)
    assert client.get("/desk/").status_code == 200
    stolen = session_cookie(client)
    response = post(client, "/logout")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "You are logged out." in text(client.get("/", follow_redirects=True))
    with archive.catalog.read() as session:
        assert session.scalars(select(AuthSession)).all() == []
    client.set_cookie("session", stolen)  # replay the cookie from before the logout
    response = client.get("/desk/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert [e.action for e in archive.history()][:2] == ["logout", "login"]


def test_logout_needs_post_and_a_csrf_token(client: FlaskClient) -> None:
    login(client)
    assert client.get("/logout").status_code == 405
    response = client.post("/logout")
    assert response.status_code == 400
    assert "Form expired or forged" in text(response) and "Nothing was changed" in text(response)
    assert client.get("/desk/").status_code == 200  # still logged in


def test_login_without_csrf_token_is_refused(archive: Archive, client: FlaskClient) -> None:
    response = client.post("/login", data={"name": "alice", "password": PASSWORD})
    assert response.status_code == 400 and "Form expired or forged" in text(response)
    with archive.catalog.read() as session:
        assert session.scalars(select(AuthSession)).all() == []


def test_an_idle_session_ends(archive: Archive, client: FlaskClient) -> None:
    login(client)
    idle = dt.timedelta(minutes=archive.settings.session_idle_minutes + 1)
    with archive.catalog.session() as session:
        for row in session.scalars(select(AuthSession)):
            row.last_seen -= idle
    response = client.get("/desk/jobs")
    assert response.status_code == 302 and "/login?next=/desk/jobs" in response.headers["Location"]


def test_disabling_an_account_ends_its_open_sessions(archive: Archive, client: FlaskClient) -> None:
    login(client)
    accounts.disable_user(archive, "alice")
    assert client.get("/desk/").status_code == 302
    assert login(client).status_code == 200  # the form again: no way in


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/path",
        "/\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "/\t/evil.example",
        "/%0a/x\n",
        "evil.example",
        "",
    ],
)
def test_next_accepts_only_local_paths(client: FlaskClient, target: str) -> None:
    assert safe_next(target) == "/desk"
    response = login(client, next_=target)
    assert response.status_code == 302 and response.headers["Location"] == "/desk"


def test_next_keeps_a_local_path_with_its_query(client: FlaskClient) -> None:
    response = login(client, next_="/desk/history?document=3")
    assert response.headers["Location"] == "/desk/history?document=3"
    assert client.get("/login?next=/desk/jobs").headers["Location"] == "/desk/jobs"


def strip_tokens(page: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]+"', "", page)


def test_unknown_name_and_wrong_password_get_the_same_answer(client: FlaskClient) -> None:
    wrong = login(client, "alice", "not the password at all")
    unknown = login(client, "nobody", "not the password at all")
    assert wrong.status_code == unknown.status_code == 200
    assert "Unknown name or wrong password." in text(wrong)
    assert strip_tokens(text(wrong)).replace("alice", "NAME") == strip_tokens(
        text(unknown)
    ).replace("nobody", "NAME")


# -- rate limits ------------------------------------------------------------------------------


@pytest.fixture
def strict(settings: Settings) -> Iterator[Archive]:
    archive = Archive.open(
        settings.with_(login_max_failures=3, login_max_failures_per_address=5, index_lock_timeout=5)
    )
    add_librarian(archive)
    yield archive
    archive.close()


def test_repeated_failures_get_429_with_a_time_to_retry(strict: Archive) -> None:
    client = web_app(strict).test_client()
    for _ in range(3):
        assert login(client, "alice", "wrong wrong wrong").status_code == 200
    response = login(client)  # even the right password, while paused
    assert response.status_code == 429
    page = text(response)
    assert "Too many failed logins for this account" in page and "Try again after" in page
    wait = int(response.headers["Retry-After"])
    assert 0 < wait <= strict.settings.login_window_minutes * 60
    with strict.catalog.session() as session:  # the window passes
        for row in session.scalars(select(accounts.LoginFailure)):
            row.at -= dt.timedelta(minutes=strict.settings.login_window_minutes)
    assert login(client).status_code == 302
    failed = [e for e in strict.history() if e.action == "login-failed"]
    assert len(failed) == 3 and failed[0].details["address"] == "127.0.0.1"


def test_one_address_guessing_many_names_is_paused(strict: Archive) -> None:
    client = web_app(strict).test_client()
    for i in range(5):
        assert login(client, f"user{i}", "wrong wrong wrong").status_code == 200
    response = login(client)
    assert response.status_code == 429 and "your address" in text(response)
    other = web_app(strict).test_client()
    token = csrf_token(other)
    data = {"name": "alice", "password": PASSWORD, "csrf_token": token}
    ok = other.post("/login", data=data, environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert ok.status_code == 302


def test_a_login_gets_503_at_once_while_hash_slots_are_busy_and_readers_are_served(
    archive: Archive, client: FlaskClient
) -> None:
    token = csrf_token(client)
    data = {"name": "alice", "password": PASSWORD, "csrf_token": token}
    with hash_slots_held():
        response = finishes(lambda: client.post("/login", data=data))
        assert response.status_code == 503
        assert int(response.headers["Retry-After"]) > 0
        assert "busy checking other logins" in text(response)
        assert finishes(lambda: client.get("/")).status_code == 200
    assert accounts.failures(archive) == 0  # turned away, not counted against alice
    assert client.post("/login", data=data).status_code == 302


# -- who may see the desk ---------------------------------------------------------------------


def desk_urls(app: Flask) -> list[tuple[str, str]]:
    """Every desk route with sample arguments, and its method."""
    out = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("desk."):
            continue
        args = {name: 1 for name in rule.arguments}
        url = rule.build(args)[1]  # type: ignore[index]
        method = "GET" if "GET" in (rule.methods or ()) else "POST"
        out.append((url, method))
    return out


def test_every_desk_page_sends_readers_to_login(app: Flask, client: FlaskClient) -> None:
    urls = desk_urls(app)
    assert len(urls) >= 10
    token = csrf_token(client)
    for url, method in urls:
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": token})
        if url.endswith(".json"):
            assert response.status_code == 401, url
            assert response.get_json()["error"] == "Login required"
        else:
            assert response.status_code == 302, url
            assert response.headers["Location"].startswith("/login?next="), url


def test_api_paths_answer_401_json_to_readers(app: Flask) -> None:
    from archive.web.auth import librarian_required

    with app.test_request_context("/api/desk/example"):
        from flask import g

        g.user = None
        response = librarian_required(lambda: "secret")()
    assert response.status_code == 401 and response.get_json()["status"] == 401


def test_other_roles_get_403(archive: Archive, app: Flask, client: FlaskClient) -> None:
    with archive.catalog.session() as session:
        session.add(
            User(name="reader", password_hash=accounts.hash_password(PASSWORD), role="reader")
        )
    assert login(client, "reader").status_code == 302
    for url, method in desk_urls(app):
        if method == "GET":
            response = client.get(url)
            assert response.status_code == 403, url
            assert "for librarians only" in text(response)
    page = text(client.get("/"))
    assert "reader" in page and 'href="/desk/"' not in page


def test_logged_in_pages_are_not_cached(client: FlaskClient) -> None:
    assert client.get("/login").headers["Cache-Control"] != "no-store"
    login(client)
    assert client.get("/desk/").headers["Cache-Control"] == "no-store"
    missing = client.get("/desk/documents/999")
    assert missing.status_code == 404 and "alice" in text(missing)


# -- the real server ----------------------------------------------------------------------------


class Browser:
    """One client of the real server with its own cookies, holding the login form's token."""

    def __init__(self, base: str) -> None:
        import http.cookiejar
        import urllib.request

        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        with self.opener.open(f"{base}/login", timeout=60) as response:
            found = re.search(r'name="csrf_token" value="([^"]+)"', response.read().decode())
        assert found
        self.token = found.group(1)

    def login(self, name: str, password: str) -> int:
        """POST the login form; return the status (redirects are not followed)."""
        import urllib.error
        import urllib.parse
        import urllib.request

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args: object, **kwargs: object) -> None:
                return None

        form = {"name": name, "password": password, "csrf_token": self.token}
        body = urllib.parse.urlencode(form).encode()
        self.opener.add_handler(NoRedirect())
        try:
            with self.opener.open(f"{self.base}/login", data=body, timeout=120) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code


@pytest.mark.slow
def test_a_burst_of_wrong_passwords_against_the_real_server(settings: Settings) -> None:
    """Two gunicorn workers, 30 parallel guesses: at most 5 passwords checked, pages served."""
    import subprocess
    import sys
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    from tests.conftest import ROOT
    from tests.server_harness import Server, archive_env, free_port, stop, wait_until_up

    archive = Archive.open(settings, prepare_index=False)
    add_librarian(archive)
    archive.close()
    env = {**archive_env(settings.data_path), "ARCHIVE_WEB_THREADS": "8"}
    port = free_port()
    server = Server(f"http://127.0.0.1:{port}", settings.data_path, settings.data_path / "log")
    command = [sys.executable, "-m", "archive.cli", "serve", "--port", str(port), "--no-worker"]
    with server.log.open("wb") as log:
        proc = subprocess.Popen(
            [*command, "--workers", "2"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )
        try:
            wait_until_up(server.url, proc, server)
            browsers = [Browser(server.url) for _ in range(30)]
            with ThreadPoolExecutor(max_workers=40) as pool:
                guesses = [
                    pool.submit(b.login, "alice", "a wrong password guess") for b in browsers
                ]
                pages = [pool.submit(urllib.request.urlopen, server.url + "/") for _ in range(8)]
                statuses = [g.result() for g in guesses]
                assert [p.result(timeout=120).status for p in pages] == [200] * 8
        finally:
            stop(proc)
    assert set(statuses) <= {200, 429, 503}, statuses
    archive = Archive.open(settings, prepare_index=False)
    checked = [e for e in archive.history() if e.action == "login-failed"]
    archive.close()
    assert 1 <= len(checked) <= settings.login_max_failures, statuses
    assert "Traceback" not in server.log.read_text(errors="replace")
