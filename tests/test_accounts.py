"""Accounts: Argon2id passwords, login checks with rate limits, server-side sessions, the CLI."""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from click.testing import CliRunner
from sqlalchemy import select, update

from archive import accounts
from archive.catalog import AuthSession, Event, LoginFailure, User, utcnow
from archive.cli import main
from archive.config import Settings
from archive.errors import NotFound
from archive.service import Archive
from tests.librarian import PASSWORD, add_librarian, finishes, guess_in_parallel, hash_slots_held

OWASP_MIN = {"m": 19 * 1024, "t": 2, "p": 1}  # Argon2id, OWASP Password Storage Cheat Sheet


def stored_hash(archive: Archive, name: str) -> str:
    with archive.catalog.read() as session:
        return session.scalar(select(User.password_hash).where(User.name == name)) or ""


def age_failures(archive: Archive, minutes: int) -> None:
    """Pretend every recorded login failure happened ``minutes`` earlier."""
    with archive.catalog.session() as session:
        for failure in session.scalars(select(LoginFailure)):
            failure.at -= dt.timedelta(minutes=minutes)


def events(archive: Archive, action: str) -> list[Event]:
    return [e for e in archive.history() if e.action == action]


# -- passwords --------------------------------------------------------------------------------


def test_passwords_are_argon2id_at_least_at_owasp_minimum(archive: Archive) -> None:
    add_librarian(archive)
    hashed = stored_hash(archive, "alice")
    found = re.match(r"^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$", hashed)
    assert found, hashed
    m, t, p = map(int, found.groups())
    assert m >= OWASP_MIN["m"] and t >= OWASP_MIN["t"] and p >= OWASP_MIN["p"]
    assert (m, t, p) == (65536, 3, 4)  # argon2-cffi's default, RFC 9106 low-memory profile
    assert PASSWORD not in hashed


def test_passwords_never_reach_the_logs_or_the_history(
    archive: Archive, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    add_librarian(archive)
    accounts.authenticate(archive, "alice", PASSWORD, address="10.0.0.1")
    with pytest.raises(accounts.LoginRefused):
        accounts.authenticate(archive, "alice", "a wrong guess of a password", address="10.0.0.1")
    accounts.set_password(archive, "alice", "another long pass phrase")
    logged = caplog.text + repr([(e.actor, e.details) for e in archive.history()])
    for secret in (PASSWORD, "a wrong guess of a password", "another long pass phrase"):
        assert secret not in logged


@pytest.mark.parametrize(
    ("name", "password", "role", "message"),
    [
        ("bob", "short", "librarian", "at least 15 characters"),
        ("bob", "x" * 1025, "librarian", "at most 1024"),
        ("bob-the-librarian", "bob-the-librarian", "librarian", "account's name"),
        ("bob", " " * 15, "librarian", "only spaces"),
        ("bob", "a" * 15, "librarian", "repeated"),
        ("bob", "passwordpassword", "librarian", "repeated"),
        ("bob", "abcdefghijklmnopq", "librarian", "sequence"),
        ("bob", "bobby tables 2026", "librarian", "contain the account's name"),
        ("bob", "iloveyou12345678", "librarian", "common passwords"),
        ("bob", PASSWORD, "reader", "unknown role"),
        ("bob smith", PASSWORD, "librarian", "bad account name"),
        ("<script>", PASSWORD, "librarian", "bad account name"),
    ],
)
def test_weak_or_odd_accounts_are_refused(
    archive: Archive, name: str, password: str, role: str, message: str
) -> None:
    with pytest.raises(accounts.AccountError, match=message):
        accounts.add_user(archive, name, password, role=role)
    assert accounts.list_users(archive) == []


def test_a_name_can_be_taken_only_once(archive: Archive) -> None:
    add_librarian(archive)
    with pytest.raises(accounts.AccountError, match="exists already"):
        accounts.add_user(archive, "alice", "some other long password", role="admin")
    assert [(u.name, u.role) for u in accounts.list_users(archive)] == [("alice", "librarian")]


def test_list_disable_and_password_change(archive: Archive) -> None:
    add_librarian(archive, "zoe", role="admin")
    add_librarian(archive, "alice")
    assert [(u.name, u.role, u.disabled) for u in accounts.list_users(archive)] == [
        ("alice", "librarian", False),
        ("zoe", "admin", False),
    ]
    accounts.set_password(archive, "alice", "a brand new pass phrase")
    with pytest.raises(accounts.LoginRefused):
        accounts.authenticate(archive, "alice", PASSWORD, address="a")
    assert accounts.authenticate(archive, "alice", "a brand new pass phrase", address="a")
    accounts.disable_user(archive, "zoe")
    with pytest.raises(accounts.LoginRefused, match="unknown name or wrong password"):
        accounts.authenticate(archive, "zoe", PASSWORD, address="a")
    with pytest.raises(NotFound):
        accounts.disable_user(archive, "nobody")
    assert {e.action for e in archive.history()} >= {"user-add", "user-password", "user-disable"}


def test_an_outdated_hash_is_upgraded_at_login(archive: Archive) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    with archive.catalog.session() as session:
        session.add(User(name="old", password_hash=weak, role="librarian"))
    accounts.authenticate(archive, "old", PASSWORD, address="a")
    upgraded = stored_hash(archive, "old")
    assert upgraded != weak and upgraded.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert accounts.authenticate(archive, "old", PASSWORD, address="a").name == "old"


# -- login checks -----------------------------------------------------------------------------


def test_unknown_name_and_wrong_password_look_the_same(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_librarian(archive)
    verified: list[str] = []
    real_verify = accounts._verify

    def counting(stored: str, password: str) -> bool:
        verified.append(stored)
        return real_verify(stored, password)

    monkeypatch.setattr(accounts, "_verify", counting)
    errors = []
    for name in ("alice", "nobody"):
        with pytest.raises(accounts.LoginRefused) as caught:
            accounts.authenticate(archive, name, "not the right password", address="a")
        errors.append((type(caught.value), caught.value.message))
    assert errors[0] == errors[1]
    # An unknown name costs an Argon2 verification too (against a dummy hash): same timing.
    assert len(verified) == 2 and all(h.startswith("$argon2id$") for h in verified)
    failed = events(archive, "login-failed")
    assert [e.actor for e in failed] == [accounts.ANONYMOUS] * 2
    assert [e.details for e in failed] == [
        {"account": accounts.UNKNOWN_ACCOUNT, "address": "a"},
        {"account": "alice", "address": "a"},
    ]


def test_a_failed_login_is_anonymous_and_keeps_no_typed_secret(archive: Archive) -> None:
    add_librarian(archive)
    add_librarian(archive, "admin", role="admin")
    # A password typed into the name box, and a name dressed up as an admin.
    typed = ["Tr0ub4dor&3-in-the-wrong-box", "admin", "admin (for real)"]
    for name in typed:
        with pytest.raises(accounts.LoginRefused):
            accounts.authenticate(archive, name, "not the right password", address="a")
    failed = events(archive, "login-failed")
    assert {e.actor for e in failed} == {accounts.ANONYMOUS}  # nobody can write as "admin"
    assert [e.details["account"] for e in failed] == [
        accounts.UNKNOWN_ACCOUNT,
        "admin",
        accounts.UNKNOWN_ACCOUNT,
    ]
    with archive.catalog.read() as session:
        kept = repr(session.execute(select(LoginFailure.username, LoginFailure.address)).all())
    shown = repr([(e.actor, e.details) for e in archive.history()])
    for secret in ("Tr0ub4dor", "for real"):
        assert secret not in shown and secret not in kept
    assert accounts.failures(archive, name="admin") == 1  # still counted per name


def test_too_many_failures_for_one_name_pause_it_briefly(archive: Archive) -> None:
    add_librarian(archive)
    limit = archive.settings.login_max_failures
    for _ in range(limit):
        with pytest.raises(accounts.LoginRefused):
            accounts.authenticate(archive, "alice", "wrong password again", address="10.0.0.1")
    # Even the right password is turned away while the account is paused ...
    with pytest.raises(accounts.TooManyAttempts, match="Try again after") as caught:
        accounts.authenticate(archive, "alice", PASSWORD, address="10.0.0.2")
    window = dt.timedelta(minutes=archive.settings.login_window_minutes)
    assert utcnow() < caught.value.retry_at <= utcnow() + window
    # ... which lasts no longer than the window: older failures no longer count.
    age_failures(archive, archive.settings.login_window_minutes + 1)
    assert accounts.authenticate(archive, "alice", PASSWORD, address="10.0.0.2").name == "alice"
    assert accounts.failures(archive, name="alice") == 0  # success forgets the name's failures


def test_too_many_failures_from_one_address_pause_it(settings: Settings) -> None:
    archive = Archive.open(settings.with_(login_max_failures_per_address=3))
    add_librarian(archive)
    limit = 3
    for i in range(limit):
        with pytest.raises(accounts.LoginRefused):
            accounts.authenticate(archive, f"guess{i}", "some password guess", address="6.6.6.6")
    with pytest.raises(accounts.TooManyAttempts, match="your address"):
        accounts.authenticate(archive, "alice", PASSWORD, address="6.6.6.6")
    # Another address is not affected.
    assert accounts.authenticate(archive, "alice", PASSWORD, address="10.0.0.1").name == "alice"
    archive.close()


def test_parallel_wrong_passwords_get_no_more_checks_than_the_limits(archive: Archive) -> None:
    add_librarian(archive)
    per_name = archive.settings.login_max_failures  # 5
    # 30 guesses at one account at once, each from its own address ...
    checked, outcomes = guess_in_parallel(archive, [("alice", f"10.0.0.{i}") for i in range(30)])
    assert checked == per_name
    assert sorted(outcomes) == ["LoginRefused"] * per_name + ["TooManyAttempts"] * (30 - per_name)
    # ... and 48 guesses at different names from one address at once.
    per_address = archive.settings.login_max_failures_per_address  # 20
    guesses = [(f"guess{i}", "6.6.6.6") for i in range(48)]
    checked, outcomes = guess_in_parallel(archive, guesses)
    assert checked == per_address
    assert outcomes.count("TooManyAttempts") == 48 - per_address


def test_a_login_is_turned_away_at_once_while_every_hash_slot_is_busy(archive: Archive) -> None:
    add_librarian(archive)
    with hash_slots_held() as held:
        assert held == 2
        with pytest.raises(accounts.LoginBusy, match="busy"):
            finishes(lambda: accounts.authenticate(archive, "alice", PASSWORD, address="a"))
    # Turned away, not counted: a flood of logins cannot lock the account's owner out.
    assert accounts.failures(archive) == 0 and events(archive, "login-failed") == []
    assert accounts.authenticate(archive, "alice", PASSWORD, address="a").name == "alice"


# -- sessions ---------------------------------------------------------------------------------


def test_a_session_lives_until_logout(archive: Archive) -> None:
    add_librarian(archive)
    account = accounts.authenticate(archive, "alice", PASSWORD, address="a")
    token = accounts.start_session(archive, account, address="a")
    assert accounts.session_account(archive, token) == account
    with archive.catalog.read() as session:
        ids = list(session.scalars(select(AuthSession.id)))
    assert token not in ids and len(ids) == 1  # only the token's SHA-256 is stored
    accounts.end_session(archive, token, actor="alice", address="a")
    assert accounts.session_account(archive, token) is None
    assert accounts.session_account(archive, "made-up-token") is None
    assert [e.action for e in archive.history()][:2] == ["logout", "login"]


def shift_session(archive: Archive, **deltas: dt.timedelta) -> None:
    with archive.catalog.session() as session:
        for row in session.scalars(select(AuthSession)):
            for column, delta in deltas.items():
                setattr(row, column, getattr(row, column) - delta)


def test_idle_and_absolute_lifetimes_end_a_session(archive: Archive) -> None:
    add_librarian(archive)
    account = accounts.authenticate(archive, "alice", PASSWORD, address="a")
    idle = dt.timedelta(minutes=archive.settings.session_idle_minutes)
    token = accounts.start_session(archive, account, address="a")
    shift_session(archive, last_seen=idle + dt.timedelta(seconds=5))
    assert accounts.session_account(archive, token) is None
    token = accounts.start_session(archive, account, address="a")
    lifetime = dt.timedelta(hours=archive.settings.session_max_hours)
    shift_session(archive, created_at=lifetime + dt.timedelta(seconds=5))
    assert accounts.session_account(archive, token) is None  # though active a moment ago
    with archive.catalog.read() as session:
        assert session.scalars(select(AuthSession)).all() == []


def test_activity_is_written_at_most_once_a_minute(archive: Archive) -> None:
    add_librarian(archive)
    account = accounts.authenticate(archive, "alice", PASSWORD, address="a")
    token = accounts.start_session(archive, account, address="a")

    def last_seen() -> dt.datetime:
        with archive.catalog.read() as session:
            return session.scalars(select(AuthSession.last_seen)).one()

    shift_session(archive, last_seen=dt.timedelta(seconds=30))
    before = last_seen()
    accounts.session_account(archive, token)
    assert last_seen() == before
    shift_session(archive, last_seen=dt.timedelta(minutes=2))
    accounts.session_account(archive, token)
    assert last_seen() > before


def test_disabling_or_a_new_password_ends_every_session(archive: Archive) -> None:
    add_librarian(archive)
    account = accounts.authenticate(archive, "alice", PASSWORD, address="a")
    tokens = [accounts.start_session(archive, account, address="a") for _ in range(2)]
    accounts.set_password(archive, "alice", "a brand new pass phrase")
    assert [accounts.session_account(archive, t) for t in tokens] == [None, None]
    token = accounts.start_session(archive, account, address="a")
    with archive.catalog.session() as session:  # disabled behind the session's back
        session.execute(update(User).values(disabled=True))
    assert accounts.session_account(archive, token) is None
    accounts.disable_user(archive, "alice")
    with archive.catalog.read() as session:
        assert session.scalars(select(AuthSession)).all() == []


# -- the command line -------------------------------------------------------------------------


def cli(data: Path, *args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--data-dir", str(data), *args], input=input)
    return result.exit_code, result.output


def test_users_commands(tmp_path: Path) -> None:
    data = tmp_path / "data"
    # Asked twice; a mismatch asks again.
    typed = f"{PASSWORD}\nsomething else entirely\n{PASSWORD}\n{PASSWORD}\n"
    code, out = cli(data, "users", "add", "alice", input=typed)
    assert code == 0 and "added librarian alice" in out
    assert "do not match" in out.lower() and PASSWORD not in out
    code, out = cli(
        data, "users", "add", "root", "--role", "admin", "--password-stdin", input=f"{PASSWORD}\n"
    )
    assert code == 0 and "added admin root" in out
    code, out = cli(data, "users", "add", "bob", "--password-stdin", input="short\n")
    assert code == 2 and "error: a password needs at least 15 characters" in out
    code, out = cli(data, "users", "list")
    assert out.splitlines() == ["alice\tlibrarian\tactive", "root\tadmin\tactive"]
    new = "a brand new pass phrase\n"
    code, out = cli(data, "users", "password", "alice", "--password-stdin", input=new)
    assert code == 0 and "password changed for alice" in out
    code, out = cli(data, "users", "disable", "root")
    assert code == 0 and "disabled root" in out
    code, out = cli(data, "users", "list")
    assert "root\tadmin\tdisabled" in out
    code, out = cli(data, "users", "disable", "nobody")
    assert code == 2 and "no account named 'nobody'" in out
    archive = Archive.open(Settings.from_env(env={}, data_dir=data), prepare_index=False)
    try:
        assert accounts.authenticate(archive, "alice", "a brand new pass phrase", address="a")
    finally:
        archive.close()


def test_weak_passwords_are_refused_on_the_command_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for weak, why in [(" " * 15, "only spaces"), ("aaaaaaaaaaaaaaa", "repeated")]:
        code, out = cli(data, "users", "add", "bob", "--password-stdin", input=f"{weak}\n")
        assert code == 2 and "error: a password may not be" in out and why in out
    assert cli(data, "users", "list") == (0, "")  # nothing was added
    cli(data, "users", "add", "alice", "--password-stdin", input=f"{PASSWORD}\n")
    code, out = cli(data, "users", "password", "alice", "--password-stdin", input="password" * 2)
    assert code == 2 and "repeated" in out
    archive = Archive.open(Settings.from_env(env={}, data_dir=data), prepare_index=False)
    try:  # the old password still works
        assert accounts.authenticate(archive, "alice", PASSWORD, address="a").name == "alice"
    finally:
        archive.close()
