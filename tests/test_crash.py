"""Crashes: ``archive ingest`` killed (SIGKILL) at each step, then started again.

The ingest runs in a child process with ``ARCHIVE_TEST_CRASH_AT=<point>:2`` (see
``archive.faults``): the process kills itself when the second file reaches the named step.
Files are catalogued first and indexed afterwards, so at ``store`` and ``catalog`` the first
file is catalogued and not yet indexed; at ``catalogued`` (reached once, when every file is
catalogued) and in the index (``index``, ``index-toc``: one commit per file) all three are
catalogued. ``index-toc`` kills it inside Whoosh's commit, after the new segment's files are
written and before the table of contents that would name them. Afterwards the archive opens,
everything committed before the kill is intact and downloadable, nothing half-written is
visible, the change log brings the index up to date, and a resumed ingest or
``archive check --repair`` brings catalog, store and index back into agreement.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from archive.catalog import Document, Page
from archive.check import ERROR, run_checks
from archive.cli import main
from archive.config import Settings
from archive.search import SearchRequest
from archive.service import Archive
from tests import hostile
from tests.conftest import ROOT
from tests.factories import settings_for

POINTS = ("store-partial", "store", "catalog", "catalogued", "index", "index-toc")
ALL_CATALOGUED = ("catalogued", "index", "index-toc")  # the kill came after every catalog row
WORDS = {"a": "remittance corridors", "b": "portable pensions", "c": "maternity benefits"}

# Runs the real command line; for ``index-toc`` it first hooks Whoosh's table-of-contents
# writer, the one step of Whoosh's commit that makes a new segment visible.
SCRIPT = """
import os
if os.environ["ARCHIVE_TEST_CRASH_AT"].startswith("index-toc"):
    import whoosh.index
    from archive import faults
    original = whoosh.index.TOC.write
    def write(self, *args, **kwargs):
        faults.maybe_crash("index-toc")
        return original(self, *args, **kwargs)
    whoosh.index.TOC.write = write
from archive.cli import main
main()
"""


def folder_of_three(tmp_path: Path) -> Path:
    folder = tmp_path / "batch"
    folder.mkdir()
    for name, words in WORDS.items():
        (folder / f"{name}.pdf").write_bytes(hostile.plain(f"A paper on {words}."))
    return folder


def prepared(tmp_path: Path) -> Settings:
    """An archive that already holds one document, committed long before any crash."""
    settings = settings_for(tmp_path / "data")
    earlier = tmp_path / "earlier.pdf"
    earlier.write_bytes(hostile.plain("An earlier paper on social dialogue."))
    assert run_cli(settings, "ingest", str(earlier)).exit_code == 0
    return settings


def run_cli(settings: Settings, *args: str) -> Result:
    return CliRunner().invoke(main, ["--data-dir", str(settings.data_path), *args])


def ingest_and_crash(settings: Settings, folder: Path, point: str) -> None:
    env = {
        **os.environ,
        "ARCHIVE_TEST_CRASH_AT": f"{point}:{1 if point == 'catalogued' else 2}",
        "ARCHIVE_INDEX_BATCH_PAGES": "1",  # commit the index after every file
        "ARCHIVE_INGEST_WORKERS": "2",
        "ARCHIVE_LOG_LEVEL": "WARNING",
    }
    command = ["--data-dir", str(settings.data_path), "ingest", str(folder)]
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()[-2000:]


def titles_found(archive: Archive, words: str) -> int:
    return archive.search(SearchRequest(q=f'"{words}"')).total


def assert_nothing_half_written(archive: Archive) -> None:
    """Every row has its whole file, every page its document, every stored file its digest."""
    with archive.catalog.read() as session:
        shas = list(session.scalars(select(Document.sha256)))
        doc_ids = set(session.scalars(select(Document.id)))
        page_owners = set(session.scalars(select(Page.document_id)))
    for sha in shas:
        archive.store.verify(sha)  # raises if missing or not whole
    assert page_owners <= doc_ids
    for sha in archive.store.all_digests():
        archive.store.verify(sha)  # an orphan may exist, but never a partial file


def state_after_crash(settings: Settings, folder: Path, point: str) -> None:
    """What a reader sees when the archive is opened again, before any repair."""
    archive = Archive.open(settings, prepare_index=False)
    try:
        assert_nothing_half_written(archive)
        with archive.catalog.read() as session:
            rows = dict(session.execute(select(Document.original_filename, Document.id)).all())
        b_committed = point in ALL_CATALOGUED
        later = {"b.pdf", "c.pdf"} if b_committed else set()
        assert set(rows) == {"earlier.pdf", "a.pdf"} | later
        # Committed, then still waiting in the change log for the index (a too, unless the
        # kill came after its index commit), and never half-indexed.
        a_indexed = point in ("index", "index-toc")  # the kill came in b's index commit
        for name in later | (set() if a_indexed else {"a.pdf"}):
            assert rows[name] in archive.pending_documents(), name
            assert rows[name] not in archive.index.indexed_pages(), name
        for name in set(rows) - {"earlier.pdf"}:  # downloadable before it is searchable
            with archive.catalog.read() as session:
                archive.store.verify(session.get(Document, rows[name]).sha256)
        b_stored = stored_name(folder / "b.pdf")[:-4] in set(archive.store.all_digests())
        assert b_stored == (point != "store-partial")
        leftovers = archive.store.stray_temporaries()
        assert len(leftovers) == (1 if point == "store-partial" else 0)
        assert archive.index.health() is None  # the last committed index is still readable
        assert titles_found(archive, "social dialogue") == 1
        assert titles_found(archive, WORDS["a"]) == 1
        # A search first catches up with the change log: b is then whole in the index.
        assert titles_found(archive, WORDS["b"]) == (1 if b_committed else 0)
        assert titles_found(archive, WORDS["c"]) == (1 if b_committed else 0)
    finally:
        archive.close()


def assert_in_agreement(settings: Settings, *, searchable: set[str]) -> None:
    """``archive check`` finds no error and exactly these files of the batch are found."""
    archive = Archive.open(settings)
    try:
        assert [f for f in run_checks(archive) if f.level == ERROR] == []
        assert_nothing_half_written(archive)
        assert titles_found(archive, "social dialogue") == 1
        for name, words in WORDS.items():
            assert titles_found(archive, words) == (1 if name in searchable else 0), name
    finally:
        archive.close()


@pytest.mark.slow
@pytest.mark.parametrize("point", POINTS)
def test_after_a_crash_resume_or_repair_brings_everything_into_agreement(
    point: str, tmp_path: Path
) -> None:
    settings = prepared(tmp_path)
    folder = folder_of_three(tmp_path)
    ingest_and_crash(settings, folder, point)
    state_after_crash(settings, folder, point)
    # The same wreck, twice: one copy is resumed, the other repaired.
    wreck = settings.with_(data_dir=tmp_path / "wreck")
    shutil.copytree(settings.data_path, wreck.data_path, symlinks=True)
    committed = point in ALL_CATALOGUED  # b's and c's catalog rows were committed

    result = run_cli(settings, "ingest", str(folder))
    assert result.exit_code == 0, result.output
    added = 0 if committed else 2
    assert f"{added} added, {3 - added} duplicates, 0 refused" in result.output
    assert_in_agreement(settings, searchable={"a", "b", "c"})

    result = run_cli(wreck, "check", "--repair")
    assert result.exit_code == 0, result.output
    # A file stored but never catalogued is quarantined (kept, out of the store), so b is
    # searchable after a repair only if its catalog row was committed before the kill.
    assert_in_agreement(wreck, searchable={"a", "b", "c"} if committed else {"a"})
    quarantined = wreck.data_path / "quarantine"
    if point in ("store", "catalog"):
        assert [p.name for p in quarantined.iterdir()] == [stored_name(folder / "b.pdf")]
    else:
        assert not quarantined.exists()


def stored_name(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() + ".pdf"
