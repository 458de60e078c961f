"""Tests for archive.search.analysis: normalisation, tokenising, language detection."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.search import analysis as text
from archive.search.analysis import (
    LANGUAGES,
    SEGMENTER,
    STOP_WORDS,
    Token,
    detect_language,
    language_label,
    normalize,
    token_texts,
    tokenize,
)


def words(s: str) -> list[str]:
    return [t.text for t in tokenize(s)]


def surfaces(s: str) -> list[str]:
    return [s[t.start : t.end] for t in tokenize(s)]


def assert_offsets_exact(s: str, tokens: list[Token]) -> None:
    for token in tokens:
        assert 0 <= token.start < token.end <= len(s)
        assert token.text == normalize(s[token.start : token.end])


# --- normalize --------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Résumé", "resume"),
        ("naïve", "naive"),
        ("Động", "dong"),
        ("ﬁnance", "finance"),
        ("ĐẠI HỌC", "dai hoc"),
        ("Straße", "strasse"),
        ("Øresund", "oresund"),
        ("Łódź", "lodz"),
        ("Æther", "aether"),
        ("Œuvre", "oeuvre"),
        ("Þór", "thor"),
        ("dıştan", "distan"),
        ("İstanbul", "istanbul"),
        ("ＡＳＥＡＮ", "asean"),
        ("e\u0301cole", "ecole"),
    ],
)
def test_normalize_folds_case_width_and_latin_accents(word: str, expected: str) -> None:
    assert normalize(word) == expected


@pytest.mark.parametrize(
    "word",
    ["แรงงาน", "อาเซียน", "សង្គម", "ពលករ", "ແຮງງານ", "အလုပ်သမား", "Йод".lower(), "தமிழ்"],
)
def test_normalize_keeps_marks_of_other_scripts(word: str) -> None:
    assert normalize(word) == word


def test_normalize_thai_sara_am_is_nfkc_decomposed_consistently() -> None:
    # NFKC splits SARA AM into NIKHAHIT + SARA AA; both spellings meet.
    assert normalize("ทำงาน") == normalize("ท\u0e4d\u0e32งาน") == "ท\u0e4d\u0e32งาน"


def test_normalize_ascii_is_lowercased_only() -> None:
    assert normalize("COVID-19 Report") == "covid-19 report"


# --- tokenize: Latin and other spaced scripts --------------------------------


def test_vietnamese_with_and_without_diacritics_match() -> None:
    assert words("lao động di cư") == words("lao dong di cu") == ["lao", "dong", "di", "cu"]
    assert surfaces("lao động di cư") == ["lao", "động", "di", "cư"]


def test_apostrophes_hyphens_and_underscores_split_numbers_kept() -> None:
    s = "Don't co-operate: anak-anak, snake_case, 2017 and 3.5%"
    assert words(s) == [
        "don", "t", "co", "operate", "anak", "anak", "snake", "case", "2017", "and", "3", "5",
    ]  # fmt: skip
    assert_offsets_exact(s, tokenize(s))


def test_english_offsets_and_case() -> None:
    s = "  The ASEAN Secretariat, Jakarta.\n"
    tokens = tokenize(s)
    assert tokens[1] == Token("asean", 6, 11)
    assert surfaces(s) == ["The", "ASEAN", "Secretariat", "Jakarta"]


def test_decomposed_accents_stay_inside_the_token() -> None:
    s = "cafe\u0301 noir"
    tokens = tokenize(s)
    assert [t.text for t in tokens] == ["cafe", "noir"]
    assert s[tokens[0].start : tokens[0].end] == "cafe\u0301"


def test_indic_vowel_signs_do_not_split_words() -> None:
    assert surfaces("தமிழ் நாடு हिन्दी") == ["தமிழ்", "நாடு", "हिन्दी"]


def test_empty_and_punctuation_only_give_no_tokens() -> None:
    assert tokenize("") == []
    assert tokenize(" -- '' ... ។ ๚ 😀 ") == []


# --- tokenize: Thai, Lao, Khmer, Myanmar -------------------------------------


def test_segmenter_is_icu() -> None:
    assert SEGMENTER == "icu"


def test_thai_sentence_is_split_into_words() -> None:
    s = "แรงงานข้ามชาติในอาเซียนต้องการการคุ้มครองทางสังคม"
    tokens = tokenize(s)
    found = [t.text for t in tokens]
    assert "แรงงาน" in found and "อาเซียน" in found
    assert len(tokens) >= 6
    assert "".join(surfaces(s)) == s  # contiguous, nothing lost
    assert all(s[t.start : t.end] == t.text for t in tokens)


def test_khmer_sentence_is_split_into_words() -> None:
    s = "ការគាំពារសង្គមសម្រាប់ពលករចំណាកស្រុក"
    assert "សង្គម" in words(s)
    assert_offsets_exact(s, tokenize(s))


def test_lao_sentence_is_split_into_words() -> None:
    s = "ປະເທດລາວມີແຮງງານຫຼາຍ"
    assert "ແຮງງານ" in words(s)
    assert_offsets_exact(s, tokenize(s))


def test_burmese_phrase_is_split_into_words() -> None:
    s = "အလုပ်သမားများ"
    assert words(s)[0] == "အလုပ်သမား"
    assert_offsets_exact(s, tokenize(s))


def test_astral_characters_before_thai_keep_offsets_exact() -> None:
    s = "😀🎉 𝕏 ภาษาไทย 🇹🇭 แรงงาน"
    tokens = tokenize(s)
    assert [t.text for t in tokens] == ["x", "ภาษา", "ไทย", "แรงงาน"]
    assert surfaces(s) == ["𝕏", "ภาษา", "ไทย", "แรงงาน"]
    assert tokens[-1].end == len(s)


def test_astral_characters_inside_a_myanmar_run_use_utf16_conversion() -> None:
    # U+116D0/116D1 (Myanmar Extended-C digits) are outside the BMP, so ICU's
    # UTF-16 offsets after them differ from str indices by one per character.
    s = "ကို\U000116d0\U000116d1အလုပ်သမားများ"
    tokens = tokenize(s)
    assert tokens[-1].text == "များ"
    assert s[tokens[-1].start : tokens[-1].end] == "များ"
    assert tokens[-1].end == len(s)
    assert "".join(surfaces(s)) == s


def test_mixed_english_and_thai() -> None:
    s = "The ASEAN Secretariat (สำนักเลขาธิการอาเซียน) is in Jakarta, ประเทศอินโดนีเซีย."
    tokens = tokenize(s)
    assert [t.text for t in tokens] == [
        "the", "asean", "secretariat", normalize("สำนัก"), "เลขาธิการ", "อาเซียน",
        "is", "in", "jakarta", "ประเทศ", "อินโดนีเซีย",
    ]  # fmt: skip
    assert surfaces(s)[3] == "สำนัก"
    assert_offsets_exact(s, tokens)
    assert [t.start for t in tokens] == sorted(t.start for t in tokens)


def test_latin_word_glued_to_thai_is_split_by_script() -> None:
    assert words("ASEANอาเซียน2025") == ["asean", "อาเซียน", "2025"]


def test_zero_width_space_separates_khmer_words() -> None:
    s = "ពលករ\u200bចំណាកស្រុក"
    assert surfaces(s) == ["ពលករ", "ចំណាកស្រុក"]


def test_fallback_without_icu_keeps_each_run_whole(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(text, "_icu", None)
    monkeypatch.setattr(text, "_warned_no_icu", False)
    s = "ASEAN แรงงานข้ามชาติ ពលករ"
    with caplog.at_level(logging.WARNING, logger="archive.search.analysis"):
        first = tokenize(s)
        second = tokenize(s)
    assert first == second
    assert surfaces(s) == ["ASEAN", "แรงงานข้ามชาติ", "ពលករ"]
    assert sum("PyICU" in r.getMessage() for r in caplog.records) == 1


def test_tokenize_is_thread_safe() -> None:
    samples = [
        "แรงงานข้ามชาติในอาเซียนต้องการการคุ้มครองทางสังคม",
        "ការគាំពារសង្គមសម្រាប់ពលករចំណាកស្រុក",
        "ປະເທດລາວມີແຮງງານຫຼາຍ",
        "အလုပ်သမားများ",
    ] * 50
    expected = [tokenize(s) for s in samples]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(tokenize, samples)) == expected


_MIXED_ALPHABET = st.one_of(
    st.characters(min_codepoint=0x0E00, max_codepoint=0x0EFF),  # Thai, Lao
    st.characters(min_codepoint=0x1000, max_codepoint=0x109F),  # Myanmar
    st.characters(min_codepoint=0x1780, max_codepoint=0x17FF),  # Khmer
    st.characters(min_codepoint=0x116D0, max_codepoint=0x116FF),  # Myanmar Ext-C
    st.characters(min_codepoint=0x0300, max_codepoint=0x036F),  # combining marks
    st.characters(min_codepoint=0x1F300, max_codepoint=0x1F6FF),  # emoji
    st.sampled_from(list("aZé đ'-_.0\u200b\u200c\u200d\n")),
)


@settings(max_examples=300, deadline=None)
@given(st.text() | st.text(alphabet=_MIXED_ALPHABET))
def test_tokenize_never_raises_and_offsets_are_exact(s: str) -> None:
    tokens = tokenize(s)
    previous_end = 0
    for token in tokens:
        assert token.text
        assert previous_end <= token.start < token.end <= len(s)
        assert token.text == normalize(s[token.start : token.end])
        previous_end = token.end


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=_MIXED_ALPHABET)
    | st.text(alphabet=st.sampled_from(list("ab Z9_-'.\n\r\x0b\x0c\x1c\x85\u2028é\u0301ไทย")))
)
def test_the_ascii_fast_path_splits_as_the_general_tokenizer_does(s: str) -> None:
    # Lines of ASCII take a simpler expression; a word must never come out different.
    assert tokenize(s) == text._tokens(s, 0)
    ascii_only = "".join(ch for ch in s if ch.isascii())
    assert tokenize(ascii_only) == text._tokens(ascii_only, 0)


# --- languages ---------------------------------------------------------------

PARAGRAPHS = {
    "en": "Migrant workers make an important contribution to the economies of "
    "Southeast Asia. However, many of them still lack access to social "
    "protection when they fall ill or lose their jobs.",
    "id": "Pemerintah Indonesia berencana memperluas program jaminan sosial bagi "
    "pekerja migran pada tahun depan. Menurut Kementerian Ketenagakerjaan, "
    "sebagian besar pekerja migran belum terdaftar dalam program tersebut.",
    "ms": "Kerajaan Malaysia bercadang untuk meluaskan skim perlindungan "
    "keselamatan sosial kepada pekerja asing mulai tahun hadapan. Dasar baharu "
    "ini dijangka dapat melindungi mereka daripada risiko kemalangan di tempat kerja.",
    "vi": "Lao động di cư đóng góp quan trọng vào sự phát triển kinh tế của khu "
    "vực. Tuy nhiên, nhiều người vẫn chưa được tiếp cận với bảo hiểm xã hội.",
    "th": "แรงงานข้ามชาติในอาเซียนต้องการการคุ้มครองทางสังคม รัฐบาลควรให้ความสำคัญกับสิทธิของแรงงานทุกคน",
    "km": "ពលករចំណាកស្រុកកម្ពុជាជាច្រើននាក់ធ្វើការនៅប្រទេសថៃ។ ពួកគេត្រូវការការគាំពារសង្គមពីរដ្ឋាភិបាល។",
    "lo": "ແຮງງານລາວຈຳນວນຫຼາຍໄປເຮັດວຽກຢູ່ປະເທດໄທ. ລັດຖະບານຕ້ອງປົກປ້ອງສິດຂອງພວກເຂົາ.",
    "my": "မြန်မာအလုပ်သမားများစွာသည် ထိုင်းနိုင်ငံတွင် အလုပ်လုပ်ကြသည်။ သူတို့သည် လူမှုဖူလုံရေး အကာအကွယ် လိုအပ်သည်။",
    "fil": "Maraming manggagawang Pilipino ang nagtatrabaho sa ibang bansa upang "
    "suportahan ang kanilang pamilya. Kailangan nila ng sapat na proteksyon "
    "mula sa pamahalaan at sa mga employer.",
}


@pytest.mark.parametrize("code", sorted(PARAGRAPHS))
def test_detect_language_of_each_asean_language(code: str) -> None:
    assert detect_language(PARAGRAPHS[code]) == code


@pytest.mark.parametrize(
    ("sample", "code"),
    [
        # py3langid alone calls the first two Malay; marker words decide them.
        (
            "Banyak pekerja rumah tangga asal Indonesia bekerja di Malaysia dan "
            "Singapura. Mereka sering tidak mendapat hari libur dan gajinya "
            "ditahan oleh majikan.",
            "id",
        ),
        (
            "Undang-undang ini mengatur hak dan kewajiban tenaga kerja Indonesia di luar negeri.",
            "id",
        ),
        (
            "Harga beras meningkat sepuluh peratus dalam tempoh sebulan kerana bekalan kurang.",
            "ms",
        ),
        (
            "Harga beras naik sepuluh persen dalam satu bulan terakhir karena pasokan berkurang.",
            "id",
        ),
    ],
)
def test_detect_language_tells_indonesian_from_malay(sample: str, code: str) -> None:
    assert detect_language(sample) == code


@pytest.mark.parametrize("sample", ["", "   ", "12345 !!! 😀", "Hello there"])
def test_detect_language_returns_none_when_too_short(sample: str) -> None:
    assert detect_language(sample) is None


def test_detect_language_single_thai_word_is_enough() -> None:
    assert detect_language("สวัสดี") == "th"


def test_detect_language_script_must_dominate() -> None:
    text_ = PARAGRAPHS["en"] + " (ภาษาไทย)"
    assert detect_language(text_) == "en"


def test_detect_language_reads_only_the_start() -> None:
    long_text = (PARAGRAPHS["en"] + " ") * 200 + PARAGRAPHS["th"] * 2000
    assert len(long_text) > 40_000
    assert detect_language(long_text) == "en"


def test_languages_and_labels() -> None:
    for code in ("en", "id", "ms", "vi", "th", "lo", "km", "my", "fil"):
        english, native = LANGUAGES[code]
        assert english and native
    assert language_label("th") == "ไทย"
    assert language_label("vi") == "Tiếng Việt"
    assert language_label("km") == "ខ្មែរ"
    assert language_label("xx") == "xx"


# --- stop words --------------------------------------------------------------


def test_stop_words_are_normalised_and_cover_function_words() -> None:
    assert {"the", "and", "of"} <= STOP_WORDS["en"]
    assert {"yang", "dan", "di", "ke", "dari", "untuk", "dengan", "pada"} <= STOP_WORDS["id"]
    assert {"yang", "dan", "daripada", "kerana", "bahawa"} <= STOP_WORDS["ms"]
    assert "asean" not in STOP_WORDS["en"]
    for stop_words in STOP_WORDS.values():
        assert all(normalize(w) == w for w in stop_words)


@given(st.text() | st.text(alphabet=_MIXED_ALPHABET))
def test_the_indexers_words_are_the_tokens_words(s: str) -> None:
    # token_texts is tokenize without offsets, for building indexes; same words always.
    assert token_texts(s) == [t.text for t in tokenize(s)]
