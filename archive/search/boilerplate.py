"""Running headers, footers and tables of contents: found in a document's page texts.

A line at the top or bottom of a page that recurs on most pages of a document (the title
and date in a slide deck's footer, a report's running head with its chapter name) says
nothing about the page it is on, and a table of contents names every subject of a report
without discussing any. Both are kept out of snippets and out of page ranking; their words
stay findable (the running lines are indexed once, on the document's first page). Every
engine gets the same cleaned pages, because the cleaning happens before indexing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from archive.search import analysis

EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be running lines
MIN_PAGES = 4  # fewer pages cannot show that a line recurs
SHARE = 0.5  # a running line recurs on at least this share of the pages
PREFIX_WORDS = 5  # running heads that add the chapter's name agree on their first words
MAX_RUNNING_WORDS = 20  # a longer line is running text, whatever it starts with
SAMPLE_PAGES = 40  # pages read to find a document's running lines
_LEADER = re.compile(r"(?:\.\s?){3,}\s*\d+\s*$|…+\s*\d+\s*$")


def _key(line: str) -> tuple[str, ...]:
    """A line's words without numbers (page numbers and dates vary from page to page).

    Only the first MAX_RUNNING_WORDS + 1 are read: a longer line is running text whatever
    it says (a page's text without line breaks is one line, read four times per shown
    page), so its key need only be long enough to say so.
    """
    words: list[str] = []
    for word in analysis.iter_token_texts(line):
        if not word.isdigit():
            words.append(word)
            if len(words) > MAX_RUNNING_WORDS:
                break
    return tuple(words)


def _short_key(line: str) -> tuple[str, ...] | None:
    """``_key(line)``, or None when it has more than ``MAX_RUNNING_WORDS`` words."""
    key = _key(line)
    return key if len(key) <= MAX_RUNNING_WORDS else None


def _edges(text: str) -> list[str]:
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) <= 2 * EDGE_LINES:
        return lines
    return lines[:EDGE_LINES] + lines[-EDGE_LINES:]


def running_keys(pages: Sequence[str]) -> frozenset[tuple[str, ...]]:
    """The keys (whole lines, or their first words) of lines recurring on most pages."""
    if len(pages) < MIN_PAGES:
        return frozenset()
    counts: Counter[tuple[str, ...]] = Counter()
    for text in pages:
        keys = set()
        for line in _edges(text):
            key = _short_key(line)
            if key:
                keys |= {key, ("…", *key[:PREFIX_WORDS])}
        counts.update(keys)
    needed = max(3, SHARE * len(pages))
    return frozenset(k for k, n in counts.items() if n >= needed)


def is_running(line: str, keys: frozenset[tuple[str, ...]]) -> bool:
    """Whether a line is one of a document's running lines (or only a page number)."""
    key = _short_key(line)
    if key is None:
        return False
    if not key:
        return bool(line.strip()) and line.strip().isdigit()
    return key in keys or ("…", *key[:PREFIX_WORDS]) in keys


def is_contents(text: str) -> bool:
    """Whether a page is a table of contents (three or more lines with dot leaders)."""
    return sum(1 for line in text.splitlines() if _LEADER.search(line)) >= 3


def clean_page(text: str, keys: frozenset[tuple[str, ...]]) -> str:
    """A page without its running lines (at its top and bottom only); '' for contents."""
    if is_contents(text):
        return ""
    lines = text.splitlines()
    top = [i for i, line in enumerate(lines) if line.strip()][:EDGE_LINES]
    bottom = [i for i, line in enumerate(lines) if line.strip()][-EDGE_LINES:]
    drop = {i for i in (*top, *bottom) if is_running(lines[i], keys)}
    kept = [line for i, line in enumerate(lines) if i not in drop]
    if not any(line.strip() for line in kept):
        return text  # only running lines ("Page 12" alone): they are all this page says
    return "\n".join(kept)


def clean_document(pages: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
    """Pages to index: running lines dropped (kept once on the first page, so that their
    words stay findable) and tables of contents kept as they are (findable, and ranked
    low by the engine only through their lack of running text)."""
    keys = running_keys([text for _, text in pages[:SAMPLE_PAGES]])
    if not keys:
        return list(pages)
    out, removed = [], dict[str, None]()
    for number, text in pages:
        if is_contents(text):
            out.append((number, text))
            continue
        cleaned = clean_page(text, keys)
        for line in _dropped(text, cleaned):
            removed.setdefault(" ".join(_key(line)), None)
        out.append((number, cleaned))
    if out and removed:
        out[0] = (out[0][0], out[0][1] + "\n" + "\n".join(k for k in removed if k))
    return out


def _dropped(text: str, cleaned: str) -> Iterable[str]:
    kept = set(cleaned.splitlines())
    return (line for line in text.splitlines() if line.strip() and line not in kept)


class CleanedPages(Mapping[tuple[int, int], str]):
    """Pages' texts, each cleaned of its running lines when first read.

    A results page fetches a few candidate pages per document but shows snippets of only
    some of them: cleaning (and finding a document's running lines) waits until a page is
    read, so pages never shown cost nothing.
    """

    def __init__(
        self,
        raw: Mapping[tuple[int, int], str],
        keys_of: Callable[[int], frozenset[tuple[str, ...]]],
    ) -> None:
        self._raw = raw
        self._keys_of = keys_of
        self._cleaned: dict[tuple[int, int], str] = {}

    def __getitem__(self, pair: tuple[int, int]) -> str:
        text = self._cleaned.get(pair)
        if text is None:
            text = self._cleaned[pair] = clean_page(self._raw[pair], self._keys_of(pair[0]))
        return text

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)
