"""Backups: a consistent copy of the catalog and every stored file, with a checksum list.

The catalog is copied with SQLite's online backup API (a consistent snapshot while the
archive runs); stored files are content-addressed and never change, so copying them after
the snapshot can only copy more than the snapshot needs. The index is not copied: it is
rebuilt from the catalog on restore (``archive reindex``).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import select

from archive.catalog import Document
from archive.errors import ArchiveError
from archive.private import copy_private, private_dir, private_file, write_private
from archive.service import Archive


def make_backup(archive: Archive, destination: Path) -> str:
    """Write catalog.sqlite3, files/ and SHA256SUMS into ``destination``; return a summary."""
    url = archive.settings.effective_database_url
    if not url.startswith("sqlite:///"):
        raise ArchiveError("backup of a PostgreSQL catalog: use pg_dump, then copy files/")
    if destination.exists() and any(destination.iterdir()):
        raise ArchiveError(f"{destination} is not empty")
    private_dir(destination)  # it holds password hashes: the owner's eyes only
    source = sqlite3.connect(url.removeprefix("sqlite:///"))
    target = sqlite3.connect(private_file(destination / "catalog.sqlite3"))
    with target:
        source.backup(target)
    source.close()
    target.close()
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
