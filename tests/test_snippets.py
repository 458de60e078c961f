"""Snippets: escaped text around the best matches, cut at word edges in every script."""

from __future__ import annotations

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from archive.search.analysis import tokenize
from archive.search.snippets import Highlighter, make_snippet


def test_matches_are_marked_and_everything_else_escaped() -> None:
    text = "Intro <script>alert(1)</script> & more. The migrant workers section follows."
    snippet = make_snippet(text, lambda w: w == "migrant")
    assert "<mark>migrant</mark>" in snippet
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert "&amp;" in snippet


def test_the_window_goes_to_the_densest_matches_and_says_it_was_cut() -> None:
    text = "filler " * 200 + "pension pension pension " + "filler " * 200
    snippet = make_snippet(text, lambda w: w == "pension", width=120)
    assert snippet.count("<mark>pension</mark>") == 3
    assert snippet.startswith("…") and snippet.endswith("…")


def test_cuts_fall_between_words_in_unspaced_scripts() -> None:
    thai = (
        "ระบบบำนาญสำหรับผู้สูงอายุช่วยลดความยากจนในครัวเรือน" * 20
        + "แรงงานข้ามชาติ"
        + "ระบบบำนาญสำหรับผู้สูงอายุช่วยลดความยากจนในครัวเรือน" * 20
    )
    snippet = make_snippet(thai, lambda w: w == "แรงงาน", width=80)
    assert "<mark>แรงงาน</mark>" in snippet
    body = snippet.strip("…").replace("<mark>", "").replace("</mark>", "")
    assert body.startswith(
        (
            "ระบบ",
            "บำนาญ",
            "สำหรับ",
            "ผู้สูงอายุ",
            "ช่วย",
            "ลด",
            "ความ",
            "ยากจน",
            "ใน",
            "ครัวเรือน",
            "แรงงาน",
        )
    )


def test_a_page_without_text_gives_an_empty_snippet() -> None:
    assert make_snippet("   \n ", lambda w: True) == ""


def _plain_marks(highlighter: Highlighter, tokens: list) -> list[bool]:
    """The marks, computed the obvious way (what ``Highlighter.mark`` must agree with)."""
    flags = [highlighter(t.text) for t in tokens]
    for phrase, by_stem in highlighter.phrases:
        forms = [highlighter.stem(t.text) if by_stem else t.text for t in tokens]
        for i in range(len(forms) - len(phrase) + 1):
            if tuple(forms[i : i + len(phrase)]) == phrase:
                flags[i : i + len(phrase)] = [True] * len(phrase)
    return flags


_VOCABULARY = ["social", "protection", "protect", "workers", "worker", "migrant", "the", "wage"]


@hsettings(max_examples=300, deadline=None)
@given(
    text=st.lists(st.sampled_from(_VOCABULARY), max_size=40).map(" ".join),
    words=st.frozensets(st.sampled_from(_VOCABULARY), max_size=3),
    stems=st.frozensets(st.sampled_from(["protect", "worker", "wage"]), max_size=2),
    phrases=st.lists(
        st.tuples(
            st.lists(st.sampled_from(_VOCABULARY), min_size=1, max_size=3).map(tuple),
            st.booleans(),
        ),
        max_size=3,
    ),
)
def test_marks_are_those_of_the_plain_reading(
    text: str, words: frozenset[str], stems: frozenset[str], phrases: list
) -> None:
    from whoosh.lang.porter import stem

    phrases = [(tuple(stem(w) for w in p) if by_stem else p, by_stem) for p, by_stem in phrases]
    highlighter = Highlighter(words, stems, tuple(phrases), stem)
    tokens = tokenize(text)
    assert highlighter.mark(tokens) == _plain_marks(highlighter, tokens)
