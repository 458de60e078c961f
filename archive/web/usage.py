"""Counting readers' views and downloads, and the desk's statistics (page and CSV).

A document page shown (200) is a view; a download answered whole (200) or from its first byte
(a 206 for ``bytes=0-…``: a viewer's first range request) is a download, so that the many range
requests of one reading count once. Robots, signed-in librarians, repeats within 30 seconds
and documents readers cannot see are not counted (``archive.usage``). No address is stored.
"""

from __future__ import annotations

import csv
import io
import logging
from typing import Any

from flask import Blueprint, Response, current_app, g, render_template, request

from archive.usage import DOWNLOAD, VIEW, RepeatFilter, is_robot
from archive.web import get_archive
from archive.web.auth import librarian_required

log = logging.getLogger(__name__)
bp = Blueprint("usage", __name__)

COUNTED = {
    "public.document": VIEW,
    "public.download": DOWNLOAD,
    "public.version_download": DOWNLOAD,
}


def _kind(response: Response) -> str | None:
    """What this response is to count as, if anything."""
    kind = COUNTED.get(request.endpoint or "")
    if kind is None or request.method != "GET" or g.get("user") is not None:
        return None
    if response.status_code == 200:
        return kind
    if kind == DOWNLOAD and response.status_code == 206:
        return kind if (request.headers.get("Range") or "").startswith("bytes=0-") else None
    return None


def _repeats() -> RepeatFilter:
    return current_app.extensions.setdefault("usage_repeats", RepeatFilter())


@bp.after_app_request
def count(response: Response) -> Response:
    """Count a reader's view or download (never failing the response)."""
    kind = _kind(response)
    agent = request.headers.get("User-Agent", "")
    if kind is None or is_robot(agent):
        return response
    doc_id = int((request.view_args or {}).get("doc_id", 0))
    if _repeats().first(request.remote_addr or "", agent, doc_id, kind):
        try:
            get_archive().count_use(doc_id, kind)
        except Exception:  # a count is not worth a reader's error page
            log.exception("usage of document %d not counted", doc_id)
    return response


@bp.app_template_global()
def usage_of(doc: Any) -> list[Any]:
    """A document's views and downloads per month."""
    return get_archive().usage_of(doc.id)


@bp.get("/desk/statistics")
@librarian_required
def statistics() -> Any:
    """Views and downloads by collection and month."""
    return render_template("desk/statistics.html", rows=get_archive().usage_by_collection())


@bp.get("/desk/statistics.csv")
@librarian_required
def statistics_csv() -> Response:
    """Every document's views and downloads per month, as CSV."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["document", "title", "month", "views", "downloads"])
    for doc_id, title, month, views, downloads in get_archive().usage_per_document():
        safe = "'" + title if title[:1] in "=+-@\t\r" else title  # no formula in a spreadsheet
        writer.writerow([doc_id, safe, month, views, downloads])
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="usage.csv"'
    return response
