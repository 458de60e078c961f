"""A damaged search index is detected, answered with 503 (never empty results) and rebuilt.

The damage is done the way it happens: a file deleted or cut short by a crash or a bad
restore, garbage from a failing disk. The archive notices it (``SearchIndex.health``), the
reader is told that search is being rebuilt, and the background worker, ``archive check
--repair`` or the next ``Archive.open`` rebuilds the index from the catalog.

Damage is done while no searcher of this process has the index open. Whoosh maps segment
files into memory; a segment cut short *under* an open searcher kills the reading process
with SIGBUS (the web server then restarts that worker, which finds the damage as here).
Whoosh itself never rewrites a segment in place, so only outside damage can do this.
"""

from __future__ import annotations

import contextlib
import gc
import os
import random
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.cli import main
from archive.config import Settings
from archive.errors import IndexUnavailable
from archive.search import SearchRequest
from archive.service import Archive
from archive.web import create_app
from ingest.pipeline import Pipeline, candidates
from ingest.worker import Worker
from tests import hostile
from tests.conftest import ROOT

# Whoosh leaves the file of a segment it failed to open to the garbage collector.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Exception ignored in.*\\.seg:pytest.PytestUnraisableExceptionWarning"
)

TOPICS = ("social protection floors", "protection of migrant workers", "child protection")


@pytest.fixture(autouse=True)
def _collect_leaked_files() -> Iterator[None]:
    """Close those leaked files now, while the warning filter above applies."""
    yield
    gc.collect()


def delete_toc(index: Path) -> None:
    for toc in index.glob("_pages_*.toc"):
        toc.unlink()


def truncate_segment(index: Path) -> None:
    for segment in index.glob("*.seg"):
        os.truncate(segment, segment.stat().st_size // 2)


def garble_segment(index: Path) -> None:
    rng = random.Random(5)
    for segment in index.glob("*.seg"):
        data = bytearray(segment.read_bytes())
        middle = len(data) // 4
        data[middle : middle * 3] = rng.randbytes(middle * 2)
        segment.write_bytes(bytes(data))


DAMAGE: dict[str, Callable[[Path], None]] = {
    "toc-deleted": delete_toc,
    "segment-truncated": truncate_segment,
    "segment-garbage": garble_segment,
}


def rebuild_by_worker(archive: Archive) -> None:
    Worker(archive).run_once()


def rebuild_by_check_repair(archive: Archive) -> None:
    result = CliRunner().invoke(
        main, ["--data-dir", str(archive.settings.data_path), "check", "--repair"]
    )
    assert result.exit_code == 0, result.output
    assert "rebuilt the index from the catalog" in result.output


def rebuild_on_open(archive: Archive) -> None:
    assert archive.ensure_index() is True


HEALERS: dict[str, Callable[[Archive], None]] = {
    "worker": rebuild_by_worker,
    "check-repair": rebuild_by_check_repair,
    "ensure-index": rebuild_on_open,
}


@pytest.fixture
def filled(settings: Settings, tmp_path: Path) -> Iterator[Archive]:
    """An archive of three documents, reopened as after a restart (no searcher open yet)."""
    first = Archive.open(settings)
    paths = []
    for n, words in enumerate(TOPICS):
        path = tmp_path / f"doc{n}.pdf"
        path.write_bytes(hostile.plain(f"A report on {words}."))
        paths.append(path)
    for path in paths:  # one commit each: several segments, as in real life
        assert Pipeline(first).run(candidates([path]))[0].status == "added"
    first.close()
    archive = Archive.open(settings)
    yield archive
    archive.close()


def found(archive: Archive) -> int:
    return archive.search(SearchRequest(q="protection")).total


@pytest.mark.parametrize("healer", list(HEALERS))
@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damage_is_detected_answered_503_and_rebuilt(
    damage: str, healer: str, filled: Archive, settings: Settings
) -> None:
    DAMAGE[damage](settings.index_path)
    assert filled.index.health() is not None
    with pytest.raises(IndexUnavailable):
        found(filled)
    client = create_app(settings, archive=filled, test_config={"TESTING": True}).test_client()
    page = client.get("/search?q=protection")
    assert page.status_code == 503
    assert "being rebuilt" in page.get_data(as_text=True)
    assert page.headers["Retry-After"]
    api = client.get("/api/search?q=protection")
    assert api.status_code == 503
    assert api.is_json and "rebuilt" in api.get_json()["message"]

    HEALERS[healer](filled)
    assert filled.index.health() is None
    assert found(filled) == 3
    assert client.get("/search?q=protection").status_code == 200
    assert client.get("/api/search?q=protection").get_json()["total"] == 3


def test_garbage_written_under_a_live_searcher_is_found_by_the_worker(
    filled: Archive, settings: Settings
) -> None:
    """Bytes changed in place under an open searcher: no crash, and the next health check
    (which reopens the index) sees the damage; the worker rebuilds."""
    assert found(filled) == 3  # a searcher of this thread now has the segments open
    garble_segment(settings.index_path)
    with contextlib.suppress(IndexUnavailable):
        found(filled)  # may still answer from what the searcher had already read
    assert filled.index.health() is not None
    Worker(filled).run_once()
    assert found(filled) == 3


def test_a_toc_deleted_under_a_live_searcher_is_caught_by_the_worker(
    filled: Archive, settings: Settings
) -> None:
    assert found(filled) == 3
    delete_toc(settings.index_path)
    assert filled.index.health() is not None
    Worker(filled).run_once()
    assert found(filled) == 3


def test_a_search_that_meets_damage_flags_it_for_a_running_worker(
    filled: Archive, settings: Settings
) -> None:
    """A running worker reads the whole index only every few minutes; damage a search
    meets is flagged at once, and the worker's next poll rebuilds."""
    worker = Worker(filled)
    worker.run_once()  # healthy: the periodic full check is now done
    garble_segment(settings.index_path)
    with pytest.raises(IndexUnavailable):
        found(filled)
    assert filled.index.needs_rebuild()
    worker.run_once()
    assert filled.index.needs_rebuild() is None
    assert found(filled) == 3


def test_a_server_start_leaves_the_full_read_to_its_worker(
    filled: Archive, settings: Settings
) -> None:
    """``archive serve`` does not read the whole index in front of its first readers: only
    an index that is missing or flagged damaged is rebuilt at once; damage that nobody has
    met yet is found by the worker's full check as it starts."""
    garble_segment(settings.index_path)
    assert filled.ensure_index(thorough=False) is False  # not read: still damaged
    Worker(filled).run_once()  # its first poll reads the whole index, and rebuilds
    assert found(filled) == 3
    filled.index._flag_damage("found damaged by a search")
    assert filled.ensure_index(thorough=False) is True
    assert found(filled) == 3
    shutil.rmtree(settings.index_path.resolve())
    assert filled.ensure_index(thorough=False) is True
    assert found(filled) == 3


# -- stale locks ---------------------------------------------------------------------------------

KILLED_WRITER = """
import os, signal, sys
from archive.config import Settings
from archive.service import Archive
archive = Archive.open(Settings.from_env(env={}, data_dir=sys.argv[1]))
with archive.index.writer() as writer:
    writer.delete(1)
    os.kill(os.getpid(), signal.SIGKILL)  # dies holding both locks
"""


def test_locks_left_by_a_killed_writer_do_not_block_the_next(
    filled: Archive, settings: Settings, tmp_path: Path
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", KILLED_WRITER, str(settings.data_path)],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()[-2000:]
    assert (settings.data_path / "index.write.lock").exists()
    assert (settings.index_path / "pages_WRITELOCK").exists()
    archive = Archive.open(settings.with_(index_lock_timeout=2.0))
    try:
        late = tmp_path / "late.pdf"
        late.write_bytes(hostile.plain("A late paper on protection for domestic workers."))
        [outcome] = Pipeline(archive).run(candidates([late]))
        assert outcome.status == "added"
        assert found(archive) == 4  # the killed writer's deletion was never committed
    finally:
        archive.close()


def test_lock_files_lying_around_do_not_block_writes(filled: Archive, settings: Settings) -> None:
    """Lock files as any dead process may leave them (Whoosh's and the archive's)."""
    for name in ("pages_WRITELOCK", "MAIN_WRITELOCK", "_pages_LOCK"):
        (settings.index_path / name).write_text("12345")
    (settings.data_path / "index.write.lock").write_text("12345")
    archive = Archive.open(settings.with_(index_lock_timeout=2.0))
    try:
        archive.rebuild_index()
        assert found(archive) == 3
    finally:
        archive.close()
