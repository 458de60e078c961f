"""``/api/openapi.json``: an OpenAPI 3.0 description of the JSON API, exact to the field.

Built from the settings in force (page limits) and the catalog's document types, so that it
cannot drift from what ``archive.web.api`` and ``archive.web.params`` accept; a property-based
test (schemathesis) runs it against the real server.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from archive.catalog import DOCUMENT_TYPES
from archive.config import Settings
from archive.search import SORTS
from archive.web import get_archive
from archive.web.params import LIST_MAX_PAGE

bp = Blueprint("openapi", __name__)

MAX_ID = 2**63 - 1


def _string(nullable: bool = False) -> dict[str, Any]:
    return {"type": "string", "nullable": True} if nullable else {"type": "string"}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": list(properties),
        "properties": properties,
        "additionalProperties": False,
    }


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def document_properties() -> dict[str, Any]:
    """The fields of a document in the listing (as ``archive.results.document_summary``)."""
    return {
        "id": {"type": "integer"},
        "sha256": _string(),
        "title": _string(),
        "type": _string(),
        "language": _string(True),
        "date": _string(True),
        "creators": {"type": "array", "items": _string()},
        "subjects": {"type": "array", "items": _string()},
        "description": _string(),
        "titles": {
            "type": "object",
            "description": "Title and description in other languages, by language code.",
            "additionalProperties": {
                "type": "object",
                "properties": {"title": _string(), "description": _string()},
            },
        },
        "collection": _string(True),
        "pages": {"type": "integer"},
        "size": {"type": "integer"},
        "has_text": {"type": "boolean"},
        "status": _string(),
        "access": _string(),  # public, metadata or embargo:YYYY-MM-DD
        "file_public": {"type": "boolean"},
        "url": _string(),
        "download_url": _string(True),  # null when the file is not public
        "thumbnail_url": _string(True),  # the cover's; null when the file is not public
    }


def schemas() -> dict[str, Any]:
    """The shapes of every answer."""
    document = document_properties()
    details = {
        **document,
        "collection_title": _string(True),
        "added_at": _string(True),
        "updated_at": _string(True),
    }
    return {
        "Error": _object({"error": _string(), "message": _string(), "status": {"type": "integer"}}),
        "Document": _object(document),
        "DocumentDetails": _object(details),
        "Withdrawn": _object(
            {
                "id": {"type": "integer"},
                "title": _string(),
                "status": _string(),
                "reason": _string(),
                "url": _string(),
            }
        ),
        "DocumentList": _object(
            {
                "total": {"type": "integer"},
                "page": {"type": "integer"},
                "per_page": {"type": "integer"},
                "documents": {"type": "array", "items": _ref("Document")},
            }
        ),
        "SearchResults": search_results(),
        "Collection": collection_schema(),
    }


def collection_schema() -> dict[str, Any]:
    """A collection (an event) with its programme (README: Collections) and documents."""
    loose = {"type": "object"}  # a programme's parts, as documented in the README
    return _object(
        {
            "slug": _string(),
            "title": _string(),
            "start_date": _string(True),
            "end_date": _string(True),
            "venue": _string(),
            "description": _string(),
            "url": _string(),
            "programme": {"type": "array", "items": loose},
            "documents": {"type": "array", "items": _ref("Document")},
        }
    )


def search_results() -> dict[str, Any]:
    """The shape of a search's answer."""
    page_hit = _object(
        {
            "page": {"type": "integer"},
            "snippet": _string(),
            "url": _string(True),  # the PDF at that page; null when the file is not public
            "viewer_url": _string(True),
            "thumbnail_url": _string(True),
            "text_source": {"type": "string", "enum": ["pdf", "ocr"]},
        }
    )
    hit = _object(
        {
            "id": {"type": "integer"},
            "sha256": _string(),
            "title": _string(),
            "type": _string(),
            "language": _string(True),
            "date": _string(True),
            "collection": _string(True),
            "url": _string(),
            "download_url": _string(True),
            "thumbnail_url": _string(True),
            "score": {"type": "number"},
            "pages": {"type": "array", "items": page_hit},
        }
    )
    count = _object({"value": _string(), "count": {"type": "integer"}})
    facets = {
        "type": "object",
        "additionalProperties": {"type": "array", "items": count},
    }
    return _object(
        {
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            "hits": {"type": "array", "items": hit},
            "facets": facets,
            "suggestion": _string(True),
            "also_searched": {"type": "array", "items": _string()},  # variants searched too
            "types": {"type": "array", "items": _string()},  # document types the words named
            "relaxed": {"type": "boolean"},  # no page had every word: the closest are shown
            "elapsed_ms": {"type": "number"},
        }
    )


def _param(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def _answer(description: str, schema: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


def _errors(*codes: int) -> dict[str, Any]:
    meaning = {
        400: "A query or parameter that cannot be used; the message says why.",
        404: "No such document or collection (or no such path).",
        503: "The search index is being rebuilt; retry later.",
    }
    return {str(c): _answer(meaning[c], "Error") for c in codes}


def search_parameters(settings: Settings) -> list[dict[str, Any]]:
    """The parameters of ``/api/search``."""
    whole = {"type": "integer", "minimum": 1}
    return [
        {
            **_param("q", {"type": "string", "minLength": 1}, "The query (README: Searching)."),
            "required": True,
        },
        _param("page", {**whole, "maximum": settings.search_max_page}, "Results page."),
        _param("per_page", {**whole, "maximum": settings.search_max_per_page}, "Page size."),
        _param("type", {"type": "string", "enum": list(DOCUMENT_TYPES)}, "Document type."),
        _param("year", {"type": "string", "pattern": r"^\d{4}$"}, "Year of the document."),
        _param(
            "language",
            {"type": "string", "pattern": "^[a-z]{2,3}$"},
            "Documents in this language (ISO 639 code, e.g. th).",
        ),
        {
            **_param(
                "lang",
                {"type": "string", "pattern": "^[a-z]{2,3}$"},
                "The old name of `language`, still accepted; `language` wins when both are given.",
            ),
            "deprecated": True,
        },
        _param(
            "collection",
            {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,99}$"},
            "A collection's slug.",
        ),
        _param("sort", {"type": "string", "enum": list(SORTS)}, "Order of the results."),
    ]


def paths(settings: Settings) -> dict[str, Any]:
    """Every endpoint of the JSON API."""
    whole = {"type": "integer", "minimum": 1}
    id_schema = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
    doc_id = {"name": "doc_id", "in": "path", "required": True, "schema": id_schema}
    return {
        "/api/search": {
            "get": {
                "summary": "Search the full text",
                "operationId": "search",
                "parameters": search_parameters(settings),
                "responses": {"200": _answer("Results", "SearchResults"), **_errors(400, 503)},
            }
        },
        "/api/documents": {
            "get": {
                "summary": "Published documents, newest first",
                "operationId": "listDocuments",
                "parameters": [
                    _param("page", {**whole, "maximum": LIST_MAX_PAGE}, "Listing page."),
                    _param("per_page", {**whole, "maximum": settings.search_max_per_page}, "Size."),
                ],
                "responses": {"200": _answer("A page", "DocumentList"), **_errors(400)},
            }
        },
        "/api/documents/{doc_id}": {
            "get": {
                "summary": "One document's metadata",
                "operationId": "getDocument",
                "parameters": [doc_id],
                "responses": {
                    "200": _answer("The document", "DocumentDetails"),
                    "410": _answer("Withdrawn: what it was and why", "Withdrawn"),
                    **_errors(404),
                },
            }
        },
        "/api/collections/{slug}": {
            "get": {
                "summary": "One collection (an event) with its programme and documents",
                "operationId": "getCollection",
                "parameters": [
                    {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"200": _answer("The collection", "Collection"), **_errors(404)},
            }
        },
    }


def description(settings: Settings) -> dict[str, Any]:
    """The whole OpenAPI document."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": f"{settings.site_name} JSON API",
            "version": "1",
            "description": "Read-only; no login. Errors are JSON {error, message, status}.",
        },
        "paths": paths(settings),
        "components": {"schemas": schemas()},
    }


@bp.get("/api/openapi.json")
def openapi() -> Any:
    """The OpenAPI description of the JSON API."""
    return jsonify(description(get_archive().settings))
