"""Atom feeds (RFC 4287) of new documents: the whole archive (``/feed.atom``), one collection
(``/collections/<slug>/feed.atom``) and any search (``/search.atom?q=…``, the filters of
``/search``; newest first unless another ``sort`` is asked for).

Entries are public documents only; an entry's id is the document's permanent URL, so it stays
the same however often the feed is read or the document edited.
"""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

from flask import Blueprint, Response, abort, request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from archive.catalog import Document
from archive.service import Archive
from archive.web import get_archive
from archive.web.params import search_request
from archive.web.urls import collection_url, document_url, pdf_url, site_root, xml_text

bp = Blueprint("feeds", __name__)

ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 50
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def rfc3339(value: dt.datetime) -> str:
    """A time as RFC 3339 in UTC."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def el(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
    """Add an Atom element."""
    child = ET.SubElement(parent, f"{{{ATOM}}}{name}", attrs)
    if text is not None:
        child.text = xml_text(text)
    return child


def entry(feed: ET.Element, doc: Document) -> None:
    """One document as an Atom entry."""
    item = el(feed, "entry")
    el(item, "id", document_url(doc))
    el(item, "title", doc.title or f"Document {doc.id}")
    el(item, "updated", rfc3339(doc.updated_at))
    el(item, "published", rfc3339(doc.added_at))
    for creator in doc.creators or []:
        el(el(item, "author"), "name", creator)
    el(item, "link", rel="alternate", type="text/html", href=document_url(doc))
    if Archive.reader_may_see(doc):  # never a link to a file readers may not have
        el(
            item,
            "link",
            rel="enclosure",
            type="application/pdf",
            href=pdf_url(doc),
            length=str(doc.size),
        )
    el(item, "category", term=doc.type, label=doc.type_label)
    summary = doc.description or f"{doc.type_label}, {doc.date or 'undated'}"
    el(item, "summary", summary, type="text")


def feed(title: str, self_url: str, page_url: str, docs: list[Document]) -> Response:
    """An Atom feed of these documents."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    el(root, "id", self_url)
    el(root, "title", title)
    newest = max((d.updated_at for d in docs), default=get_archive().earliest_change() or EPOCH)
    el(root, "updated", rfc3339(newest))
    el(el(root, "author"), "name", get_archive().settings.site_name)
    el(root, "link", rel="self", type="application/atom+xml", href=self_url)
    el(root, "link", rel="alternate", type="text/html", href=page_url)
    el(root, "generator", "seminar-archive")
    for doc in docs:
        entry(root, doc)
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(body, mimetype="application/atom+xml")


@bp.get("/feed.atom")
def archive_feed() -> Response:
    """The newest documents of the whole archive."""
    archive = get_archive()
    docs = archive.recent_documents(limit=ENTRIES)
    name = f"{archive.settings.site_name}: new documents"
    return feed(name, f"{site_root()}/feed.atom", f"{site_root()}/", docs)


@bp.get("/collections/<slug>/feed.atom")
def collection_feed(slug: str) -> Response:
    """The newest documents of one collection."""
    archive = get_archive()
    col = archive.collection(slug)
    if col is None:
        abort(404, description=_("There is no collection named %(slug)s.", slug=repr(slug[:100])))
    docs = archive.recent_documents(limit=ENTRIES, collection_id=col.id)
    page = collection_url(col)
    return feed(f"{col.title}: new documents", f"{page}/feed.atom", page, docs)


@bp.get("/search.atom")
def search_feed() -> Response:
    """The documents of a search, newest first (or in the ``sort`` asked for)."""
    archive = get_archive()
    args = MultiDict(request.args)
    args.setdefault("sort", "date")
    results = archive.search(search_request(args, archive.settings))
    query = request.query_string.decode("utf-8", "replace")
    self_url = f"{site_root()}/search.atom?{query}"
    page_url = f"{site_root()}/search?{query}"
    title = f"{archive.settings.site_name}: search for {request.args.get('q', '')[:200]}"
    return feed(title, self_url, page_url, [hit.document for hit in results.hits])
