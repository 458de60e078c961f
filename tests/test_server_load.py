"""The production server under concurrent readers while a batch is being ingested.

`archive serve` (gunicorn and the background worker) answers 200 concurrent searches and
downloads while `archive ingest` adds a batch to the same archive: every request succeeds,
nobody sees "database is locked" or an index lock error, and the archive checks clean after.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import ROOT, PdfMaker, ingest_seminar
from tests.factories import open_archive
from tests.server_harness import Server, archive_env, free_port, stop, wait_until_up

REQUESTS = 200
QUERIES = [
    "portability",
    "social protection",
    '"universal health coverage"',
    "migrant*",
    "jaminan sosial",
    "lao dong di cu",
    "type:presentation migrant",
    "year:2015 pension",
]


def fetch(url: str) -> tuple[int, int]:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.status, len(response.read())


@pytest.mark.slow
def test_200_concurrent_searches_and_downloads_during_an_ingest(
    tmp_path: Path, make_pdf: PdfMaker
) -> None:
    data = tmp_path / "data"
    archive = open_archive(data)
    ingest_seminar(archive)
    doc_ids = [d.id for d in archive.documents(limit=100)[1]]
    archive.close()
    for n in range(12):
        make_pdf(
            *(
                f"Batch document {n}, page {p}: pension reform and portability."
                for p in range(1, 6)
            ),
            name=f"batch/doc-{n}.pdf",
        )
    env = archive_env(data)
    port = free_port()
    server = Server(f"http://127.0.0.1:{port}", data, tmp_path / "server.log")
    with server.log.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "archive.cli", "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )
        try:
            wait_until_up(server.url, proc, server)
            ingest = subprocess.Popen(
                [sys.executable, "-m", "archive.cli", "ingest", str(tmp_path / "batch")],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            urls = []
            for i in range(REQUESTS):
                if i % 3 == 2:
                    urls.append(f"{server.url}/documents/{doc_ids[i % len(doc_ids)]}/download")
                else:
                    path = "/api/search" if i % 2 else "/search"
                    q = urllib.parse.quote(QUERIES[i % len(QUERIES)])
                    urls.append(f"{server.url}{path}?q={q}")
            with ThreadPoolExecutor(max_workers=16) as pool:
                answers = list(pool.map(fetch, urls))
            out, err = ingest.communicate(timeout=300)
        finally:
            stop(proc)
    assert [status for status, _ in answers] == [200] * REQUESTS
    assert all(size > 0 for _, size in answers)
    assert ingest.returncode == 0, err[-2000:]
    assert "12 added" in out
    log_text = server.log.read_text(errors="replace")
    assert "database is locked" not in log_text and "LockError" not in log_text
    assert "Traceback" not in log_text
    check = subprocess.run(
        [sys.executable, "-m", "archive.cli", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert check.returncode == 0, check.stdout[-2000:]
    search = subprocess.run(
        [sys.executable, "-m", "archive.cli", "search", "--json", "batch document"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert json.loads(search.stdout)["total"] == 12
