"""Small wording helpers shared by pages and messages: counts with the right plural."""

from __future__ import annotations

_IRREGULAR = {"person": "people", "match": "matches", "ZIP": "ZIPs"}


def counted(n: int, word: str, plural: str | None = None) -> str:
    """``n`` and the word, singular for one: "1 page", "2 pages", "0 pages"."""
    if n == 1:
        return f"{n} {word}"
    return f"{n} {plural or _IRREGULAR.get(word) or word + 's'}"
