"""Logging in and out, the current user, and the guard on librarians' pages.

The signed session cookie holds only a random token; the session itself is a row of the
catalog (``archive.accounts``), so logging out deletes it and a copied cookie is worthless
afterwards. Cookies are HttpOnly, SameSite=Lax, and Secure whenever the request came over
HTTPS. Behind a TLS-terminating proxy, ``request.is_secure`` and the client's address are
only right when ``ARCHIVE_TRUSTED_PROXIES`` says how many proxies to believe (or
``ARCHIVE_BASE_URL`` names an https:// site); see ``archive.web.proxy``. Login failures are
counted per client address, so that setting is what keeps one guesser behind the proxy
from pausing every librarian's logins.
"""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    flash,
    g,
    has_request_context,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from archive import accounts
from archive.catalog import primary_reads, utcnow
from archive.web import error_response, get_archive, wants_json
from archive.web.i18n import say

log = logging.getLogger(__name__)
bp = Blueprint("auth", __name__)
TOKEN_KEY = "auth"  # noqa: S105 (the session key naming the token, not a secret)
DEFAULT_NEXT = "/desk"
F = TypeVar("F", bound=Callable[..., Any])


class ArchiveSessionInterface(SecureCookieSessionInterface):
    """Signed cookie sessions whose cookie is Secure when the request is HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        if app.config.get("SESSION_COOKIE_SECURE"):
            return True
        return has_request_context() and request.is_secure


@bp.record_once
def _install(state: Any) -> None:
    app: Flask = state.app
    app.session_interface = ArchiveSessionInterface()
    # First of all hooks, so that error pages raised by other hooks (CSRF, 413) know the user.
    app.before_request_funcs.setdefault(None, []).insert(0, load_user)


def load_user() -> None:
    """Set ``g.user`` to the logged-in account, or None for a reader."""
    g.user = None
    primary_reads.set(False)  # per request: a server thread serves many people in turn
    if request.endpoint == "static":
        return
    token = session.get(TOKEN_KEY)
    if not isinstance(token, str):
        return
    g.user = accounts.session_account(get_archive(), token)
    if g.user is None:
        session.pop(TOKEN_KEY, None)  # expired or ended elsewhere
    else:  # a librarian reads their own changes from the primary, never a lagging standby
        primary_reads.set(True)


def client_address() -> str:
    """The client's address: the peer's, or behind trusted proxies what they forwarded."""
    return (request.remote_addr or "unknown")[:64]


def safe_next(value: str | None) -> str:
    """Return ``value`` if it is a path on this site, else the desk."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return DEFAULT_NEXT
    if any(ch.isspace() or not ch.isprintable() or ch == "\\" for ch in value):
        return DEFAULT_NEXT  # browsers drop tabs and newlines, so "/\t/x" would become "//x"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return DEFAULT_NEXT
    return value


def librarian_required(view: F) -> F:
    """Let librarians and admins in; send readers to the login page (401 for scripts)."""

    @functools.wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        user = g.get("user")
        if user is None:
            if wants_json() or request.path.endswith(".json"):
                response = jsonify(
                    {"error": "Login required", "message": "Log in as a librarian.", "status": 401}
                )
                response.status_code = 401
                return response
            here = request.full_path if request.query_string else request.path
            return redirect(url_for("auth.login", next=here))
        if not user.is_librarian:
            return error_response(403, _("Forbidden"), _("This page is for librarians only."))
        return view(*args, **kwargs)

    return guarded  # type: ignore[return-value]


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """Show the login form; check a name and password and open a session."""
    target = safe_next(request.values.get("next"))
    if request.method == "GET":
        if g.get("user"):
            return redirect(target)
        return render_template("login.html", next=target, name="")
    name = request.form.get("name", "")
    password = request.form.get("password", "")
    address = client_address()
    try:
        account = accounts.authenticate(get_archive(), name, password, address=address)
    except accounts.LoginBusy as exc:
        return _busy(exc, target, name)
    except accounts.TooManyAttempts as exc:
        return _too_many(exc, target, name)
    except accounts.LoginRefused:
        return render_template(
            "login.html", next=target, name=name, error=_("Unknown name or wrong password.")
        )
    session.clear()  # a fresh session (and CSRF token) at every login
    session[TOKEN_KEY] = accounts.start_session(get_archive(), account, address=address)
    log.info("%s logged in from %s", account.name, address)
    flash(_("Logged in as %(name)s.", name=account.name), "info")
    return redirect(target)


def _busy(exc: accounts.LoginBusy, target: str, name: str) -> Response:
    """503 at once: a thread waiting for a hash slot would be a thread no reader gets."""
    busy = _("The server is busy checking other logins. Try again in a few seconds.")
    body = render_template("login.html", next=target, name=name, error=busy)
    response = Response(body, status=503, mimetype="text/html")
    response.headers["Retry-After"] = str(accounts.BUSY_RETRY_SECONDS)
    return response


def _too_many(exc: accounts.TooManyAttempts, target: str, name: str) -> Response:
    body = render_template("login.html", next=target, name=name, error=say(exc))
    response = Response(body, status=429, mimetype="text/html")
    wait = max(1, math.ceil((exc.retry_at - utcnow()).total_seconds()))
    response.headers["Retry-After"] = str(wait)
    return response


@bp.post("/logout")
def logout() -> Any:
    """End the session for good and forget the cookie."""
    token = session.get(TOKEN_KEY)
    user = g.get("user")
    if isinstance(token, str) and user is not None:
        accounts.end_session(get_archive(), token, actor=user.name, address=client_address())
        log.info("%s logged out", user.name)
    session.clear()
    g.user = None
    flash(_("You are logged out."), "info")
    return redirect("/")
