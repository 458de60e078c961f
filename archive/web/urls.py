"""Absolute URLs of the archive's pages and files, and text made safe for XML.

Shared by the harvesting, feed, sitemap, citation and bulk-download views so that each names a
document by the same permanent URL.
"""

from __future__ import annotations

import re

from flask import request

from archive.catalog import Collection, Document
from archive.citations import Where
from archive.web import get_archive

# Characters XML 1.0 cannot hold at all (controls other than tab and newlines, lone
# surrogates, U+FFFE and U+FFFF): a PDF's metadata may contain any of them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def site_root() -> str:
    """The absolute root of this site, without a trailing slash."""
    return request.url_root.rstrip("/")


def document_url(doc: Document | int) -> str:
    """A document's permanent URL (its landing page)."""
    doc_id = doc if isinstance(doc, int) else doc.id
    return f"{site_root()}/documents/{doc_id}"


def pdf_url(doc: Document) -> str:
    """Where a document's PDF is downloaded, absolute."""
    return f"{document_url(doc)}/download"


def collection_url(col: Collection | str) -> str:
    """A collection's page, absolute."""
    slug = col if isinstance(col, str) else col.slug
    return f"{site_root()}/collections/{slug}"


def where(doc: Document) -> Where:
    """What the citation formats need to know of the site."""
    archive = get_archive()
    file_url = pdf_url(doc) if archive.reader_may_see(doc) else ""  # no link to a closed file
    return Where(document_url(doc), file_url, archive.settings.site_name)


def xml_text(value: object) -> str:
    """Text that XML 1.0 can carry (characters it forbids are dropped)."""
    return _NOT_XML.sub("", "" if value is None else str(value))
