"""The catalog on PostgreSQL: the same pipeline, search, edits and check as on SQLite.

A throwaway cluster is started for the session (initdb + pg_ctl from Debian's postgresql
package, on a Unix socket in a temporary directory); as root, it runs as the ``postgres``
user, since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.check import ERROR, run_checks
from archive.config import Settings
from archive.search import SearchRequest
from archive.service import Archive
from ingest.pipeline import Pipeline, candidates
from tests.conftest import PdfMaker, need

BIN = (
    next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None)
    if Path("/usr/lib/postgresql").is_dir()
    else None
)


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    need(BIN is not None and (BIN / "initdb").exists(), "PostgreSQL server (Debian postgresql)")
    need(shutil.which("psql") is not None, "psql (Debian postgresql-client)")
    # Not under pytest's tmp dir: that one is private to root, and the server runs as postgres.
    root = Path(tempfile.mkdtemp(prefix="archive-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
    port = _free_port()

    def run(*args: object) -> None:
        subprocess.run(
            _as_postgres([str(a) for a in args]), check=True, capture_output=True, timeout=120
        )

    run(BIN / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8")
    run(
        BIN / "pg_ctl",
        "-D",
        data,
        "-l",
        root / "log",
        "-w",
        "start",
        "-o",
        f"-k {sock} -p {port} -c listen_addresses=''",
    )
    try:
        run(BIN / "createdb", "-h", sock, "-p", port, "-U", "postgres", "archive")
        yield f"postgresql+psycopg://postgres@/archive?host={sock}&port={port}"
    finally:
        run(BIN / "pg_ctl", "-D", data, "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)


def test_the_archive_works_on_postgresql(
    postgres_url: str, tmp_path: Path, make_pdf: PdfMaker
) -> None:
    settings = Settings.from_env(
        env={}, data_dir=tmp_path / "data", database_url=postgres_url, ingest_workers=2
    )
    archive = Archive.open(settings)
    pdfs = [
        make_pdf("Portability of social security for migrant workers.", title="One"),
        make_pdf("Universal health coverage.", "Pensions for older persons.", title="Two"),
    ]
    outcomes = Pipeline(archive).run(candidates(pdfs + pdfs[:1]))
    assert [o.status for o in outcomes] == ["added", "added", "duplicate"]
    [hit] = archive.search(SearchRequest(q="pensions")).hits
    assert [p.page for p in hit.pages] == [2]
    archive.edit(hit.document.id, {"title": "Renamed on PostgreSQL"}, actor="test")
    assert archive.search(SearchRequest(q="title:renamed")).total == 1
    _people_and_programmes_work(archive, hit.document.id)
    archive.set_status(hit.document.id, withdrawn=True, reason="test", actor="test")
    assert archive.search(SearchRequest(q="pensions")).total == 0
    assert [f for f in run_checks(archive) if f.level == ERROR] == []
    archive.close()


def _people_and_programmes_work(archive: Archive, doc_id: int) -> None:
    """People records, their aliases and an event's programme, on PostgreSQL's json type."""
    from archive.collections import upsert_collection

    talk = {"title": "T", "speakers": [{"name": "Ms Pg"}], "documents": [doc_id]}
    day = {"date": "2015-11-25", "sessions": [{"title": "S", "contributions": [talk]}]}
    upsert_collection(archive, {"slug": "pg", "programme": {"days": [day]}}, actor="test")
    archive.edit(doc_id, {"creators": ["Bureau_international 100%"]}, actor="test")
    slug = archive.person_slug("bureau_international 100%")
    assert slug is not None
    person, docs, _talks = archive.person_page(slug)
    assert [d.id for d in docs] == [doc_id]
    archive.edit_person(person.id, {"aliases": ["BIT"]}, actor="test")
    assert archive.search(SearchRequest(q="creator:BIT")).total == 1
    speaker = archive.person_page(archive.person_slug("Ms Pg") or "")
    assert speaker is not None and [t.title for t in speaker[2]] == ["T"]


def test_parallel_wrong_passwords_get_no_more_checks_than_the_limits(
    postgres_url: str, tmp_path: Path
) -> None:
    from tests.librarian import add_librarian, guess_in_parallel

    settings = Settings.from_env(env={}, data_dir=tmp_path / "data", database_url=postgres_url)
    archive = Archive.open(settings, prepare_index=False)
    add_librarian(archive, "pg-throttled")
    guesses = [("pg-throttled", f"10.9.0.{i}") for i in range(30)]
    checked, outcomes = guess_in_parallel(archive, guesses)
    assert checked == settings.login_max_failures
    assert outcomes.count("TooManyAttempts") == 30 - settings.login_max_failures
    guesses = [(f"pg-guess{i}", "10.9.9.9") for i in range(48)]
    checked, outcomes = guess_in_parallel(archive, guesses)
    assert checked == settings.login_max_failures_per_address
    archive.close()
