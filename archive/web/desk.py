"""The librarian desk: upload files, watch them being ingested, correct metadata, withdraw
and restore documents, edit collections, and read the history.

Every page needs a librarian (``librarian_required``); every change is a POST with a CSRF
token. Uploads are stored durably and queued (``archive.jobs``); the background worker
ingests them, so no request waits for a PDF to be parsed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import json
import logging
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.datastructures import FileStorage

from archive import jobs, pending_uploads
from archive.catalog import (
    DOCUMENT_TYPES,
    PUBLISHED,
    Document,
    Job,
)
from archive.collections import edit_collection as save_collection
from archive.errors import ArchiveError, StoreError
from archive.manifest import (
    MANIFEST_COLUMNS,
    MAX_DESCRIPTION,
    TRANSLATED,
    ManifestError,
    raw_rows,
    validate_row,
)
from archive.messages import Message
from archive.pending_uploads import Kept
from archive.service import EDITABLE_FIELDS, Archive
from archive.web import error_response, get_archive
from archive.web.auth import librarian_required
from archive.web.desk_steward import keep_chosen, upload_defaults
from archive.web.i18n import say
from archive.web.params import MAX_ID, parse_id, record_id

log = logging.getLogger(__name__)
bp = Blueprint("desk", __name__, url_prefix="/desk")

DOC = f"<int(max={MAX_ID}):doc_id>"
COLLECTION = f"<int(max={MAX_ID}):collection_id>"
HISTORY_PAGE = 100
MAX_REASON = 1000
ROW_FIELDS = MANIFEST_COLUMNS[1:]  # every column but the file name


# -- template helpers ---------------------------------------------------------------------------


@bp.app_template_filter("desk_size")
def desk_size(size: int | None) -> str:
    """A size in bytes for people (the desk's own filter, independent of the public one)."""
    if size is None:
        return ""
    for unit, scale in (("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


@bp.app_template_filter("utc")
def utc(value: dt.datetime | None) -> str:
    """A timestamp as 'YYYY-MM-DD HH:MM UTC'."""
    return f"{value.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC" if value else ""


@bp.app_errorhandler(413)
def too_large(_exc: Exception) -> Any:
    """A readable page for a request over its limit (an upload's, or a form's)."""
    limit = request.max_content_length or 0
    if limit == current_app.config.get("MAX_UPLOAD_LENGTH"):
        return error_response(
            413,
            _("Upload too large"),
            _(
                "One upload may hold at most %(mb)s MB in all. Nothing was stored; send fewer "
                "or smaller files at a time.",
                mb=limit // (1024 * 1024),
            ),
        )
    return error_response(
        413,
        _("Request too large"),
        _(
            "This request sent more than the %(kb)s KB a form may hold here (uploads need a "
            "librarian's login). Nothing was changed.",
            kb=limit // 1024,
        ),
    )


# -- desk home and uploads ----------------------------------------------------------------------


@bp.get("/", strict_slashes=False)
@librarian_required
def index() -> Any:
    """The upload form, the collections, withdrawn and recently added documents."""
    return _index_page()


def _index_page(*, error: str | None = None, status: int = 200, kept: Any = ()) -> Any:
    archive = get_archive()
    body = render_template(
        "desk/index.html",
        collections=archive.collections(),
        recent=archive.latest_documents(limit=20),
        withdrawn=archive.withdrawn_documents(),
        max_mb=archive.settings.max_upload_mb,
        error=error,
        selected=request.form.get("collection", ""),
        kept=kept,
    )
    return body, status


def display_name(name: str) -> str:
    """An uploaded file's name as data: the last path part, printable, NFC, at most 255."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable())
    return unicodedata.normalize("NFC", name).strip()[:255] or "upload.pdf"


class UploadRefused(ArchiveError):
    """An upload request that cannot be used as sent."""


@dataclass(frozen=True)
class UploadPlan:
    """What an upload request asks for, checked before anything is stored."""

    files: list[tuple[FileStorage, str]]
    collection: str | None
    rows: dict[str, dict[str, str]]
    defaults: dict[str, str] = field(default_factory=dict)  # the form's, for every file
    kept: list[tuple[Kept, Path]] = field(default_factory=list)  # from a refused try


@bp.post("/upload")
@librarian_required
def upload() -> Any:
    """Store each uploaded file durably, queue it, and show the jobs page."""
    archive = get_archive()
    try:
        plan = _plan(archive)
    except (ManifestError, UploadRefused) as exc:
        kept = keep_chosen(archive.settings.data_path)
        return _index_page(
            error=_("Nothing was uploaded. %(why)s", why=say(exc)), status=400, kept=kept
        )
    received: list[str] = []
    for opener, name, token in _sources(plan):
        try:
            with opener() as stream:
                jobs.receive(
                    archive,
                    stream,
                    filename=name,
                    actor=g.user.name,
                    collection=plan.collection,
                    metadata={**plan.defaults, **plan.rows.get(name, {})},
                )
        except StoreError as exc:
            log.error("upload of %s not stored: %s", name, exc.message)
            flash(
                _(
                    "%(name)s and any files after it were not stored: %(why)s",
                    name=name,
                    why=say(exc),
                ),
                "error",
            )
            break
        if token:
            pending_uploads.forget(archive.settings.data_path, token)
        received.append(name)
    _flash_received(received, plan)
    return redirect(url_for("desk.jobs_page"), code=303)


def _sources(plan: UploadPlan) -> list[tuple[Callable[[], Any], str, str | None]]:
    """Each file to receive: how to open it, its name, and its token if it was kept."""
    out: list[tuple[Callable[[], Any], str, str | None]] = [
        (functools.partial(contextlib.nullcontext, storage.stream), name, None)
        for storage, name in plan.files
    ]
    out += [(functools.partial(path.open, "rb"), k.name, k.token) for k, path in plan.kept]
    return out


def _flash_received(received: list[str], plan: UploadPlan) -> None:
    if received:
        flash(
            ngettext(
                "Received %(num)s file: %(names)s. They are stored and being ingested.",
                "Received %(num)s files: %(names)s. They are stored and being ingested.",
                len(received),
                names=", ".join(received),
            ),
            "info",
        )
    unused = sorted(set(plan.rows) - {name for _, name in plan.files})
    if unused:
        flash(
            _(
                "Manifest rows without an uploaded file (ignored): %(names)s.",
                names=", ".join(unused),
            )
        )


def _plan(archive: Archive) -> UploadPlan:
    """Read the form: files, collection and manifest; raise ``ManifestError`` if unusable."""
    files = [(f, display_name(f.filename)) for f in request.files.getlist("files") if f.filename]
    kept = pending_uploads.find(archive.settings.data_path, request.form.getlist("kept"))
    if not files and not kept:
        raise UploadRefused(_("Choose at least one file to upload."))
    collection = request.form.get("collection", "").strip() or None
    rows, wheres = _manifest_rows(request.files.get("manifest"))
    _check_collections(archive, {collection} if collection else set())
    for key, row in rows.items():  # each row's collection, named with its line and column
        if row.get("collection"):
            _check_collections(archive, {row["collection"]}, where=wheres[key])
    count = len(files) + len(kept)
    return UploadPlan(files, collection, rows, upload_defaults(request.form, count), kept)


def _manifest_rows(
    storage: FileStorage | None,
) -> tuple[dict[str, dict[str, str]], dict[str, Message]]:
    """The manifest's rows by file name, as checked strings (the worker reads them again),
    and where each row is (its line, for error messages)."""
    if storage is None or not storage.filename:
        return {}, {}
    name = display_name(storage.filename)
    text = io.TextIOWrapper(storage.stream, encoding="utf-8-sig", newline="")
    rows: dict[str, dict[str, str]] = {}
    wheres: dict[str, Message] = {}
    for where, row in raw_rows(text, name):
        validate_row(row, where)
        key = display_name(row["file"].strip())
        if key in rows:
            raise ManifestError(
                _("%(where)s: a second row for %(file)s", where=say(where), file=repr(key))
            )
        rows[key] = {
            k: v.strip()
            for k in (*ROW_FIELDS, *filter(TRANSLATED.match, row))
            if (v := row.get(k, "")).strip()
        }
        wheres[key] = where
    return rows, wheres


def _check_collections(archive: Archive, slugs: set[str], *, where: Message | None = None) -> None:
    if not slugs:
        return
    known = set(archive.collection_titles())
    if missing := sorted(slugs - known):
        names = ", ".join(map(repr, missing))
        if where is None:
            raise ManifestError(_("No collection %(names)s; create it first.", names=names))
        raise ManifestError(
            _(
                "%(where)s, column 'collection': No collection %(names)s; create it first (or "
                "check the row for a comma that should have been quoted).",
                where=say(where),
                names=names,
            )
        )


# -- jobs ---------------------------------------------------------------------------------------


@bp.get("/jobs")
@librarian_required
def jobs_page() -> Any:
    """Recent uploads and what became of each; refreshes itself while work goes on."""
    recent = jobs.recent(get_archive(), limit=200)
    active = any(job.state in jobs.ACTIVE for job in recent)
    return render_template(
        "desk/jobs.html", jobs=recent, refresh=active, message_of=jobs.message_of
    )


@bp.get("/jobs.json")
@librarian_required
def jobs_json() -> Any:
    """The same as the jobs page, for scripts."""
    recent = jobs.recent(get_archive(), limit=200)
    return jsonify(
        {
            "active": any(job.state in jobs.ACTIVE for job in recent),
            "jobs": [job_dict(job) for job in recent],
        }
    )


def job_dict(job: Job) -> dict[str, Any]:
    """One job as JSON."""
    doc_url = url_for("public.document", doc_id=job.document_id) if job.document_id else None
    return {
        "id": job.id,
        "file": job.original_filename,
        "size": job.size,
        "sha256": job.sha256,
        "state": job.state,
        "message": job.message,
        "document_id": job.document_id,
        "document_url": doc_url,
        "collection": job.collection_slug,
        "submitted_by": job.submitted_by,
        "created_at": job.created_at.isoformat(),
        "updated_at": job.updated_at.isoformat(),
    }


# -- documents ----------------------------------------------------------------------------------


def _document(doc_id: int) -> Document:
    return get_archive().document(doc_id)


@bp.get(f"/documents/{DOC}")
@librarian_required
def document(doc_id: int) -> Any:
    """A document's metadata, status, tools and history."""
    doc = _document(doc_id)
    events = get_archive().history(document_id=doc_id, limit=HISTORY_PAGE)
    extraction = get_archive().page_extraction(doc_id)
    return render_template("desk/document.html", doc=doc, events=events, extraction=extraction)


@bp.route(f"/documents/{DOC}/edit", methods=["GET", "POST"])
@librarian_required
def edit_document(doc_id: int) -> Any:
    """Edit every metadata field; the change is searchable at once."""
    doc = _document(doc_id)
    archive = get_archive()
    if request.method == "GET":
        return _edit_page(doc, form_from_document(doc))
    form = {key: request.form.get(key, "") for key in EDITABLE_FIELDS}
    try:
        changes = changes_from_form(archive, form)
    except ManifestError as exc:
        return _edit_page(doc, form, error=say(exc), status=400)
    before = {k: getattr(doc, k) for k in changes}
    archive.edit(doc_id, changes, actor=g.user.name)
    changed = [k for k in changes if before[k] != changes[k]]
    saved = _("Saved: %(fields)s changed.", fields=", ".join(changed))
    flash(saved if changed else _("Nothing changed."), "info")
    return redirect(url_for("desk.document", doc_id=doc_id), code=303)


def _edit_page(
    doc: Document, form: dict[str, str], *, error: str | None = None, status: int = 200
) -> Any:
    body = render_template(
        "desk/edit_document.html",
        doc=doc,
        form=form,
        error=error,
        types=DOCUMENT_TYPES,
        collections=get_archive().collections(),
    )
    return body, status


def form_from_document(doc: Document) -> dict[str, str]:
    """A document's metadata as the edit form's strings (creators one per line)."""
    return {
        "title": doc.title,
        "creators": "\n".join(doc.creators or []),
        "date": doc.date or "",
        "type": doc.type,
        "language": doc.language or "",
        "subjects": "\n".join(doc.subjects or []),
        "description": doc.description or "",
        "collection_id": str(doc.collection_id or ""),
    }


def _as_list_cell(text: str) -> str:
    """Creators or subjects, one per line or ';'-separated, as a manifest cell."""
    return ";".join(text.replace("\r", "").split("\n"))


def changes_from_form(archive: Archive, form: dict[str, str]) -> dict[str, Any]:
    """Check the edit form with the manifest's rules; return every field's new value."""
    row = {k: form[k] for k in ("title", "type", "date", "language")}
    row |= {k: _as_list_cell(form[k]) for k in ("creators", "subjects")}
    checked = validate_row(row, _("Not saved"))
    if "title" not in checked:
        raise ManifestError(_("Not saved: a document needs a title."))
    return {
        "title": checked["title"],
        "creators": checked.get("creators", []),
        "date": checked.get("date"),
        "type": checked.get("type", "other"),
        "language": checked.get("language"),
        "subjects": checked.get("subjects", []),
        "description": form["description"].replace("\x00", "").strip()[:MAX_DESCRIPTION],
        "collection_id": _collection_id(archive, form["collection_id"]),
    }


def _collection_id(archive: Archive, value: str) -> int | None:
    if not value.strip():
        return None
    collection_id = parse_id(value)
    found = archive.collection_by_id(collection_id) if collection_id else None
    if found is None:
        raise ManifestError(_("Not saved: no collection %(name)s.", name=repr(value.strip()[:40])))
    return found.id


@bp.post(f"/documents/{DOC}/withdraw")
@librarian_required
def withdraw(doc_id: int) -> Any:
    """Take a document out of search and listings (its file is kept); a reason is needed."""
    doc = _document(doc_id)
    reason = " ".join(request.form.get("reason", "").split())[:MAX_REASON]
    if not reason:
        flash(_("Not withdrawn: say why the document is withdrawn."), "error")
    else:
        get_archive().set_status(doc.id, withdrawn=True, reason=reason, actor=g.user.name)
        flash(
            _("Withdrawn: %(title)s. Its page now answers 410 with your reason.", title=doc.title),
            "info",
        )
    return redirect(url_for("desk.document", doc_id=doc_id), code=303)


@bp.post(f"/documents/{DOC}/restore")
@librarian_required
def restore(doc_id: int) -> Any:
    """Bring a withdrawn document back into search and listings."""
    doc = _document(doc_id)
    if doc.status == PUBLISHED:
        flash(_("This document is published already."), "info")
    else:
        get_archive().set_status(doc.id, withdrawn=False, reason="", actor=g.user.name)
        flash(_("Restored: %(title)s. It is searchable again.", title=doc.title), "info")
    return redirect(url_for("desk.document", doc_id=doc_id), code=303)


# -- collections --------------------------------------------------------------------------------

COLLECTION_FIELDS = ("title", "start_date", "end_date", "venue", "description")


@bp.route(f"/collections/{COLLECTION}/edit", methods=["GET", "POST"])
@librarian_required
def edit_collection(collection_id: int) -> Any:
    """Edit a collection's title, dates, venue and description."""
    archive = get_archive()
    col = archive.collection_by_id(collection_id)
    if col is None:
        abort(404, description=_("There is no collection %(id)s.", id=collection_id))
    if request.method == "GET":
        form = {k: getattr(col, k) or "" for k in COLLECTION_FIELDS}
        form["programme"] = programme_text(col.programme)
        form["organisers"] = "; ".join(col.organisers or [])
        return render_template("desk/edit_collection.html", col=col, form=form)
    form = {k: request.form.get(k, "") for k in (*COLLECTION_FIELDS, "organisers", "programme")}
    try:
        save_collection(archive, col.id, form, actor=g.user.name)
    except ArchiveError as exc:
        body = render_template(
            "desk/edit_collection.html",
            col=col,
            form=form,
            error=_("Not saved: %(why)s.", why=say(exc)),
        )
        return body, 400
    flash(_("Saved collection %(title)s.", title=form["title"].strip() or col.title), "info")
    return redirect(url_for("public.collection", slug=col.slug), code=303)


def programme_text(programme: dict[str, Any] | None) -> str:
    """A programme as the indented JSON the desk's text box shows."""
    return json.dumps(programme, ensure_ascii=False, indent=2) if programme else ""


# -- history ------------------------------------------------------------------------------------


@bp.get("/history")
@librarian_required
def history() -> Any:
    """Every recorded action, newest first, a page at a time; optionally for one document."""
    doc_id, before = record_id(request.args, "document"), record_id(request.args, "before")
    archive = get_archive()
    events = archive.history(document_id=doc_id, before=before, limit=HISTORY_PAGE + 1)
    titles = archive.document_titles(e.document_id for e in events if e.document_id)
    more = len(events) > HISTORY_PAGE
    events = events[:HISTORY_PAGE]
    older = url_for("desk.history", document=doc_id, before=events[-1].id) if more else None
    return render_template(
        "desk/history.html", events=events, titles=titles, document_id=doc_id, older=older
    )
