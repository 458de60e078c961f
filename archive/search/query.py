"""The reader's query language, the same for every engine.

A query is cleaned, checked against the limits, and parsed into a small tree of this
module's own nodes (words, phrases, prefixes, field terms, ranges, AND/OR/NOT); each engine
translates the tree into its own queries. Nothing here knows an engine. The time budget
(``Deadline``) and the bounded "did you mean" (``suggest``) live here too, so that every
engine spends the same, capped effort on a reader's query.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from archive.errors import QueryError, QueryTooExpensive
from archive.messages import N_, Message
from archive.search import analysis

#: Fields a reader may name, and the other names they may use for some of them.
FIELDS = ("title", "creator", "type", "lang", "year", "date", "collection")
ALIASES = {"language": "lang", "creators": "creator", "author": "creator"}
RANGE_FIELDS = ("year", "date")
OPERATORS = ("AND", "OR", "NOT")


@dataclass(frozen=True)
class Limits:
    """Bounds that keep every query cheap."""

    max_length: int = 500
    max_clauses: int = 64
    max_expansions: int = 256
    max_depth: int = 8
    time_budget_ms: int = 3000
    suggest_max_words: int = 6  # longer queries get no "did you mean"
    suggest_max_phrase: int = 4  # nor do queries holding a longer phrase
    suggest_max_candidates: int = 2000  # index terms compared with one misspelt word


# -- the tree ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """One word as typed; ``field`` None means the text, title and creators."""

    text: str
    field: str | None = None


@dataclass(frozen=True)
class Phrase:
    """Words that must stand together, in this order."""

    text: str
    field: str | None = None


@dataclass(frozen=True)
class Prefix:
    """Every word starting with ``text`` (typed as ``text*``)."""

    text: str
    field: str | None = None


@dataclass(frozen=True)
class Range:
    """Values of ``field`` (year or date) between ``low`` and ``high``; None is open."""

    field: str
    low: str | None
    high: str | None
    include_low: bool = True
    include_high: bool = True


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


Node = Word | Phrase | Prefix | Range | And | Or | Not
Leaf = Word | Phrase | Prefix | Range


def leaves(node: Node) -> Iterator[Leaf]:
    """The words, phrases, prefixes and ranges of a tree, left to right."""
    if isinstance(node, And | Or):
        for item in node.items:
            yield from leaves(item)
    elif isinstance(node, Not):
        yield from leaves(node.item)
    else:
        yield node


# -- cleaning and checking ------------------------------------------------------------------

_FUZZY = re.compile(r"\w~\d*(?:\s|$|\))")
_REGEX = re.compile(r"(?:^|[\s(])r[\"']|(?:^|\s)/[^/\s]+/")
_INNER_WILDCARD = re.compile(r"\S*(?:\?|\*\S)\S*")
_DANGLING = re.compile(r"^(?:(?:AND|OR)\s+)+|(?:\s+(?:AND|OR|NOT))+$|^(?:AND|OR|NOT)$")


def clean_query(q: str) -> str:
    """Drop control characters and lone surrogates; turn other whitespace into spaces."""
    out = []
    for ch in q:
        cat = unicodedata.category(ch)
        if cat in ("Cs", "Co"):
            continue
        if cat in ("Cc", "Zl", "Zp"):
            out.append(" " if ch.isspace() else "")
            continue
        out.append(ch)
    return "".join(out).strip()


def rewrite_operators(q: str) -> str:
    """``-word`` means NOT word and ``+word`` just word (outside quotes, at a word's start
    only: ``e-mail`` and ``press-release`` stay whole); operators left dangling at either
    end are dropped rather than searched as words."""
    out, quoted = [], False
    for i, ch in enumerate(q):
        quoted ^= ch == '"'
        starts = i == 0 or q[i - 1] in " ("
        follows = i + 1 < len(q) and not q[i + 1].isspace()
        if not quoted and ch in "+-" and starts and follows:
            out.append("NOT " if ch == "-" else "")
            continue
        out.append(ch)
    rewritten = "".join(out)
    while (trimmed := _DANGLING.sub("", rewritten).strip()) != rewritten:
        rewritten = trimmed
    return rewritten


def check_syntax(q: str, limits: Limits) -> None:
    """Refuse, with a message for the reader, what no engine should be asked to run."""
    if len(q) > limits.max_length:
        raise QueryError(
            N_(
                "The query is too long (%(length)s characters; at most %(most)s).",
                length=len(q),
                most=limits.max_length,
            )
        )
    depth = max_depth = 0
    for ch in q:
        depth += (ch == "(") - (ch == ")")
        max_depth = max(max_depth, depth)
    if max_depth > limits.max_depth:
        raise QueryError(
            N_("Too many nested parentheses (at most %(most)s).", most=limits.max_depth)
        )
    if _FUZZY.search(q):
        raise QueryError(
            N_(
                "Fuzzy search (word~) is not supported; try the word itself or "
                "a prefix such as protect*."
            )
        )
    if _REGEX.search(q):
        raise QueryError(
            N_(
                "Regular expressions are not supported; try words, "
                '"phrases" or a prefix such as protect*.'
            )
        )
    if re.search(r"(?:^|[\s(:])\*", q):
        raise QueryError(N_("A search cannot start with *; put at least two letters before it."))
    for word in _INNER_WILDCARD.findall(re.sub(r'"[^"]*"?', " ", q)):
        raise QueryError(
            N_("Only a trailing * is supported (as in protect*), not %(word)s.", word=repr(word))
        )


# -- lexing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tok:
    kind: str  # ( ) op field phrase range word
    text: str


_FIELD_RE = re.compile(rf"(?:{'|'.join((*FIELDS, *ALIASES))}):(?=\S)")
_WORD_RE = re.compile(r'[^\s()"]+')
_RANGE_RE = re.compile(r"[\[{][^\]}]*[\]}]")


def _lex(q: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    i = 0
    while i < len(q):
        ch = q[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            tokens.append(_Tok(ch, ch))
            i += 1
        elif ch == '"':
            end = q.find('"', i + 1)
            end = len(q) if end < 0 else end
            tokens.append(_Tok("phrase", q[i + 1 : end]))
            i = end + 1
        else:
            tok, i = _lex_word(q, i)
            tokens.append(tok)
    return tokens


def _lex_word(q: str, i: int) -> tuple[_Tok, int]:
    if field := _FIELD_RE.match(q, i):
        return _Tok("field", field.group()[:-1]), field.end()
    if ranged := _RANGE_RE.match(q, i):
        return _Tok("range", ranged.group()), ranged.end()
    word = _WORD_RE.match(q, i)
    assert word is not None  # q[i] is neither space, parenthesis nor quote
    kind = "op" if word.group() in OPERATORS else "word"
    return _Tok(kind, word.group()), word.end()


# -- parsing --------------------------------------------------------------------------------

_RANGE_HELP = N_("Ranges work only on year: and date:, as in year:[2010 TO 2015].")
_RANGE_FORM = N_("Write a range as [2010 TO 2015] (either end may be left out).")


class _Parser:
    """Recursive descent: OR binds loosest, then AND (also implicit), then NOT."""

    def __init__(self, tokens: list[_Tok]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> _Tok | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> _Tok:
        self.pos += 1
        return self.tokens[self.pos - 1]

    def at(self, kind: str, text: str | None = None) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind == kind and (text is None or tok.text == text)

    def parse(self) -> Node | None:
        items = []
        while self.peek() is not None:
            if self.at(")"):  # a stray closing parenthesis: ignored
                self.take()
                continue
            items.append(self.parse_or(None))
        return _combine(And, items)

    def parse_or(self, field: str | None) -> Node | None:
        items = [self.parse_and(field)]
        while self.at("op", "OR"):
            self.take()
            items.append(self.parse_and(field))
        return _combine(Or, items)

    def parse_and(self, field: str | None) -> Node | None:
        items = []
        while (tok := self.peek()) is not None and tok.kind != ")":
            if tok.kind == "op" and tok.text == "OR":
                break
            if tok.kind == "op" and tok.text == "AND":
                self.take()
                continue
            items.append(self.parse_unary(field))
        return _combine(And, items)

    def parse_unary(self, field: str | None) -> Node | None:
        negate = False
        while self.at("op", "NOT"):
            self.take()
            negate = not negate  # NOT NOT x is x
        if self.peek() is None or self.at(")"):
            return None
        atom = self.parse_atom(field)
        return Not(atom) if negate and atom is not None else atom

    def parse_atom(self, field: str | None) -> Node | None:
        tok = self.take()
        if tok.kind == "(":
            inner = self.parse_or(field)
            if self.at(")"):
                self.take()
            return inner
        if tok.kind == "field":
            named = ALIASES.get(tok.text, tok.text)
            if self.at("op"):  # title:AND is the word "AND" in titles
                return Word(self.take().text, named)
            return self.parse_atom(named) if self.peek() is not None else None
        if tok.kind == "phrase":
            return Phrase(tok.text, field) if tok.text.strip() else None
        if tok.kind == "range":
            return _range(tok.text, field)
        if tok.text.endswith("*"):
            return Prefix(tok.text[:-1], field)
        return Word(tok.text, field)


def _combine(kind: type[And] | type[Or], items: Iterable[Node | None]) -> Node | None:
    kept = tuple(item for item in items if item is not None)
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else kind(kept)


def _range(text: str, field: str | None) -> Range:
    if field not in RANGE_FIELDS:
        raise QueryError(_RANGE_HELP)
    parts = text[1:-1].split()
    if "TO" not in parts or len(parts) > 3:
        raise QueryError(_RANGE_FORM)
    at = parts.index("TO")
    low = parts[0] if at == 1 else None
    high = parts[at + 1] if at + 1 < len(parts) else None
    if at > 1 or (low is None and high is None):
        raise QueryError(_RANGE_FORM)
    for end in (low, high):
        if end is not None and not _valid_end(field, end):
            raise QueryError(_not_an_end(field, end))
    return Range(field, low, high, text[0] == "[", text[-1] == "]")


_EXAMPLE = {"year": "[2010 TO 2015]", "date": "[2015-11-01 TO 2015-11-30]"}


def _not_an_end(field: str, end: str) -> Message:
    example = f"{field}:{_EXAMPLE[field]}"
    if field == "year":
        return N_("%(end)s is not a year; write e.g. %(example)s.", end=repr(end), example=example)
    return N_("%(end)s is not a date; write e.g. %(example)s.", end=repr(end), example=example)


def _valid_end(field: str, end: str) -> bool:
    if field == "year":
        return end.isdigit() and len(end) <= 4
    return re.fullmatch(r"\d{4}(?:-\d{2}){0,2}", end) is not None


def parse(q: str, limits: Limits) -> Node:
    """Turn a reader's query into this module's tree, or raise ``QueryError`` saying why."""
    q = clean_query(q)
    if not q:
        raise QueryError(N_("Type some words to search for."))
    check_syntax(q, limits)
    q = rewrite_operators(q)
    if not q:
        raise QueryError(N_("Type some words to search for, not only operators."))
    tree = _Parser(_lex(q)).parse()
    if tree is None:
        raise QueryError(NO_WORDS)
    clauses = sum(1 for _ in leaves(tree))
    if clauses > limits.max_clauses:
        raise QueryError(
            N_(
                "The query has too many parts (%(parts)s; at most %(most)s).",
                parts=clauses,
                most=limits.max_clauses,
            )
        )
    return tree


# -- the time budget ------------------------------------------------------------------------


def _now() -> float:
    return time.monotonic()


class Deadline:
    """A query's time budget: ``check()`` raises ``QueryTooExpensive`` once it is spent.

    Checked in the loops the archive runs itself (expansion, matching, grouping, snippets,
    suggestions), so it works in any thread; no signal is involved.
    """

    def __init__(self, budget_ms: float) -> None:
        self.budget_ms = budget_ms
        self.end = _now() + budget_ms / 1000

    def remaining(self) -> float:
        """Seconds left (negative once spent)."""
        return self.end - _now()

    def check(self) -> None:
        """Raise ``QueryTooExpensive`` if the budget is spent."""
        if _now() > self.end:
            raise QueryTooExpensive(
                N_(
                    "This query is too expensive to answer in the time allowed "
                    "(%(ms)s ms); try a narrower query: fewer or longer "
                    "prefixes (protect*), fewer words, or a filter.",
                    ms=format(self.budget_ms, ".0f"),
                ),
                budget_ms=self.budget_ms,
            )


# What the engines say when a query expands too far (both engines say the same).
NO_WORDS = N_("The query has no words that can be searched for.")
NOT_A_YEAR = N_("year: takes a year, as in year:2015 or year:[2010 TO 2015].")


def too_many_expansions(prefix: str, most: int) -> Message:
    return N_(
        "%(prefix)s* matches too many words (more than %(most)s); add more letters.",
        prefix=prefix,
        most=most,
    )


def too_many_terms(most: int) -> Message:
    return N_(
        "The query's prefixes and ranges together match too many words (more than "
        "%(most)s); use fewer or longer prefixes, or a narrower range.",
        most=most,
    )


def too_many_dates(most: int) -> Message:
    return N_(
        "The date range covers more than %(most)s different dates; narrow it, "
        "or use year:[2010 TO 2015].",
        most=most,
    )


def checked(items: Iterable[Any], deadline: Deadline, *, every: int = 1024) -> Iterator[Any]:
    """``items``, checking the deadline every ``every`` items."""
    for n, item in enumerate(items):
        if n % every == 0:
            deadline.check()
        yield item


# -- did you mean -----------------------------------------------------------------------------


def wants_suggestion(tree: Node, limits: Limits) -> bool:
    """Whether a query is small enough for a "did you mean" (a few words, short phrases)."""
    words = 0
    for leaf in leaves(tree):
        if isinstance(leaf, Phrase):
            size = len(analysis.tokenize(leaf.text))
            if size > limits.suggest_max_phrase:
                return False
            words += size
        else:
            words += 1
        if words > limits.suggest_max_words:
            return False
    return True


def suggest(
    q: str,
    *,
    known: Callable[[str], bool],
    correct: Callable[[str], str | None],
    finds: Callable[[str], bool],
    deadline: Deadline,
) -> str | None:
    """``q`` with each unknown word replaced by its correction, if that finds something."""
    q = clean_query(q)
    changed, pieces, last = False, [], 0
    for token in analysis.tokenize(q):
        deadline.check()
        if len(token.text) < 3 or known(token.text):
            continue
        option = correct(token.text)
        if option is None:
            continue
        pieces += [q[last : token.start], option]
        last, changed = token.end, True
    if not changed:
        return None
    candidate = "".join(pieces) + q[last:]
    return candidate if finds(candidate) else None


def best_correction(
    word: str, candidates: Iterable[str], frequency: Callable[[str], int], *, max_dist: int = 2
) -> str | None:
    """The candidate nearest to ``word`` (edit distance at most 2), the commonest on a tie."""
    best: tuple[int, int, str] | None = None
    for term in candidates:
        if abs(len(term) - len(word)) > max_dist or term == word:
            continue
        dist = edit_distance(word, term, max_dist)
        if dist <= max_dist and (best is None or dist <= best[0]):
            key = (dist, -frequency(term), term)
            best = key if best is None or key < best else best
    return best[2] if best else None


def edit_distance(a: str, b: str, cap: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``cap + 1`` once it must exceed ``cap``."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > cap:
            return cap + 1
        previous = current
    return previous[-1]


# -- writing a tree back as a query -----------------------------------------------------------

_PLAIN_WORD = re.compile(r"[^\s()\"+\-*][^\s()\"*]*")


def to_query(node: Node) -> str:
    """The query-language text that parses back into ``node`` (used to hand rewritten
    trees to any engine as an ordinary query)."""
    if isinstance(node, And):
        return " ".join(_grouped(item) for item in node.items)
    if isinstance(node, Or):
        return " OR ".join(_grouped(item) for item in node.items)
    if isinstance(node, Not):
        return "NOT " + _grouped(node.item)
    if isinstance(node, Range):
        low, high = node.low or "", node.high or ""
        opening, closing = "[" if node.include_low else "{", "]" if node.include_high else "}"
        return f"{node.field}:{opening}{' '.join(p for p in (low, 'TO', high) if p)}{closing}"
    prefix = f"{node.field}:" if node.field else ""
    if isinstance(node, Prefix):
        return f"{prefix}{node.text}*"
    if isinstance(node, Word) and (_plain(node.text) or (prefix and node.text in OPERATORS)):
        return prefix + node.text
    return f'{prefix}"{node.text.replace(chr(34), " ")}"'


def _plain(text: str) -> bool:
    """Whether a word reads back as the same word without quotes."""
    return (
        _PLAIN_WORD.fullmatch(text) is not None
        and text not in OPERATORS
        and _FIELD_RE.match(text) is None
        and not text.startswith(("[", "{"))
    )


def _grouped(node: Node) -> str:
    text = to_query(node)
    return f"({text})" if isinstance(node, And | Or) else text
