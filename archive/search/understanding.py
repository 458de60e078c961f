"""How the archive reads a reader's words: a query tree rewritten before any engine sees it.

For a query of plain words (no quotes, no operators, no parentheses):

* stop words of the query's language are left out (never required, never highlighted);
* each word, or run of words, that a synonym file names is searched with its other forms
  ("labor" also finds "labour", "Viet Nam" also "Vietnam"), in the text or in ``creator:``;
* words naming a document type ("speech", "press release") also find documents of it;
* two words typed side by side also score as a phrase (same matches, closer words first);
* a relaxed form (any of the words, best pages for most of them) is ready for when no page
  holds every word.

Quoted phrases keep their exact words; a query with explicit operators keeps its meaning
(only synonyms and type words are added, as alternatives). Every addition is counted
against ``Limits.max_clauses`` and the rewritten query must pass the same checks as a typed
one, so a synonym never makes a query unbounded. The result is ordinary query text, which
every engine parses as it parses a reader's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from archive.errors import QueryError
from archive.search import analysis
from archive.search import query as qm
from archive.search.synonyms import Synonyms

#: Words (normalised) that name a document type, and the type's code.
TYPE_WORDS: dict[tuple[str, ...], str] = {
    ("speech",): "speech",
    ("speeches",): "speech",
    ("presentation",): "presentation",
    ("presentations",): "presentation",
    ("slides",): "presentation",
    ("press", "release"): "press-release",
    ("press", "releases"): "press-release",
    ("recommendations",): "recommendations",
    ("participants",): "participant-list",
    ("participant", "list"): "participant-list",
}


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Question words that a reader types but no page must hold, added to the stop words of
#: ``analysis.STOP_WORDS`` for reading queries only (pages keep every word searchable).
QUESTION_WORDS: dict[str, frozenset[str]] = {
    "en": _word_set(
        "what which who whom whose how why when where does do did can could should would "
        "from about its our we you i me my has have had been being were than so any"
    ),
    "id": _word_set("apa apakah bagaimana siapa mengapa kapan dimana di mana"),
    "ms": _word_set("apa apakah bagaimana siapa mengapa bila di mana"),
}
MAX_PAIRS = 3  # side-by-side phrases per query: they only rank, and phrases cost matching
SEARCHED_FIELDS = (None, "creator", "title")  # fields whose words synonyms apply to
_EXPLICIT = re.compile(r"\b(?:AND|OR|NOT)\b|[()]|(?:^|\s)[-+](?=\S)")


@dataclass(frozen=True)
class Plan:
    """A query as the archive will run it."""

    strict: str  # run first: pages with every (non-stop) word
    relaxed: str | None = None  # run when the strict query finds nothing
    also_searched: tuple[str, ...] = ()  # the variants added, as the reader may type them
    types: tuple[str, ...] = ()  # document types the words name
    dropped: tuple[str, ...] = ()  # stop words left out
    words: tuple[str, ...] = field(default=())  # the words that count, as typed


@dataclass
class _Unit:
    """Typed words taken together (one word, or a run a synonym or type word names)."""

    words: list[qm.Word]
    position: int  # index of the first word among the query's top-level items
    alternatives: list[qm.Node] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def original(self) -> qm.Node:
        if len(self.words) == 1:
            return self.words[0]
        return qm.Phrase(self.text, self.words[0].field)

    def node(self) -> qm.Node:
        if not self.alternatives:
            return self.original()
        return qm.Or((self.original(), *self.alternatives))


def word_key(text: str) -> tuple[str, ...]:
    """A word or run of words as the synonym file keys it."""
    return tuple(t.text for t in analysis.tokenize(text))


def explicit(q: str) -> bool:
    """Whether the reader used operators or parentheses (outside quotes)."""
    return _EXPLICIT.search(re.sub(r'"[^"]*"?', " ", q)) is not None


def stop_words(q: str) -> frozenset[str]:
    """The stop words of the query's language (English when it cannot be told)."""
    lang = analysis.detect_language(q) or "en"
    lang = lang if lang in analysis.STOP_WORDS else "en"
    return analysis.STOP_WORDS[lang] | QUESTION_WORDS.get(lang, frozenset())


def plan(q: str, synonyms: Synonyms, limits: qm.Limits) -> Plan:
    """How to run ``q``; ``QueryError`` if it cannot be run at all."""
    tree = qm.parse(q, limits)
    if explicit(q):
        return _plan_explicit(q, tree, synonyms, limits)
    items: list[qm.Node] = list(tree.items) if isinstance(tree, qm.And) else [tree]
    stops = stop_words(q)
    kept, dropped = _drop_stop_words(items, stops)
    units, others = _units(kept, synonyms, limits, budget=_budget(items, limits))
    strict = _checked([*others, *_with_pairs(units, limits, len(items))], limits)
    strict = strict or _checked([*others, *(u.node() for u in units)], limits) or q
    relaxed = _relaxed(others, units, limits)
    return Plan(
        strict,
        relaxed,
        _also_searched(units),
        _types(units),
        tuple(w.text for w in dropped),
        tuple(u.text for u in units),
    )


def _plan_explicit(q: str, tree: qm.Node, synonyms: Synonyms, limits: qm.Limits) -> Plan:
    """Operators keep their meaning: only alternatives are added, word by word."""
    collected: list[_Unit] = []
    budget = [_budget(list(qm.leaves(tree)), limits)]
    rewritten = _expand_tree(tree, synonyms, budget, collected)
    strict = _checked([rewritten], limits) or q
    return Plan(strict, None, _also_searched(collected), _types(collected))


def _expand_tree(
    node: qm.Node, synonyms: Synonyms, budget: list[int], collected: list[_Unit]
) -> qm.Node:
    if isinstance(node, qm.And | qm.Or):
        kind = type(node)
        return kind(tuple(_expand_tree(i, synonyms, budget, collected) for i in node.items))
    if isinstance(node, qm.Not):
        return qm.Not(_expand_tree(node.item, synonyms, budget, collected))
    if isinstance(node, qm.Word) and node.field in SEARCHED_FIELDS:
        unit = _Unit([node], 0)
        budget[0] = _add_alternatives(unit, synonyms, budget[0])
        collected.append(unit)
        return unit.node()
    return node


def _budget(items: Sequence[qm.Node], limits: qm.Limits) -> int:
    """Clauses left for alternatives once the typed ones are counted."""
    typed = sum(1 for item in items for _ in qm.leaves(item))
    return max(0, limits.max_clauses - typed)


def _drop_stop_words(
    items: list[qm.Node], stops: frozenset[str]
) -> tuple[list[tuple[int, qm.Node]], list[qm.Word]]:
    """Items kept (with their positions) and the stop words left out; never all words."""
    kept, dropped = [], []
    for position, item in enumerate(items):
        if _is_stop(item, stops):
            dropped.append(item)
        else:
            kept.append((position, item))
    if not any(not isinstance(item, qm.Not) for _, item in kept):
        return list(enumerate(items)), []  # only stop words: search them as typed
    return kept, [w for w in dropped if isinstance(w, qm.Word)]


def _is_stop(item: qm.Node, stops: frozenset[str]) -> bool:
    if not isinstance(item, qm.Word) or item.field is not None:
        return False
    words = [t.text for t in analysis.tokenize(item.text)]
    return bool(words) and all(w in stops for w in words)


def _units(
    kept: list[tuple[int, qm.Node]], synonyms: Synonyms, limits: qm.Limits, *, budget: int
) -> tuple[list[_Unit], list[qm.Node]]:
    """Runs of plain words as units (with their alternatives); the other items as typed."""
    units: list[_Unit] = []
    others: list[qm.Node] = []
    i = 0
    while i < len(kept):
        position, item = kept[i]
        if not (isinstance(item, qm.Word) and item.field in SEARCHED_FIELDS):
            others.append(item)
            i += 1
            continue
        size = _match_size(kept, i, synonyms)
        unit = _Unit([w for _, w in kept[i : i + size]], position)  # type: ignore[misc]
        budget = _add_alternatives(unit, synonyms, budget)
        units.append(unit)
        i += size
    return units, others


def _match_size(kept: list[tuple[int, qm.Node]], start: int, synonyms: Synonyms) -> int:
    """How many typed words, side by side and in one field, form a synonym or type word."""
    run: list[qm.Word] = []
    for offset, (position, item) in enumerate(kept[start:]):
        if not isinstance(item, qm.Word) or position != kept[start][0] + offset:
            break
        if item.field != kept[start][1].field:  # type: ignore[union-attr]
            break
        run.append(item)
    for size in range(len(run), 1, -1):
        words = _words(run[:size])
        if tuple(words) in synonyms.others or tuple(words) in TYPE_WORDS:
            return size
    return 1


def _words(run: Sequence[qm.Word]) -> list[str]:
    return [t.text for w in run for t in analysis.tokenize(w.text)]


def _add_alternatives(unit: _Unit, synonyms: Synonyms, budget: int) -> int:
    """Give a unit its other forms and type, within the clause budget; return what is left."""
    words = tuple(_words(unit.words))
    fieldname = unit.words[0].field
    candidates: list[qm.Node] = [
        qm.Word(form, fieldname) if len(form.split()) == 1 else qm.Phrase(form, fieldname)
        for form in synonyms.variants(words)
    ]
    if fieldname is None and words in TYPE_WORDS:
        candidates.append(qm.Word(TYPE_WORDS[words], "type"))
    taken = candidates[:budget]
    unit.alternatives.extend(taken)
    return budget - len(taken)


def _with_pairs(units: list[_Unit], limits: qm.Limits, typed: int) -> list[qm.Node]:
    """Unit nodes, each also scoring as a phrase with the word typed just before it.

    ``a (b OR "a b")`` matches exactly what ``a b`` matches (the phrase holds ``b``), and
    pages where the two words stand together score higher.
    """
    budget = min(MAX_PAIRS, limits.max_clauses - typed - sum(len(u.alternatives) for u in units))
    nodes: list[qm.Node] = []
    for before, unit in zip([None, *units], units, strict=False):
        node = unit.node()
        side_by_side = before is not None and unit.position == before.position + len(before.words)
        if (
            before is not None
            and side_by_side
            and budget > 0
            and before.words[0].field is None
            and unit.words[0].field is None
        ):
            node = qm.Or((node, qm.Phrase(f"{before.text} {unit.text}")))
            budget -= 1
        nodes.append(node)
    return nodes


def _relaxed(others: list[qm.Node], units: list[_Unit], limits: qm.Limits) -> str | None:
    """Any of the words (the other parts still required), or None when there is no choice."""
    optional = [u.node() for u in units if u.words[0].field is None]
    if len(optional) < 2:
        return None
    required = [*others, *(u.node() for u in units if u.words[0].field is not None)]
    return _checked([*required, qm.Or(tuple(optional))], limits)


def _checked(items: list[qm.Node], limits: qm.Limits) -> str | None:
    """The items as query text, if that text passes every check a typed query must."""
    if not items:
        return None
    node = items[0] if len(items) == 1 else qm.And(tuple(items))
    text = qm.to_query(node)
    try:
        qm.parse(text, limits)
    except QueryError:
        return None
    return text


def _also_searched(units: list[_Unit]) -> tuple[str, ...]:
    texts = [
        a.text
        for u in units
        for a in u.alternatives
        if isinstance(a, qm.Word | qm.Phrase) and a.field != "type"
    ]
    return tuple(dict.fromkeys(texts))


def _types(units: list[_Unit]) -> tuple[str, ...]:
    codes = [
        a.text
        for u in units
        for a in u.alternatives
        if isinstance(a, qm.Word) and a.field == "type"
    ]
    return tuple(dict.fromkeys(codes))
