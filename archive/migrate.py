"""Alembic migrations of the catalog, run programmatically (no alembic.ini needed).

Every process of a server (``archive serve``, each web worker, the background worker) opens
the catalog, and importing Alembic and reading its script directory costs about half a
second each time. So the usual case, a catalog already at the head revision, is told
without Alembic: one query of ``alembic_version`` against the head read from the migration
files' ``revision`` and ``down_revision`` lines. Anything else goes to Alembic.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "alembic_version"  # Alembic's default; env.py does not change it


def alembic_config(engine: Engine) -> Config:
    """An Alembic config bound to this engine."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return None
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) > 1:  # several heads: let Alembic say what that means
        from alembic.runtime.migration import MigrationContext

        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    return rows[0] if rows else None


def head_revision(engine: Engine) -> str | None:
    """The newest revision the code knows."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


@functools.cache
def scripted_head() -> str | None:
    """The head revision as the migration files declare it, read without Alembic.

    None unless every file declares a plain revision and exactly one of them is nobody's
    down revision: then Alembic decides (merges, branches, anything unusual).
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        names = _module_strings(path)
        revision, down = names.get("revision"), names.get("down_revision", "")
        if not isinstance(revision, str) or not (down is None or isinstance(down, str)):
            return None
        revisions.add(revision)
        if down is not None:
            parents.add(down)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and parents <= revisions else None


def _module_strings(path: Path) -> dict[str, Any]:
    """The module's top-level ``name = <constant>`` assignments."""
    found: dict[str, Any] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        target: ast.expr | None = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        value = getattr(node, "value", None)
        if isinstance(target, ast.Name) and isinstance(value, ast.Constant):
            found[target.id] = value.value
    return found


def upgrade(engine: Engine) -> bool:
    """Apply pending migrations; return True if any were applied."""
    current = current_revision(engine)
    if current is not None and current == scripted_head():
        return False  # the usual case, told without importing Alembic
    if current == head_revision(engine):
        return False
    from alembic import command

    command.upgrade(alembic_config(engine), "head")
    return True
