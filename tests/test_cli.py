"""The `archive` command line: ingest, search, reindex, as a librarian uses them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.cli import main
from tests.conftest import ROOT, PdfMaker


def run(data: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--data-dir", str(data), *args])
    return result.exit_code, result.output


def test_ingest_reports_each_refusal_and_a_summary(tmp_path: Path, make_pdf: PdfMaker) -> None:
    folder = tmp_path / "in"
    make_pdf("Social protection for migrant workers", name="in/good.pdf")
    (folder / "bad.pdf").write_text("not a pdf")
    code, out = run(tmp_path / "data", "ingest", str(folder))
    assert code == 1
    assert f"refused  {folder / 'bad.pdf'}: not a PDF" in out
    assert "1 added, 0 duplicates, 1 refused" in out
    (folder / "bad.pdf").unlink()
    code, out = run(tmp_path / "data", "ingest", str(folder))
    assert code == 0
    assert "0 added, 1 duplicates, 0 refused" in out
    assert "same file as document 1" in out


def test_search_prints_pages_and_snippets_or_json(tmp_path: Path, make_pdf: PdfMaker) -> None:
    pdf = make_pdf("First page.", "Second page about remittances.", title="Remittance study")
    assert run(tmp_path / "data", "ingest", str(pdf))[0] == 0
    code, out = run(tmp_path / "data", "search", "remittances")
    assert code == 0
    assert "1 documents" in out and "p. 2: Second page about [remittances]." in out
    code, out = run(tmp_path / "data", "search", "--json", "remittances")
    data = json.loads(out)
    assert data["total"] == 1
    assert data["hits"][0]["pages"][0]["page"] == 2
    assert data["hits"][0]["title"] == "Remittance study"
    code, out = run(tmp_path / "data", "search", "a~2")
    assert code == 2 and "Fuzzy" in out


def test_reindex_rebuilds_with_a_progress_bar(tmp_path: Path, make_pdf: PdfMaker) -> None:
    assert run(tmp_path / "data", "ingest", str(make_pdf("alpha", "beta")))[0] == 0
    code, out = run(tmp_path / "data", "reindex")
    assert code == 0 and "indexed 1 documents, 2 pages" in out
    assert "1 documents" in run(tmp_path / "data", "search", "beta")[1]


def test_the_installed_console_script_runs(tmp_path: Path, make_pdf: PdfMaker) -> None:
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(tmp_path / "data")}
    pdf = make_pdf("A page of text")
    done = subprocess.run(
        [sys.executable, "-m", "archive.cli", "ingest", str(pdf)],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "1 added" in done.stdout


def test_seed_without_installed_samples_says_where_to_point_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("archive.cli.sample_docs_dir", lambda: None)
    code, output = run(tmp_path / "data", "seed")
    assert code != 0
    assert "archive seed FOLDER" in output
