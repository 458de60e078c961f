"""From ranked pages to shown hits: the pages whose text matches, each with its snippet.

Engine-neutral (both engines use it): snippets are cut only for the pages of the results page shown,
from the catalog's stored text, never for every match.
"""

from __future__ import annotations

from archive.search.query import Deadline
from archive.search.snippets import Highlighter, make_snippet
from archive.search.types import DocumentHit, PageHit, Texts

SNIPPET_PAGES = 3
ScoredPages = list[tuple[int, float]]  # (page number, score), best first


def shown_hits(
    window: list[tuple[int, ScoredPages]],
    texts: Texts,
    matcher: Highlighter,
    deadline: Deadline,
    *,
    shown: int = SNIPPET_PAGES,
    fallback: bool = True,
) -> list[DocumentHit]:
    """Documents with their best pages whose text matches (page 1 when only metadata does)."""
    candidates = {doc: pages[: max(shown, SNIPPET_PAGES) * 2] for doc, pages in window}
    page_texts = texts(
        [(doc, n) for doc, pages in candidates.items() for n, _ in pages]
        + [(doc, 1) for doc in candidates]
    )
    hits = []
    for doc, pages in window:
        shown_pages = []
        for number, score in candidates[doc]:
            deadline.check()
            snippet = make_snippet(page_texts.get((doc, number), ""), matcher)
            if "<mark>" in snippet:
                shown_pages.append(PageHit(number, score, snippet))
            if len(shown_pages) == shown:
                break
        if not shown_pages and fallback:  # matched by title or creators only
            shown_pages = [PageHit(1, 0.0, make_snippet(page_texts.get((doc, 1), ""), matcher))]
        hits.append(DocumentHit(doc, pages[0][1] if pages else 0.0, shown_pages))
    return hits
