"""The PostgreSQL engine beside Whoosh and FTS5: index build, search latencies, load.

The benchmark's generated catalog (SQLite) is copied into a PostgreSQL database (a
throwaway cluster started here, or ``--postgres-url``) with COPY; the PostgreSQL engine's
tables are built from it with ``Archive.rebuild_index`` (timed, two analysis processes as
``archive reindex`` uses on two cores); the same query mix is answered through
``Archive.search`` with the same warm, shuffled rounds as the other engines, and by FTS5
on the same pages in the same step. For the slowest query of each kind the SQL statements
of one search are run again under ``EXPLAIN (ANALYZE, BUFFERS)``: where the time goes.
Last, ``archive serve`` on the PostgreSQL catalog answers 8 closed-loop clients.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, select, text

log = logging.getLogger(__name__)
TABLES = ("collections", "documents", "pages")
# The throwaway cluster's settings: what a server with this machine's memory would be given
# (the defaults, 128 MB of shared buffers, are for a laptop).
CLUSTER_SETTINGS = {
    "shared_buffers": "2GB",
    "effective_cache_size": "12GB",
    "work_mem": "64MB",
    "maintenance_work_mem": "1GB",
    "max_wal_size": "16GB",
    "checkpoint_timeout": "30min",
    "jit": "off",
}
BUILD_PROCS = 2


@contextmanager
def database(url: str | None) -> Iterator[str]:
    """The given database, or a fresh one on a throwaway cluster (Debian's postgresql)."""
    if url is not None:
        yield url
        return
    from tests.pg_cluster import Cluster, available

    if not available():
        raise RuntimeError("no PostgreSQL server here (Debian postgresql) and no --postgres-url")
    cluster = Cluster.create(CLUSTER_SETTINGS)
    try:
        yield cluster.url(cluster.new_database())
    finally:
        cluster.stop()


def copy_catalog(sqlite_path: Path, target: Any) -> int:
    """Copy the documents (with collections and pages) into the target catalog with COPY."""
    from archive.catalog import Base

    source = create_engine(f"sqlite:///{sqlite_path}")
    rows = 0
    with source.connect() as src, target.begin() as dst:
        cursor = dst.connection.driver_connection.cursor()
        for name in TABLES:
            table = Base.metadata.tables[name]
            columns = [c.name for c in table.columns]
            result = src.execution_options(stream_results=True).execute(select(table))
            with cursor.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in result:
                    copy.write_row(tuple(map(_copyable, row)))
                    rows += 1
        for name in (
            "collections",
            "documents",
        ):  # later inserts (an ingest under load) take the next ids
            dst.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {name}))"
                )
            )
        dst.execute(text("ANALYZE"))
    source.dispose()
    return rows


def _copyable(value: Any) -> Any:
    """A value as COPY takes it (JSON columns arrive as Python dicts and lists)."""
    from psycopg.types.json import Json

    return Json(value) if isinstance(value, dict | list) else value


def _sizes(engine: Any) -> dict[str, float]:
    """Megabytes of the engine's tables and the GIN index (PostgreSQL's own accounting)."""
    queries = {
        "search_pages_mb": "pg_total_relation_size('search_pages')",
        "gin_index_mb": "pg_relation_size('ix_search_pages_tsv')",
        "search_words_mb": "pg_total_relation_size('search_words')",
        "catalog_pages_mb": "pg_total_relation_size('pages')",
        "database_mb": "pg_database_size(current_database())",
    }
    with engine.connect() as conn:
        return {k: round(conn.scalar(text(f"SELECT {q}")) / 1e6, 1) for k, q in queries.items()}


@contextmanager
def statements(engine: Any) -> Iterator[list[tuple[str, Any]]]:
    """The SELECT and SET statements (with parameters) sent while the block runs."""
    seen: list[tuple[str, Any]] = []

    def note(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH", "SET")):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def explain(archive: Any, q: str, filters: dict[str, str], sort: str) -> list[dict[str, Any]]:
    """Each SQL statement of one search, timed under EXPLAIN ANALYZE, slowest first.

    The search's own settings (``SET LOCAL``) are replayed first, in one transaction.
    """
    from archive.search import SearchRequest

    engine = archive.index.engine
    with statements(engine) as seen:
        archive.search(SearchRequest(q=q, per_page=10, sort=sort, filters=filters))
    plans = []
    with engine.connect() as conn:
        for statement, parameters in seen:
            if statement.lstrip().upper().startswith("SET"):
                conn.exec_driver_sql(statement, parameters)
                continue
            started = time.perf_counter()
            rows = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
            ms = (time.perf_counter() - started) * 1000
            plan = "\n".join(r[0] for r in rows.all())
            plans.append({"ms": round(ms, 1), "sql": statement[:300], "plan": plan})
        conn.rollback()
    return sorted(plans, key=lambda p: -p["ms"])


def slowest_by_kind(archive: Any, kinds: list[str], queries: list[Any]) -> dict[str, Any]:
    """EXPLAIN ANALYZE of the slowest query of each kind (each timed twice, warm)."""
    one = _searcher(archive)
    out = {}
    for kind in kinds:
        times = {}
        for _, q, filters, sort, _ in (x for x in queries if x[0] == kind):
            one(q, filters, sort)
            started = time.perf_counter()
            one(q, filters, sort)
            times[(q, tuple(filters.items()), sort)] = time.perf_counter() - started
        (q, filters_items, sort), seconds = max(times.items(), key=lambda kv: kv[1])
        filters = dict(filters_items)
        out[kind] = {"query": q, "filters": filters, "sort": sort, "ms": round(seconds * 1000)}
        out[kind]["statements"] = explain(archive, q, filters, sort)
    return out


def _searcher(archive: Any) -> Callable[[str, dict[str, str], str], int]:
    from archive.results import results_to_dict
    from archive.search import SearchRequest

    def one(q: str, filters: dict[str, str], sort: str) -> int:
        page = archive.search(SearchRequest(q=q, per_page=10, sort=sort, filters=filters))
        results_to_dict(page, page=1, per_page=10)
        return page.total

    return one


def replicate(engine: Any, times: int) -> dict[str, Any]:
    """The corpus ``times`` over: every document, page and search row again with new ids.

    A stand-in for a larger archive when analysing one is too slow here (a million pages
    is about 25 CPU-minutes of analysis): the same vocabulary and documents, but ``times``
    as many pages match every query, which is what search time grows with. The GIN index
    is rebuilt once at the end; word counts are multiplied.
    """
    started = time.perf_counter()
    with engine.begin() as conn:
        last = conn.scalar(text("SELECT max(id) FROM documents"))
        shifted = {
            "documents": ("id", "id <= :last"),
            "pages": ("document_id", "document_id <= :last"),
            "search_documents": ("doc_id", "doc_id <= :last"),
            "search_pages": ("doc_id", "doc_id <= :last"),
        }
        conn.execute(text("DROP INDEX ix_search_pages_tsv"))
        for k in range(1, times):
            for table, (key, where) in shifted.items():
                columns = _columns(conn, table)
                values = [_shifted(c, key, k) for c in columns]
                conn.execute(
                    text(
                        f"INSERT INTO {table} ({', '.join(columns)}) "
                        f"SELECT {', '.join(values)} FROM {table} WHERE {where}"
                    ),
                    {"last": last, "shift": k * last, "k": str(k)},
                )
            log.info("replicated %d of %d", k + 1, times)
        conn.execute(text("UPDATE search_words SET pages = pages * :n"), {"n": times})
        conn.execute(text("SET LOCAL maintenance_work_mem = '1GB'"))
        conn.execute(text("CREATE INDEX ix_search_pages_tsv ON search_pages USING gin (tsv)"))
        for table in (*shifted, "search_words"):
            conn.execute(text(f"ANALYZE {table}"))
        pages = conn.scalar(text("SELECT count(*) FROM search_pages"))
    return {
        "times": times,
        "pages": pages,
        "seconds": round(time.perf_counter() - started, 1),
        **_sizes(engine),
    }


def _columns(conn: Any, table: str) -> list[str]:
    rows = conn.execute(
        text(
            "SELECT column_name FROM information_schema.columns WHERE table_name = :t "
            "AND table_schema = current_schema() ORDER BY ordinal_position"
        ),
        {"t": table},
    )
    return list(rows.scalars())


def _shifted(column: str, key: str, k: int) -> str:
    if column == key:
        return f"{column} + :shift"
    if column == "sha256":  # unique: a new fake digest per copy
        return "md5(sha256 || :k) || md5(:k || sha256)"
    return column


def _measure(archive: Any, rounds: int) -> dict[str, Any]:
    """The query mix's latencies, matching counts, and EXPLAIN of each kind's slowest."""
    from bench.load import summary_ms
    from bench.run import QUERIES, _timed_rounds

    totals: dict[str, int] = {}
    timings = _timed_rounds(_searcher(archive), rounds, totals)
    every = [x for values in timings.values() for x in values]
    out: dict[str, Any] = {
        "search": {"all": summary_ms(every), **{k: summary_ms(v) for k, v in timings.items()}},
        "matching_documents": totals,
    }
    log.info("searched: %s", out["search"]["all"])
    try:  # diagnostics only: a failure here must not lose the figures
        out["explain_slowest"] = slowest_by_kind(archive, list(timings), QUERIES)
    except Exception as exc:
        out["explain_slowest"] = {"error": f"{type(exc).__name__}: {exc}"}
    return out


def run(
    catalog: Path,
    work: Path,
    rounds: int,
    url: str | None,
    *,
    fts: Callable[[], Path] | None = None,
    load: Callable[[str, Path], dict[str, Any]] | None,
    save: Callable[[dict[str, Any]], None] = lambda _out: None,
    replicas: int = 1,
) -> dict[str, Any]:
    """Copy, build, search (beside FTS5), explain the slowest kinds, and serve under load.

    With ``replicas`` > 1, the corpus is then replicated that many times over
    (``replicate``) and searched and loaded again. ``save`` is given the figures so far
    after each phase (a long run shows its progress; what it measured survives if it is
    stopped).
    """
    from archive.config import Settings
    from archive.service import Archive
    from bench.load import summary_ms
    from bench.run import BUDGET_MS, fts_latencies

    if work.exists():
        shutil.rmtree(work)
    out: dict[str, Any] = {"build_procs": BUILD_PROCS, "cluster_settings": CLUSTER_SETTINGS}
    with database(url) as db:
        settings = Settings.from_env(
            env={},
            data_dir=work,
            database_url=db,
            search_engine="postgres",
            search_time_budget_ms=BUDGET_MS,
        )
        archive = Archive.open(settings, prepare_index=False)
        try:
            started = time.perf_counter()
            copied = copy_catalog(catalog, archive.catalog.engine)
            out["catalog_copy"] = {"rows": copied, "seconds": round(time.perf_counter() - started)}
            log.info("catalog copied: %s", out["catalog_copy"])
            save(out)
            started = time.perf_counter()
            pages = archive.rebuild_index(procs=BUILD_PROCS)
            build = time.perf_counter() - started
            out["index_build"] = {
                "pages": pages,
                "seconds": round(build, 2),
                "pages_per_s": round(pages / build, 1) if build else None,
                **_sizes(archive.index.engine),
            }
            log.info("index built: %s", out["index_build"])
            save(out)
            out.update(_measure(archive, rounds))
            save(out)
            if fts is not None:
                fts_timings, fts_totals = fts_latencies(fts(), rounds)
                fts_all = [x for values in fts_timings.values() for x in values]
                out["fts5_search"] = {
                    "all": summary_ms(fts_all),
                    **{k: summary_ms(v) for k, v in fts_timings.items()},
                }
                out["fts5_matching_documents"] = fts_totals
                save(out)
            if load is not None:
                out["load"] = load(db, work)
                save(out)
            if replicas > 1:
                bigger = replicate(archive.index.engine, replicas)
                log.info("replicated: %s", bigger)
                out["replicated"] = bigger
                save(out)
                bigger.update(_measure(archive, rounds))
                save(out)
                if load is not None:
                    bigger["load"] = load(db, work)
        finally:
            archive.close()
    return out
