"""Backup and restore, on SQLite and on PostgreSQL (pg_dump/pg_restore), through the CLI:
the restored archive finds the same documents, checks clean, and a damaged backup or a
non-empty target is refused without changing anything."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.check import ERROR, run_checks
from archive.cli import main
from archive.config import Settings
from archive.search import SearchRequest
from archive.service import Archive
from ingest.pipeline import Pipeline, candidates
from tests.conftest import PdfMaker, need
from tests.pg_cluster import Cluster


def cli(settings: Settings, *args: str) -> tuple[int, str]:
    env = {
        "ARCHIVE_DATA_DIR": str(settings.data_path),
        "ARCHIVE_SEARCH_ENGINE": settings.search_engine,
        "ARCHIVE_INGEST_WORKERS": "2",
    }
    if settings.database_url:
        env["ARCHIVE_DATABASE_URL"] = settings.database_url
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.output


def settings_for(tmp_path: Path, name: str, kind: str, cluster: Cluster | None) -> Settings:
    settings = Settings.from_env(env={}, data_dir=tmp_path / name, ingest_workers=2)
    if kind == "sqlite":
        return settings
    assert cluster is not None
    url = cluster.url(cluster.new_database())
    engine = "postgres" if kind == "postgres-engine" else "whoosh"
    return settings.with_(database_url=url, search_engine=engine)


@pytest.mark.parametrize("kind", ["sqlite", "postgres-whoosh", "postgres-engine"])
def test_a_backup_restores_into_an_empty_archive_that_finds_the_same_documents(
    tmp_path: Path, make_pdf: PdfMaker, kind: str, request: pytest.FixtureRequest
) -> None:
    cluster = None
    if kind != "sqlite":
        cluster = request.getfixturevalue("postgres_cluster")
        need(shutil.which("pg_dump") is not None, "pg_dump (Debian postgresql-client)")
    original = settings_for(tmp_path, "original", kind, cluster)
    archive = Archive.open(original)
    pdfs = [make_pdf("Coastal fisheries and quotas."), make_pdf("Mangrove restoration.", "Tides.")]
    Pipeline(archive).run(candidates(pdfs))
    archive.close()
    code, out = cli(original, "backup", str(tmp_path / "backup"))
    assert code == 0, out
    assert len((tmp_path / "backup" / "SHA256SUMS").read_text().splitlines()) == 2

    restored = settings_for(tmp_path, "restored", kind, cluster)
    code, out = cli(restored, "restore", str(tmp_path / "backup"))
    assert code == 0, out
    archive = Archive.open(restored)
    [hit] = archive.search(SearchRequest(q="mangrove")).hits
    assert [p.page for p in archive.search(SearchRequest(q="tides")).hits[0].pages] == [2]
    assert hit.document.title
    assert [f for f in run_checks(archive) if f.level == ERROR] == []
    archive.close()

    code, out = cli(restored, "restore", str(tmp_path / "backup"))  # not empty any more
    assert code != 0 and "not empty" in out


def test_a_damaged_backup_is_refused_before_anything_changes(
    tmp_path: Path, make_pdf: PdfMaker
) -> None:
    original = Settings.from_env(env={}, data_dir=tmp_path / "original", ingest_workers=2)
    archive = Archive.open(original)
    Pipeline(archive).run(candidates([make_pdf("Coastal fisheries.")]))
    archive.close()
    assert cli(original, "backup", str(tmp_path / "backup"))[0] == 0
    [stored] = (tmp_path / "backup" / "files").glob("??/??/*.pdf")
    stored.write_bytes(stored.read_bytes()[:-10])
    target = Settings.from_env(env={}, data_dir=tmp_path / "target")
    code, out = cli(target, "restore", str(tmp_path / "backup"))
    assert code != 0 and "damaged" in out
    assert not (tmp_path / "target" / "catalog.sqlite3").exists()
