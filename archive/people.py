"""People and organisations: creators and speakers as records with their other names.

Documents keep their ``creators`` as text; a record is linked to every document whose
creator is its name or one of its aliases (compared after the archive's normalisation),
or a synonym of one from the synonym files. The records' aliases also feed the synonym
source (``alias_groups``), so ``creator:`` searches and browsing follow them. A merged
record keeps its row, pointing at the one it was merged into, and the history says so.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Text, func, or_, select
from sqlalchemy.orm import Session

from archive import programme
from archive.catalog import PUBLISHED, Catalog, Collection, Document, Person
from archive.errors import ArchiveError, NotFound
from archive.messages import N_
from archive.search import synonyms as synmod
from archive.service import record

KINDS = ("person", "organisation")
IDENTIFIER_KEYS = ("ror", "orcid", "isni", "wikidata", "viaf")
MAX_ALIASES = 50


def slugify(name: str, taken: set[str]) -> str:
    """A URL slug for ``name`` not in ``taken`` (which it joins)."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:100] or "creator"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def clean_name(value: Any) -> str:
    """A name with its whitespace tidied and control characters left out."""
    text = "".join(c for c in str(value or "") if unicodedata.category(c)[0] != "C")
    return " ".join(text.split())[:300]


# -- reading ------------------------------------------------------------------------------------


def alias_groups(catalog: Catalog) -> tuple[Any, list[list[str]]]:
    """A stamp of the records' state and each record's names as a synonym group."""
    with catalog.read() as session:
        stamp = tuple(session.execute(select(func.count(), func.max(Person.updated_at))).one())
        # Filtered here, not in SQL: PostgreSQL's json type has no equality operator.
        rows = session.scalars(select(Person).where(Person.merged_into_id.is_(None)))
        groups = [p.names for p in rows if len(p.names) > 1]
    return stamp, groups


def by_slug(session: Session, slug: str) -> Person | None:
    """The record with this slug, following merges to the one that survives."""
    person = session.scalar(select(Person).where(Person.slug == slug))
    for _ in range(20):  # a chain of merges, never a loop (merge refuses one)
        if person is None or person.merged_into_id is None:
            break
        person = session.get(Person, person.merged_into_id)
    return person


def by_name(session: Session, name: str, synonyms: synmod.Synonyms) -> Person | None:
    """The (surviving) record whose name or alias is ``name`` or one of its synonyms."""
    first = synmod.key(name)
    if not first:
        return None
    wanted = [first, *(synmod.key(v) for v in synonyms.variants(first))]
    people = list(session.scalars(select(Person).where(Person.merged_into_id.is_(None))))
    for key in wanted:  # the name itself first, then its synonyms
        for person in people:
            if key in {synmod.key(n) for n in person.names}:
                return person
    return None


def canonical_names(
    session: Session, synonyms: synmod.Synonyms | None = None
) -> dict[tuple[str, ...], str]:
    """Each normalised name, alias or synonym of a surviving record, mapped to its name."""
    out: dict[tuple[str, ...], str] = {}
    records = list(session.scalars(select(Person).where(Person.merged_into_id.is_(None))))
    for person in records:
        for name in person.names:
            out.setdefault(synmod.key(name), person.name)
    if synonyms is None:
        return out
    for person in records:
        for key in forms(person, synonyms):
            out.setdefault(key, person.name)
    return out


def forms(person: Person, synonyms: synmod.Synonyms) -> set[tuple[str, ...]]:
    """The normalised names a document may credit this record by."""
    keys = {synmod.key(n) for n in person.names}
    for k in list(keys):
        keys |= {synmod.key(v) for v in synonyms.variants(k)}
    return {k for k in keys if k}


def documents_of(session: Session, person: Person, synonyms: synmod.Synonyms) -> list[Document]:
    """The published documents crediting this record, newest first."""
    keys = forms(person, synonyms)
    names = set(person.names)
    names |= {v for n in person.names for v in synonyms.variants(synmod.key(n))}
    # A loose first cut in SQL on the creators' JSON text (stored ASCII-escaped, as
    # json.dumps writes it); the exact test is on the normalised words.
    creators = Document.creators.cast(Text)
    likes = [creators.ilike(f"%{_json_fragment(n)}%", escape="\\") for n in names]
    stmt = select(Document).where(Document.status == PUBLISHED, or_(*likes))
    found = session.scalars(stmt.order_by(Document.date.desc(), Document.title))
    return [d for d in found if any(synmod.key(c) in keys for c in d.creators or [])]


def _json_fragment(name: str) -> str:
    """A name as it appears inside the JSON text, escaped for LIKE."""
    escaped = json.dumps(name)[1:-1]
    return escaped.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(frozen=True)
class Talk:
    """A contribution or session a record spoke at or chaired."""

    collection: Collection
    title: str
    role: str


def talks_of(session: Session, person: Person, synonyms: synmod.Synonyms) -> list[Talk]:
    """Every talk this record gave or session it chaired, from the collections' programmes."""
    keys = forms(person, synonyms)
    talks = []
    for col in session.scalars(select(Collection)):  # JSON null and SQL NULL alike: no SQL test
        for speaker, title, role in programme.speakers(col.programme):
            if synmod.key(speaker.get("name", "")) in keys:
                talks.append(Talk(col, title, role))
    return talks


def everyone(session: Session) -> list[Person]:
    """Every surviving record, by name."""
    stmt = select(Person).where(Person.merged_into_id.is_(None)).order_by(Person.name)
    return list(session.scalars(stmt))


# -- changing -----------------------------------------------------------------------------------


def ensure(
    session: Session,
    names: Iterable[str],
    *,
    actor: str,
    synonyms: synmod.Synonyms | None = None,
) -> int:
    """Create a record for each name no record (nor a synonym of one) has yet; count them."""
    known = {synmod.key(n) for p in session.scalars(select(Person)) for n in p.names}
    if synonyms is not None:  # "ILO" is not a new organisation when the file says who it is
        known |= {synmod.key(v) for k in list(known) for v in synonyms.variants(k)}
    taken = set(session.scalars(select(Person.slug)))
    made = 0
    for raw in names:
        name = clean_name(raw)
        if name and synmod.key(name) and synmod.key(name) not in known:
            known.add(synmod.key(name))
            session.add(Person(slug=slugify(name, taken), name=name, aliases=[], identifiers={}))
            record(session, actor, "person-create", name=name)
            made += 1
    return made


def ensure_speakers(session: Session, given: dict[str, Any] | None, *, actor: str) -> int:
    """Create a person record for each named speaker or chair of a programme without one."""
    known = {synmod.key(n) for p in session.scalars(select(Person)) for n in p.names}
    taken = set(session.scalars(select(Person.slug)))
    made = 0
    for speaker, _title, _role in programme.speakers(given):
        name = clean_name(speaker.get("name", ""))
        if name and synmod.key(name) and synmod.key(name) not in known:
            known.add(synmod.key(name))
            affiliation = clean_name(speaker.get("affiliation", ""))
            person = Person(slug=slugify(name, taken), name=name, kind="person", aliases=[])
            person.affiliation, person.identifiers = affiliation, {}
            session.add(person)
            record(session, actor, "person-create", name=name, source="programme")
            made += 1
    return made


def ensure_from_documents(session: Session, *, actor: str) -> int:
    """Create records for creator strings of documents that have none yet."""
    names = {c for creators in session.scalars(select(Document.creators)) for c in creators or []}
    return ensure(session, sorted(names), actor=actor)


def validate(values: dict[str, Any]) -> dict[str, Any]:
    """A record's edited fields checked; raise ``ArchiveError`` naming the bad one."""
    out: dict[str, Any] = {}
    if "name" in values:
        out["name"] = clean_name(values["name"])
        if not out["name"]:
            raise ArchiveError(N_("a record needs a name"))
    if "kind" in values:
        if values["kind"] not in KINDS:
            raise ArchiveError(N_("kind must be one of %(kinds)s", kinds=", ".join(KINDS)))
        out["kind"] = values["kind"]
    if "affiliation" in values:
        out["affiliation"] = clean_name(values["affiliation"])
    if "aliases" in values:
        out["aliases"] = _aliases(values["aliases"])
    if "identifiers" in values:
        out["identifiers"] = _identifiers(values["identifiers"])
    return out


def _aliases(given: Iterable[str]) -> list[str]:
    aliases: list[str] = []
    for raw in given:
        alias = clean_name(raw)
        if alias and synmod.key(alias) and alias not in aliases:
            aliases.append(alias)
    if len(aliases) > MAX_ALIASES:
        raise ArchiveError(N_("at most %(most)s aliases", most=MAX_ALIASES))
    return aliases


def _identifiers(given: dict[str, Any]) -> dict[str, str]:
    out = {}
    for key, value in given.items():
        if key not in IDENTIFIER_KEYS:
            raise ArchiveError(
                N_(
                    "unknown identifier %(key)s (known: %(known)s)",
                    key=repr(key),
                    known=", ".join(IDENTIFIER_KEYS),
                )
            )
        if clean_name(value):
            out[key] = clean_name(value)
    return out


def edit(session: Session, person_id: int, values: dict[str, Any], *, actor: str) -> Person:
    """Change a record's fields, recording before and after."""
    person = session.get(Person, person_id)
    if person is None or person.merged_into_id is not None:
        raise NotFound(N_("no record %(id)s", id=person_id))
    values = validate(values)
    diff = {k: [getattr(person, k), v] for k, v in values.items() if getattr(person, k) != v}
    for key, value in values.items():
        setattr(person, key, value)
    if diff:
        record(session, actor, "person-edit", person=person.slug, changes=diff)
    return person


def merge(session: Session, source_id: int, target_id: int, *, actor: str) -> Person:
    """Merge record ``source_id`` into ``target_id``: its names become aliases of the target."""
    source, target = session.get(Person, source_id), session.get(Person, target_id)
    if source is None or target is None:
        raise NotFound(N_("no record %(id)s", id=source_id if source is None else target_id))
    if source.id == target.id or source.merged_into_id or target.merged_into_id:
        raise ArchiveError(N_("merge two different records that are not merged already"))
    before = list(target.aliases)
    target.aliases = _aliases([*target.aliases, *source.names])
    target.aliases = [a for a in target.aliases if synmod.key(a) != synmod.key(target.name)]
    target.affiliation = target.affiliation or source.affiliation
    target.identifiers = {**source.identifiers, **target.identifiers}
    source.merged_into_id = target.id
    record(
        session,
        actor,
        "person-merge",
        merged=source.slug,
        into=target.slug,
        names=source.names,
        aliases=[before, target.aliases],
    )
    return target
