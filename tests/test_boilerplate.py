"""Running lines: the shortcut for long lines decides as the whole line would."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from archive.search import boilerplate

_WORDS = st.sampled_from(["Page", "12", "2015", "social", "protection", "ASEAN", "-", "…", "ไทย"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORDS, max_size=400).map(" ".join))
def test_a_long_line_is_judged_as_its_whole_words_would_judge_it(line: str) -> None:
    key = boilerplate._key(line)
    expected = key if len(key) <= boilerplate.MAX_RUNNING_WORDS else None
    assert boilerplate._short_key(line) == expected
    keys = frozenset({key, ("…", *key[: boilerplate.PREFIX_WORDS])})
    if expected is None:
        running = False
    elif not key:  # no words: a running line only if it is a bare page number
        running = line.strip().isdigit()
    else:
        running = True
    assert boilerplate.is_running(line, keys) == running


def test_a_paragraph_on_one_line_is_never_a_running_line() -> None:
    paragraph = " ".join(["Social protection for migrant workers in ASEAN"] * 30)
    pages = [f"Report 2015\n{paragraph}\nPage {n}" for n in range(1, 9)]
    keys = boilerplate.running_keys(pages)
    assert ("report",) in keys
    assert boilerplate.clean_page(pages[2], keys) == paragraph
