"""Disk full while a file is being stored: a clean refusal, no partial file, no catalog row.

The real thing where the machine allows it: the whole data directory on a 4 MiB tmpfs
(mounting needs root; CI runs as root). Everywhere: the same story with ENOSPC raised by
the store's file writes once a few hundred kilobytes are written.
"""

from __future__ import annotations

import errno
import io
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from archive import jobs
from archive import store as storemod
from archive.catalog import Document, Job
from archive.check import ERROR, run_checks
from archive.config import Settings
from archive.errors import StoreError
from archive.search import SearchRequest
from archive.service import Archive
from ingest.pipeline import ADDED, REFUSED, Pipeline, candidates
from tests import hostile
from tests.conftest import need
from tests.factories import settings_for

ROOM = 4 * hostile.MIB


def big_pdf(path: Path, size: int = 6 * hostile.MIB) -> Path:
    """A valid PDF with a page of text and an incompressible stream of ``size`` bytes."""
    objects = hostile.one_page(hostile.stream(hostile.text_ops("Too big for the disk")))
    objects[6] = hostile.stream(os.urandom(size))
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R /Filler 6 0 R >>"
    path.write_bytes(hostile.assemble(objects))
    return path


def small_pdf(path: Path) -> Path:
    path.write_bytes(hostile.plain("A short note on unemployment insurance."))
    return path


def try_mount(target: Path) -> bool:
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={ROOM}", "tmpfs", str(target)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


class _FullDisk:
    """A file object whose writes fail with ENOSPC once ``room`` bytes are written."""

    def __init__(self, real: Any, room: int) -> None:
        self._real, self._room = real, room

    def write(self, data: bytes) -> int:
        self._room -= len(data)
        if self._room < 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return self._real.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self._real.close()


@pytest.fixture(params=["tmpfs", "simulated"])
def full_disk(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Settings]:
    """Settings of an archive whose disk fills up after a few megabytes."""
    data = tmp_path / "data"
    if request.param == "tmpfs":
        need(try_mount(data), "mounting a tmpfs needs root (CI runs as root)")
        request.addfinalizer(lambda: subprocess.run(["umount", "-l", str(data)], check=False))
    else:
        real_fdopen = os.fdopen

        def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
            handle = real_fdopen(fd, *args, **kwargs)
            name = os.readlink(f"/proc/self/fd/{fd}")
            return _FullDisk(handle, 300_000) if "/.tmp-" in name else handle

        monkeypatch.setattr(storemod.os, "fdopen", fdopen)
    yield settings_for(data)


def count(archive: Archive, model: Any) -> int:
    with archive.catalog.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_file_that_does_not_fit_is_refused_cleanly(full_disk: Settings, tmp_path: Path) -> None:
    archive = Archive.open(full_disk)
    try:
        big = big_pdf(tmp_path / "big.pdf")
        small = small_pdf(tmp_path / "small.pdf")
        bad, good = Pipeline(archive).run(candidates([big, small]))
        assert bad.status == REFUSED and "No space left on device" in bad.reason, bad
        assert good.status == ADDED  # the space the failed write took was given back
        assert count(archive, Document) == 1
        assert archive.store.stray_temporaries() == []
        assert [f for f in run_checks(archive) if f.level == ERROR] == []
        assert archive.search(SearchRequest(q="unemployment")).total == 1
        assert archive.search(SearchRequest(q="disk")).total == 0
    finally:
        archive.close()


def test_an_upload_that_does_not_fit_is_not_queued(full_disk: Settings, tmp_path: Path) -> None:
    archive = Archive.open(full_disk)
    try:
        big = big_pdf(tmp_path / "big.pdf")
        with open(big, "rb") as stream, pytest.raises(StoreError) as caught:
            jobs.receive(
                archive, stream, filename="big.pdf", actor="librarian", collection=None, metadata={}
            )
        assert "No space left on device" in caught.value.message
        assert count(archive, Job) == 0
        incoming = full_disk.incoming_path
        assert not incoming.exists() or list(incoming.iterdir()) == []
        job = jobs.receive(
            archive,
            io.BytesIO(hostile.plain("It fits.")),
            filename="small.pdf",
            actor="librarian",
            collection=None,
            metadata={},
        )
        assert job.state == "queued"
    finally:
        archive.close()
