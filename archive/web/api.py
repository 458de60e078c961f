"""The JSON API: the same searches and documents the pages show, for programs.

Read-only GET endpoints. Bad parameters answer 400 with ``{"error", "message", "status"}``;
an unknown document 404, a withdrawn one 410 (its status and reason, never its text).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, jsonify, request

from archive import programme
from archive.catalog import Collection, Document
from archive.errors import NotFound
from archive.results import document_summary, results_to_dict
from archive.service import Archive
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
    return jsonify(document_details(get_archive().public_document(doc_id)))


@bp.get("/collections/<slug>")
def collection(slug: str) -> Any:
    """One collection (an event) with its programme and published documents; 404 if unknown."""
    found = get_archive().collection(slug[:100])
    if found is None:
        raise NotFound(f"There is no collection named {slug[:100]!r}.")
    return jsonify(collection_details(found))


def collection_details(col: Collection) -> dict[str, Any]:
    """A collection's fields, its programme (documents as id, title, url) and documents."""
    docs = [d for d in col.documents if Archive.is_public(d)]
    base = base_url()
    return {
        "slug": col.slug,
        "title": col.title,
        "start_date": col.start_date,
        "end_date": col.end_date,
        "venue": col.venue,
        "description": col.description,
        "url": f"{base}/collections/{col.slug}",
        "programme": programme_dict(programme.view(col.programme, docs)),
        "documents": [document_summary(d, base_url=base) for d in docs],
    }


def programme_dict(days: list[programme.Day]) -> list[dict[str, Any]]:
    """The programme's days as JSON, each document reference resolved."""

    def doc(d: Document) -> dict[str, Any]:
        return {
            "id": d.id,
            "title": d.title,
            "type": d.type,
            "url": f"{base_url()}/documents/{d.id}",
        }

    def talk(c: programme.Contribution) -> dict[str, Any]:
        return {
            "title": c.title,
            "start": c.start or None,
            "end": c.end or None,
            "speakers": c.speakers,
            "documents": [doc(d) for d in c.documents],
        }

    def session(s: programme.Session) -> dict[str, Any]:
        return {
            "title": s.title,
            "start": s.start or None,
            "end": s.end or None,
            "chair": s.chair,
            "contributions": [talk(c) for c in s.contributions],
            "documents": [doc(d) for d in s.documents],
        }

    return [
        {
            "date": day.date,
            "title": day.title or None,
            "sessions": [session(s) for s in day.sessions],
            "documents": [doc(d) for d in day.documents],
        }
        for day in days
    ]
