"""Which documents a Whoosh query matches, for the total and the facets (part of the engine).

The total and the facet counts need every matching *document*, not every page or its
score. Terms and their boolean combinations are evaluated by set algebra over posting
lists, read a block at a time rather than posting by posting. Phrases are first taken as
"all their words on the page" (a superset), and only then checked position by position with
Whoosh's own matcher, one page per document at most: once a page of a document is found,
the rest of that document's pages are skipped. The answer is exact; only the work shrinks.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import Any

from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.searching import Searcher

from archive.search.query import Deadline, checked


def matching_docs(
    searcher: Searcher, doc_of: list[int], query: wq.Query, deadline: Deadline
) -> set[int]:
    """The documents (ids) with at least one page matching ``query``."""
    evaluator = _Evaluator(searcher, deadline)
    pages = evaluator(query)
    if evaluator.loose:
        return _verified_docs(searcher, doc_of, query, pages, deadline)
    reader = searcher.reader()
    if reader.has_deletions():
        pages = {d for d in checked(pages, deadline, every=8192) if not reader.is_deleted(d)}
    return {doc_of[docnum] for docnum in checked(pages, deadline, every=8192)}


def _verified_docs(
    searcher: Searcher, doc_of: list[int], query: wq.Query, candidates: set[int], deadline: Deadline
) -> set[int]:
    """Documents among ``candidates`` (a superset of the matching pages) that truly match.

    Whoosh's matcher for the whole query is moved forward to each candidate in turn; where
    it stops is a true match (its matchers stop only there), and every later candidate page
    of that same document is passed over.
    """
    pages = sorted(candidates)
    matcher = query.matcher(searcher)
    docs: set[int] = set()
    i = 0
    while i < len(pages) and matcher.is_active():
        deadline.check()
        if matcher.id() < pages[i]:
            matcher.skip_to(pages[i])
            if not matcher.is_active():
                break
        docnum = matcher.id()
        doc = doc_of[docnum]
        docs.add(doc)
        i = bisect.bisect_right(pages, docnum)
        while i < len(pages) and doc_of[pages[i]] == doc:
            i += 1
    return docs


def _block_ids(matcher: Any) -> Iterable[int]:
    """Every id of a posting list, decoded a block at a time (not posting by posting)."""
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child  # deleted pages are dropped by the caller
    if not isinstance(matcher, W3LeafMatcher):
        return matcher.all_ids()
    ids: list[int] = []
    while matcher.is_active():
        # Whoosh's own block reader, used a block at a time: each block's ids are one array.
        matcher._read_ids()
        ids.extend(matcher._ids[matcher._i :])
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    return ids


def _without_implied_phrases(subqueries: list[wq.Query]) -> list[wq.Query]:
    """An alternation's parts less the phrases that add no page to it.

    A page holding a phrase holds each of its words, so where the same alternation also
    has one of those words alone in the same field (what the query rewriting adds: the
    words typed side by side also score as a phrase), the phrase adds nothing to the
    matches, only to the ranking, and need not be checked position by position here.
    """
    words = {(q.fieldname, q.text) for q in subqueries if isinstance(q, wq.Term)}
    return [
        q
        for q in subqueries
        if not (isinstance(q, wq.Phrase) and any((q.fieldname, w) in words for w in q.words))
    ]


class _Evaluator:
    """Set algebra over posting lists, checking the time budget between terms.

    ``exact=False`` lets a phrase outside any negation stand for all its words on one page
    (a superset, flagged in ``loose`` so that the caller checks the candidates).
    """

    def __init__(self, searcher: Searcher, deadline: Deadline, *, exact: bool = False) -> None:
        self.searcher = searcher
        self.deadline = deadline
        self.exact = exact
        self.loose = False

    def __call__(self, query: wq.Query, *, negated: bool = False) -> set[int]:
        self.deadline.check()
        if isinstance(query, wq.Term):
            return self.term(query.fieldname, query.text)
        if isinstance(query, wq.Or):
            subqueries = _without_implied_phrases(query.subqueries)
            return set().union(*(self(sub, negated=negated) for sub in subqueries))
        if isinstance(query, wq.And):
            return self.intersect(query, negated)
        if isinstance(query, wq.AndNot):
            return self(query.a, negated=negated) - self(query.b, negated=not negated)
        if isinstance(query, wq.Phrase) and not (self.exact or negated) and query.words:
            self.loose = True
            return self.intersect(wq.And([wq.Term(query.fieldname, w) for w in query.words]), False)
        return self.fallback(query)

    def term(self, fieldname: str, text: Any) -> set[int]:
        found: set[int] = set()
        for leaf, offset in self.searcher.leaf_searchers():
            reader = leaf.reader()
            if (fieldname, text) not in reader:
                continue  # a term absent from this segment (postings() would raise)
            ids = _block_ids(reader.postings(fieldname, text))
            found.update(ids if offset == 0 else (offset + i for i in ids))
        return found

    def intersect(self, query: wq.And, negated: bool) -> set[int]:
        positives = [s for s in query.subqueries if not isinstance(s, wq.Not)]
        negatives = [s.query for s in query.subqueries if isinstance(s, wq.Not)]
        if not positives:
            return self.fallback(query)
        found = self(positives[0], negated=negated)
        for sub in positives[1:]:
            if not found:
                break
            found &= self(sub, negated=negated)
        for sub in negatives:
            found -= self(sub, negated=not negated)
        return found

    def fallback(self, query: wq.Query) -> set[int]:
        """Whoosh's own matching (phrases, ranges, negations alone), within the budget."""
        return set(checked(query.docs(self.searcher), self.deadline))
