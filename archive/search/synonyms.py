"""Synonyms and aliases librarians can extend, applied when a query is read.

The default groups ship with the package (``synonyms.txt`` beside this module: British and
American spellings, compounds, the usual forms of ASEAN countries and bodies); a local file
named by ``ARCHIVE_SYNONYMS_FILE`` adds groups of its own. Nothing is applied at index time,
so editing either file needs no reindex: the files are read again when they change.

Format: one group per line, forms separated by commas; ``#`` starts a comment. A form of
several words matches those words typed side by side. Forms are compared after the
archive's normalisation (case, accents, word segmentation), the same as pages.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from archive.config import ConfigError
from archive.search import analysis

log = logging.getLogger(__name__)
DEFAULT_FILE = Path(__file__).with_name("synonyms.txt")
MAX_FORM_WORDS = 8  # a longer form is refused: it would be a sentence, not a name


Key = tuple[str, ...]


@dataclass(frozen=True)
class Synonyms:
    """Forms keyed by their normalised words, each with the other forms of its groups."""

    others: dict[Key, tuple[str, ...]] = field(default_factory=dict)
    longest: int = 1

    def variants(self, words: Sequence[str]) -> tuple[str, ...]:
        """The other forms of the form these (normalised) words make, or nothing."""
        return self.others.get(tuple(words), ())

    def match(self, words: Sequence[str], start: int) -> int:
        """The length of the longest form starting at ``words[start]`` (0 if none)."""
        for size in range(min(self.longest, len(words) - start), 0, -1):
            if tuple(words[start : start + size]) in self.others:
                return size
        return 0


def key(form: str) -> Key:
    """A form's normalised words."""
    return tuple(t.text for t in analysis.tokenize(form))


def parse_groups(lines: Iterable[str], source: str) -> list[list[str]]:
    """The groups of a synonym file's lines, or ``ConfigError`` naming the bad line."""
    groups = []
    for number, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        forms = [f.strip() for f in line.split(",") if f.strip()]
        if len(forms) < 2:
            raise ConfigError(
                f"{source}, line {number}: a group needs two forms or more, separated by commas"
            )
        for form in forms:
            size = len(key(form))
            if not 1 <= size <= MAX_FORM_WORDS:
                raise ConfigError(
                    f"{source}, line {number}: {form!r} must have 1 to {MAX_FORM_WORDS} words"
                )
        groups.append(forms)
    return groups


def build(groups: Iterable[list[str]]) -> Synonyms:
    """Every form with the other forms of its groups (no duplicates, first spelling kept)."""
    others: dict[Key, dict[Key, str]] = {}
    for forms in groups:
        for form in forms:
            mine = others.setdefault(key(form), {})
            for other in forms:
                if key(other) != key(form):
                    mine.setdefault(key(other), other)
    longest = max((len(k) for k in others), default=1)
    return Synonyms({k: tuple(v.values()) for k, v in others.items()}, longest)


def read_file(path: Path) -> list[list[str]]:
    """The groups of one synonym file, or ``ConfigError`` saying why it cannot be used."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"ARCHIVE_SYNONYMS_FILE: cannot read {path}: {exc}") from exc
    return parse_groups(text.splitlines(), str(path))


CatalogGroups = Callable[[], tuple[Any, list[list[str]]]]


class SynonymSource:
    """The default groups plus a local file, read again whenever a file changes.

    ``attach`` adds a third source: the aliases of the catalog's people records, given as
    (stamp, groups) by a function; they are read again whenever the stamp changes.
    """

    def __init__(self, extra: Path | None = None) -> None:
        self.extra = extra
        self._catalog: CatalogGroups | None = None
        self._catalog_groups: list[list[str]] = []
        self._lock = threading.Lock()
        self._stamp: tuple[float | None, ...] | None = None
        self._synonyms = Synonyms()
        self.current()  # a bad file is refused when the archive opens, not on a search

    def attach(self, catalog_groups: CatalogGroups) -> None:
        """Also read alias groups from the catalog (people records) through this function."""
        self._catalog = catalog_groups

    def _stamps(self) -> tuple[Any, ...]:
        paths = [DEFAULT_FILE] + ([self.extra] if self.extra else [])
        files = tuple(p.stat().st_mtime if p.exists() else None for p in paths)
        if self._catalog is None:
            return files
        try:
            stamp, self._catalog_groups = self._catalog()
        except SQLAlchemyError as exc:  # a catalog not migrated yet: files only for now
            log.debug("people aliases not readable: %s", exc)
            stamp, self._catalog_groups = None, []
        return (*files, stamp)

    def current(self) -> Synonyms:
        """The synonyms as the files say now."""
        stamp = self._stamps()
        if stamp != self._stamp:
            with self._lock:
                try:
                    self._synonyms = build(self._groups())
                except ConfigError as exc:
                    if self._stamp is None:
                        raise  # when the archive opens: refuse to start
                    # A file broken while serving: keep the synonyms in use, say why once.
                    log.error("%s; the previous synonyms stay in use", exc)
                self._stamp = stamp
        return self._synonyms

    def _groups(self) -> list[list[str]]:
        groups = read_file(DEFAULT_FILE)
        if self.extra is not None:
            groups += read_file(self.extra)
        return groups + self._catalog_groups
