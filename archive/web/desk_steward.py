"""The librarian desk's stewardship: a document's access level (public, metadata only, or
embargoed until a date), and the drafts waiting for review, with what looks missing or
suspicious, published one or many at a time. Every change is a POST with CSRF, recorded in
the history.

What each level lets readers see is decided in one place, ``archive.visibility``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from archive import jobs, pending_uploads
from archive.errors import NotFound, StoreError
from archive.manifest import ManifestError, validate_row
from archive.pending_uploads import Kept
from archive.visibility import (
    ACCESS_EMBARGO,
    ACCESS_PUBLIC,
    Access,
    access_of,
    parse_access,
)
from archive.web import get_archive
from archive.web.auth import librarian_required
from archive.web.i18n import say
from archive.web.params import MAX_ID, parse_id

log = logging.getLogger(__name__)
bp = Blueprint("desk_steward", __name__, url_prefix="/desk")

DOC = f"<int(max={MAX_ID}):doc_id>"


@bp.app_template_global()
def access_text(doc: Any) -> str:
    """A document's access level as the manifest and the command line write it."""
    return str(access_of(doc))


def access_from_form(form: Any) -> str:
    """The access level the form asks for: the level, and the embargo's date if one."""
    level = (form.get("access") or "").strip()
    if level == ACCESS_EMBARGO:
        return f"{ACCESS_EMBARGO}:{(form.get('embargo_until') or '').strip()}"
    return level


def keep_chosen(data_path: Path) -> list[Kept]:
    """Keep the files of a refused upload for the next try (and those kept before)."""
    kept = [k for k, _ in pending_uploads.find(data_path, request.form.getlist("kept"))]
    for storage in request.files.getlist("files"):
        if storage.filename:
            storage.stream.seek(0)
            kept.append(pending_uploads.keep(data_path, storage.stream, display_name(storage)))
    return kept


def display_name(storage: Any) -> str:
    """An uploaded file's name as data (the same rule as the desk's)."""
    from archive.web.desk import display_name as clean  # the desk imports this module

    return clean(storage.filename)


FORM_FIELDS = ("title", "type", "date", "language", "creators", "subjects", "description")


def upload_defaults(form: Any, file_count: int = 1) -> dict[str, str]:
    """What the upload form says of its files (a manifest row overrides it), checked.

    Access applies to every file; the other metadata fields describe one file only.
    """
    try:
        access = parse_access(access_from_form(form))
    except ValueError as exc:
        raise ManifestError(_("Access: %(why)s.", why=say(exc))) from None
    out = {"access": str(access)} if access.level != ACCESS_PUBLIC else {}
    given = {k: " ".join(str(form.get(k) or "").split()) for k in FORM_FIELDS}
    given["description"] = str(form.get("description") or "").strip()
    given = {k: v for k, v in given.items() if v}
    if given and file_count != 1:
        raise ManifestError(
            _(
                "The metadata fields describe one file: upload one file with them, "
                "or use a manifest for several."
            )
        )
    validate_row(given, _("The upload form"))  # the manifest's rules, with the same messages
    return out | given


@bp.post(f"/documents/{DOC}/access")
@librarian_required
def set_access(doc_id: int) -> Any:
    """Make a document public, metadata only, or embargoed until a date."""
    try:
        wanted = parse_access(access_from_form(request.form))
        changed = get_archive().set_access(doc_id, wanted, actor=g.user.name)
    except ValueError as exc:
        flash(_("Access not changed: %(why)s.", why=say(exc)), "error")
    except NotFound:
        flash(_("There is no document %(id)s.", id=doc_id), "error")
    else:
        flash(
            _("Access is now %(level)s.", level=access_label(wanted))
            if changed
            else _("Access unchanged."),
            "info",
        )
    return redirect(url_for("desk.document", doc_id=doc_id), code=303)


def access_label(access: Access) -> str:
    """An access level in the librarian's words (the form's labels), not its code."""
    if access.level == ACCESS_EMBARGO:
        return f"{_('Embargoed until')} {access.until}"
    return _("Public") if access.level == ACCESS_PUBLIC else _("Metadata only")


@bp.get("/drafts")
@librarian_required
def drafts_page() -> Any:
    """Drafts waiting for review, each with what looks missing or suspicious."""
    return render_template("desk/drafts.html", drafts=get_archive().drafts())


@bp.post("/drafts/publish")
@librarian_required
def publish() -> Any:
    """Publish the chosen drafts (one or many); each is recorded in the history."""
    ids = [i for i in (parse_id(v) for v in request.form.getlist("document")) if i is not None]
    if not ids:
        flash(_("Nothing published: choose at least one draft."), "error")
        return redirect(url_for("desk_steward.drafts_page"), code=303)
    done = get_archive().publish(ids, actor=g.user.name)
    if done:
        ids_text = ", ".join(map(str, done))
        flash(
            ngettext(
                "Published %(num)s: document %(ids)s.",
                "Published %(num)s: documents %(ids)s.",
                len(done),
                ids=ids_text,
            ),
            "info",
        )
    else:
        flash(_("Nothing published: those documents are not drafts."), "error")
    if len(ids) == 1:
        return redirect(url_for("desk.document", doc_id=ids[0]), code=303)
    return redirect(url_for("desk_steward.drafts_page"), code=303)


@bp.post(f"/documents/{DOC}/replace")
@librarian_required
def replace(doc_id: int) -> Any:
    """Queue a corrected file to replace a document's; every version is kept."""
    archive = get_archive()
    storage = request.files.get("file")
    reason = " ".join(request.form.get("reason", "").split())[:1000]
    if storage is None or not storage.filename or not reason:
        flash(
            _("Not replaced: choose the corrected file and say why it replaces this one."), "error"
        )
        return redirect(url_for("desk.document", doc_id=doc_id), code=303)
    try:
        archive.document(doc_id)
        jobs.receive(
            archive,
            storage.stream,
            filename=display_name(storage),
            actor=g.user.name,
            collection=None,
            metadata={"replace_document": str(doc_id), "reason": reason},
        )
    except NotFound:
        flash(_("There is no document %(id)s.", id=doc_id), "error")
        return redirect(url_for("desk_steward.drafts_page"), code=303)
    except StoreError as exc:
        flash(_("Not replaced: the file could not be stored: %(why)s", why=say(exc)), "error")
        return redirect(url_for("desk.document", doc_id=doc_id), code=303)
    flash(_("Received the corrected file: the worker makes it the new version shortly."), "info")
    return redirect(url_for("desk.jobs_page"), code=303)
