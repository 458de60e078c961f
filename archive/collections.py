"""Collections (seminars, events): created from JSON or edited by a librarian."""

from __future__ import annotations

import re
from typing import Any

from archive import people, programme
from archive.catalog import Collection, collection_by_slug
from archive.errors import ArchiveError
from archive.messages import N_
from archive.service import Archive, record

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
FIELDS = ("title", "start_date", "end_date", "venue", "description")


def validate(data: dict[str, Any]) -> dict[str, Any]:
    """Check a collection's fields; raise ``ArchiveError`` naming the bad one."""
    out: dict[str, Any] = {}
    for key in FIELDS:
        if key in data:
            value = str(data[key] or "").replace("\x00", "").strip()
            if key.endswith("_date") and value and not _DATE.match(value):
                raise ArchiveError(
                    N_("%(field)s must be YYYY-MM-DD, not %(value)s", field=key, value=repr(value))
                )
            out[key] = value or None if key.endswith("_date") else value
    if "organisers" in data:
        out["organisers"] = organisers(data["organisers"])
    if "programme" in data:
        given = data["programme"]
        parse = programme.parse if isinstance(given, str) else programme.validate
        out["programme"] = parse(given)
    if "title" in out and not out["title"]:
        raise ArchiveError(N_("a collection needs a title"))
    return out


def organisers(given: Any) -> list[str]:
    """Organisers as a list of names (a text is split at ';' or line ends)."""
    if isinstance(given, str):
        given = re.split(r"[;\n]", given)
    if not isinstance(given, list) or not all(isinstance(x, str) for x in given):
        raise ArchiveError(N_("organisers must be a list of names"))
    names = [" ".join(x.replace("\x00", "").split()) for x in given]
    return [n for n in names if n][:50]


def upsert_collection(
    archive: Archive, data: dict[str, Any], *, actor: str, update: bool = True
) -> tuple[str, bool]:
    """Create the collection ``data['slug']`` or update it; return (slug, created)."""
    slug = str(data.get("slug", "")).strip()
    if not _SLUG.match(slug):
        raise ArchiveError(f"bad collection slug {slug!r} (lowercase letters, digits, -)")
    values = validate(data)
    with archive.catalog.session() as session:
        found = collection_by_slug(session, slug)
        if found is None:
            session.add(Collection(slug=slug, **{"title": slug, **values}))
            record(session, actor, "collection-create", slug=slug)
            people.ensure_speakers(session, values.get("programme"), actor=actor)
            return slug, True
        if update:
            edit_collection(archive, found.id, values, actor=actor, session=session)
        return slug, False


def edit_collection(
    archive: Archive, collection_id: int, values: dict[str, Any], *, actor: str, session: Any = None
) -> None:
    """Change a collection's fields, recording before and after."""
    if session is None:
        with archive.catalog.session() as own:
            edit_collection(archive, collection_id, values, actor=actor, session=own)
        return
    col = session.get(Collection, collection_id)
    if col is None:
        raise ArchiveError(N_("There is no collection %(id)s.", id=collection_id))
    values = validate(values)
    diff = {k: [getattr(col, k), v] for k, v in values.items() if getattr(col, k) != v}
    for key, value in values.items():
        setattr(col, key, value)
    if diff:
        record(session, actor, "collection-edit", slug=col.slug, changes=diff)
    if "programme" in diff:  # its speakers get records (and pages listing their talks)
        people.ensure_speakers(session, col.programme, actor=actor)
