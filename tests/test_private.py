"""The archive's state is its owner's only: data directory, catalog and its WAL, secret key,
backups. Checked under a permissive umask (022), where anything created with default modes
would be readable by every user of the machine."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.backup import make_backup
from archive.config import Settings
from archive.service import Archive
from ingest.pipeline import Pipeline, candidates
from tests.conftest import ROOT, PdfMaker


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def lax_umask() -> Iterator[None]:
    """Run the test as if started from a shell with the usual umask 022."""
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


@pytest.mark.usefixtures("lax_umask")
def test_catalog_wal_key_and_data_dir_are_private(tmp_path: Path, make_pdf: PdfMaker) -> None:
    settings = Settings.from_env(env={}, data_dir=tmp_path / "data", ingest_workers=1)
    archive = Archive.open(settings)
    try:
        Pipeline(archive).run(candidates([make_pdf("Private by default.")]))
        key = archive.secret_key()
        data = settings.data_path
        assert mode(data) == 0o700
        assert mode(data / "catalog.sqlite3") == 0o600
        assert (data / "catalog.sqlite3-wal").exists()  # the catalog is open in WAL mode
        assert mode(data / "catalog.sqlite3-wal") == 0o600
        assert mode(data / "secret_key") == 0o600
        assert (data / "secret_key").read_text() == key
        assert not list(data.glob("secret_key.*"))  # no temporary key left behind
    finally:
        archive.close()


@pytest.mark.usefixtures("lax_umask")
def test_an_existing_lax_data_dir_catalog_and_key_are_made_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    (data / "catalog.sqlite3").touch(mode=0o644)
    (data / "secret_key").write_text("an old key written readable by all")
    (data / "secret_key").chmod(0o644)
    archive = Archive.open(Settings.from_env(env={}, data_dir=data, ingest_workers=1))
    try:
        assert archive.secret_key() == "an old key written readable by all"
        assert mode(data) == 0o700
        assert mode(data / "catalog.sqlite3") == mode(data / "secret_key") == 0o600
    finally:
        archive.close()


@pytest.mark.usefixtures("lax_umask")
def test_a_backup_is_private(tmp_path: Path, make_pdf: PdfMaker) -> None:
    settings = Settings.from_env(env={}, data_dir=tmp_path / "data", ingest_workers=1)
    archive = Archive.open(settings)
    try:
        Pipeline(archive).run(candidates([make_pdf("Backed up privately.")]))
        destination = tmp_path / "backups" / "today"
        make_backup(archive, destination)
    finally:
        archive.close()
    entries = [destination, *destination.rglob("*")]
    assert {p.name for p in entries} >= {"today", "catalog.sqlite3", "SHA256SUMS", "files"}
    assert any(p.suffix == ".pdf" for p in entries)
    for path in entries:
        assert mode(path) == (0o700 if path.is_dir() else 0o600), path


def test_the_command_line_creates_nothing_others_can_read(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHIVE_")}
    # The umask a shell usually gives, then the command line as `archive` runs it.
    start = "import os; os.umask(0o022); from archive.cli import run; run()"
    done = subprocess.run(
        [sys.executable, "-c", start, "--data-dir", str(data), "reindex"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    created = [data, *data.rglob("*")]
    assert (data / "index").is_dir() and len(created) > 5  # catalog, lock, index and its files
    for path in created:
        assert mode(path) & 0o077 == 0, (path, oct(mode(path)))
