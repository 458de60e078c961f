"""Citation exports: each document, and each page of search results, as BibTeX, RIS and
CSL-JSON; formatted references for the document page.

Withdrawn documents answer 410 here as on their page; a search export holds the documents
of the results page asked for (``page`` and ``per_page`` as on ``/search``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, request

from archive import citations
from archive.catalog import Document
from archive.web import get_archive
from archive.web.params import search_request
from archive.web.urls import where

bp = Blueprint("exports", __name__)

MAX_ID = 2**63 - 1
DOC_ID = f"<int(max={MAX_ID}):doc_id>"
# format: (media type, file extension, one document's text, how several are joined)
Render = Callable[[list[Document]], str]


def _csl(docs: list[Document]) -> str:
    return json.dumps([citations.csl_item(d, where(d)) for d in docs], ensure_ascii=False, indent=2)


def _bib(docs: list[Document]) -> str:
    return "\n".join(citations.bibtex(d, where(d)) for d in docs)


def _ris(docs: list[Document]) -> str:
    return "\r\n".join(citations.ris(d, where(d)) for d in docs)


FORMATS: dict[str, tuple[str, Render]] = {
    "bib": ("application/x-bibtex", _bib),
    "ris": ("application/x-research-info-systems", _ris),
    "csl.json": ("application/vnd.citationstyles.csl+json", _csl),
}


def export(docs: list[Document], fmt: str, filename: str) -> Response:
    """Documents in one citation format, as a download."""
    mimetype, render = FORMATS[fmt]
    response = Response(render(docs), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def public_document(doc_id: int) -> Document:
    """The document if readers may see it (``NotFound``/``Withdrawn`` answer 404/410)."""
    return get_archive().public_document(doc_id)


def _document_route(fmt: str) -> Callable[[int], Response]:
    def view(doc_id: int) -> Response:
        return export([public_document(doc_id)], fmt, f"document-{doc_id}")

    view.__name__ = "document_" + fmt.replace(".", "_")
    view.__doc__ = f"One document as {fmt}."
    return view


def _search_route(fmt: str) -> Callable[[], Response]:
    def view() -> Response:
        archive = get_archive()
        results = archive.search(search_request(request.args, archive.settings))
        return export([hit.document for hit in results.hits], fmt, "search")

    view.__name__ = "search_" + fmt.replace(".", "_")
    view.__doc__ = f"A page of search results as {fmt}."
    return view


for _fmt in FORMATS:
    bp.add_url_rule(f"/documents/{DOC_ID}.{_fmt}", view_func=_document_route(_fmt))
    bp.add_url_rule(f"/search.{_fmt}", view_func=_search_route(_fmt))


@bp.app_template_global()
def citation_styles(doc: Document) -> list[tuple[str, str]]:
    """The document's formatted references (APA, Chicago, Harvard)."""
    return citations.formatted(doc, where(doc))


@bp.app_template_global()
def export_formats() -> list[tuple[str, str]]:
    """The citation formats offered: (extension, label)."""
    return [("bib", "BibTeX"), ("ris", "RIS"), ("csl.json", "CSL-JSON")]


def search_args() -> dict[str, Any]:
    """The current search's parameters, to carry over to its exports and feed."""
    keep = ("q", "page", "per_page", "sort", "type", "year", "language", "collection")
    return {k: v for k, v in request.args.items() if k in keep and v}


bp.app_template_global("search_args")(search_args)
