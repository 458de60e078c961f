"""Backups and restores: a consistent copy of the catalog and every stored file, with a
checksum list.

The catalog is copied with SQLite's online backup API, or with ``pg_dump`` (Debian's
postgresql-client) from PostgreSQL: both are consistent snapshots while the archive runs.
Stored files are content-addressed and never change, so copying them after the snapshot can
only copy more than the snapshot needs. A Whoosh index is not copied: it is rebuilt from the
catalog on restore; the PostgreSQL engine's tables are part of the dump.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import inspect, select
from sqlalchemy.engine import make_url

from archive.catalog import Document, make_engine
from archive.config import Settings
from archive.errors import ArchiveError
from archive.private import copy_private, private_dir, private_file, write_private
from archive.service import Archive
from archive.store import FileStore, sha256_file

SQLITE_COPY = "catalog.sqlite3"
PG_DUMP = "catalog.pgdump"


def make_backup(archive: Archive, destination: Path) -> str:
    """Write the catalog, files/ and SHA256SUMS into ``destination``; return a summary."""
    url = archive.settings.effective_database_url
    if destination.exists() and any(destination.iterdir()):
        raise ArchiveError(f"{destination} is not empty")
    private_dir(destination)  # it holds password hashes: the owner's eyes only
    if url.startswith("sqlite:///"):
        _copy_sqlite(url, destination / SQLITE_COPY)
    elif url.startswith("postgresql"):
        _postgres_tool("pg_dump", url, "--format=custom", "--no-owner", "-f", destination / PG_DUMP)
    else:
        raise ArchiveError(f"cannot back up a catalog at {url.split(':', 1)[0]}")
    with archive.catalog.read() as session:
        digests = sorted(session.scalars(select(Document.sha256)))
    lines = []
    for sha in digests:
        src = archive.store.path_for(sha)
        rel = src.relative_to(archive.store.root)
        dst = destination / "files" / rel
        private_dir(dst.parent)
        copy_private(src, dst)
        lines.append(f"{sha}  files/{rel.as_posix()}\n")
    write_private(destination / "SHA256SUMS", "".join(lines).encode())
    return (
        f"backed up the catalog and {len(digests)} files to {destination} "
        f"(verify with: cd {destination} && sha256sum -c SHA256SUMS)"
    )


def _copy_sqlite(url: str, target: Path) -> None:
    source = sqlite3.connect(url.removeprefix("sqlite:///"))
    copy = sqlite3.connect(private_file(target))  # password hashes: the owner's only
    with copy:
        source.backup(copy)
    source.close()
    copy.close()


def _postgres_tool(tool: str, url: str, *args: object) -> None:
    """Run pg_dump or pg_restore against the catalog's database (password by environment)."""
    if shutil.which(tool) is None:
        raise ArchiveError(
            f"{tool} not found: install PostgreSQL's client (Debian postgresql-client)"
        )
    parts = make_url(url)
    env = {**os.environ}
    found = {
        "PGHOST": parts.host or parts.query.get("host"),
        "PGPORT": parts.port or parts.query.get("port"),
        "PGUSER": parts.username,
        "PGPASSWORD": parts.password,
        "PGDATABASE": parts.database,
    }
    env.update({k: str(v) for k, v in found.items() if v})
    done = subprocess.run(
        [tool, *map(str, args)], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise ArchiveError(f"{tool} failed: {done.stderr.strip()[-1000:]}")


def restore_backup(settings: Settings, source: Path) -> str:
    """Restore a backup into this (empty) archive: check every file, then the catalog, then
    the files; the index is rebuilt when the archive is next opened."""
    files = _checked_files(source)
    url = settings.effective_database_url
    _refuse_unless_empty(url)
    if url.startswith("sqlite:///"):
        if not (source / SQLITE_COPY).is_file():
            raise ArchiveError(f"{source} holds no {SQLITE_COPY} (a backup of a SQLite catalog)")
        private_dir(settings.data_path)
        _copy_sqlite(f"sqlite:///{source / SQLITE_COPY}", Path(url.removeprefix("sqlite:///")))
    else:
        if not (source / PG_DUMP).is_file():
            raise ArchiveError(f"{source} holds no {PG_DUMP} (a backup of a PostgreSQL catalog)")
        database = make_url(url).database
        _postgres_tool(
            "pg_restore", url, "--no-owner", "--exit-on-error", "-d", database, source / PG_DUMP
        )
    store = FileStore(settings.store_path)
    for sha, path in files:
        store.put(path, sha)
    return f"restored the catalog and {len(files)} files from {source}"


def _checked_files(source: Path) -> list[tuple[str, Path]]:
    """The backup's files, each checked against SHA256SUMS before anything is changed."""
    sums = source / "SHA256SUMS"
    if not sums.is_file():
        raise ArchiveError(f"{source} is not a backup (no SHA256SUMS)")
    files = []
    for line in sums.read_text().splitlines():
        sha, _, rel = line.partition("  ")
        path = source / rel
        if not path.is_file() or sha256_file(path) != sha:
            raise ArchiveError(f"{rel} is missing or damaged in the backup: nothing restored")
        files.append((sha, path))
    return files


def _refuse_unless_empty(url: str) -> None:
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return
    engine = make_engine(url)
    try:
        if inspect(engine).has_table("documents"):
            raise ArchiveError("the catalog is not empty: restore into a new, empty database")
    finally:
        engine.dispose()
