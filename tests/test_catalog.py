"""The catalog: migrations applied on first use, SQLite tuned for several processes."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import inspect, text

from archive.catalog import JOB_STATES, DocumentStatus, PageExtraction
from archive.cli import main
from archive.config import Settings
from archive.migrate import current_revision, head_revision, scripted_head, upgrade
from archive.service import Archive
from ingest.pipeline import Candidate, Pipeline
from tests.conftest import PdfMaker


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


def test_the_quick_head_check_agrees_with_alembic(settings: Settings) -> None:
    # Servers skip Alembic when the catalog is at the head read from the migration files;
    # a new migration that this reading missed would never be applied.
    archive = Archive.open(settings)
    engine = archive.catalog.engine
    assert scripted_head() == head_revision(engine) == current_revision(engine)
    assert upgrade(engine) is False
    archive.close()


def test_a_catalog_one_migration_behind_is_upgraded(settings: Settings) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from archive.migrate import alembic_config

    settings.data_path.mkdir(parents=True)
    engine = create_engine(settings.effective_database_url)
    head = scripted_head()
    command.upgrade(alembic_config(engine), "head-1")  # the migration before the newest
    assert current_revision(engine) not in (None, head)
    engine.dispose()
    archive = Archive.open(settings, prepare_index=False)
    assert current_revision(archive.catalog.engine) == head
    archive.close()


def test_upgrading_makes_old_failed_logins_anonymous(settings: Settings) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from archive.migrate import alembic_config

    settings.data_path.mkdir(parents=True)
    engine = create_engine(settings.effective_database_url)
    command.upgrade(alembic_config(engine), "0001")  # a catalog from before the change
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (name, password_hash, role, disabled, created_at) "
                "VALUES ('admin', 'x', 'admin', 0, '2026-01-01 00:00:00')"
            )
        )
        for typed in ("admin", "my secret passphrase typed in the name box"):
            conn.execute(
                text(
                    "INSERT INTO events (at, actor, action, details) VALUES "
                    "('2026-01-01 00:00:00', :actor, 'login-failed', :details)"
                ),
                {"actor": typed, "details": '{"address": "10.0.0.1"}'},
            )
            conn.execute(
                text(
                    "INSERT INTO login_failures (username, address, at) "
                    "VALUES (:name, '10.0.0.1', '2026-01-01 00:00:00')"
                ),
                {"name": typed},
            )
    engine.dispose()
    archive = Archive.open(settings, prepare_index=False)
    rows = [(e.actor, e.details) for e in archive.history() if e.action == "login-failed"]
    assert rows == [
        ("(anonymous)", {"address": "10.0.0.1", "account": "(unknown account)"}),
        ("(anonymous)", {"address": "10.0.0.1", "account": "admin"}),
    ]
    with archive.catalog.read() as session:
        assert session.execute(text("SELECT count(*) FROM login_failures")).scalar() == 0
    archive.close()


def test_statuses_are_stored_as_the_same_plain_words(archive: Archive, make_pdf: PdfMaker) -> None:
    """The status enums store what the strings stored before them (no migration needed)."""
    pdf = make_pdf("One page about pension reform.")
    doc_id = Pipeline(archive).run([Candidate(pdf, {"title": "A report"}, "a.pdf")])[0].document_id
    assert doc_id is not None
    archive.set_status(doc_id, withdrawn=True, reason="draft", actor="test")
    with archive.catalog.engine.connect() as conn:
        status = conn.execute(text("SELECT status FROM documents")).scalar()
        extraction = conn.execute(text("SELECT DISTINCT extraction FROM pages")).scalar()
    assert (type(status), status, extraction) == (str, "withdrawn", "ok")
    assert [str(s) for s in DocumentStatus] == ["published", "withdrawn", "draft"]
    assert [str(s) for s in PageExtraction] == ["ok", "recovered", "unreadable"]
    assert JOB_STATES == ("queued", "working", "added", "duplicate", "refused")
    assert archive.document(doc_id).status == DocumentStatus.WITHDRAWN
