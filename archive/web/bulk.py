"""Bulk downloads: a collection (``/collections/<slug>/download.zip``) or the documents of a
search (``/search.zip?q=…``) as one ZIP, streamed as it is written.

``zipfile`` writes into a sink that the response's generator empties after every chunk, so
nothing is copied to disk or held whole in memory; PDFs are stored (``ZIP_STORED``: they are
compressed already), ``manifest.csv`` (the manifest's own columns, so the ZIP can be ingested
again) and ``SHA256SUMS`` (``sha256sum -c`` checks the files) are deflated. Bounded: at most
``ARCHIVE_ZIP_MAX_DOCUMENTS`` files and ``ARCHIVE_ZIP_MAX_MB`` in all (413 beyond), at most
``ARCHIVE_ZIP_PER_CLIENT`` ZIPs at once per client address (429), counted with file locks so
that every gunicorn worker shares the count and a dead worker's slots free themselves.
Only documents whose files readers may have (``Archive.reader_may_see``) are included, each
checked as single downloads are (never bad bytes).
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO

from flask import Blueprint, Response, abort, request
from flask_babel import gettext as _

from archive.catalog import Document
from archive.errors import IntegrityError
from archive.locks import try_locked
from archive.manifest import MANIFEST_COLUMNS
from archive.web import error_response, get_archive
from archive.web.downloads import download_name
from archive.web.params import search_request
from archive.web.public import verified_files

log = logging.getLogger(__name__)
bp = Blueprint("bulk", __name__)

CHUNK = 256 * 1024
BUCKETS = 4096  # client addresses share this many lock files (bounded, whatever the traffic)


class ZipSlots:
    """At most ``per_client`` concurrent ZIPs per client address, across processes."""

    def __init__(self, directory: Path, per_client: int) -> None:
        self.directory = directory
        self.per_client = per_client

    def acquire(self, address: str) -> Callable[[], None] | None:
        """A function releasing the slot taken, or None when all are busy."""
        bucket = int(hashlib.sha256(address.encode()).hexdigest(), 16) % BUCKETS
        for n in range(self.per_client):
            if slot := try_locked(self.directory / f"{bucket}.{n}.lock"):
                return slot.close  # releasing twice is harmless
        return None


class _Sink:
    """A write-only, unseekable stream whose bytes are taken away as they come."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.offset = 0

    def write(self, data: bytes) -> int:
        """Keep a copy of the bytes until they are drained."""
        self.chunks.append(bytes(data))
        self.offset += len(data)
        return len(data)

    def tell(self) -> int:
        """How many bytes were written in all (zipfile's offsets)."""
        return self.offset

    def flush(self) -> None:
        """Nothing to flush: the generator takes the bytes."""

    def close(self) -> None:
        """Nothing to close (zipfile leaves a stream it was given open anyway)."""

    def drain(self) -> Iterator[bytes]:
        """Hand over what was written since the last call."""
        chunks, self.chunks = self.chunks, []
        yield from chunks


def unique_names(docs: list[Document]) -> list[str]:
    """Each document's download name, numbered where two would be the same."""
    seen: dict[str, int] = {}
    names = []
    for doc in docs:
        name = download_name(doc)
        seen[name.lower()] = count = seen.get(name.lower(), 0) + 1
        names.append(name if count == 1 else f"{name[:-4]} ({doc.id}).pdf")
    return names


def manifest_csv(docs: list[Document], names: list[str]) -> bytes:
    """The ZIP's manifest: the ingest manifest's columns, one row per file."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=MANIFEST_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for doc, name in zip(docs, names, strict=True):
        writer.writerow(
            {
                "file": name,
                "title": doc.title,
                "type": doc.type,
                "date": doc.date or "",
                "language": doc.language or "",
                "creators": "; ".join(doc.creators or []),
                "subjects": "; ".join(doc.subjects or []),
                "collection": doc.collection.slug if doc.collection else "",
                "description": doc.description or "",
            }
        )
    return out.getvalue().encode("utf-8")


def sha256sums(docs: list[Document], names: list[str]) -> bytes:
    """``sha256sum``'s format: digest, two spaces, file name."""
    return "".join(f"{d.sha256}  {n}\n" for d, n in zip(docs, names, strict=True)).encode()


def _copy(source: IO[bytes], dest: IO[bytes], sink: _Sink) -> Iterator[bytes]:
    while chunk := source.read(CHUNK):
        dest.write(chunk)
        yield from sink.drain()


def zip_stream(
    files: list[tuple[Document, str, Path]], release: Callable[[], None]
) -> Iterator[bytes]:
    """The ZIP's bytes, file by file; the client's slot is released at the end either way."""
    sink = _Sink()
    try:
        with zipfile.ZipFile(sink, "w", zipfile.ZIP_STORED, allowZip64=True) as zf:
            for doc, name, path in files:
                info = zipfile.ZipInfo(name, date_time=doc.added_at.timetuple()[:6])
                info.file_size = doc.size
                with path.open("rb") as source, zf.open(info, "w", force_zip64=True) as dest:
                    yield from _copy(source, dest, sink)
            docs, names = [f[0] for f in files], [f[1] for f in files]
            zf.writestr("manifest.csv", manifest_csv(docs, names), zipfile.ZIP_DEFLATED)
            zf.writestr("SHA256SUMS", sha256sums(docs, names), zipfile.ZIP_DEFLATED)
        yield from sink.drain()
    finally:
        release()


def zip_response(docs: list[Document], filename: str) -> Response:
    """The documents as a streamed ZIP, or a 404/413/429/503 page saying why not."""
    archive = get_archive()
    settings = archive.settings
    docs = [d for d in docs if archive.reader_may_see(d)]  # never a restricted file
    if not docs:
        abort(404, description=_("There are no documents to download here."))
    too_much = over_bounds(len(docs), sum(d.size for d in docs))
    if too_much is not None:
        return too_much
    files = checked_files(docs)
    if isinstance(files, Response):
        return files
    release = ZipSlots(settings.data_path / "zip-slots", settings.zip_per_client).acquire(
        request.remote_addr or "unknown"
    )
    if release is None:
        return error_response(
            429,
            _("Too many downloads at once"),
            _(
                "At most %(n)s ZIP downloads may run at once from one address. Wait for one to "
                "finish, then try again.",
                n=settings.zip_per_client,
            ),
            retry_after=30,
        )
    response = Response(zip_stream(files, release), mimetype="application/zip")
    response.call_on_close(release)  # if the stream is never started
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def over_bounds(count: int, total: int) -> Response | None:
    """A 413 page for a ZIP of too many files or too many bytes; None when within bounds."""
    settings = get_archive().settings
    if count > settings.zip_max_documents:
        why = _(
            "%(count)s documents are more than the %(most)s one ZIP may hold; narrow the "
            "search or download them in parts.",
            count=count,
            most=settings.zip_max_documents,
        )
    elif total > settings.zip_max_mb * 1024 * 1024:
        why = _(
            "These documents hold %(mb)s MB, more than the %(most)s MB one ZIP may hold; "
            "narrow the search.",
            mb=f"{total / 1048576:.0f}",
            most=settings.zip_max_mb,
        )
    else:
        return None
    # Not abort(413): the desk's 413 handler speaks of uploads.
    return error_response(413, _("Too much for one download"), why)


def checked_files(docs: list[Document]) -> list[tuple[Document, str, Path]] | Response:
    """Each document with its name and verified stored file, or a 503 integrity page."""
    verified = verified_files(get_archive())
    out = []
    for doc, name in zip(docs, unique_names(docs), strict=True):
        try:
            out.append((doc, name, verified.path(doc.sha256, doc.size)))
        except IntegrityError as exc:
            log.error("integrity error: document %d not zipped: %s", doc.id, exc.message)
            return error_response(
                503,
                _("A file cannot be sent"),
                _(
                    "The stored file of document %(id)s failed its integrity check; the "
                    "archive's keepers have been told. Nothing was sent.",
                    id=doc.id,
                ),
            )
    return out


@bp.get("/collections/<slug>/download.zip")
def collection_zip(slug: str) -> Response:
    """Every public document of a collection as one ZIP."""
    archive = get_archive()
    col = archive.collection(slug)
    if col is None:
        abort(404, description=_("There is no collection named %(slug)s.", slug=repr(slug[:100])))
    return zip_response(archive.public_documents_of(col.id), f"{col.slug}.zip")


@bp.get("/search.zip")
def search_zip() -> Response:
    """Every document a search finds (all its pages of results) as one ZIP."""
    archive = get_archive()
    settings = archive.settings
    req = replace(
        search_request(request.args, settings), page=1, per_page=settings.search_max_per_page
    )
    results = archive.search(req)
    too_much = over_bounds(results.total, 0)  # before fetching thousands of hits
    if too_much is not None:
        return too_much
    docs = [hit.document for hit in results.hits]
    while len(docs) < results.total and req.page < settings.search_max_page:
        req = replace(req, page=req.page + 1)
        more = archive.search(req).hits
        if not more:
            break
        docs += [hit.document for hit in more]
    return zip_response(docs, "search.zip")
