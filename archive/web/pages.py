"""Page images and the in-browser viewer: thumbnails and previews of a document's pages, and
a pdf.js viewer that opens at a page with the query's words highlighted.

Both ask ``Archive.reader_may_see`` (through ``Archive.page_image`` and ``_visible``), so a
withdrawn, draft, metadata-only or embargoed document shows neither to readers (404 for what
they may not know of, 403 for a file that is not public); signed-in librarians see them. A
page image is immutable for its SHA-256, page and size: a public one is sent with a strong
ETag and a year of caching; a restricted one (to a librarian) is never stored by caches.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, abort, g, make_response, render_template, request, send_file, url_for
from flask_babel import gettext as _

from archive.catalog import Document
from archive.errors import NotFound
from archive.ocr_queue import ocr_page_numbers
from archive.thumbs import SIZES, ThumbnailUnavailable
from archive.web import error_response, get_archive

log = logging.getLogger(__name__)
bp = Blueprint("pages", __name__)

MAX_ID = 2**63 - 1
DOC = f"<int(max={MAX_ID}):doc_id>"
PAGE = "<int(min=1,max=1000000):page>"
YEAR = 365 * 24 * 3600


@bp.app_template_global()
def thumbnail_url(doc: Document, page: int = 1, size: str = "small") -> str:
    """Where a page's image is served."""
    return url_for("pages.page_image", doc_id=doc.id, page=page, size=size)


@bp.app_template_global()
def viewer_url(doc: Document, page: int = 1, q: str | None = None) -> str:
    """The in-browser viewer at a page, highlighting a query's words."""
    return url_for("pages.viewer", doc_id=doc.id, page=page, q=q or None)


@bp.app_template_global()
def ocr_numbers_of(doc: Document) -> list[int]:
    """The pages of a document read by OCR (asked once per request and document)."""
    cache = g.setdefault("ocr_numbers", {})
    if doc.id not in cache:
        cache[doc.id] = ocr_page_numbers(get_archive(), doc.id)
    return cache[doc.id]


@bp.app_template_global()
def ocr_pairs_of(doc: Document) -> set[tuple[int, int]]:
    """The (document, page) pairs of a document read by OCR."""
    return {(doc.id, n) for n in ocr_numbers_of(doc)}


def _visible(doc_id: int) -> Document:
    archive = get_archive()
    try:
        doc = archive.document(doc_id)
    except NotFound:
        abort(404, description=_("There is no document %(id)s in the archive.", id=doc_id))
    if archive.reader_may_see(doc, librarian=g.get("user") is not None):
        return doc
    if archive.is_public(doc):  # a record readers know of, whose pages are not public
        abort(403, description=_("The pages of this document are not public."))
    abort(404, description=_("This document is not available."))


@bp.get(f"/documents/{DOC}/pages/{PAGE}/<size>.png")
def page_image(doc_id: int, page: int, size: str) -> Any:
    """A page drawn small (thumbnail) or large (preview), rendered on first request."""
    if size not in SIZES:
        abort(404, description=_("Sizes are %(sizes)s.", sizes=", ".join(SIZES)))
    doc = _visible(doc_id)
    etag = f"{doc.sha256}-{page}-{size}"
    public = get_archive().reader_may_see(doc)
    if etag in request.if_none_match:  # immutable: no need to look at the file
        return _cached(make_response("", 304), etag, public=public)
    try:
        path = get_archive().page_image(doc, page, size, librarian=g.get("user") is not None)
    except NotFound:
        abort(404, description=_("Document %(id)s has no page %(page)s.", id=doc_id, page=page))
    except ThumbnailUnavailable as exc:
        if exc.busy:
            busy = _("Too many pages are being drawn just now; try again in a moment.")
            return error_response(503, _("Busy"), busy, retry_after=5)
        abort(404, description=_("Page %(n)s cannot be drawn: %(why)s", n=page, why=exc.reason))
    response = send_file(path, mimetype="image/png", conditional=False, etag=False)
    return _cached(response, etag, public=public)


def _cached(response: Any, etag: str, *, public: bool = True) -> Any:
    response = make_response(response)
    response.set_etag(etag)
    # A restricted page's image (seen by a librarian) must never sit in a shared cache.
    cache = f"public, max-age={YEAR}, immutable" if public else "private, no-store"
    response.headers["Cache-Control"] = cache
    return response


@bp.get(f"/documents/{DOC}/view")
def viewer(doc_id: int) -> Any:
    """The viewer at ``?page=N``, highlighting ``?q=``'s words (pdf.js, served by the app)."""
    doc = _visible(doc_id)
    try:
        page = min(max(1, int(request.args.get("page", "1"))), doc.page_count)
    except ValueError:
        page = 1
    q = request.args.get("q", "").replace("\x00", "")[:500]
    return render_template(
        "viewer.html",
        doc=doc,
        page=page,
        q=q,
        ocr_pages=ocr_page_numbers(get_archive(), doc.id),
    )
