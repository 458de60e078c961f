"""A read replica: searches and public reads go to a PostgreSQL streaming standby
(``ARCHIVE_DATABASE_READ_URL``), writes to the primary, and a librarian reads their own
changes at once.

The standby is real: ``pg_basebackup -R`` of the session's server, started beside it.
Replay on the standby is paused to make replication lag visible.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import DBAPIError

from archive.catalog import primary_reads
from archive.config import Settings
from archive.search import SearchRequest
from archive.service import Archive
from ingest.pipeline import Pipeline, candidates
from tests.conftest import PdfMaker
from tests.pg_cluster import BIN, Cluster, run


@pytest.fixture(scope="module")
def standby(postgres_cluster: Cluster) -> Iterator[Cluster]:
    """A hot standby streaming from the session's server."""
    replica = Cluster(Cluster.new_root())
    run(
        BIN / "pg_basebackup", "-D", replica.data, "-R", "-X", "stream",
        "-h", postgres_cluster.sock, "-p", postgres_cluster.port, "-U", "postgres",
    )  # fmt: skip
    replica.start()
    yield replica
    replica.stop()


def wait_for(condition, what: str, seconds: float = 30) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not holds(condition):
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.1)


def holds(condition) -> bool:  # type: ignore[no-untyped-def]
    try:
        return bool(condition())
    except (subprocess.CalledProcessError, DBAPIError):  # not replicated yet
        return False


def titles(archive: Archive, q: str) -> list[str]:
    return [hit.document.title for hit in archive.search(SearchRequest(q=q)).hits]


@pytest.mark.parametrize("engine_name", ["whoosh", "postgres"])
def test_public_reads_come_from_the_standby_and_a_librarian_reads_the_primary(
    postgres_cluster: Cluster,
    standby: Cluster,
    tmp_path: Path,
    make_pdf: PdfMaker,
    engine_name: str,
) -> None:
    name = postgres_cluster.new_database()
    settings = Settings.from_env(
        env={},
        data_dir=tmp_path / "data",
        database_url=postgres_cluster.url(name),
        database_read_url=standby.url(name),
        search_engine=engine_name,
        ingest_workers=2,
    )
    wait_for(lambda: standby.psql("SELECT 1", name) == "1", "the database on the standby")
    archive = Archive.open(settings)
    Pipeline(archive).run(candidates([make_pdf("Seaweed farming cooperatives.", title="Kelp")]))
    wait_for(lambda: titles(archive, "seaweed") == ["Kelp"], "replication of the ingest")
    [doc] = archive.documents()[1]

    standby.psql("SELECT pg_wal_replay_pause()")
    try:
        archive.edit(doc.id, {"title": "Seaweed and kelp"}, actor="librarian")
        assert titles(archive, "seaweed") == ["Kelp"]  # a reader: from the lagging standby
        token = primary_reads.set(True)  # a signed-in librarian: from the primary
        try:
            assert titles(archive, "seaweed") == ["Seaweed and kelp"]
            assert archive.document(doc.id).title == "Seaweed and kelp"
        finally:
            primary_reads.reset(token)
    finally:
        standby.psql("SELECT pg_wal_replay_resume()")
    wait_for(lambda: titles(archive, "seaweed") == ["Seaweed and kelp"], "replication")
    archive.close()


def test_the_web_reads_from_the_primary_for_a_signed_in_librarian(
    postgres_url: str, tmp_path: Path
) -> None:
    from tests.factories import web_app
    from tests.librarian import add_librarian, login

    settings = Settings.from_env(env={}, data_dir=tmp_path / "data", database_url=postgres_url)
    archive = Archive.open(settings)
    seen: list[bool] = []
    app = web_app(archive)
    app.after_request(lambda response: seen.append(primary_reads.get()) or response)
    client = app.test_client()
    client.get("/")
    add_librarian(archive)
    login(client)
    client.get("/")
    assert seen[0] is False and seen[-1] is True
    archive.close()
