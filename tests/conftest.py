"""Shared fixtures: a fresh archive under tmp_path, PDFs made on the spot, the reference corpus."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from archive.config import Settings
from archive.search import ENGINES
from archive.service import Archive
from tests import pg_cluster
from tests.factories import UNICODE_FONT, settings_for, write_pdf
from tests.pg_cluster import Cluster

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DOCS = ROOT / "sample_docs"
CORPUS = ROOT.parent / "shared" / "corpus" / "sample-files"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def need(condition: bool, why: str) -> None:
    """Skip (saying why) when a resource is missing on a user's machine; fail under CI."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required under CI: {why}")
    pytest.skip(why)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    """One throwaway PostgreSQL server for the whole session (Debian's postgresql)."""
    need(pg_cluster.available(), "PostgreSQL server and psql (Debian postgresql)")
    cluster = Cluster.create()
    yield cluster
    cluster.stop()


@pytest.fixture
def postgres_url(postgres_cluster: Cluster) -> Iterator[str]:
    """The URL of a fresh, empty database on the session's PostgreSQL server."""
    name = postgres_cluster.new_database()
    yield postgres_cluster.url(name)
    postgres_cluster.drop_database(name)


@pytest.fixture(scope="session", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """Each search engine in turn: the conformance suite runs every search test on both."""
    return request.param


def on_engine(settings: Settings, engine: str, request: pytest.FixtureRequest) -> Settings:
    """These settings with the given engine (postgres: on a fresh PostgreSQL database)."""
    if engine == "whoosh":
        return settings
    if request.scope == "function":
        url = request.getfixturevalue("postgres_url")
    else:  # a database for the module, dropped with the cluster
        cluster = request.getfixturevalue("postgres_cluster")
        url = cluster.url(cluster.new_database())
    return settings.with_(search_engine="postgres", database_url=url)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return settings_for(
        tmp_path / "data",
        extract_timeout=30.0,
        extract_memory_mb=1024,
        index_lock_timeout=20.0,
        worker_poll_seconds=0.1,
    )


@pytest.fixture
def archive(settings: Settings) -> Iterator[Archive]:
    opened = Archive.open(settings)
    yield opened
    opened.close()


PdfMaker = Callable[..., Path]


@pytest.fixture
def make_pdf(tmp_path: Path) -> PdfMaker:
    """Write a PDF whose pages hold the given texts; ``unicode=True`` embeds DejaVu Sans."""
    counter = iter(range(1_000_000))

    def make(
        *pages: str,
        name: str | None = None,
        title: str | None = None,
        author: str | None = None,
        unicode: bool = False,
        landscape: bool = False,
    ) -> Path:
        if unicode:
            need(UNICODE_FONT.is_file(), f"font {UNICODE_FONT} (Debian fonts-dejavu-core)")
        path = tmp_path / (name or f"doc-{next(counter)}.pdf")
        return write_pdf(
            path, pages, title=title, author=author, unicode=unicode, landscape=landscape
        )

    return make


@pytest.fixture
def corpus() -> Path:
    """py-pdf's sample files, where they lie beside the project (../shared/corpus)."""
    need(CORPUS.is_dir(), f"reference corpus not found at {CORPUS} (present in CI only)")
    return CORPUS


def ingest_seminar(archive: Archive) -> Archive:
    """Ingest the sample seminar's collection and documents into an archive."""
    import json

    from archive.collections import upsert_collection
    from ingest.metadata import read_manifest
    from ingest.pipeline import Pipeline, candidates

    data = json.loads((SAMPLE_DOCS / "collection.json").read_text(encoding="utf-8"))
    upsert_collection(archive, data, actor="test")
    manifest = SAMPLE_DOCS / "manifest.csv"
    items = candidates(
        [SAMPLE_DOCS],
        manifest=read_manifest(manifest),
        manifest_base=SAMPLE_DOCS,
        collection=data["slug"],
    )
    outcomes = Pipeline(archive).run(items)
    assert all(o.status == "added" for o in outcomes), outcomes
    return archive


@pytest.fixture
def seminar(archive: Archive) -> Archive:
    """A fresh archive holding the sample seminar (for tests that change it)."""
    return ingest_seminar(archive)


@pytest.fixture(scope="session")
def shared_seminar(
    tmp_path_factory: pytest.TempPathFactory, engine: str, request: pytest.FixtureRequest
) -> Iterator[Archive]:
    """One archive holding the sample seminar on each engine in turn, shared by tests that
    only read it (helpful search is part of the conformance suite)."""
    data = tmp_path_factory.mktemp("seminar") / "data"
    opened = Archive.open(on_engine(settings_for(data), engine, request))
    ingest_seminar(opened)
    yield opened
    opened.close()
