"""`archive check` compares files, catalog and index both ways, and repairs what it can."""

from __future__ import annotations

from pathlib import Path

from archive.check import ERROR, repair, run_checks
from archive.service import Archive
from ingest.pipeline import Pipeline, candidates
from tests.conftest import PdfMaker


def two_docs(archive: Archive, make_pdf: PdfMaker) -> list[int]:
    outcomes = Pipeline(archive).run(candidates([make_pdf("alpha page"), make_pdf("beta page")]))
    return [o.document_id for o in outcomes]


def errors(archive: Archive) -> set[tuple[str, int | None]]:
    return {(f.kind, f.document_id) for f in run_checks(archive) if f.level == ERROR}


def test_a_clean_archive_has_no_findings(archive: Archive, make_pdf: PdfMaker) -> None:
    two_docs(archive, make_pdf)
    assert run_checks(archive) == []


def test_a_flipped_byte_names_exactly_that_document(archive: Archive, make_pdf: PdfMaker) -> None:
    _first, second = two_docs(archive, make_pdf)
    path = archive.store.path_for(archive.document(second).sha256)
    path.chmod(0o644)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    assert errors(archive) == {("corrupt-file", second)}


def test_a_deleted_file_is_missing(archive: Archive, make_pdf: PdfMaker) -> None:
    first, _ = two_docs(archive, make_pdf)
    archive.store.path_for(archive.document(first).sha256).unlink()
    assert errors(archive) == {("missing-file", first)}


def test_an_orphan_file_is_found_and_quarantined_not_deleted(
    archive: Archive, make_pdf: PdfMaker
) -> None:
    two_docs(archive, make_pdf)
    stray = make_pdf("nobody catalogued me")
    import hashlib

    digest = hashlib.sha256(stray.read_bytes()).hexdigest()
    archive.store.put(stray, digest)
    findings = run_checks(archive)
    assert [(f.kind, f.sha256) for f in findings] == [("orphan-file", digest)]
    done = repair(archive, findings)
    assert any("orphan" in line for line in done)
    assert (
        archive.settings.data_path / "quarantine" / f"{digest}.pdf"
    ).read_bytes() == stray.read_bytes()
    assert run_checks(archive) == []


def test_a_missing_index_entry_is_found_and_repaired(archive: Archive, make_pdf: PdfMaker) -> None:
    first, _second = two_docs(archive, make_pdf)
    with archive.index.writer() as writer:
        writer.delete(first)
    assert errors(archive) == {("not-indexed", first)}
    repair(archive, run_checks(archive))
    assert run_checks(archive) == []


def test_an_index_entry_unknown_to_the_catalog_is_found_and_removed(
    archive: Archive, make_pdf: PdfMaker
) -> None:
    from archive.search import IndexedDocument

    two_docs(archive, make_pdf)
    with archive.index.writer() as writer:
        writer.add(IndexedDocument(999, "ghost", [], "other", "en", None, None, [(1, "boo")]))
    assert errors(archive) == {("unknown-indexed", 999)}
    repair(archive, run_checks(archive))
    assert run_checks(archive) == []


def test_check_command_exits_non_zero_on_errors(
    archive: Archive, make_pdf: PdfMaker, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from archive.cli import main

    first, _ = two_docs(archive, make_pdf)
    data_dir = str(archive.settings.data_path)
    ok = CliRunner().invoke(main, ["--data-dir", data_dir, "check"])
    assert ok.exit_code == 0, ok.output
    assert "0 errors" in ok.output
    archive.store.path_for(archive.document(first).sha256).unlink()
    bad = CliRunner().invoke(main, ["--data-dir", data_dir, "check"])
    assert bad.exit_code == 1
    assert f"ERROR missing-file: document {first}" in bad.output
