"""Bit rot in the file store: ``archive check`` names exactly the damaged documents, and a
damaged file is never sent to a reader.

Three kinds of damage, each on its own document among healthy ones: a flipped byte (with the
file's modification time put back, as real rot leaves it), a deleted file, and a file made
unreadable. Tests run as root in CI, and ``chmod 000`` does not stop root from reading, so
"unreadable" is made by putting a directory where the file was: ``open`` then fails with
EISDIR, an ``OSError`` like EACCES or EIO.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.check import ERROR, run_checks
from archive.cli import main
from archive.service import Archive
from ingest.pipeline import Pipeline, candidates
from tests import hostile
from tests.factories import web_app


def flip_a_byte(path: Path) -> None:
    stat = path.stat()
    path.chmod(0o644)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    path.chmod(0o444)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # rot does not touch mtime


def delete(path: Path) -> None:
    path.unlink()


def make_unreadable(path: Path) -> None:
    path.unlink()
    path.mkdir()


DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "flipped byte": (flip_a_byte, "corrupt-file"),
    "deleted": (delete, "missing-file"),
    "unreadable": (make_unreadable, "unreadable-file"),
}


@pytest.fixture
def five(archive: Archive, tmp_path: Path) -> dict[str, int]:
    """Five documents; three of them damaged, one way each."""
    names = ["healthy-1", *DAMAGE, "healthy-2"]
    paths = []
    for name in names:
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(hostile.plain(f"A paper called {name}, on social security."))
        paths.append(path)
    outcomes = Pipeline(archive).run(candidates(paths))
    ids = {name: o.document_id for name, o in zip(names, outcomes, strict=True)}
    for name, (damage, _) in DAMAGE.items():
        damage(archive.store.path_for(archive.document(ids[name]).sha256))
    return ids


def test_check_names_exactly_the_damaged_documents(archive: Archive, five: dict[str, int]) -> None:
    errors = {(f.document_id, f.kind) for f in run_checks(archive) if f.level == ERROR}
    assert errors == {(five[name], kind) for name, (_, kind) in DAMAGE.items()}


def test_the_check_command_lists_them_and_fails(archive: Archive, five: dict[str, int]) -> None:
    result = CliRunner().invoke(main, ["--data-dir", str(archive.settings.data_path), "check"])
    assert result.exit_code == 1
    for name, (_, kind) in DAMAGE.items():
        assert f"ERROR {kind}: document {five[name]}:" in result.output
    assert f"document {five['healthy-1']}:" not in result.output
    assert "3 errors" in result.output


def test_repair_keeps_the_evidence_and_still_reports_it(
    archive: Archive, five: dict[str, int]
) -> None:
    """Nothing can restore the bytes but a backup: repair must not hide or delete them."""
    result = CliRunner().invoke(
        main, ["--data-dir", str(archive.settings.data_path), "check", "--repair"]
    )
    assert result.exit_code == 1
    flipped = archive.store.path_for(archive.document(five["flipped byte"]).sha256)
    assert flipped.is_file()
    kinds = {f.kind for f in run_checks(archive) if f.level == ERROR}
    assert kinds == {"corrupt-file", "missing-file", "unreadable-file"}


def test_a_damaged_file_is_never_downloaded(archive: Archive, five: dict[str, int]) -> None:
    client = web_app(archive)
    client = client.test_client()
    healthy = archive.document(five["healthy-1"])
    with client.get(f"/documents/{healthy.id}/download") as good:
        assert good.status_code == 200
        assert good.data == archive.store.path_for(healthy.sha256).read_bytes()
    for name in DAMAGE:
        doc = archive.document(five[name])
        for headers in ({}, {"Range": "bytes=0-99"}):
            with client.get(f"/documents/{doc.id}/download", headers=headers) as answer:
                assert answer.status_code not in (200, 206), (name, headers)
                assert b"%PDF" not in answer.data


def test_rot_found_by_check_is_gone_once_the_file_is_restored(
    archive: Archive, five: dict[str, int], tmp_path: Path
) -> None:
    """Putting the original bytes back (from a backup) makes the check clean again."""
    for name in DAMAGE:
        target = archive.store.path_for(archive.document(five[name]).sha256)
        if target.is_dir():
            target.rmdir()
        elif target.exists():
            target.chmod(0o644)
            target.unlink()
        shutil.copyfile(tmp_path / f"{name}.pdf", target)
    assert [f for f in run_checks(archive) if f.level == ERROR] == []
