"""Librarian accounts: passwords, login checks with rate limits, and server-side sessions.

Which passwords may be used is ``archive.passwords``' business. Passwords are hashed with
Argon2id through argon2-cffi's ``PasswordHasher`` default profile, RFC 9106's "low memory"
one (m=64 MiB, t=3, p=4), which is above OWASP's current minimum for Argon2id (m=19 MiB,
t=2, p=1). A hash made with weaker parameters is upgraded at the next successful login.
Passwords are never logged nor recorded in the history.

A login attempt is counted *before* its password is checked, in the same transaction that
counts the recent ones (SQLite's write lock at BEGIN IMMEDIATE, a table lock on PostgreSQL),
so parallel guesses cannot slip past the limits; a successful login then takes its attempt
back. Only two hashes run at once in a process (each holds 64 MiB); a login arriving while
both are busy is turned away at once (``LoginBusy``) rather than tying up a server thread.
Failed logins are recorded as anonymous events: the typed name is kept only when it is an
account's (it may be a password typed into the wrong box), and the failures table keeps a
keyed hash of it, not the text.

A session is a row of ``auth_sessions`` whose id is the SHA-256 of a random token; only the
token travels (in the signed cookie), so deleting the row ends the session for good.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import logging
import math
import re
import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import CursorResult, delete, func, select, text, update
from sqlalchemy.orm import Session

from archive.catalog import AuthSession, LoginFailure, User, utcnow
from archive.errors import ArchiveError, NotFound
from archive.messages import N_, Message
from archive.passwords import MAX_PASSWORD, weakness
from archive.service import Archive, record

log = logging.getLogger(__name__)

ROLES = ("librarian", "admin")
DESK_ROLES = frozenset(ROLES)  # admin can do everything a librarian can
MAX_NAME = 100
LAST_SEEN_EVERY = dt.timedelta(minutes=1)
_NAME = re.compile(r"^[\w.@-]+$")
# Who a failed login is recorded as: parentheses cannot be in an account's name.
ANONYMOUS = "(anonymous)"
UNKNOWN_ACCOUNT = "(unknown account)"
BUSY_RETRY_SECONDS = 5

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


class LoginBusy(ArchiveError):
    """Every password-hash slot of this process is busy: try again in a few seconds."""


class TooManyAttempts(ArchiveError):
    """Too many failed logins recently; ``retry_at`` says when to try again."""

    def __init__(self, message: str | Message, *, retry_at: dt.datetime) -> None:
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
    """Return the Argon2id hash of a password (waiting for a free hash slot)."""
    with _HASH_SLOTS:
        return HASHER.hash(password)


@contextlib.contextmanager
def _login_slot() -> Iterator[None]:
    """Hold a hash slot for one login, or raise ``LoginBusy`` at once if none is free."""
    if not _HASH_SLOTS.acquire(blocking=False):
        log.warning("login turned away: every password-hash slot is busy")
        raise LoginBusy("The server is busy checking other logins. Try again in a few seconds.")
    try:
        yield
    finally:
        _HASH_SLOTS.release()


def _verify(stored: str, password: str) -> bool:
    """Check a password against its hash (the caller holds a hash slot)."""
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
    process costs no extra hashing; made afresh if the parameters ever change (the caller
    holds a hash slot).
    """
    global _dummy_hash
    if _dummy_hash is None:
        stale = HASHER.check_needs_rehash(DUMMY_HASH)
        _dummy_hash = HASHER.hash(secrets.token_urlsafe(24)) if stale else DUMMY_HASH
    return _dummy_hash


def check_password(password: str, *, name: str = "") -> None:
    """Raise ``AccountError`` if a password is too short, too long, common or guessable."""
    reason = weakness(password, name=name)
    if reason:
        raise AccountError(reason)


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
    return cast("CursorResult[Any]", result).rowcount or 0


# -- logging in -------------------------------------------------------------------------------


def authenticate(archive: Archive, name: str, password: str, *, address: str) -> Account:
    """Check a name and password; raise ``LoginBusy``, ``TooManyAttempts`` or ``LoginRefused``.

    An unknown name costs the same hash verification as a wrong password. Attempts are
    counted per name and per address over ``login_window_minutes``, each one before its
    password is checked; past the limits the attempt is refused before any password is
    checked, until the oldest failures age out.
    """
    name = "".join(ch for ch in name.strip() if ch.isprintable())[:200]
    address = address[:64]
    with _login_slot():
        _claim_attempt(archive, _name_key(archive, name), address)
        user, hashed = _check(archive, name, password[:MAX_PASSWORD])
    if user is None:
        _record_failure(archive, name, address)
        raise LoginRefused("unknown name or wrong password")
    _after_success(archive, user, hashed)
    return Account(user.id, user.name, user.role)


def _check(archive: Archive, name: str, password: str) -> tuple[User | None, str | None]:
    """The user if the password is theirs (and an upgraded hash if one is due), else None."""
    with archive.catalog.read() as session:
        user = _user(session, name) if name else None
    ok = _verify(user.password_hash if user else _dummy(), password)
    if user is None or user.disabled or not ok:
        return None, None
    rehash = HASHER.check_needs_rehash(user.password_hash)
    return user, HASHER.hash(password) if rehash else None  # while the slot is still held


def _name_key(archive: Archive, name: str) -> str:
    """What the failures table keeps of a typed name: a keyed hash, never the text."""
    key = archive.secret_key().encode()
    return hmac.new(key, name.encode("utf-8", "replace"), hashlib.sha256).hexdigest()


def _claim_attempt(archive: Archive, name_key: str, address: str) -> None:
    """Count this attempt as a failure unless the limits are reached (one transaction).

    The count and the insert happen under the catalog's write lock, so concurrent attempts
    are counted one after the other: no more than the limit ever reach a password check.
    """
    with archive.catalog.session() as session:
        _lock_failures(session)
        _throttle(archive, session, name_key, address)
        session.add(LoginFailure(username=name_key, address=address))
        # Old failures no longer count; keep the table small.
        session.execute(delete(LoginFailure).where(LoginFailure.at < utcnow() - dt.timedelta(1)))


def _lock_failures(session: Session) -> None:
    """Serialise attempt counting: SQLite's BEGIN IMMEDIATE already did; PostgreSQL needs this.

    SHARE ROW EXCLUSIVE conflicts with itself, so a second counter waits for the first to
    commit its insert, while plain reads of the table go on.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE login_failures IN SHARE ROW EXCLUSIVE MODE"))


def _throttle(archive: Archive, session: Session, name_key: str, address: str) -> None:
    """Raise ``TooManyAttempts`` if this name (by key) or address failed too often recently."""
    s = archive.settings
    window = dt.timedelta(minutes=s.login_window_minutes)
    checks = (
        (LoginFailure.username == name_key, s.login_max_failures, _FOR_ACCOUNT),
        (LoginFailure.address == address, s.login_max_failures_per_address, _FOR_ADDRESS),
    )
    for condition, limit, who in checks:
        times = session.scalars(
            select(LoginFailure.at)
            .where(condition, LoginFailure.at > utcnow() - window)
            .order_by(LoginFailure.at.desc())
            .limit(limit)
        ).all()
        if len(times) >= limit:
            retry_at = times[-1] + window  # when the oldest counted failure ages out
            message = Message(
                who, {"time": f"{retry_at:%H:%M}", "minutes": _minutes_until(retry_at)}
            )
            log.warning("login throttled (%s): %s", address, message)
            raise TooManyAttempts(message, retry_at=retry_at)


_FOR_ACCOUNT = N_(
    "Too many failed logins for this account. "
    "Try again after %(time)s UTC (in about %(minutes)s minutes)."
).template
_FOR_ADDRESS = N_(
    "Too many failed logins for your address. "
    "Try again after %(time)s UTC (in about %(minutes)s minutes)."
).template


def _minutes_until(when: dt.datetime) -> int:
    return max(1, math.ceil((when - utcnow()).total_seconds() / 60))


def _record_failure(archive: Archive, name: str, address: str) -> None:
    """Record a failed login as an anonymous event: its attempt is already counted.

    The typed name is kept only if it is an account's: otherwise it may be anything,
    a password typed into the wrong box included.
    """
    with archive.catalog.session() as session:
        account = name if name and _user(session, name) is not None else UNKNOWN_ACCOUNT
        record(session, ANONYMOUS, "login-failed", account=account, address=address)
    log.info("failed login from %s", address)


def _after_success(archive: Archive, user: User, hashed: str | None) -> None:
    """Forget the name's failures (this attempt's too); store an upgraded hash if made."""
    with archive.catalog.session() as session:
        key = _name_key(archive, user.name)
        session.execute(delete(LoginFailure).where(LoginFailure.username == key))
        if hashed:
            session.execute(update(User).where(User.id == user.id).values(password_hash=hashed))
    if hashed:
        log.info("password hash of %s upgraded to the current parameters", user.name)


def failures(archive: Archive, *, name: str | None = None) -> int:
    """How many failed logins are on record (for one name, or all)."""
    stmt = select(func.count()).select_from(LoginFailure)
    if name is not None:
        stmt = stmt.where(LoginFailure.username == _name_key(archive, name))
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
