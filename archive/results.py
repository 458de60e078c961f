"""Search results as plain JSON-able data: one shape for the API and ``archive search --json``."""

from __future__ import annotations

from typing import Any

from archive.catalog import Document
from archive.service import Archive, SearchPage
from archive.visibility import access_of


def document_summary(doc: Document, *, base_url: str = "") -> dict[str, Any]:
    """The public fields of a document (no file or image links when its file is not public)."""
    readable = Archive.reader_may_see(doc)
    return {
        "id": doc.id,
        "sha256": doc.sha256,
        "title": doc.title,
        "type": doc.type,
        "language": doc.language,
        "date": doc.date,
        "creators": list(doc.creators or []),
        "subjects": list(doc.subjects or []),
        "description": doc.description,
        "titles": dict(doc.titles or {}),
        "collection": doc.collection.slug if doc.collection else None,
        "pages": doc.page_count,
        "size": doc.size,
        "has_text": doc.has_text,
        "status": doc.status,
        "access": str(access_of(doc)),
        "file_public": readable,
        "url": f"{base_url}/documents/{doc.id}",
        "download_url": f"{base_url}/documents/{doc.id}/download" if readable else None,
        "thumbnail_url": page_image_url(doc.id, 1, base_url=base_url) if readable else None,
    }


def page_image_url(doc_id: int, page: int, *, base_url: str = "", size: str = "small") -> str:
    """Where a page's thumbnail (or ``large`` preview) is served."""
    return f"{base_url}/documents/{doc_id}/pages/{page}/{size}.png"


def _page_links(summary: dict[str, Any], page: int, *, base_url: str) -> dict[str, str | None]:
    """Where a hit's page opens (PDF, viewer, thumbnail): none of them when the file is not
    the reader's to have."""
    if summary["download_url"] is None:
        return {"url": None, "viewer_url": None, "thumbnail_url": None}
    return {
        "url": f"{summary['download_url']}?inline=1#page={page}",
        "viewer_url": f"{summary['url']}/view?page={page}",
        "thumbnail_url": page_image_url(summary["id"], page, base_url=base_url),
    }


def results_to_dict(
    results: SearchPage, *, page: int, per_page: int, base_url: str = ""
) -> dict[str, Any]:
    """The search API's answer: total, hits with their pages and snippets, facets."""
    hits = []
    for hit in results.hits:
        summary = document_summary(hit.document, base_url=base_url)
        hits.append(
            {
                **{
                    k: summary[k]
                    for k in (
                        "id",
                        "sha256",
                        "title",
                        "type",
                        "language",
                        "date",
                        "collection",
                        "url",
                        "download_url",
                        "thumbnail_url",
                    )
                },
                "score": round(hit.score, 4),
                "pages": [
                    {
                        "page": p.page,
                        "snippet": p.snippet,
                        **_page_links(summary, p.page, base_url=base_url),
                        "text_source": "ocr"
                        if (hit.document.id, p.page) in results.ocr_pages
                        else "pdf",
                    }
                    for p in hit.pages
                ],
            }
        )
    return {
        "total": results.total,
        "page": page,
        "per_page": per_page,
        "hits": hits,
        "facets": {
            name: [{"value": v, "count": c} for v, c in values]
            for name, values in results.facets.items()
        },
        "suggestion": results.suggestion,
        "also_searched": list(results.also_searched),
        "types": list(results.types),
        "relaxed": results.relaxed,
        "elapsed_ms": round(results.elapsed_ms, 1),
    }
