"""People and organisations: their public pages, and the librarians' people desk.

Readers see ``/people`` and ``/people/<slug>`` (documents credited and talks given);
librarians edit records, add aliases and merge duplicates at ``/desk/people``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from archive.errors import ArchiveError
from archive.web import get_archive
from archive.web.auth import librarian_required
from archive.web.i18n import say
from archive.web.params import MAX_ID, parse_id

bp = Blueprint("people", __name__)
PERSON = f"<int(max={MAX_ID}):person_id>"


@bp.get("/people")
def index() -> Any:
    """Every person and organisation with a record."""
    return render_template("people.html", people=get_archive().people(), person=None)


@bp.get("/people/<slug>")
def person(slug: str) -> Any:
    """One record: its names, identifiers, documents and talks."""
    found = get_archive().person_page(slug[:120])
    if found is None:
        abort(
            404,
            description=_(
                "There is no person or organisation named %(slug)s.", slug=repr(slug[:100])
            ),
        )
    record, docs, talks = found
    if record.slug != slug:  # a record merged into another: its old address moves for good
        return redirect(url_for("people.person", slug=record.slug), code=301)
    return render_template("people.html", person=record, documents=docs, talks=talks)


@bp.get("/people/by-name")
def person_by_name() -> Any:
    """Go to the record of a name (or alias) as written on a document or programme."""
    slug = get_archive().person_slug(request.args.get("name", "")[:300])
    if slug is None:
        abort(404, description=_("No person or organisation has a record under that name yet."))
    return redirect(url_for("people.person", slug=slug), code=303)


# -- the people desk ----------------------------------------------------------------------------


@bp.get("/desk/people")
@librarian_required
def desk() -> Any:
    """Every record, with forms to edit one and to merge two."""
    return render_template("desk/people.html", people=get_archive().people())


@bp.post("/desk/people/sync")
@librarian_required
def sync() -> Any:
    """Create records for creator names that have none yet."""
    made = get_archive().sync_people(actor=g.user.name)
    flash(ngettext("Created %(num)s new record.", "Created %(num)s new records.", made), "info")
    return redirect(url_for("people.desk"), code=303)


@bp.post(f"/desk/people/{PERSON}")
@librarian_required
def edit(person_id: int) -> Any:
    """Save a record's name, kind, affiliation, aliases (one a line) and identifiers."""
    form = request.form
    try:
        values: dict[str, Any] = {
            "name": form.get("name", ""),
            "kind": form.get("kind", ""),
            "affiliation": form.get("affiliation", ""),
            "aliases": form.get("aliases", "").splitlines(),
            "identifiers": _identifier_lines(form.get("identifiers", "")),
        }
        get_archive().edit_person(person_id, values, actor=g.user.name)
    except ArchiveError as exc:
        return _desk_error(_("Not saved: %(why)s.", why=say(exc)))
    flash(_("Saved %(name)s.", name=form.get("name", "").strip()), "info")
    return redirect(url_for("people.desk") + f"#person-{person_id}", code=303)


def _identifier_lines(text: str) -> dict[str, str]:
    """``ror: https://ror.org/...`` lines as a dict (a line without a colon is an error)."""
    out = {}
    for line in filter(str.strip, text.splitlines()):
        key, sep, value = line.partition(":")
        if not sep:
            raise ArchiveError(
                _("identifier line %(line)s needs 'kind: value'", line=repr(line.strip()[:40]))
            )
        out[key.strip().lower()] = value.strip()
    return out


@bp.post("/desk/people/merge")
@librarian_required
def merge() -> Any:
    """Merge one record into another (the first's names become the second's aliases)."""
    source, target = (
        parse_id(request.form.get("source", "")),
        parse_id(request.form.get("into", "")),
    )
    if source is None or target is None:
        return _desk_error(_("Not merged: choose both records."))
    try:
        get_archive().merge_people(source, target, actor=g.user.name)
    except ArchiveError as exc:
        return _desk_error(_("Not merged: %(why)s.", why=say(exc)))
    flash(_("Merged. The merged record's names are now aliases; the history keeps both."), "info")
    return redirect(url_for("people.desk") + f"#person-{target}", code=303)


def _desk_error(message: str) -> Any:
    body = render_template("desk/people.html", people=get_archive().people(), error=message)
    return body, 400
