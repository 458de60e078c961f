"""Being found by crawlers: ``/sitemap.xml`` (an index past ``ARCHIVE_SITEMAP_MAX_URLS``),
``/robots.txt``, FAIR Signposting ``Link`` headers and schema.org JSON-LD.

Only public documents are listed (``Archive.is_public`` and the catalog's ``published`` query
helper decide); a withdrawn document leaves the sitemap the moment it is withdrawn.
"""

from __future__ import annotations

import math
import re
from typing import Any
from xml.etree import ElementTree as ET

from flask import Blueprint, Response, abort, request
from flask_babel import gettext

from archive import programme
from archive.catalog import Collection, Document
from archive.errors import NotFound
from archive.web import get_archive
from archive.web.urls import collection_url, document_url, pdf_url, site_root, xml_text

bp = Blueprint("discovery", __name__)

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
SCHEMA_TYPES = {"report": "Report", "presentation": "PresentationDigitalDocument"}
CITATION_TYPES = {
    "csl.json": "application/vnd.citationstyles.csl+json",
    "bib": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
}


# -- sitemap and robots ------------------------------------------------------------------------


def sitemap_size() -> tuple[int, int]:
    """How many URLs the sitemap lists in all, and how many collections come first."""
    archive = get_archive()
    collections = len(archive.collection_stamps())
    return 1 + collections + archive.count_public_documents(), collections


def sitemap_slice(start: int, stop: int) -> list[tuple[str, str | None]]:
    """URLs start..stop of the sitemap (home, collections, documents) with their lastmod."""
    archive = get_archive()
    cols = archive.collection_stamps()
    urls: list[tuple[str, Any]] = [(f"{site_root()}/", None)]
    urls += [(collection_url(slug), stamp) for slug, stamp in cols]
    wanted = urls[start:stop]
    first_doc = max(0, start - len(urls))
    limit = stop - start - len(wanted)
    if limit > 0:
        stamps = archive.public_document_stamps(offset=first_doc, limit=limit)
        wanted += [(document_url(doc_id), stamp) for doc_id, stamp in stamps]
    return [(url, stamp.strftime("%Y-%m-%dT%H:%M:%SZ") if stamp else None) for url, stamp in wanted]


def xml_response(root: ET.Element, mimetype: str = "application/xml") -> Response:
    """An XML document as a response."""
    ET.register_namespace("", root.tag[1:].split("}")[0])
    return Response(ET.tostring(root, encoding="utf-8", xml_declaration=True), mimetype=mimetype)


def urlset(entries: list[tuple[str, str | None]]) -> Response:
    """A sitemap of these URLs."""
    root = ET.Element(f"{{{SITEMAP}}}urlset")
    for url, lastmod in entries:
        item = ET.SubElement(root, f"{{{SITEMAP}}}url")
        ET.SubElement(item, f"{{{SITEMAP}}}loc").text = xml_text(url)
        if lastmod:
            ET.SubElement(item, f"{{{SITEMAP}}}lastmod").text = lastmod
    return xml_response(root)


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    """Every public page, or an index of sitemap parts when there are too many for one."""
    per_file = get_archive().settings.sitemap_max_urls
    total, _ = sitemap_size()
    if total <= per_file:
        return urlset(sitemap_slice(0, total))
    root = ET.Element(f"{{{SITEMAP}}}sitemapindex")
    for part in range(1, math.ceil(total / per_file) + 1):
        item = ET.SubElement(root, f"{{{SITEMAP}}}sitemap")
        ET.SubElement(item, f"{{{SITEMAP}}}loc").text = f"{site_root()}/sitemap-{part}.xml"
    return xml_response(root)


@bp.get("/sitemap-<int(min=1, max=1000000):part>.xml")
def sitemap_part(part: int) -> Response:
    """One part of a sitemap index."""
    per_file = get_archive().settings.sitemap_max_urls
    total, _ = sitemap_size()
    if total <= per_file or (part - 1) * per_file >= total:
        abort(404, description=gettext("There is no such sitemap part."))
    return urlset(sitemap_slice((part - 1) * per_file, part * per_file))


@bp.get("/robots.txt")
def robots() -> Response:
    """Let crawlers in everywhere but the librarians' pages and bulk downloads."""
    lines = [
        "User-agent: *",
        "Disallow: /desk",
        "Disallow: /login",
        "Disallow: /search.zip",
        "Disallow: /collections/*/download.zip",
        f"Sitemap: {site_root()}/sitemap.xml",
    ]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


# -- FAIR Signposting --------------------------------------------------------------------------


def link(url: str, rel: str, media_type: str | None = None) -> str:
    """One RFC 8288 link value."""
    return f'<{url}>; rel="{rel}"' + (f'; type="{media_type}"' if media_type else "")


def landing_links(doc: Document) -> list[str]:
    """Signposting level 1 links of a document's landing page."""
    page = document_url(doc)
    links = [link(page, "cite-as")]
    links += [link(f"{page}.{ext}", "describedby", kind) for ext, kind in CITATION_TYPES.items()]
    if get_archive().reader_may_see(doc):  # no link to a file readers may not have
        links.append(link(pdf_url(doc), "item", "application/pdf"))
    links.append(link(f"https://schema.org/{schema_type(doc)}", "type"))
    links.append(link("https://schema.org/AboutPage", "type"))
    # Creators are recorded as names, not URIs (ORCID, ROR): no "author" link can be given.
    if license_url := get_archive().settings.license_url:
        links.append(link(license_url, "license"))
    return links


def _requested_document() -> Document | None:
    try:
        doc = get_archive().document(int((request.view_args or {})["doc_id"]))
    except (KeyError, ValueError, NotFound):
        return None
    return doc if get_archive().is_public(doc) else None


@bp.after_app_request
def signposting(response: Response) -> Response:
    """Add Signposting links to a public document's page and to its file."""
    if request.endpoint not in ("public.document", "public.download"):
        return response
    if response.status_code not in (200, 206, 304):
        return response
    doc = _requested_document()
    if doc is None:
        return response
    if request.endpoint == "public.document":
        links = landing_links(doc)
    else:
        links = [link(document_url(doc), "collection", "text/html")]
    response.headers["Link"] = ", ".join(links)
    return response


# -- schema.org JSON-LD ------------------------------------------------------------------------

# Creators are plain names; these words mark the name of a body rather than of a person.
_BODIES = re.compile(
    r"\b(organi[sz]ation|office|secretariat|ministry|department|team|association|union|"
    r"federation|confederation|council|government|bank|institute|agency|commission|"
    r"committee|programme|program|asean|ilo|un)\b",
    re.IGNORECASE,
)


def agent_type(name: str) -> str:
    """Organization for a name that reads like a body's, Person otherwise."""
    return "Organization" if _BODIES.search(name) else "Person"


def schema_type(doc: Document) -> str:
    """The schema.org type of a document."""
    return SCHEMA_TYPES.get(doc.type, "DigitalDocument")


def event(col: Collection) -> dict[str, Any]:
    """A collection (a seminar) as a schema.org Event."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": collection_url(col),
        "url": collection_url(col),
        "name": col.title,
    }
    if col.description:
        data["description"] = col.description
    if col.start_date:
        data["startDate"] = col.start_date
    if col.end_date or col.start_date:
        data["endDate"] = col.end_date or col.start_date
    if col.venue:
        data["location"] = {"@type": "Place", "name": col.venue, "address": col.venue}
    return data


@bp.app_template_global()
def collection_jsonld(col: Collection) -> dict[str, Any]:
    """JSON-LD of a collection's page: the event with its sessions as sub-events."""
    data = event(col)
    docs = [d for d in col.documents if get_archive().is_public(d)]
    sessions = [
        session_event(day, s) for day in programme.view(col.programme, docs) for s in day.sessions
    ]
    if sessions:
        data["subEvent"] = sessions
    return data


def session_event(day: programme.Day, session: programme.Session) -> dict[str, Any]:
    """A programme session as a schema.org Event, its talks as sub-events with performers."""
    data: dict[str, Any] = {"@type": "Event", "name": session.title}
    data.update(_when(day.date, session.start, session.end))
    if session.chair:
        data["organizer"] = performer(session.chair)
    talks = []
    for talk in session.contributions:
        item: dict[str, Any] = {"@type": "Event", "name": talk.title}
        item.update(_when(day.date, talk.start, talk.end))
        if talk.speakers:
            item["performer"] = [performer(p) for p in talk.speakers]
        if talk.documents:
            item["workFeatured"] = [
                {"@id": document_url(d), "name": d.title} for d in talk.documents
            ]
        talks.append(item)
    if talks:
        data["subEvent"] = talks
    return data


def _when(date: str, start: str, end: str) -> dict[str, str]:
    # A time the programme does not give is left out: the date alone is what is known.
    return {
        "startDate": f"{date}T{start}" if start else date,
        "endDate": f"{date}T{end}" if end else date,
    }


def performer(speaker: dict[str, str]) -> dict[str, Any]:
    """A speaker as a schema.org Person (or the role, when the programme names nobody)."""
    data: dict[str, Any] = {"@type": "Person", "name": speaker.get("name") or speaker["role"]}
    if speaker.get("role") and speaker.get("name"):
        data["jobTitle"] = speaker["role"]
    if speaker.get("affiliation"):
        data["affiliation"] = {"@type": "Organization", "name": speaker["affiliation"]}
    return data


@bp.app_template_global()
def document_jsonld(doc: Document) -> dict[str, Any]:
    """JSON-LD of a document's page."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": schema_type(doc),
        "@id": document_url(doc),
        "url": document_url(doc),
        "name": doc.title,
        "author": [{"@type": agent_type(c), "name": c} for c in doc.creators or []],
        "encodingFormat": "application/pdf",
        "contentSize": str(doc.size),
        "publisher": {"@type": "Organization", "name": get_archive().settings.site_name},
    }
    optional = {
        "datePublished": doc.date,
        "inLanguage": doc.language,
        "description": doc.description,
        "keywords": ", ".join(doc.subjects or []),
        "license": get_archive().settings.license_url,
    }
    data.update({k: v for k, v in optional.items() if v})
    if get_archive().reader_may_see(doc):
        data["contentUrl"] = pdf_url(doc)
    else:
        data["isAccessibleForFree"] = False
    if doc.collection is not None:
        data["recordedAt"] = event(doc.collection)
        data["recordedAt"].pop("@context")
    return data


@bp.app_template_global()
def absolute_pdf_url(doc: Document) -> str:
    """A document's PDF, absolute on this host (for ``citation_pdf_url``)."""
    return pdf_url(doc)
