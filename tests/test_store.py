"""The file store keeps files bit for bit under their SHA-256, atomically."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from archive.errors import IntegrityError, StoreError
from archive.store import FileStore, sha256_file, write_durably


def test_put_keeps_the_exact_bytes_under_their_digest(tmp_path: Path) -> None:
    source = tmp_path / "a.pdf"
    source.write_bytes(b"%PDF-1.4 some bytes \x00\xff")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    store = FileStore(tmp_path / "files")
    stored = store.put(source, digest)
    assert stored.read_bytes() == source.read_bytes()
    assert stored == store.path_for(digest)
    assert store.put(source, digest) == stored  # idempotent
    store.verify(digest)
    assert list(store.all_digests()) == [digest]
    assert store.stray_temporaries() == []


def test_put_refuses_a_file_whose_digest_is_not_what_was_claimed(tmp_path: Path) -> None:
    source = tmp_path / "a.pdf"
    source.write_bytes(b"hello")
    store = FileStore(tmp_path / "files")
    with pytest.raises(IntegrityError):
        store.put(source, "0" * 64)
    assert list(store.all_digests()) == []


def test_verify_tells_missing_from_corrupt(tmp_path: Path) -> None:
    source = tmp_path / "a.pdf"
    source.write_bytes(b"hello world")
    digest = sha256_file(source)
    store = FileStore(tmp_path / "files")
    with pytest.raises(IntegrityError) as missing:
        store.verify(digest)
    assert missing.value.kind == "missing-file"
    path = store.put(source, digest)
    path.chmod(0o644)
    path.write_bytes(b"hello worle")
    with pytest.raises(IntegrityError) as corrupt:
        store.verify(digest)
    assert corrupt.value.kind == "corrupt-file"


def test_write_durably_leaves_no_partial_file_when_over_the_limit(tmp_path: Path) -> None:
    target = tmp_path / "dir" / "x.pdf"
    with pytest.raises(StoreError):
        write_durably(io.BytesIO(b"x" * 5000), target, limit=1000)
    assert not target.exists()
    assert list((tmp_path / "dir").iterdir()) == []


def test_path_for_accepts_only_digests(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    for bad in ("../../etc/passwd", "abc", "Z" * 64):
        with pytest.raises(StoreError):
            store.path_for(bad)
