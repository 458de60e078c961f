"""The JSON API: the same searches and documents the pages show, for programs.

Read-only GET endpoints. Bad parameters answer 400 with ``{"error", "message", "status"}``;
an unknown document 404, a withdrawn one 410 (its status and reason, never its text).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, abort, jsonify, request

from archive.catalog import PUBLISHED, WITHDRAWN, Document
from archive.errors import NotFound
from archive.results import document_summary, results_to_dict
from archive.web import get_archive
from archive.web.params import LIST_MAX_PAGE, ParamError, search_request, whole_number

log = logging.getLogger(__name__)
bp = Blueprint("api", __name__, url_prefix="/api")

LIST_PER_PAGE = 50
MAX_ID = 2**63 - 1


def base_url() -> str:
    """The absolute root of this site, so that the URLs returned can be followed as they are."""
    return request.url_root.rstrip("/")


@bp.errorhandler(ParamError)
def bad_parameter(exc: ParamError) -> Any:
    return jsonify({"error": "Bad parameter", "message": exc.message, "status": 400}), 400


@bp.get("/search")
def search() -> Any:
    """Search: total, hits with their best pages and snippets, facets, suggestion."""
    archive = get_archive()
    req = search_request(request.args, archive.settings)
    results = archive.search(req)  # QueryError: 400, IndexUnavailable: 503 (app handlers)
    return jsonify(
        results_to_dict(results, page=req.page, per_page=req.per_page, base_url=base_url())
    )


@bp.get("/documents")
def documents() -> Any:
    """Published documents, newest first, a page at a time."""
    archive = get_archive()
    page = whole_number(request.args, "page", 1, LIST_MAX_PAGE)
    per_page = whole_number(
        request.args, "per_page", LIST_PER_PAGE, archive.settings.search_max_per_page
    )
    total, docs = archive.documents(offset=(page - 1) * per_page, limit=per_page)
    return jsonify(
        {
            "total": total,
            "page": page,
            "per_page": per_page,
            "documents": [document_summary(d, base_url=base_url()) for d in docs],
        }
    )


def document_details(doc: Document) -> dict[str, Any]:
    """A published document's metadata, with its collection and catalog times."""
    data = document_summary(doc, base_url=base_url())
    col = doc.collection
    data["collection_title"] = col.title if col else None
    data["added_at"] = doc.added_at.isoformat() if doc.added_at else None
    data["updated_at"] = doc.updated_at.isoformat() if doc.updated_at else None
    return data


@bp.get(f"/documents/<int(max={MAX_ID}):doc_id>")
def document(doc_id: int) -> Any:
    """One document's metadata; 410 with the reason if withdrawn; 404 if unknown."""
    try:
        doc = get_archive().document(doc_id)
    except NotFound:
        abort(404, description=f"There is no document {doc_id} in the archive.")
    if doc.status not in (PUBLISHED, WITHDRAWN):  # a draft: unknown to readers
        abort(404, description=f"There is no document {doc_id} in the archive.")
    if doc.status == WITHDRAWN:
        body = {
            "id": doc.id,
            "title": doc.title,
            "status": doc.status,
            "reason": doc.withdrawn_reason,
            "url": f"{base_url()}/documents/{doc.id}",
        }
        return jsonify(body), 410
    return jsonify(document_details(doc))
