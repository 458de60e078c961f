"""The straightforward evaluation of a search, kept to check the Whoosh engine's fast path.

Every matching page is found by Whoosh's own matcher (phrases checked position by
position on every page) and every one of them is scored; documents are ranked by their
best page. Slow on a large index, obviously right: ``tests/test_fastpath.py`` compares
``WhooshEngine.search`` with it on generated corpora (same total, facets, documents, pages).
"""

from __future__ import annotations

from archive.search import query as qm
from archive.search import whoosh_engine as we
from archive.search.query import Deadline, Limits
from archive.search.types import SearchRequest, SearchResults, Texts


def reference_search(
    engine: we.WhooshEngine, request: SearchRequest, texts: Texts, *, limits: Limits
) -> SearchResults:
    """Answer ``request`` the slow way (no suggestion)."""
    deadline = Deadline(limits.time_budget_ms)
    tree = qm.parse(request.q, limits)
    with engine.reading() as searcher:
        query = we.translate(tree, searcher, limits, deadline)
        snap = engine._snapshot_for(searcher)
        matched = {snap.doc_of[page] for page in query.docs(searcher)}
        docs = we._filter_docs(snap, matched, request.filters)
        facets = we._facet_counts(snap, docs)
        offset = (request.page - 1) * request.per_page
        if request.sort != "relevance":
            window = we._window(searcher, snap, query, docs, request, deadline)
        else:
            scored = searcher.search(we._filtered(query, request.filters), limit=None)
            grouped = we._group(snap, scored.top_n, deadline)
            window = list(grouped.items())[offset : offset + request.per_page]
        hits = we._hits(window, texts, we._term_matcher(query), deadline)
    return SearchResults(len(docs), hits, facets, None, 0.0)
