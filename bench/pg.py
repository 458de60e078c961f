"""The PostgreSQL engine beside Whoosh and FTS5: index build and search latencies.

The benchmark's generated catalog (SQLite) is copied into a PostgreSQL database (a
throwaway cluster started here, or ``--postgres-url``), the PostgreSQL engine's tables are
built from it with ``Archive.rebuild_index`` (timed), and the same query mix is answered
through ``Archive.search`` with the same warm, shuffled rounds as the other engines.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select

log = logging.getLogger(__name__)
TABLES = ("collections", "documents", "pages")
BATCH = 2000


@contextmanager
def database(url: str | None) -> Iterator[str]:
    """The given database, or a fresh one on a throwaway cluster (Debian's postgresql)."""
    if url is not None:
        yield url
        return
    from tests.pg_cluster import Cluster, available

    if not available():
        raise RuntimeError("no PostgreSQL server here (Debian postgresql) and no --postgres-url")
    cluster = Cluster.create()
    try:
        yield cluster.url(cluster.new_database())
    finally:
        cluster.stop()


def copy_catalog(sqlite_path: Path, target: Any) -> int:
    """Copy the documents (with collections and pages) into the target engine's catalog."""
    from archive.catalog import Base

    source = create_engine(f"sqlite:///{sqlite_path}")
    rows = 0
    with source.connect() as src, target.begin() as dst:
        for name in TABLES:
            table = Base.metadata.tables[name]
            result = src.execution_options(stream_results=True).execute(select(table))
            for batch in result.mappings().partitions(BATCH):
                dst.execute(table.insert(), [dict(row) for row in batch])
                rows += len(batch)
    source.dispose()
    return rows


def run(indexed: Path, work: Path, rounds: int, url: str | None) -> dict[str, Any]:
    """Build the PostgreSQL engine's index of the indexed catalog and time the query mix."""
    from archive.config import Settings
    from archive.results import results_to_dict
    from archive.search import SearchRequest
    from archive.service import Archive
    from bench.load import summary_ms
    from bench.run import _timed_rounds

    if work.exists():
        shutil.rmtree(work)
    with database(url) as db:
        settings = Settings.from_env(
            env={}, data_dir=work, database_url=db, search_engine="postgres"
        )
        archive = Archive.open(settings, prepare_index=False)
        try:
            copied = copy_catalog(indexed / "catalog.sqlite3", archive.catalog.engine)
            started = time.perf_counter()
            pages = archive.rebuild_index()
            build = time.perf_counter() - started
            totals: dict[str, int] = {}

            def one(q: str, filters: dict[str, str], sort: str) -> int:
                page = archive.search(SearchRequest(q=q, per_page=10, sort=sort, filters=filters))
                results_to_dict(page, page=1, per_page=10)
                return page.total

            timings = _timed_rounds(one, rounds, totals)
        finally:
            archive.close()
    every = [x for values in timings.values() for x in values]
    return {
        "catalog_rows_copied": copied,
        "index_build": {
            "pages": pages,
            "seconds": round(build, 2),
            "pages_per_s": round(pages / build, 1) if build else None,
        },
        "search": {"all": summary_ms(every), **{k: summary_ms(v) for k, v in timings.items()}},
        "matching_documents": totals,
    }
