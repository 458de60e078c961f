"""Snippets: a short, HTML-escaped window of a page's text with its matching words marked.

Pure text work (no search engine, so every engine can use it): the page is tokenized with
``archive.search.analysis`` so that the marks fall on whole words in every script, and only
the ``<mark>`` tags are markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from archive.search import analysis as textmod

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Highlighter:
    """What a query marks in a text: single words (exact or by stem) and whole phrases.

    A word of a phrase is marked only where the whole phrase stands, so a search for
    "social protection floor" does not light up every lone "social" on the page.
    """

    words: frozenset[str]
    stems: frozenset[str]
    phrases: tuple[tuple[tuple[str, ...], bool], ...]  # (words, compared by stem?)
    stem: Callable[[str], str]

    def __call__(self, word: str) -> bool:
        return word in self.words or (bool(self.stems) and self.stem(word) in self.stems)

    def mark(self, tokens: list[textmod.Token]) -> list[bool]:
        """For each token, whether it is to be marked."""
        texts = [t.text for t in tokens]
        stemmed: list[str] | None = None
        if self.stems or any(by_stem for _, by_stem in self.phrases):
            stem = self.stem
            stemmed = [stem(text) for text in texts]  # once, for words and phrases alike
        words, stems = self.words, self.stems
        if stemmed is not None and stems:
            flags = [t in words or s in stems for t, s in zip(texts, stemmed, strict=True)]
        else:
            flags = [t in words for t in texts]
        for phrase, by_stem in self.phrases:
            forms = stemmed if by_stem and stemmed is not None else texts
            _mark_phrase(forms, phrase, flags)
        return flags


def _mark_phrase(forms: list[str], phrase: tuple[str, ...], flags: list[bool]) -> None:
    """Set the flags of every place where ``phrase`` stands whole in ``forms``."""
    size, first = len(phrase), phrase[0]
    i = -1
    while True:
        try:
            i = forms.index(first, i + 1)  # in C: the phrase's first word, place by place
        except ValueError:
            return
        if tuple(forms[i : i + size]) == phrase:
            flags[i : i + size] = [True] * size


def _clean(segment: str) -> str:
    return html.escape(_SPACES.sub(" ", segment), quote=True)


def _best_start(starts: list[int], width: int) -> int:
    """The start offset of the window of ``width`` characters holding the most matches."""
    best, best_count, j = starts[0], 0, 0
    for i, start in enumerate(starts):
        j = max(j, i)
        while j + 1 < len(starts) and starts[j + 1] < start + width:
            j += 1
        if j - i + 1 > best_count:
            best, best_count = start, j - i + 1
    return best


def _snap(tokens: list[textmod.Token], pos: int, *, forward: bool) -> int:
    """Move a cut to the nearest word edge, so no word (in any script) is cut in half."""
    if forward:
        return next((t.end for t in tokens if t.end >= pos), pos)
    return next((t.start for t in reversed(tokens) if t.start <= pos), 0)


def make_snippet(
    page_text: str, matches: Highlighter | Callable[[str], bool], *, width: int = 260
) -> str:
    """Return escaped HTML of about ``width`` characters around the page's best matches."""
    if not page_text.strip():
        return ""
    tokens = textmod.tokenize(page_text)
    if isinstance(matches, Highlighter):
        hits = [t for t, marked in zip(tokens, matches.mark(tokens), strict=True) if marked]
    else:
        hits = [t for t in tokens if matches(t.text)]
    start = 0
    if hits:
        centre = _best_start([t.start for t in hits], width // 2)
        start = _snap(tokens, max(0, centre - width // 4), forward=False)
    end = (
        _snap(tokens, start + width, forward=True)
        if start + width < len(page_text)
        else len(page_text)
    )
    parts = ["…"] if start > 0 else []
    cursor = start
    for token in hits:
        if token.start < start or token.end > end:
            continue
        parts.append(_clean(page_text[cursor : token.start]))
        parts.append(f"<mark>{html.escape(page_text[token.start : token.end])}</mark>")
        cursor = token.end
    parts.append(_clean(page_text[cursor:end]))
    if end < len(page_text):
        parts.append("…")
    return "".join(parts).strip()
