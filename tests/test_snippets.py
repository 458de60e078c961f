"""Snippets: escaped text around the best matches, cut at word edges in every script."""

from __future__ import annotations

from archive.search.snippets import make_snippet


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
