"""The catalog: migrations applied on first use, SQLite tuned for several processes."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import inspect, text

from archive.cli import main
from archive.config import Settings
from archive.migrate import current_revision, head_revision
from archive.service import Archive


def test_first_use_creates_every_table_at_the_newest_revision(settings: Settings) -> None:
    archive = Archive.open(settings)
    engine = archive.catalog.engine
    assert current_revision(engine) == head_revision(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"collections", "documents", "pages", "users", "events", "jobs"} <= tables
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    archive.close()


def test_db_upgrade_command_reports_the_revision(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path), "db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "catalog at revision" in result.output
    assert (tmp_path / "catalog.sqlite3").is_file()


def test_opening_twice_is_harmless(settings: Settings) -> None:
    Archive.open(settings).close()
    again = Archive.open(settings)
    assert current_revision(again.catalog.engine) == head_revision(again.catalog.engine)
    again.close()
