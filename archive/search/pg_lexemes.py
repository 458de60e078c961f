"""Pages and queries as PostgreSQL lexemes: the archive's own analysis, written as tsvectors.

PostgreSQL's parsers do not segment Thai, Lao, Khmer or Burmese, nor fold accents the way
the archive does; so the archive analyses text itself (``archive.search.analysis``, the
same words the Whoosh engine indexes) and hands PostgreSQL finished lexemes, as tsvector and
tsquery literals that PostgreSQL stores and compares as they are.

One tsvector per page holds every field a reader can search, told apart by a prefix that
no word can contain: page words as they are (``protection``), their English stems as
``stem|protect``, the document's title and creators as ``title|…`` and ``creator|…`` (with
positions, for phrases), and its type, language, collection and date as ``type|report``
and so on. The year is a column (ranges compare numbers).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from whoosh.lang.porter import stem as _porter_stem

from archive.search import analysis

SEP = "|"  # never inside a word: tokens are letters, digits and marks
TEXT_FIELDS = ("title", "creator", "content", "stem")
ID_FIELDS = ("type", "lang", "collection", "date")
STEMMED_LANGUAGES = {"en", None}
MAX_POSITION = 16383  # PostgreSQL keeps positions up to this
MAX_POSITIONS = 256  # ... and at most this many per lexeme
MAX_LEXEME_BYTES = 2046  # PostgreSQL refuses longer lexemes
MAX_VECTOR_BYTES = 900_000  # a tsvector holds at most 1 MB
NO_MATCH = SEP  # a lexeme no page holds (stands for a word too long to be indexed)
WEIGHTS = {"title": "A", "creator": "B", "stem": "C", "content": "D"}
ENGLISH_STOPS = analysis.STOP_WORDS.get("en", frozenset())

#: The Porter stemmer the Whoosh engine uses (pure Python, shipped in whoosh-reloaded), so
#: that both engines stem every English word the same way.
stem = functools.lru_cache(maxsize=200_000)(_porter_stem)


def lexeme(field: str, word: str) -> str:
    """The lexeme of ``word`` in ``field``."""
    return word if field == "content" else f"{field}{SEP}{word}"


def quote(lex: str) -> str:
    """``lex`` as a quoted tsvector/tsquery lexeme."""
    if len(lex) * 4 > MAX_LEXEME_BYTES and len(lex.encode("utf-8")) > MAX_LEXEME_BYTES:
        lex = NO_MATCH
    if "'" in lex or "\\" in lex:
        lex = lex.replace("\\", "\\\\").replace("'", "''")
    return "'" + lex + "'"


def _too_long(lex: str) -> bool:
    # Four bytes per character at most: the encoding is needed only for long lexemes.
    return len(lex) * 4 > MAX_LEXEME_BYTES and len(lex.encode("utf-8")) > MAX_LEXEME_BYTES


def words(text: str) -> list[str]:
    """The normalised, segmented words of a text (pages, titles, queries alike)."""
    return analysis.token_texts(text)


def stems(text: str) -> list[str]:
    """The English stems of a text's words, stop words left out."""
    return [stem(w) for w in words(text) if w not in ENGLISH_STOPS]


def id_value(field: str, value: str) -> str:
    """A keyword field's value as indexed (lower case, but dates as they are)."""
    return value if field == "date" else value.lower()


def title_sort_key(title: str) -> str:
    """A sort key for titles: folded, without leading punctuation."""
    return " ".join(words(title))[:200]


class VectorBuilder:
    """Collects lexemes with positions and writes them as one tsvector literal.

    A lexeme belongs to one field (its prefix says which), so it has one weight; positions
    are kept as numbers and written with that weight at the end. This is the inner loop of
    a PostgreSQL index build (every word of every page), hence the plain loops.
    """

    def __init__(self) -> None:
        self.positions: dict[str, list[int]] = {}
        self.weights: dict[str, str] = {}
        self.size = 0

    def add_sequence(self, field: str, items: Sequence[str]) -> None:
        """Add words at positions 1, 2, ... with the field's weight."""
        weight = WEIGHTS[field]
        prefix = "" if field == "content" else field + SEP
        positions = self.positions
        for n, word in enumerate(items, 1):
            lex = prefix + word
            if self.size > MAX_VECTOR_BYTES or _too_long(lex):
                continue  # cannot be stored; the page stays findable by its other words
            found = positions.get(lex)
            if found is None:
                positions[lex] = [n if n < MAX_POSITION else MAX_POSITION]
                self.weights[lex] = weight
                self.size += 4 + len(lex) * 2
            elif len(found) < MAX_POSITIONS:
                found.append(n if n < MAX_POSITION else MAX_POSITION)
                self.size += 4

    def add_keys(self, keys: Iterable[str]) -> None:
        """Add lexemes without positions (keyword fields)."""
        for lex in keys:
            if not _too_long(lex):
                self.positions.setdefault(lex, [])

    def literal(self) -> str:
        """The tsvector literal."""
        weights = self.weights
        parts = []
        for lex, pos in self.positions.items():
            if not pos:
                parts.append(quote(lex))
                continue
            if pos[-1] == MAX_POSITION:  # positions past the last one all read as it
                pos = list(dict.fromkeys(pos))
            weight = weights[lex]
            parts.append(f"{quote(lex)}:{(weight + ',').join(map(str, pos))}{weight}")
        return " ".join(parts)

    def lexemes(self) -> Iterable[str]:
        """Every distinct lexeme of the vector (what ``tsvector_to_array`` gives back)."""
        return self.positions.keys()


def page_builder(
    page_text: str, *, title: str, creators: Sequence[str], keys: Iterable[str], stemmed: bool
) -> VectorBuilder:
    """The lexemes of one page with its document's fields."""
    builder = VectorBuilder()
    page_words = words(page_text)
    builder.add_sequence("content", page_words)
    if stemmed:
        builder.add_sequence("stem", [stem(w) for w in page_words if w not in ENGLISH_STOPS])
    builder.add_sequence("title", words(title))
    builder.add_sequence("creator", words(" ; ".join(creators)))
    builder.add_keys(keys)
    return builder


def page_vector(
    page_text: str, *, title: str, creators: Sequence[str], keys: Iterable[str], stemmed: bool
) -> str:
    """The tsvector literal of one page with its document's fields."""
    return page_builder(
        page_text, title=title, creators=creators, keys=keys, stemmed=stemmed
    ).literal()
