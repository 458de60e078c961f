"""The archive's query tree as PostgreSQL: one tsquery where it can be, SQL around it.

Words, phrases and prefixes become lexemes of ``archive.search.pg_lexemes`` (phrases with
``<->``); AND, OR and NOT become ``&``, ``|`` and ``!``; a subtree holding a year or a date
condition becomes SQL around ``tsv @@ tsquery``. Prefixes and date ranges are expanded
here, from the table of indexed words, under the same caps and time budget as every
engine; what to mark in snippets is collected on the way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from archive.errors import QueryError
from archive.search import pg_lexemes as lx
from archive.search import query as qm
from archive.search.query import Deadline, Limits

#: (field, prefix, limit) -> the indexed words of that field starting with prefix, in order
Expand = Callable[[str, str, int], list[str]]
#: (low, high, limit) -> the indexed dates from low to high (inclusive), in order
Dates = Callable[[str, str | None, int], list[str]]


@dataclass(frozen=True)
class Cond:
    """A page condition: a tsquery text, or an SQL expression (over ``p``) with params."""

    tsq: str | None = None
    sql: str | None = None

    def where(self, params: dict[str, object]) -> str:
        """This condition as SQL over ``search_pages p``, its tsquery bound into ``params``."""
        if self.sql is not None:
            return self.sql
        name = f"q{len(params)}"
        params[name] = self.tsq
        return f"p.tsv @@ CAST(:{name} AS tsquery)"


@dataclass
class Marks:
    """What a query marks in page text (the inputs of ``snippets.Highlighter``)."""

    words: set[str] = field(default_factory=set)
    stems: set[str] = field(default_factory=set)
    phrases: list[tuple[tuple[str, ...], bool]] = field(default_factory=list)


@dataclass
class Translation:
    """A translated query: its page condition, its ranking tsquery and its marks."""

    where: str
    params: dict[str, object]
    rank_tsq: str | None
    marks: Marks


def translate(
    tree: qm.Node, expand: Expand, dates: Dates, limits: Limits, deadline: Deadline
) -> Translation:
    """The PostgreSQL condition of a query tree, or ``QueryError`` if nothing is searchable."""
    translator = _Translator(expand, dates, limits, deadline)
    cond = translator(tree)
    if cond is None:
        raise QueryError(qm.NO_WORDS)
    params: dict[str, object] = dict(translator.params)
    where = cond.where(params)
    ranked = translator.ranked
    rank_tsq = " | ".join(f"({t})" for t in ranked) if ranked else None
    return Translation(where, params, rank_tsq, translator.marks)


# What a prefix or a date range matching no word of the index becomes: a condition no page
# meets (zero results, as with Whoosh), not a missing part (dropped, or refused as wordless).
NOTHING = Cond(sql="false")


def _combine(parts: list[Cond], tsq_op: str, sql_op: str, params: dict[str, object]) -> Cond:
    if tsq_op == "&" and any(p is NOTHING for p in parts):
        return NOTHING
    parts = [p for p in parts if p is not NOTHING] or [NOTHING]
    if all(p.tsq is not None for p in parts):
        if len(parts) == 1:
            return parts[0]
        return Cond(tsq=f" {tsq_op} ".join(f"({p.tsq})" for p in parts))
    return Cond(sql=f" {sql_op} ".join(f"({p.where(params)})" for p in parts))


class _Translator:
    """Walks the tree; ``None`` stands for a part that can match nothing and is dropped."""

    def __init__(self, expand: Expand, dates: Dates, limits: Limits, deadline: Deadline):
        self.expand = expand
        self.dates = dates
        self.limits = limits
        self.deadline = deadline
        self.expanded = 0
        self.params: dict[str, object] = {}
        self.marks = Marks()
        self.ranked: list[str] = []

    def __call__(self, node: qm.Node) -> Cond | None:
        self.deadline.check()
        if isinstance(node, qm.And | qm.Or):
            parts = [c for c in (self(item) for item in node.items) if c is not None]
            if not parts:
                return None
            ops = ("&", "AND") if isinstance(node, qm.And) else ("|", "OR")
            return _combine(parts, *ops, self.params)
        if isinstance(node, qm.Not):
            inner = self(node.item)
            if inner is None:
                return None
            if inner.tsq is not None:
                return Cond(tsq=f"!({inner.tsq})")
            return Cond(sql=f"NOT ({inner.sql})")
        if isinstance(node, qm.Range):
            return self.range(node)
        if node.field is not None:
            return self.leaf(node, node.field)
        parts = [c for c in (self.leaf(node, name) for name in lx.TEXT_FIELDS) if c is not None]
        return _combine(parts, "|", "OR", self.params) if parts else None

    def leaf(self, node: qm.Word | qm.Phrase | qm.Prefix, name: str) -> Cond | None:
        if name == "year":
            return self.year(node)
        if isinstance(node, qm.Prefix):
            return self.prefix(name, node.text)
        if name in lx.ID_FIELDS:
            return self.ranked_tsq(lx.quote(lx.lexeme(name, lx.id_value(name, node.text))))
        if name == "stem":
            return None if isinstance(node, qm.Phrase) else self.stemmed(node.text)
        return self.words(name, node.text)

    def ranked_tsq(self, tsq: str) -> Cond:
        self.ranked.append(tsq)
        return Cond(tsq=tsq)

    def words(self, name: str, text: str) -> Cond | None:
        found = lx.words(text)
        if not found:
            return None
        if len(found) == 1:
            self.marks.words.update(found)
        else:
            self.marks.phrases.append((tuple(found), False))
        return self.ranked_tsq(" <-> ".join(lx.quote(lx.lexeme(name, w)) for w in found))

    def stemmed(self, text: str) -> Cond | None:
        found = lx.stems(text)
        if not found:
            return None
        self.marks.stems.update(found)
        return self.ranked_tsq(" & ".join(lx.quote(lx.lexeme("stem", s)) for s in found))

    def prefix(self, name: str, text: str) -> Cond | None:
        if name == "stem":
            return None
        start = lx.id_value(name, text) if name in lx.ID_FIELDS else lx.analysis.normalize(text)
        if not start:
            return None
        terms = self.expand(name, start, self.limits.max_expansions + 1)
        if len(terms) > self.limits.max_expansions:
            raise QueryError(qm.too_many_expansions(text, self.limits.max_expansions))
        self.count(len(terms))
        if name not in lx.ID_FIELDS:
            self.marks.words.update(terms)
        return self.any_of(name, terms)

    def any_of(self, name: str, terms: list[str]) -> Cond:
        if not terms:
            return NOTHING
        return self.ranked_tsq(" | ".join(lx.quote(lx.lexeme(name, t)) for t in terms))

    def count(self, terms: int) -> None:
        """Refuse a query whose prefixes and ranges together expand to too many terms."""
        self.expanded += terms
        cap = self.limits.max_expansions * len(lx.TEXT_FIELDS)
        if self.expanded > cap:
            raise QueryError(qm.too_many_terms(cap))

    def sql(self, expression: str, **values: object) -> Cond:
        names = {}
        for key, value in values.items():
            names[key] = f"v{len(self.params)}"
            self.params[names[key]] = value
        # COALESCE: a page without a year is simply not in the range, also under NOT.
        return Cond(sql=f"COALESCE({expression.format(**names)}, false)")

    def year(self, node: qm.Word | qm.Phrase | qm.Prefix) -> Cond:
        text = node.text.strip()
        if isinstance(node, qm.Prefix) or not (text.isdigit() and len(text) <= 4):
            raise QueryError(qm.NOT_A_YEAR)
        return self.sql("p.year = :{y}", y=int(text))

    def range(self, node: qm.Range) -> Cond | None:
        if node.field == "year":
            return self.year_range(node)
        terms = self.date_terms(node)
        self.count(len(terms))
        return self.any_of("date", terms)

    def year_range(self, node: qm.Range) -> Cond:
        clauses, values = [], {}
        if node.low is not None:
            clauses.append("p.year " + (">=" if node.include_low else ">") + " :{low}")
            values["low"] = int(node.low)
        if node.high is not None:
            clauses.append("p.year " + ("<=" if node.include_high else "<") + " :{high}")
            values["high"] = int(node.high)
        return self.sql(" AND ".join(clauses), **values)

    def date_terms(self, node: qm.Range) -> list[str]:
        """The indexed dates within the range (a partial date covers its days)."""
        low, high = node.low or "", node.high
        upper = None if high is None else high + "~"
        found = []
        for date in self.dates(low, upper, 4 * self.limits.max_expansions + 2):
            self.deadline.check()
            if high is not None and (date > high + "~" if node.include_high else date >= high):
                break
            if date < low or (not node.include_low and date.startswith(low)):
                continue
            found.append(date)
            if len(found) > self.limits.max_expansions:
                raise QueryError(qm.too_many_dates(self.limits.max_expansions))
        return found
