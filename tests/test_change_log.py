"""The change log is pruned once every index has applied it, and no index misses a change.

Two app servers (two Whoosh indexes, ``server_id`` a and b) share one catalog (SQLite, and
PostgreSQL, whose ids come from a sequence). Pruning
deletes only what both have applied; a server that is down holds the log; a server forgotten
by the operator that comes back finds its changes pruned and rebuilds, so a withdrawal made
meanwhile still leaves its search at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from archive.catalog import Change
from archive.cli import main
from archive.search import SearchRequest
from archive.service import Archive
from ingest.pipeline import Pipeline, candidates
from ingest.worker import PRUNE_EVERY, Worker
from tests.conftest import PdfMaker
from tests.factories import settings_for


@pytest.fixture(params=["sqlite", "postgresql"])
def servers(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Archive, Archive]]:
    """Two servers on one catalog: SQLite, or a fresh database of a real PostgreSQL server."""
    if request.param == "sqlite":
        catalog = f"sqlite:///{tmp_path / 'catalog.sqlite3'}"
    else:
        catalog = request.getfixturevalue("postgres_url")
    opened = [
        Archive.open(
            settings_for(
                tmp_path / name,
                database_url=catalog,
                server_id=name,
                files_dir=tmp_path / "files",
            )
        )
        for name in ("a", "b")
    ]
    yield opened[0], opened[1]
    for archive in opened:
        archive.close()


def logged(archive: Archive) -> int:
    with archive.catalog.read() as session:
        return session.scalar(select(func.count()).select_from(Change)) or 0


def found(archive: Archive, q: str) -> list[int]:
    return [hit.document.id for hit in archive.search(SearchRequest(q=q)).hits]


def ingest(archive: Archive, make_pdf: PdfMaker, *texts: str) -> list[int]:
    outcomes = Pipeline(archive).run(candidates([make_pdf(text) for text in texts]))
    return [o.document_id for o in outcomes]


def test_only_changes_every_index_applied_are_pruned(
    servers: tuple[Archive, Archive], make_pdf: PdfMaker
) -> None:
    a, b = servers
    ingest(a, make_pdf, "Mangrove restoration in Demak.", "Coral reef monitoring in Raja Ampat.")
    assert logged(a) >= 2
    assert a.prune_change_log() == 0  # b has not applied them yet (it is down, say)

    b.catch_up()
    before = logged(a)
    pruned = a.prune_change_log()
    assert pruned == before - 1  # the newest change stays, so ids keep growing
    assert logged(a) == 1
    assert a.prune_change_log() == 0
    for archive in (a, b):
        assert not archive.index_missed_changes()
        assert len(found(archive, "mangrove")) == 1


def test_new_changes_after_pruning_reach_every_index(
    servers: tuple[Archive, Archive], make_pdf: PdfMaker
) -> None:
    a, b = servers
    [first] = ingest(a, make_pdf, "Peatland fires in Riau.")
    b.catch_up()
    a.prune_change_log()
    [second] = ingest(a, make_pdf, "Peatland rewetting in Jambi.")
    a.set_status(first, withdrawn=True, reason="duplicate", actor="test")
    b.catch_up()
    assert found(b, "peatland") == [second]
    with a.catalog.read() as session:
        newest = session.scalar(select(func.max(Change.id)))
    assert [c.last_change_id for c in b.change_log_cursors()] == [newest, newest]


def test_a_forgotten_server_that_comes_back_rebuilds_and_misses_nothing(
    servers: tuple[Archive, Archive], make_pdf: PdfMaker
) -> None:
    a, b = servers
    [kept, withdrawn] = ingest(a, make_pdf, "Tidal flooding in Semarang.", "Tidal power study.")
    b.catch_up()
    assert sorted(found(b, "tidal")) == sorted([kept, withdrawn])

    # b goes away; the operator forgets it, so it no longer holds the log back.
    assert b.forget_change_log_reader("index:whoosh:b")
    a.set_status(withdrawn, withdrawn=True, reason="withdrawn by its author", actor="test")
    [added] = ingest(a, make_pdf, "Tidal gauges along the Java coast.")
    assert a.prune_change_log() > 0  # past the withdrawal, which b never applied

    # b comes back: its cursor is gone (0), below what was pruned.
    assert b.index_missed_changes()
    b.catch_up()
    assert not b.index_missed_changes()
    assert sorted(found(b, "tidal")) == sorted([kept, added])
    # The withdrawal left b's index itself (not only the hits the catalog lets through), so
    # totals and facets do not count it either.
    assert set(b.index.indexed_pages()) == {kept, added}
    assert b.search(SearchRequest(q="tidal")).total == 2


def test_the_worker_prunes_hourly_and_the_cli_lists_and_forgets_servers(
    servers: tuple[Archive, Archive], make_pdf: PdfMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = servers
    ingest(a, make_pdf, "Seagrass meadows of Bintan.", "Seagrass and dugongs.")
    b.catch_up()
    worker = Worker(a)
    worker.run_once()
    assert logged(a) > 1  # not at the worker's start: other servers may still be catching up
    monkeypatch.setattr(worker, "_last_prune", worker._last_prune - PRUNE_EVERY)
    worker.run_once()
    assert logged(a) == 1

    runner = CliRunner()
    base = ["--data-dir", str(a.settings.data_path)]
    env = {"ARCHIVE_DATABASE_URL": a.settings.effective_database_url}
    listed = runner.invoke(main, [*base, "servers", "list"], env=env)
    assert listed.exit_code == 0, listed.output
    assert "index:whoosh:a" in listed.output and "index:whoosh:b" in listed.output
    assert "0 behind" in listed.output
    gone = runner.invoke(main, [*base, "servers", "forget", "index:whoosh:b"], env=env)
    assert gone.exit_code == 0 and "forgotten" in gone.output
    again = runner.invoke(main, [*base, "servers", "forget", "index:whoosh:b"], env=env)
    assert again.exit_code != 0 and "no index named" in again.output
