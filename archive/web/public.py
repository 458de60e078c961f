"""The readers' pages: collections on the home page, full-text search, document pages and
PDF downloads.

Every value that came from a PDF or a librarian goes through Jinja's autoescape; the only
markup trusted as HTML is the search snippets, which ``archive.search.snippets`` builds from
escaped text and its own ``<mark>`` tags.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from dataclasses import dataclass, field
from typing import Any

from babel.dates import format_date, format_interval, format_skeleton, format_time
from flask import Blueprint, abort, current_app, g, render_template, request, url_for
from flask_babel import format_decimal, format_number, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from archive import programme, titles
from archive.catalog import (
    ACCESS_EMBARGO,
    DOCUMENT_TYPES,
    PUBLISHED,
    WITHDRAWN,
    Collection,
    Document,
)
from archive.errors import (
    IndexUnavailable,
    IntegrityError,
    NotFound,
    QueryError,
    QueryTooExpensive,
)
from archive.search import PageHit, SearchRequest
from archive.search.analysis import language_label
from archive.service import Archive, SearchPage
from archive.web import get_archive
from archive.web.downloads import VerifiedFiles, send_document
from archive.web.i18n import TYPE_LABELS, say
from archive.web.params import filter_param, search_request
from archive.web.wording import counted

log = logging.getLogger(__name__)
bp = Blueprint("public", __name__)

MAX_ID = 2**63 - 1
DOC_ID = f"<int(max={MAX_ID}):doc_id>"
SEARCH_ARGS = (
    *("q", "page", "per_page", "sort", "type", "year", "language", "collection"),
    *("creator", "subject", "day"),
)
FACET_HEADINGS = {
    "type": _l("Type"),
    "year": _l("Year"),
    "lang": _l("Language"),
    "collection": _l("Collection"),
    "creator": _l("Creator"),
    "subject": _l("Subject"),
    "day": _l("Day"),
}
_LANG_CODE = re.compile(r"^[a-z]{2,3}$")


# -- template helpers ------------------------------------------------------------------------------


@bp.app_template_filter("filesize")
def filesize(size: int | None) -> str:
    """A size in bytes for people, in the reader's locale: 812 bytes, 145 KB, 1.4 MB."""
    if size is None:
        return ""
    if size < 1024:
        return _("%(n)s bytes", n=format_number(size))
    if size < 1024 * 1024:
        return _("%(n)s KB", n=format_number(round(size / 1024)))
    return _("%(n)s MB", n=format_decimal(size / (1024 * 1024), format="0.0"))


@bp.app_template_filter("number")
def number(value: int | None) -> str:
    """A whole number written the reader's way (1,234 or 1.234)."""
    return "" if value is None else format_number(value)


def parse_date(value: str) -> dt.date | None:
    """A catalog date ('2015', '2015-11', '2015-11-25') as a date (day/month 1 if missing)."""
    parts = [*value.split("-"), "1", "1"][:3]
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


@bp.app_template_filter("human_date")
def human_date(value: str | None) -> str:
    """'2015-11-25' → '25 November 2015' ('25 พฤศจิกายน 2015' in Thai); '2015' stays."""
    if not value:
        return ""
    day = parse_date(value)
    if day is None or len(value) == 4:
        return value
    if len(value) == 7:
        return format_skeleton("yMMMM", day, locale=get_locale())
    return format_date(day, format="long", locale=get_locale())


@bp.app_template_filter("date_range")
def date_range(start: str | None, end: str | None) -> str:
    """'25–26 November 2015' for a two-day event (the locale's way), the whole dates otherwise."""
    if not start or not end or start == end:
        return human_date(start or end)
    first, last = parse_date(start), parse_date(end)
    whole_dates = first and last and len(start) == len(end) == 10 and first < last
    if first and last and whole_dates and (first.year, first.month) == (last.year, last.month):
        return same_month_range(first, last)
    return f"{human_date(start)} – {human_date(end)}"


def same_month_range(first: dt.date, last: dt.date) -> str:
    """Two days of one month, the locale's way, with the month's full name."""
    locale = get_locale()
    text = format_interval(first, last, "yMMMMd", locale=locale)
    if format_date(last, "MMMM", locale=locale) in text:
        return text  # CLDR has a full-month pattern for this locale (Thai, Khmer…)
    whole = format_date(last, format="long", locale=locale)
    if whole.startswith(str(last.day)):
        return f"{first.day}–{whole}"  # day-first locales: "25–26 November 2015"
    return f"{format_date(first, format='long', locale=locale)} – {whole}"


@bp.app_template_filter("timestamp")
def timestamp(value: dt.datetime | None) -> str:
    """A catalog time in UTC, to the minute, written the reader's way."""
    if not value:
        return ""
    value = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    value = value.astimezone(dt.UTC)
    day = format_date(value, format="medium", locale=get_locale())
    return f"{day} {format_time(value, format='short', tzinfo=dt.UTC, locale=get_locale())} UTC"


@bp.app_template_global()
def lang_attr(code: str | None) -> Markup:
    """A ` lang="xx"` attribute for text in a known language (nothing otherwise)."""
    if code and _LANG_CODE.match(code):
        return Markup(' lang="%s"') % code
    return Markup("")


bp.add_app_template_filter(counted, "counted")


def reader_locale() -> str:
    """The reader's interface language (English until the language selection sets it)."""
    return titles.DEFAULT_LOCALE


@bp.app_template_global("display_title")
def display_title(doc: Document, locale: str | None = None) -> titles.DisplayTitle:
    """A document's title in the reader's language where it has one, the original beside."""
    return titles.display_title(doc, locale or reader_locale())


@bp.app_template_global()
def search_url(**changes: Any) -> str:
    """The current search with some parameters changed (None removes one; page resets)."""
    args: dict[str, Any] = {k: v for k, v in request.args.items() if k in SEARCH_ARGS and v}
    args.pop("page", None)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    return url_for("public.search", **args)


@bp.app_template_global()
def download_url(doc: Document, *, inline: bool = False, page: int | None = None) -> str:
    """Where a document's PDF is downloaded, or opened in the browser (at a page)."""
    if not inline:
        return url_for("public.download", doc_id=doc.id)
    anchor = f"page={page}" if page else None
    return url_for("public.download", doc_id=doc.id, inline=1, _anchor=anchor)


def signed_in() -> bool:
    """Whether a librarian is signed in (librarians may read restricted documents)."""
    return g.get("user") is not None


@bp.app_template_global()
def may_read(doc: Document) -> bool:
    """Whether this reader may have the document's file, text, page images and viewer."""
    return Archive.reader_may_see(doc, librarian=signed_in())


@bp.app_template_global()
def access_note(doc: Document) -> str:
    """Why a reader cannot have the file, and until when ('' when they can)."""
    if Archive.reader_may_see(doc):
        return ""
    if doc.access == ACCESS_EMBARGO and doc.embargo_until:
        return _(
            "The file of this document is under embargo until %(date)s.",
            date=human_date(doc.embargo_until),
        )
    return _("The file of this document is not public: only its description is.")


@bp.app_template_global()
def ask_address() -> str:
    """Where readers write to ask for a file that is not public."""
    return str(get_archive().settings.admin_email)


@bp.app_template_global()
def type_label(code: str) -> str:
    """The readable name of a document type, in the reader's language."""
    return str(TYPE_LABELS.get(code, DOCUMENT_TYPES.get(code, code)))


def paragraphs(text: str | None) -> list[str]:
    """A description split at blank lines."""
    return [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]


bp.app_template_global("paragraphs")(paragraphs)
bp.app_template_global("filter_param")(filter_param)


@bp.app_template_global()
def document_types() -> list[str]:
    """The codes of the document types, in the catalog's order."""
    return list(DOCUMENT_TYPES)


# -- home and collections --------------------------------------------------------------------------


@dataclass(frozen=True)
class CollectionView:
    """A collection with its published documents grouped by type."""

    collection: Collection
    groups: list[tuple[str, list[Document]]]
    recommendations: list[Document]
    count: int
    programme: list[programme.Day] = field(default_factory=list)
    cover: Document | None = None


def group_by_type(docs: list[Document]) -> list[tuple[str, list[Document]]]:
    """Documents grouped under their type's label, in the catalog's order of types."""
    order = {code: i for i, code in enumerate(DOCUMENT_TYPES)}
    docs = sorted(
        docs, key=lambda d: (order.get(d.type, len(order)), d.type, d.date or "", d.title)
    )
    groups: list[tuple[str, list[Document]]] = []
    for doc in docs:
        if not groups or groups[-1][0] != type_label(doc.type):
            groups.append((type_label(doc.type), []))
        groups[-1][1].append(doc)
    return groups


def collection_view(collection: Collection) -> CollectionView:
    """What a collection section shows."""
    docs = [d for d in collection.documents if d.status == PUBLISHED]
    recommendations = [d for d in docs if d.type == "recommendations"]
    days = programme.view(collection.programme, docs)
    groups = group_by_type(docs)
    cover = main_document(docs)
    return CollectionView(collection, groups, recommendations, len(docs), days, cover)


def main_document(docs: list[Document]) -> Document | None:
    """The document whose first page stands for the event: its report, else the first one."""
    order = ("report", "recommendations", "speech")
    ranked = sorted(docs, key=lambda d: (order.index(d.type) if d.type in order else 9, d.id))
    return ranked[0] if ranked else None


@bp.get("/")
def home() -> Any:
    """Every collection, newest first, then the documents of no collection."""
    archive = get_archive()
    sections = [collection_view(c) for c in archive.collections()]
    others = archive.unfiled_documents()
    return render_template("home.html", sections=sections, others=group_by_type(others))


@bp.get("/collections/<slug>")
def collection(slug: str) -> Any:
    """One collection's page."""
    found = get_archive().collection(slug)
    if found is None:
        abort(404, description=_("There is no collection named %(slug)s.", slug=repr(slug[:100])))
    return render_template("collection.html", section=collection_view(found))


# -- search ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FacetOption:
    """One value of a facet: how it reads, how many documents have it, whether it filters."""

    value: str
    label: str
    count: int
    active: bool


@dataclass(frozen=True)
class FacetView:
    """A facet (type, year, language, collection) with its values."""

    name: str
    heading: str
    options: list[FacetOption]

    @property
    def param(self) -> str:
        """The URL parameter that filters by this facet (``language`` for ``lang``)."""
        return filter_param(self.name)


def facet_label(name: str, value: str, titles: dict[str, str]) -> str:
    """How a facet value reads on the page."""
    if name == "type":
        return type_label(value)
    if name == "lang":
        return language_label(value)
    if name == "collection":
        return titles.get(value, value)
    if name == "day":
        return human_date(value)
    return value


def facet_views(results: SearchPage, req: SearchRequest, titles: dict[str, str]) -> list[FacetView]:
    """The facets with counts, the active filter of each marked (shown even at zero)."""
    views = []
    for name, heading in FACET_HEADINGS.items():
        counts = list(results.facets.get(name, []))
        active = req.filters.get(name)
        if active and active not in {v for v, _ in counts}:
            counts.insert(0, (active, 0))
        options = [FacetOption(v, facet_label(name, v, titles), c, v == active) for v, c in counts]
        views.append(FacetView(name, str(heading), options))
    return views


def shared_collection(results: SearchPage) -> Collection | None:
    """The one collection every hit of the page belongs to (named once, above them)."""
    collections = {hit.document.collection_id for hit in results.hits}
    if len(collections) != 1 or None in collections:
        return None
    return results.hits[0].document.collection


def page_numbers(current: int, last: int) -> list[int | None]:
    """Page links to show: first, last and two either side of the current (None = gap)."""
    shown = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    out: list[int | None] = []
    for number in shown:
        if out and number - (out[-1] or 0) > 1:
            out.append(None)
        out.append(number)
    return out


@bp.get("/search")
def search() -> Any:
    """Full-text search with facets, sorting and pages; the syntax help when empty."""
    archive = get_archive()
    try:
        req = search_request(request.args, archive.settings, old_lang=False)
        if not req.q.strip() and not req.filters:
            return render_template("search.html", req=req, results=None)
        results = archive.search(req)
    except QueryError as exc:
        return render_template("search.html", req=None, results=None, error=say(exc)), 400
    titles = archive.collection_titles()
    last = min(max(1, math.ceil(results.total / req.per_page)), archive.settings.search_max_page)
    return render_template(
        "search.html",
        req=req,
        results=results,
        facets=facet_views(results, req, titles),
        pages=page_numbers(min(req.page, last), last),
        last_page=last,
        shared_collection=shared_collection(results),
        offset=(req.page - 1) * req.per_page,
    )


# -- documents -------------------------------------------------------------------------------------


def find_document(archive: Archive, doc_id: int) -> Document:
    """The document, or a 404 page (also for a draft, unless a librarian asks)."""
    doc = archive.document(doc_id)  # NotFound: the 404 page, answered in one place
    if doc.status not in (PUBLISHED, WITHDRAWN) and not signed_in():
        abort(404, description=_("There is no document %(id)s in the archive.", id=doc_id))
    return doc


def citation(doc: Document) -> str:
    """'Creators (Year). Title [Type]. Collection, venue. Permanent URL'."""
    year = doc.year or "n.d."
    title = doc.title.rstrip(". ")
    creators = "; ".join(doc.creators or [])
    text = f"{creators} ({year}). {title}" if creators else f"{title} ({year})"
    text += f" [{doc.type_label}]."
    if doc.collection is not None:
        where = ", ".join(p for p in (doc.collection.title, doc.collection.venue) if p)
        text += f" {where.rstrip('. ')}."
    return f"{text} {url_for('public.document', doc_id=doc.id, _external=True)}"


def matching_pages(archive: Archive, doc: Document, q: str) -> tuple[list[PageHit], str | None]:
    """The pages of the document matching ``q`` with snippets, or a message why not."""
    if not q.strip() or not doc.has_text:
        return [], None
    try:
        hits = archive.page_snippets(q, doc.id)
    except (QueryError, QueryTooExpensive) as exc:
        return [], say(exc)
    except IndexUnavailable:
        return [], _("Search is being rebuilt; the matching pages cannot be shown just now.")
    # Only pages whose text holds a query word (the index offers page 1 when just the title
    # or creators match, which is right for a result list but not for "pages matching").
    return [hit for hit in hits if "<mark>" in hit.snippet], None


def similar_documents(archive: Archive, doc: Document) -> list[Document]:
    """More like this (nothing while the index is unavailable)."""
    try:
        return archive.similar(doc)
    except IndexUnavailable:
        return []


def tombstone(doc: Document) -> Any:
    """The 410 page of a withdrawn document: what it was, why it went, how to cite it."""
    return render_template("tombstone.html", doc=doc, citation=citation(doc)), 410


@bp.get(f"/documents/{DOC_ID}")
def document(doc_id: int) -> Any:
    """A document's page: metadata, downloads, matching pages, similar documents, citation."""
    archive = get_archive()
    doc = find_document(archive, doc_id)
    if doc.status == WITHDRAWN:
        return tombstone(doc)
    q = request.args.get("q", "").replace("\x00", "")
    matches: list[PageHit] = []
    match_error: str | None = None
    if archive.reader_may_see(doc):  # snippets: never of text readers may not have
        matches, match_error = matching_pages(archive, doc, q)
    return render_template(
        "document.html",
        doc=doc,
        q=q,
        matches=matches,
        match_error=match_error,
        similar=similar_documents(archive, doc),
        being_indexed=doc.status == PUBLISHED and archive.awaiting_index(doc.id),
        citation=citation(doc),
        permalink=url_for("public.document", doc_id=doc.id, _external=True),
    )


def verified_files(archive: Archive) -> VerifiedFiles:
    """This app's memory of files already hashed and found whole."""
    return current_app.extensions.setdefault("verified_files", VerifiedFiles(archive.store))


@bp.get(f"/documents/{DOC_ID}/download")
def download(doc_id: int) -> Any:
    """The PDF (``?inline=1`` opens it in the browser); never bytes that fail the check."""
    archive = get_archive()
    doc = find_document(archive, doc_id)
    if doc.status == WITHDRAWN:
        return tombstone(doc)
    if not archive.reader_may_see(doc, librarian=signed_in()):
        return restricted(doc)
    try:
        path = verified_files(archive).path(doc.sha256, doc.size)
    except IntegrityError as exc:
        log.error(
            "integrity error: document %d (%s) not sent: %s [%s]",
            doc.id,
            doc.sha256,
            exc.message,
            exc.kind,
        )
        return render_template("integrity.html", doc=doc), 503
    response = send_document(doc, path, inline=request.args.get("inline") == "1")
    if not archive.reader_may_see(doc):  # a librarian's copy of a restricted file
        response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.app_template_global()
def versions_of(doc: Document) -> list[Any]:
    """Every file a document has had, oldest first."""
    return get_archive().versions(doc.id)


@bp.get(f"/documents/{DOC_ID}/versions/<int(min=1,max=100000):number>/download")
def version_download(doc_id: int, number: int) -> Any:
    """One version's file, by its permanent URL (the same rule as the latest's download)."""
    archive = get_archive()
    doc = find_document(archive, doc_id)
    if doc.status == WITHDRAWN:
        return tombstone(doc)
    if not archive.reader_may_see(doc, librarian=signed_in()):
        return restricted(doc)
    try:
        found = archive.version(doc_id, number)
        path = verified_files(archive).path(found.sha256, found.size)
    except NotFound:
        abort(404, description=_("Document %(id)s has no version %(n)s.", id=doc_id, n=number))
    except IntegrityError as exc:
        log.error("integrity error: version %d of document %d not sent: %s", number, doc_id, exc)
        return render_template("integrity.html", doc=doc), 503
    inline = request.args.get("inline") == "1"
    response = send_document(doc, path, inline=inline, sha256=found.sha256)
    if not archive.reader_may_see(doc):
        response.headers["Cache-Control"] = "private, no-store"
    return response


def restricted(doc: Document) -> Any:
    """The 403 page of a file readers may not have: what it is and how to ask for it."""
    return render_template("restricted.html", doc=doc, citation=citation(doc)), 403
