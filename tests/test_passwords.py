"""Which passwords are refused (NIST SP 800-63B): common, repetitive, sequential, the name."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from archive import passwords
from archive.passwords import weakness


def test_the_common_password_list_ships_with_the_package() -> None:
    common = passwords.common_passwords()
    assert len(common) > 19_000
    assert {"password", "123456", "qwerty", "iloveyou", "friendofemily"} <= common
    assert all(word == passwords.squeeze(word) for word in common)


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        (" " * 15, "only spaces"),
        ("\t \u3000" * 6, "only spaces"),  # tabs and ideographic spaces are white space too
        ("a" * 15, "one character or one short part repeated"),
        ("!" * 20, "one character or one short part repeated"),
        ("passwordpassword", "one character or one short part repeated"),
        ("ab ab ab ab ab ab ab ab", "one character or one short part repeated"),
        ("PassWord PASSWORD", "one character or one short part repeated"),
        ("abcdefghijklmnop", "sequence"),
        ("ZYXWVUTSRQPONMLK", "sequence"),
        ("qwertyuiopasdfghjkl", "sequence"),
        ("1q2w3e4r5t6y7u8i9o0p", "most common"),
        ("Friend of Emily", "most common"),
        ("password12345678", "only of common passwords, sequences or repeated"),
        ("iloveyou!!!!!!!!", "only of common passwords, sequences or repeated"),
        ("123456789012345", "only of common passwords, sequences or repeated"),
        ("sunshine princess", "only of common passwords, sequences or repeated"),
        (
            "ｐａｓｓｗｏｒｄ１２３４５６７８",
            "only of common passwords, sequences or repeated",
        ),  # full width
        ("monkey1234!!!!!", "only of common passwords, sequences or repeated"),
        ("dragon monkey shadow", "only of common passwords, sequences or repeated"),
        ("summer2026summer2026", "one character or one short part repeated"),
        ("alice in wonderland 2026", "contain the account's name"),
        ("ALICEALICEALICE1", "contain the account's name"),
        ("alice-the-librarian", "be the account's name"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password: str, reason: str) -> None:
    name = "alice-the-librarian" if "librarian" in password else "alice"
    found = weakness(password, name=name)
    assert found is not None and reason in found


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",
        "a brand new pass phrase",
        "mango tractor purple",
        "xkcd is funny, really",
        "Tr0ub4dor&3 and a goat",
        "ช้างกินกล้วยหอมทุกเช้า",  # Thai, no spaces
        "bò ăn cỏ trên đồi xanh",
    ],
)
def test_good_passwords_are_accepted(password: str) -> None:
    assert weakness(password, name="alice") is None


def test_length_limits_come_first() -> None:
    assert "at least 15" in (weakness("aaaa") or "")
    assert "at least 15" in (weakness("Xq7#kP2!mZ9@") or "")  # random but short
    assert "at most 1024" in (weakness("x" * 1025) or "")


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=15, max_size=200))
def test_any_text_gets_an_answer(text: str) -> None:
    answer = weakness(text, name="alice")
    assert answer is None or isinstance(answer, str)


TOP_THOUSAND = [w for w, rank in passwords.common_ranks().items() if rank <= 1000 and len(w) > 2]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(TOP_THOUSAND), st.sampled_from(TOP_THOUSAND), st.integers(0, 99))
def test_two_common_passwords_and_a_number_are_refused(first: str, second: str, n: int) -> None:
    password = f"{first} {second} {n}"
    assume(len(password) >= passwords.MIN_PASSWORD)  # padding would add a piece of its own
    assert weakness(password) is not None
