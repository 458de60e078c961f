"""Text analysis for the archive's full-text index, for the languages of ASEAN.

One pipeline for pages and queries, whatever the engine: every engine indexes and
searches the tokens this module gives.

Pure Python apart from two optional-at-runtime helpers:

* PyICU (PyPI ``pyicu-wheels``, imported as ``icu``) splits runs of Thai, Lao,
  Khmer and Myanmar script -- written without spaces between words -- into
  words with ICU's dictionary-based word break iterator.  Without it each such
  run becomes one token; ``SEGMENTER`` says which of the two is in use.
* ``py3langid`` (PyPI ``py3langid``) guesses the language of Latin-script and
  other text in :func:`detect_language`; it is imported on first use.

Everything else (normalisation, tokenising Latin/Vietnamese/other text,
language names, stop words) needs only the standard library.  This module does
not import Whoosh; the index module wraps it.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from typing import NamedTuple

try:  # PyICU is optional at runtime; see SEGMENTER.
    import icu as _icu
except (ImportError, OSError):  # pragma: no cover - depends on the install
    _icu = None

__all__ = [
    "LANGUAGES",
    "SEGMENTER",
    "STOP_WORDS",
    "Token",
    "detect_language",
    "iter_token_texts",
    "language_label",
    "normalize",
    "token_texts",
    "tokenize",
]

log = logging.getLogger(__name__)

#: Word segmenter for Thai, Lao, Khmer and Myanmar runs: "icu" or "none".
SEGMENTER: str = "icu" if _icu is not None else "none"


class Token(NamedTuple):
    """One word: its normalised search form and where it stands in the input.

    ``original[start:end]`` is exactly the surface word (character offsets
    into the string given to :func:`tokenize`, not UTF-16 or byte offsets).
    """

    text: str
    start: int
    end: int


# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------

# Latin letters that carry no combining mark after NFD but still have a plain
# ASCII search form.  Applied after casefold, so lower case is enough
# (casefold already turns ß/ẞ into "ss" and İ into "i" + U+0307).
_LATIN_LETTER_FOLD = str.maketrans(
    {
        "đ": "d",
        "ð": "d",
        "ø": "o",
        "ł": "l",
        "æ": "ae",
        "œ": "oe",
        "ı": "i",
        "þ": "th",
        "ħ": "h",
        "ŧ": "t",
    }
)


def normalize(word: str) -> str:
    """Return the search form of *word*.

    NFKC, then ``str.casefold``, then accent folding for Latin letters only:
    combining marks whose base character is Latin are removed ("Động" ->
    "dong", "naïve" -> "naive"), a few undecomposable letters are mapped
    (đ->d, ø->o, ł->l, æ->ae, œ->oe, ı->i, þ->th), and the result is NFC.
    Marks on other scripts (Thai, Lao, Khmer and Myanmar vowels and tone
    marks, Greek, Cyrillic, Indic...) are kept.

    NFKC itself changes a few Thai and Lao letters: SARA AM "ำ" becomes
    "ํ" + "า", Lao "ໜ"/"ໝ" become "ຫນ"/"ຫມ".  Index and queries go through the
    same function, so matching is unaffected (and the common typed variant
    "ํา" matches "ำ").
    """
    if word.isascii():  # fast path: NFKC is the identity on ASCII
        return word.lower()
    return _normalize_non_ascii(word)


@functools.lru_cache(maxsize=65536)
def _normalize_non_ascii(word: str) -> str:
    folded = unicodedata.normalize("NFKC", word).casefold()
    if folded.isascii():
        return folded
    return _fold_latin(folded)


def _fold_latin(s: str) -> str:
    """Strip marks carried by Latin base letters; map undecomposable letters."""
    kept: list[str] = []
    latin_base = False
    for ch in unicodedata.normalize("NFD", s):
        if unicodedata.category(ch)[0] == "M":
            if latin_base:
                continue
        else:
            latin_base = _is_latin(ch)
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept).translate(_LATIN_LETTER_FOLD))


@functools.lru_cache(maxsize=4096)
def _is_latin(ch: str) -> bool:
    return ch.isascii() or unicodedata.name(ch, "").startswith("LATIN ")


# ---------------------------------------------------------------------------
# Tokenising
# ---------------------------------------------------------------------------

# Unicode blocks of the scripts written without spaces between words.
_SCRIPT_BLOCKS: dict[str, tuple[tuple[int, int], ...]] = {
    "th": ((0x0E00, 0x0E7F),),
    "lo": ((0x0E80, 0x0EFF),),
    "km": ((0x1780, 0x17FF), (0x19E0, 0x19FF)),
    "my": ((0x1000, 0x109F), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F), (0x116D0, 0x116FF)),
}
_ZWNJ_ZWJ = "\u200c\u200d"  # may occur inside Khmer/Myanmar words; ZWSP (U+200B) splits


def _char_class(codepoints: Iterable[int]) -> str:
    """Regex character-class body (no brackets) for sorted *codepoints*."""
    parts: list[str] = []
    start: int | None = None
    prev = -2  # no code point follows it
    for cp in codepoints:
        if cp == prev + 1:
            prev = cp
            continue
        if start is not None:
            parts.append(_range(start, prev))
        start = prev = cp
    if start is not None:
        parts.append(_range(start, prev))
    return "".join(parts)


def _range(lo: int, hi: int) -> str:
    return f"\\U{lo:08x}" if lo == hi else f"\\U{lo:08x}-\\U{hi:08x}"


def _block_codepoints(code: str) -> Iterator[int]:
    for lo, hi in _SCRIPT_BLOCKS[code]:
        yield from range(lo, hi + 1)


def _is_script_word_char(cp: int) -> bool:
    """Letters, marks and digits; unassigned ones too (newer Unicode than ours)."""
    category = unicodedata.category(chr(cp))
    return category[0] in "LMN" or category == "Cn"


def _mark_codepoints() -> Iterator[int]:
    """Combining marks outside the four scripts' blocks."""
    sea = {cp for code in _SCRIPT_BLOCKS for cp in _block_codepoints(code)}
    for cp in (*range(0x30000), *range(0xE0000, 0xE0200)):
        if cp not in sea and unicodedata.category(chr(cp))[0] == "M":
            yield cp


def _build_token_re(marks: str) -> re.Pattern[str]:
    blocks = _char_class(sorted(cp for c in _SCRIPT_BLOCKS for cp in _block_codepoints(c)))
    script = _char_class(
        sorted(
            cp for c in _SCRIPT_BLOCKS for cp in _block_codepoints(c) if _is_script_word_char(cp)
        )
    )
    letter = f"[^\\W_{blocks}]"  # letters and digits of every other script
    return re.compile(
        f"({letter}+(?:[{marks}]+{letter}*)*)"  # group 1: ordinary word
        f"|([{script}][{script}{_ZWNJ_ZWJ}]*)"  # group 2: Thai/Lao/Khmer/Myanmar run
    )


_MARKS = _char_class(_mark_codepoints())
_TOKEN_RE = _build_token_re(_MARKS)
_ASCII_WORD_RE = re.compile(r"[A-Za-z0-9]+")  # what _TOKEN_RE finds in ASCII text
_new_token = tuple.__new__  # a Token without NamedTuple's keyword-handling __new__
_ICU_WORD_STATUS_MIN = 100  # UBRK_WORD_NUMBER; 0 (UBRK_WORD_NONE) is space/punctuation
_thread_state = threading.local()
_warned_no_icu = False


def tokenize(text: str) -> list[Token]:
    """Split *text* into normalised word tokens with exact character offsets.

    Words are runs of letters, digits and combining marks; apostrophes,
    hyphens, underscores and other punctuation separate words.  Runs of
    Thai, Lao, Khmer and Myanmar script are split into words by ICU (or kept
    whole without PyICU, see ``SEGMENTER``).
    """
    if text.isascii():
        return _ascii_tokens(text, 0)
    # Line by line: no word spans a line break, and most lines of most pages are ASCII,
    # which a far simpler expression splits exactly as the general one does (about 3x
    # faster; indexing and snippets tokenize every page they touch).
    tokens: list[Token] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        tokens.extend(_ascii_tokens(line, offset) if line.isascii() else _tokens(line, offset))
        offset += len(line)
    return tokens


def _ascii_tokens(text: str, offset: int) -> list[Token]:
    """``_tokens`` for ASCII text: its words are runs of ASCII letters and digits."""
    new = _new_token
    return [
        new(Token, (m.group().lower(), offset + m.start(), offset + m.end()))
        for m in _ASCII_WORD_RE.finditer(text)
    ]


def _tokens(text: str, offset: int) -> list[Token]:
    """The general tokenizer, for text in any script (offsets shifted by *offset*)."""
    tokens: list[Token] = []
    append = tokens.append
    for match in _TOKEN_RE.finditer(text):
        word = match.group(1)
        if word is not None:
            folded = word.lower() if word.isascii() else _normalize_non_ascii(word)
            append(Token(folded, offset + match.start(), offset + match.end()))
        else:
            tokens.extend(_segment_run(match.group(2), offset + match.start()))
    return tokens


def token_texts(text: str) -> list[str]:
    """The normalised words of *text*: ``[t.text for t in tokenize(text)]``, faster.

    For indexing, which needs no offsets (every word of every page goes through here).
    ASCII text takes the simpler expression, as in ``tokenize``.
    """
    if text.isascii():
        return _ASCII_WORD_RE.findall(text.lower())
    return list(iter_token_texts(text))


def iter_token_texts(text: str) -> Iterator[str]:
    """``token_texts`` one word at a time, for callers that may stop early."""
    for match in _TOKEN_RE.finditer(text):
        word = match.group(1)
        if word is not None:
            yield word.lower() if word.isascii() else _normalize_non_ascii(word)
        else:
            yield from (t.text for t in _segment_run(match.group(2), match.start()))


def _segment_run(run: str, offset: int) -> Iterator[Token]:
    """Tokens of one Thai/Lao/Khmer/Myanmar run starting at *offset*."""
    if _icu is None:
        _warn_no_icu()
        yield Token(normalize(run), offset, offset + len(run))
        return
    for start, end in _icu_words(run):
        folded = normalize(run[start:end])
        if folded:
            yield Token(folded, offset + start, offset + end)


def _icu_words(run: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of the words ICU finds in *run*."""
    iterator = _break_iterator()
    iterator.setText(run)
    index = _utf16_to_index(run)  # ICU counts UTF-16 code units
    words: list[tuple[int, int]] = []
    start = iterator.first()
    for end in iterator:
        if iterator.getRuleStatus() >= _ICU_WORD_STATUS_MIN:
            words.append((index[start], index[end]) if index else (start, end))
        start = end
    return words


def _break_iterator() -> _icu.BreakIterator:
    """This thread's ICU word BreakIterator (they are not thread-safe)."""
    iterator = getattr(_thread_state, "break_iterator", None)
    if iterator is None:
        iterator = _icu.BreakIterator.createWordInstance(_icu.Locale.getRoot())
        _thread_state.break_iterator = iterator
    return iterator


def _utf16_to_index(s: str) -> list[int] | None:
    """Map UTF-16 offsets of *s* to str indices; None when they are equal (BMP only)."""
    if not s or max(s) <= "\uffff":
        return None
    index: list[int] = []
    for i, ch in enumerate(s):
        index.append(i)
        if ord(ch) > 0xFFFF:
            index.append(i)  # second surrogate; ICU never breaks here
    index.append(len(s))
    return index


def _warn_no_icu() -> None:
    global _warned_no_icu
    if not _warned_no_icu:
        _warned_no_icu = True
        log.warning(
            "PyICU is not installed: Thai, Lao, Khmer and Myanmar text is indexed "
            "as whole runs, not words (install pyicu-wheels)"
        )


# ---------------------------------------------------------------------------
# Languages
# ---------------------------------------------------------------------------

#: code -> (English name, name in the language itself and its script).
LANGUAGES: dict[str, tuple[str, str]] = {
    "en": ("English", "English"),
    "id": ("Indonesian", "Bahasa Indonesia"),
    "ms": ("Malay", "Bahasa Melayu"),
    "vi": ("Vietnamese", "Tiếng Việt"),
    "th": ("Thai", "ไทย"),
    "lo": ("Lao", "ລາວ"),
    "km": ("Khmer", "ខ្មែរ"),
    "my": ("Burmese", "မြန်မာ"),
    "fil": ("Filipino", "Filipino"),
    "zh": ("Chinese", "中文"),
    "ta": ("Tamil", "தமிழ்"),
    "fr": ("French", "Français"),
    "es": ("Spanish", "Español"),
    "de": ("German", "Deutsch"),
    "pt": ("Portuguese", "Português"),
    "nl": ("Dutch", "Nederlands"),
    "it": ("Italian", "Italiano"),
    "ru": ("Russian", "Русский"),
    "ar": ("Arabic", "العربية"),
    "hi": ("Hindi", "हिन्दी"),
    "ja": ("Japanese", "日本語"),
    "ko": ("Korean", "한국어"),
}


def language_label(code: str) -> str:
    """Name of the language *code* in its own language; the code if unknown."""
    names = LANGUAGES.get(code)
    return names[1] if names else code


# py3langid's codes that detect_language may return ("tl" is reported as "fil").
# The full model has 140 labels, many of them rare (st, nso, pcm, bcl, jv,
# ace...): unrestricted, "Hello there" comes back as Sesotho.
_LANGID_CODES = (
    "en", "id", "ms", "vi", "th", "lo", "km", "my", "tl",
    "fr", "es", "de", "pt", "nl", "it",
    "zh", "ja", "ko", "ar", "ru", "hi", "ta",
)  # fmt: skip
_LANGID_ALIASES = {"tl": "fil"}
_DETECT_MAX_CHARS = 20_000
_DETECT_MIN_LETTERS = 12  # below this (outside the four scripts) say None
_SCRIPT_SHARE = 0.5  # a script "dominates" when it has more than this of the letters


def _script_letters_re(code: str) -> re.Pattern[str]:
    letters = (cp for cp in _block_codepoints(code) if unicodedata.category(chr(cp))[0] == "L")
    return re.compile(f"[{_char_class(letters)}]")


_SCRIPT_RES = {code: _script_letters_re(code) for code in _SCRIPT_BLOCKS}
_LETTER_RE = re.compile(r"[^\W\d_]")
_langid_lock = threading.Lock()
_langid = None


def detect_language(text: str) -> str | None:
    """Guess the language of *text*: a code such as en, id, ms, vi, th, lo,
    km, my or fil (or another ISO 639-1 code), or None when there is too
    little text to tell.

    Thai, Lao, Khmer and Myanmar are told by script when it has most of the
    letters; anything else goes to py3langid, restricted to the languages in
    ``_LANGID_CODES``.  Only the first 20,000 characters are looked at.

    Known confusion: Indonesian and Malay share most of their vocabulary and
    py3langid alone tells them apart little better than a coin toss on a
    sentence or two.  When it answers id or ms, words spelt or chosen
    differently in the two (karena/kerana, kantor, besok, persen/peratus,
    kesehatan/kesihatan, Juli/Julai...) decide by majority; with none (or a
    tie) py3langid's answer stands, so a short text of shared words can still
    go either way.  Myanmar text in the legacy Zawgyi encoding is still in the
    Myanmar block, so it is reported as "my" too.
    """
    sample = text[:_DETECT_MAX_CHARS]
    letters = len(_LETTER_RE.findall(sample))
    if letters == 0:
        return None
    by_script = _dominant_script(sample, letters)
    if by_script is not None:
        return by_script
    if letters < _DETECT_MIN_LETTERS:
        return None
    code, _confidence = _identifier().classify(sample)
    if code in ("id", "ms"):
        code = _indonesian_or_malay(sample, code)
    return _LANGID_ALIASES.get(code, code)


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words spelt or chosen differently in Indonesian and Malay (pairs where both
# exist); words that the other language also uses in some sense (kerajaan,
# pejabat, esok, hadapan, negeri, boleh...) are left out on purpose.
_INDONESIAN_MARKERS = _word_set(
    "pemerintah kantor besok karena bahwa uang mau maupun yaitu kecelakaan saja "
    "sebagian bagian berbagai perusahaan universitas kualitas aktivitas fasilitas "
    "komunitas identitas prioritas polisi mobil sepeda tanggal silakan libur bisa "
    "kewajiban informasi internasional kesehatan kendaraan kerusakan persen coba "
    "gratis berbagi pemilu kabupaten provinsi agustus juli juni maret desember "
    "senin kamis jumat nggak enggak banget"
)
_MALAY_MARKERS = _word_set(
    "bercadang baharu kemalangan berdaftar adakah kerana bahawa wang mahu mahupun "
    "iaitu sahaja sebahagian bahagian pelbagai syarikat universiti kualiti aktiviti "
    "polis hospital basikal tarikh kewajipan maklumat antarabangsa kesihatan "
    "kenderaan kerosakan peratus cuba percuma berkongsi tanggungjawab mengikut "
    "ogos julai jun mac disember isnin khamis jumaat"
)
_WORD_RE = re.compile(r"[^\W\d_]+")


def _indonesian_or_malay(sample: str, guess: str) -> str:
    """Tell Indonesian from Malay by marker words; py3langid's *guess* on a tie."""
    words = _WORD_RE.findall(sample.casefold())
    indonesian = sum(word in _INDONESIAN_MARKERS for word in words)
    malay = sum(word in _MALAY_MARKERS for word in words)
    if indonesian == malay:
        return guess
    return "id" if indonesian > malay else "ms"


def _dominant_script(sample: str, letters: int) -> str | None:
    for code, pattern in _SCRIPT_RES.items():
        if len(pattern.findall(sample)) > letters * _SCRIPT_SHARE:
            return code
    return None


def load_language_model() -> None:
    """Load py3langid's model now (a server's master does, before its workers fork)."""
    _identifier()


def _identifier():
    """py3langid identifier restricted to _LANGID_CODES, loaded once (~1 s)."""
    global _langid
    with _langid_lock:
        if _langid is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            identifier.set_languages(_LANGID_CODES)
            _langid = identifier
    return _langid


# ---------------------------------------------------------------------------
# Stop words
# ---------------------------------------------------------------------------


def _stop_set(words: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in words.split())


#: language code -> stop words, in normalised (search) form.
STOP_WORDS: dict[str, frozenset[str]] = {
    # English: the classic short list of Lucene's StopAnalyzer
    # (EnglishAnalyzer.ENGLISH_STOP_WORDS_SET).
    "en": _stop_set(
        "a an and are as at be but by for if in into is it no not of on or such "
        "that the their then there these they this to was will with"
    ),
    # Indonesian and Malay: written for this project from common function words
    # (conjunctions, prepositions, demonstratives, relative "yang", aspect
    # words); not a published list.  Kept short on purpose: negation and
    # content-bearing words are left searchable.
    "id": _stop_set(
        "yang dan di ke dari untuk dengan ini itu pada adalah ialah dalam akan "
        "atau juga oleh sebagai telah sudah bagi karena bahwa para tersebut serta "
        "antara kepada maupun namun agar supaya sehingga"
    ),
    "ms": _stop_set(
        "yang dan di ke dari daripada untuk dengan ini itu pada adalah ialah "
        "dalam akan atau juga oleh sebagai telah sudah bagi kerana bahawa para "
        "tersebut serta antara kepada mahupun namun agar supaya sehingga"
    ),
    # Filipino: written for this project; markers and linkers only.
    "fil": _stop_set("ang ng mga sa na at ay si ni kay sina nina kina"),
}
