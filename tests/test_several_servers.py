"""Several app servers: two real ``archive serve`` processes share one PostgreSQL catalog and
one file store, each with its own data directory (and, with Whoosh, its own index).

What is ingested, withdrawn or edited through one server is what the other answers, at
once: the change log and each index's own cursor keep every server's index in step. An
upload received by a server without a worker is ingested by the one worker elsewhere.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive import jobs
from archive.config import Settings
from archive.service import Archive
from tests.conftest import ROOT, PdfMaker
from tests.server_harness import Server, archive_env, free_port, run_cli, stop, wait_until_up


def server_env(tmp_path: Path, name: str, url: str, engine: str) -> dict[str, str]:
    env = archive_env(tmp_path / name)
    env.update(
        ARCHIVE_DATABASE_URL=url,
        ARCHIVE_FILES_DIR=str(tmp_path / "shared" / "files"),
        ARCHIVE_SERVER_ID=name,
        ARCHIVE_SEARCH_ENGINE=engine,
        ARCHIVE_WEB_WORKERS="1",
    )
    return env


def start(tmp_path: Path, name: str, env: dict[str, str], *, worker: bool) -> Iterator[Server]:
    port = free_port()
    server = Server(f"http://127.0.0.1:{port}", tmp_path / name, tmp_path / f"{name}.log")
    args = ["serve", "--port", str(port)] + ([] if worker else ["--no-worker"])
    with server.log.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "archive.cli", *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )
        try:
            wait_until_up(server.url, proc, server)
            yield server
        finally:
            stop(proc)


def search(server: Server, q: str) -> dict:
    url = f"{server.url}/api/search?{urllib.parse.urlencode({'q': q})}"
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.loads(response.read())


def titles(server: Server, q: str) -> list[str]:
    return [hit["title"] for hit in search(server, q)["hits"]]


@pytest.mark.parametrize("engine_name", ["whoosh", "postgres"])
def test_two_servers_share_one_catalog_and_one_file_store(
    tmp_path: Path, postgres_url: str, make_pdf: PdfMaker, engine_name: str
) -> None:
    env_a = server_env(tmp_path, "a", postgres_url, engine_name)
    env_b = server_env(tmp_path, "b", postgres_url, engine_name)
    run_cli(env_a, "db", "upgrade")
    servers = [start(tmp_path, "a", env_a, worker=True), start(tmp_path, "b", env_b, worker=False)]
    a, b = (next(s) for s in servers)
    try:
        assert search(b, "hovercraft")["total"] == 0  # b's index now exists, and is in step
        pdf = make_pdf("Hovercraft regulation in the delta ports.", title="Ports")
        run_cli(env_a, "ingest", str(pdf))  # through the first server's side
        assert titles(b, "hovercraft") == ["Ports"]
        [stored] = (tmp_path / "shared" / "files").glob("??/??/*.pdf")
        assert stored.read_bytes() == pdf.read_bytes()
        assert not (tmp_path / "b" / "files").exists()

        librarian_a = Archive.open(Settings.from_env(env=env_a))  # a librarian's edits on a
        [doc] = librarian_a.documents()[1]
        librarian_a.edit(doc.id, {"title": "Delta ports and hovercraft"}, actor="t")
        assert titles(b, "title:delta") == ["Delta ports and hovercraft"]
        librarian_a.set_status(doc.id, withdrawn=True, reason="test", actor="t")
        gone = search(b, "hovercraft")
        assert (gone["total"], gone["hits"]) == (0, [])
        assert search(a, "hovercraft")["total"] == 0
        librarian_a.set_status(doc.id, withdrawn=False, reason="", actor="t")
        assert titles(b, "hovercraft") == ["Delta ports and hovercraft"]
        librarian_a.close()

        # An upload received by b (which runs no worker) is ingested by a's worker.
        desk_b = Archive.open(Settings.from_env(env=env_b))
        upload = make_pdf("Lagoon aquaculture permits.", title="Lagoons")
        with upload.open("rb") as stream:
            jobs.receive(
                desk_b, stream, filename="lagoons.pdf", actor="t", collection=None, metadata={}
            )
        deadline = time.monotonic() + 90
        while not (drafts := desk_b.drafts()):  # a web upload is a draft once ingested
            assert time.monotonic() < deadline, f"upload never ingested:\n{a.tail()}"
            time.sleep(0.5)
        assert titles(b, "lagoon") == []  # nobody has published it yet
        desk_b.publish([d.document.id for d in drafts], actor="t")
        desk_b.close()
        while titles(b, "lagoon") != ["Lagoons"]:
            assert time.monotonic() < deadline, f"published upload not found:\n{a.tail()}"
            time.sleep(0.5)
    finally:
        for server in servers:
            server.close()
