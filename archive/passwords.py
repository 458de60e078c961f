"""Which passwords are refused: too short or long, common, repetitive, sequential, or the name.

NIST SP 800-63B (3.1.1.2) asks that a new password be compared with passwords from breaches,
repetitive or sequential characters and context words such as the user name. Few common
passwords are as long as the 15 characters asked for, so a password is also refused when it
is made only of such pieces and would be found in fewer than 10**9 guesses, estimated in the
manner of zxcvbn: "passwordpassword", "password12345678", "sunshine princess". The common
passwords are Django's list of 19,640 from breaches (``archive/data/common-passwords.txt.gz``;
source and licence in ``COMMON-PASSWORDS.txt``). Comparisons ignore case, white space and
Unicode compatibility forms.
"""

from __future__ import annotations

import functools
import gzip
import math
import re
import unicodedata
from collections.abc import Iterator
from importlib import resources

MIN_PASSWORD = 15  # NIST SP 800-63B-4 and OWASP: 15 without a second factor
MAX_PASSWORD = 1024
# Passwords that common pieces make in fewer than 10**9 guesses are refused; beyond that an
# attacker holding the Argon2 hashes needs months of computing per password.
MIN_GUESSES_LOG10 = 9.0
CHAR_GUESSES_LOG10 = 2.0  # about a hundred printable characters
MIN_SEQUENCE = 3
DIGITS = frozenset("0123456789")
MAX_WORD = 64  # longer than any common password
MAX_PIECED = 128  # longer ones are not taken apart (the search grows with the square)
# Keyboard walks and digit rows, read in both directions.
_WALKS = (
    "1234567890",
    "qwertyuiopasdfghjklzxcvbnm",
    "qwertzuiopasdfghjklyxcvbnm",
    "azertyuiopqsdfghjklmwxcvbn",
    "1q2w3e4r5t6y7u8i9o0p",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "qazwsxedcrfvtgbyhnujmikolp",
    "zaq1xsw2cde3vfr4bgt5nhy6mju7,ki8.lo9/;p0",
)
WALKS = _WALKS + tuple(w[::-1] for w in _WALKS)
_REPEATED = re.compile(r"(.+?)\1+", re.DOTALL)


@functools.cache
def common_ranks() -> dict[str, int]:
    """Each common password (lowercased, without white space) and its rank, 1 the commonest."""
    data = resources.files("archive").joinpath("data/common-passwords.txt.gz").read_bytes()
    words = (squeeze(line) for line in gzip.decompress(data).decode("utf-8").splitlines())
    ranks: dict[str, int] = {}
    for word in words:
        if word:
            ranks.setdefault(word, len(ranks) + 1)
    return ranks


def common_passwords() -> frozenset[str]:
    """The common passwords, lowercased and without white space."""
    return frozenset(common_ranks())


def squeeze(text: str) -> str:
    """Fold case and compatibility forms and drop white space, as comparisons do."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def weakness(password: str, *, name: str = "") -> str | None:
    """Say why a password may not be used, or None if it may."""
    if len(password) < MIN_PASSWORD:
        return f"a password needs at least {MIN_PASSWORD} characters"
    if len(password) > MAX_PASSWORD:
        return f"a password may have at most {MAX_PASSWORD} characters"
    text, folded_name = squeeze(password), squeeze(name)
    for check in (_blank, _named, _repeated, _common, _sequence, _pieced):
        reason = check(text, folded_name)
        if reason:
            return reason
    return None


def _blank(text: str, _name: str) -> str | None:
    return None if text else "a password may not be only spaces"


def _named(text: str, name: str) -> str | None:
    if name and text == name:
        return "a password may not be the account's name"
    if len(name) >= 3 and name in text:
        return "a password may not contain the account's name"
    return None


def _repeated(text: str, _name: str) -> str | None:
    if _REPEATED.fullmatch(text):
        return "a password may not be one character or one short part repeated"
    return None


def _common(text: str, _name: str) -> str | None:
    if text in common_passwords():
        return "this password is one of the most common ones (found in lists of leaked passwords)"
    return None


def _sequence(text: str, _name: str) -> str | None:
    if len(text) in set(_sequence_ends(text, 0)):
        return "a password may not be a sequence such as abcdef, 987654 or qwerty"
    return None


def _pieced(text: str, name: str) -> str | None:
    if len(text) <= MAX_PIECED and guesses_log10(text, name) < MIN_GUESSES_LOG10:
        return (
            "a password may not be made only of common passwords, sequences or repeated "
            "characters; a few unrelated words make a good one"
        )
    return None


def guesses_log10(text: str, name: str = "") -> float:
    """Estimate how many guesses (log10) find ``text`` built from the cheapest pieces.

    In the manner of zxcvbn: a common password costs its rank in the list, the account's
    name one guess, a run of one character or a sequence a hundred guesses (one per
    printable character) times its length, a number ten a digit, any other character a
    hundred; a piece repeated
    k times costs k times as much as once. The pieces' costs multiply.
    """
    best = [math.inf] * len(text) + [0.0]
    for start in range(len(text) - 1, -1, -1):
        best[start] = min(cost + best[end] for end, cost in _pieces(text, start, name))
    return best[0]


def _pieces(text: str, start: int, name: str) -> Iterator[tuple[int, float]]:
    """Each piece beginning at ``start``: where it ends and its cost (log10 of guesses)."""
    end = start + 1
    while end < len(text) and text[end] == text[start]:
        end += 1
    for stop in range(start + 1, end + 1):  # a run of one character
        yield stop, CHAR_GUESSES_LOG10 + math.log10(stop - start)
    end = start
    while end < len(text) and text[end] in DIGITS:
        end += 1
    for stop in range(start + 1, end + 1):  # a number: ten guesses a digit
        yield stop, stop - start
    for stop, cost in [*_words(text, start, name), *_sequences(text, start)]:
        yield stop, cost
        unit, times = text[start:stop], 1
        while text.startswith(unit, stop):
            stop, times = stop + len(unit), times + 1
            yield stop, cost + math.log10(times)


def _words(text: str, start: int, name: str) -> Iterator[tuple[int, float]]:
    ranks = common_ranks()
    for end in range(start + 1, min(len(text), start + MAX_WORD) + 1):
        rank = ranks.get(text[start:end])
        if rank is not None:
            yield end, math.log10(rank + 1)
    if name and text.startswith(name, start):
        yield start + len(name), 0.0


def _sequences(text: str, start: int) -> Iterator[tuple[int, float]]:
    for end in set(_sequence_ends(text, start)):
        yield end, CHAR_GUESSES_LOG10 + math.log10(end - start)


def _sequence_ends(text: str, start: int) -> Iterator[int]:
    """Ends of sequences from ``start``: steps of one code point, or keyboard walks."""
    for step in (1, -1):
        end = start + 1
        while end < len(text) and ord(text[end]) - ord(text[end - 1]) == step:
            end += 1
        yield from range(start + MIN_SEQUENCE, end + 1)
    for walk in WALKS:
        yield from _walk_ends(text, start, walk)


def _walk_ends(text: str, start: int, walk: str) -> Iterator[int]:
    at = walk.find(text[start : start + MIN_SEQUENCE])
    while at >= 0:
        end = start
        while (
            end < len(text) and at + end - start < len(walk) and text[end] == walk[at + end - start]
        ):
            end += 1
        yield from range(start + MIN_SEQUENCE, end + 1)
        at = walk.find(text[start : start + MIN_SEQUENCE], at + 1)
