"""Librarian accounts: passwords, login checks with rate limits, and server-side sessions.

Passwords are hashed with Argon2id through argon2-cffi's ``PasswordHasher`` default profile,
RFC 9106's "low memory" one (m=64 MiB, t=3, p=4), which is above OWASP's current minimum
for Argon2id (m=19 MiB, t=2, p=1). A hash made with weaker parameters is upgraded at the
next successful login. Passwords are never logged nor recorded in the history.

A session is a row of ``auth_sessions`` whose id is the SHA-256 of a random token; only the
token travels (in the signed cookie), so deleting the row ends the session for good.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
import re
import secrets
import threading
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from archive.catalog import AuthSession, LoginFailure, User, utcnow
from archive.errors import ArchiveError, NotFound
from archive.service import Archive, record

log = logging.getLogger(__name__)

ROLES = ("librarian", "admin")
DESK_ROLES = frozenset(ROLES)  # admin can do everything a librarian can
MIN_PASSWORD = 15  # NIST SP 800-63B-4 and OWASP: 15 without a second factor
MAX_PASSWORD = 1024
MAX_NAME = 100
LAST_SEEN_EVERY = dt.timedelta(minutes=1)
_NAME = re.compile(r"^[\w.@-]+$")

HASHER = PasswordHasher()  # RFC 9106 low-memory profile: argon2id, m=64 MiB, t=3, p=4
# Each hash holds 64 MiB; a flood of logins must not exhaust a web worker's memory.
_HASH_SLOTS = threading.BoundedSemaphore(2)
DUMMY_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$s2DttEVIG5shmA9HWihZhA$"
    "UdeyI/6i6jS2tnvita+17xpYIUiXYMm68QoQhgUAEOU"
)
_dummy_hash: str | None = None


class AccountError(ArchiveError):
    """An account operation that cannot be done as asked (the message says why)."""


class LoginRefused(ArchiveError):
    """Unknown name or wrong password: the same error, on purpose."""


class TooManyAttempts(ArchiveError):
    """Too many failed logins recently; ``retry_at`` says when to try again."""

    def __init__(self, message: str, *, retry_at: dt.datetime) -> None:
        super().__init__(message, retry_at=retry_at)
        self.retry_at = retry_at


@dataclass(frozen=True)
class Account:
    """A logged-in user as the web sees it (no password hash)."""

    id: int
    name: str
    role: str

    @property
    def is_librarian(self) -> bool:
        return self.role in DESK_ROLES


# -- passwords --------------------------------------------------------------------------------


def hash_password(password: str) -> str:
    """Return the Argon2id hash of a password."""
    with _HASH_SLOTS:
        return HASHER.hash(password)


def _verify(stored: str, password: str) -> bool:
    with _HASH_SLOTS:
        try:
            return HASHER.verify(stored, password)
        except VerifyMismatchError:
            return False
        except (InvalidHashError, VerificationError) as exc:
            log.error("unusable password hash: %s", type(exc).__name__)
            return False


def _dummy() -> str:
    """A hash of a forgotten random password, verified when a name is unknown (same timing).

    A constant made with the current parameters, so even the first unknown name of a
    process costs no extra hashing; made afresh if the parameters ever change.
    """
    global _dummy_hash
    if _dummy_hash is None:
        stale = HASHER.check_needs_rehash(DUMMY_HASH)
        _dummy_hash = hash_password(secrets.token_urlsafe(24)) if stale else DUMMY_HASH
    return _dummy_hash


def check_password(password: str, *, name: str = "") -> None:
    """Raise ``AccountError`` if a password is too short, too long or the account's name."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"a password may have at most {MAX_PASSWORD} characters")
    if name and password.strip().casefold() == name.casefold():
        raise AccountError("a password may not be the account's name")


# -- managing accounts (the command line) ------------------------------------------------------


def add_user(
    archive: Archive, name: str, password: str, *, role: str = "librarian", actor: str = "cli"
) -> User:
    """Create an account; raise ``AccountError`` for a taken name, bad role or weak password."""
    if not _NAME.match(name) or len(name) > MAX_NAME:
        raise AccountError(f"bad account name {name!r} (letters, digits, . _ @ -; at most 100)")
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r} (one of {', '.join(ROLES)})")
    check_password(password, name=name)
    hashed = hash_password(password)
    with archive.catalog.session() as session:
        if _user(session, name) is not None:
            raise AccountError(f"an account named {name!r} exists already")
        user = User(name=name, password_hash=hashed, role=role, disabled=False)
        session.add(user)
        record(session, actor, "user-add", name=name, role=role)
    log.info("account %s added (%s)", name, role)
    return user


def list_users(archive: Archive) -> list[User]:
    """Every account, by name."""
    with archive.catalog.read() as session:
        return list(session.scalars(select(User).order_by(User.name)))


def disable_user(archive: Archive, name: str, *, actor: str = "cli") -> None:
    """Disable an account and end all its sessions."""
    with archive.catalog.session() as session:
        user = _existing(session, name)
        user.disabled = True
        ended = _end_sessions(session, user.id)
        record(session, actor, "user-disable", name=name, sessions_ended=ended)
    log.info("account %s disabled, %d sessions ended", name, ended)


def set_password(archive: Archive, name: str, password: str, *, actor: str = "cli") -> None:
    """Change an account's password and end all its sessions."""
    check_password(password, name=name)
    hashed = hash_password(password)
    with archive.catalog.session() as session:
        user = _existing(session, name)
        user.password_hash = hashed
        ended = _end_sessions(session, user.id)
        record(session, actor, "user-password", name=name, sessions_ended=ended)
    log.info("password of %s changed, %d sessions ended", name, ended)


def _user(session: Session, name: str) -> User | None:
    return session.scalar(select(User).where(User.name == name))


def _existing(session: Session, name: str) -> User:
    user = _user(session, name)
    if user is None:
        raise NotFound(f"no account named {name!r}", name=name)
    return user


def _end_sessions(session: Session, user_id: int) -> int:
    result = session.execute(delete(AuthSession).where(AuthSession.user_id == user_id))
    return result.rowcount or 0


# -- logging in -------------------------------------------------------------------------------


def authenticate(archive: Archive, name: str, password: str, *, address: str) -> Account:
    """Check a name and password; raise ``TooManyAttempts`` or ``LoginRefused``.

    An unknown name costs the same hash verification as a wrong password. Failures are
    counted per name and per address over ``login_window_minutes``; past the limits the
    attempt is refused before any password is checked, until the oldest failures age out.
    """
    name = "".join(ch for ch in name.strip() if ch.isprintable())[:200]
    address = address[:64]
    throttle(archive, name, address)
    with archive.catalog.read() as session:
        user = _user(session, name) if name else None
    ok = _verify(user.password_hash if user else _dummy(), password[:MAX_PASSWORD])
    if user is None or user.disabled or not ok:
        _record_failure(archive, name, address)
        raise LoginRefused("unknown name or wrong password")
    _after_success(archive, user, password)
    return Account(user.id, user.name, user.role)


def throttle(archive: Archive, name: str, address: str) -> None:
    """Raise ``TooManyAttempts`` if this name or address failed too often recently."""
    s = archive.settings
    window = dt.timedelta(minutes=s.login_window_minutes)
    since = utcnow() - window
    checks = (
        (LoginFailure.username == name, s.login_max_failures, "this account"),
        (LoginFailure.address == address, s.login_max_failures_per_address, "your address"),
    )
    with archive.catalog.read() as session:
        for condition, limit, who in checks:
            times = session.scalars(
                select(LoginFailure.at)
                .where(condition, LoginFailure.at > since)
                .order_by(LoginFailure.at.desc())
                .limit(limit)
            ).all()
            if len(times) >= limit:
                retry_at = times[-1] + window  # when the oldest counted failure ages out
                log.warning("login throttled for %s (%s)", who, address)
                raise TooManyAttempts(
                    f"Too many failed logins for {who}. Try again after "
                    f"{retry_at:%H:%M} UTC (in about {_minutes_until(retry_at)} minutes).",
                    retry_at=retry_at,
                )


def _minutes_until(when: dt.datetime) -> int:
    return max(1, math.ceil((when - utcnow()).total_seconds() / 60))


def _record_failure(archive: Archive, name: str, address: str) -> None:
    with archive.catalog.session() as session:
        session.add(LoginFailure(username=name, address=address))
        # Old failures no longer count; keep the table small.
        session.execute(delete(LoginFailure).where(LoginFailure.at < utcnow() - dt.timedelta(1)))
        record(session, name[:100] or "(empty)", "login-failed", address=address)
    log.info("failed login from %s", address)


def _after_success(archive: Archive, user: User, password: str) -> None:
    """Forget the name's failures; upgrade the hash if the parameters have changed."""
    rehash = HASHER.check_needs_rehash(user.password_hash)
    hashed = hash_password(password) if rehash else None
    with archive.catalog.session() as session:
        session.execute(delete(LoginFailure).where(LoginFailure.username == user.name))
        if hashed:
            session.execute(update(User).where(User.id == user.id).values(password_hash=hashed))
    if hashed:
        log.info("password hash of %s upgraded to the current parameters", user.name)


def failures(archive: Archive, *, name: str | None = None) -> int:
    """How many failed logins are on record (for one name, or all)."""
    stmt = select(func.count()).select_from(LoginFailure)
    if name is not None:
        stmt = stmt.where(LoginFailure.username == name)
    with archive.catalog.read() as session:
        return session.scalar(stmt) or 0


# -- sessions ---------------------------------------------------------------------------------


def _token_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(archive: Archive, account: Account, *, address: str) -> str:
    """Open a session for a logged-in user; return the token the cookie will hold."""
    token = secrets.token_urlsafe(32)
    with archive.catalog.session() as session:
        _purge_expired(archive, session)
        session.add(AuthSession(id=_token_id(token), user_id=account.id))
        record(session, account.name, "login", address=address[:64])
    return token


def session_account(archive: Archive, token: str) -> Account | None:
    """The user of a live session, or None (ending it if it has expired)."""
    key = _token_id(token)
    now = utcnow()
    with archive.catalog.read() as session:
        row = session.get(AuthSession, key)
        user = row.user if row else None
    if row is None or user is None:
        return None
    if user.disabled or _expired(archive, row, now):
        with archive.catalog.session() as session:
            session.execute(delete(AuthSession).where(AuthSession.id == key))
        return None
    if now - row.last_seen > LAST_SEEN_EVERY:
        with archive.catalog.session() as session:
            session.execute(update(AuthSession).where(AuthSession.id == key).values(last_seen=now))
    return Account(user.id, user.name, user.role)


def _expired(archive: Archive, row: AuthSession, now: dt.datetime) -> bool:
    idle = dt.timedelta(minutes=archive.settings.session_idle_minutes)
    lifetime = dt.timedelta(hours=archive.settings.session_max_hours)
    return now - row.last_seen > idle or now - row.created_at > lifetime


def _purge_expired(archive: Archive, session: Session) -> None:
    s = archive.settings
    now = utcnow()
    session.execute(
        delete(AuthSession).where(
            (AuthSession.last_seen < now - dt.timedelta(minutes=s.session_idle_minutes))
            | (AuthSession.created_at < now - dt.timedelta(hours=s.session_max_hours))
        )
    )


def end_session(archive: Archive, token: str, *, actor: str, address: str) -> None:
    """End a session for good (logout): its token can never be used again."""
    with archive.catalog.session() as session:
        session.execute(delete(AuthSession).where(AuthSession.id == _token_id(token)))
        record(session, actor, "logout", address=address[:64])
