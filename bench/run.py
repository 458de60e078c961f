"""Run the benchmarks: ``python -m bench.run --size smoke|10k|100k [--only ...] [--out ...]``.

Every figure is measured next to a baseline in the same run on the same machine, and
reported with the ratio between the two:

ingest    ``archive ingest`` of generated PDFs (fresh archive): pages/s until catalogued
          vs raw pypdf extraction of the same files on all cores, then the index lag
          (catalogued to searchable); peak memory of every process; two corpus sizes; and a
          steady stream of small uploads to ``archive worker`` with the lag of each.
reindex   ``archive reindex`` (Whoosh) vs SQLite FTS5 indexing the same page texts.
search    ``Archive.search`` (snippets, facets, the API's JSON) vs FTS5 with ``snippet()``
          and a document-level GROUP BY, over a fixed mix of queries, warm.
startup   ``archive serve`` launch to the first answered search vs ``python -m http.server``
          launch to its first answer.
download  a ~50 MB PDF through the server vs reading the stored file directly (and vs
          ``python -m http.server`` serving it).
load      closed-loop searches and downloads against ``archive serve`` with its default
          workers, with a background ``archive ingest`` running vs without.

Results go to JSON and markdown (``bench/results/<size>.json`` and ``.md``). Benchmarks
never fail for slowness: the exit status is non-zero only if a step broke.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import logging
import multiprocessing
import os
import platform
import random
import resource
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from bench import fts as ftsmod
from bench import generate
from bench.load import get, run_load, search_path, summary_ms
from bench.procmem import TreeSampler, wait_sampled

log = logging.getLogger("bench")

ROOT = Path(__file__).resolve().parent.parent
# Generated material and run directories (not committed; BENCH_WORK moves them elsewhere).
WORK = Path(os.environ.get("BENCH_WORK") or ROOT / "bench" / "work")
RESULTS = Path(os.environ.get("BENCH_RESULTS") or ROOT / "bench" / "results")
STEPS = ("ingest", "reindex", "search", "startup", "download", "load", "ocr", "thumbnails")
PYTHON = sys.executable
INDEXED_MARK = "bench-indexed.json"  # written once a run's reindex step has finished
# Searches are timed, not refused: a query slower than the archive's default budget (3 s)
# on a busy machine is measured rather than answered "too expensive".
BUDGET_MS = 120_000


@dataclass(frozen=True)
class Size:
    """How big each benchmark is at one size."""

    name: str
    index_pages: int
    ingest_pdfs: tuple[int, int]  # two corpus sizes, to show memory flat with the count
    pdf_max_pages: int | None
    search_rounds: int
    load_clients: int
    load_seconds: float
    large_pdf_mb: int
    download_repeats: int
    background_pdfs: int
    startup_repeats: int


SIZES = {
    "smoke": Size("smoke", 300, (2, 5), 6, 2, 4, 3.0, 5, 3, 3, 1),
    "10k": Size("10k", 10_000, (24, 96), None, 5, 8, 20.0, 50, 5, 12, 2),
    "100k": Size("100k", 100_000, (24, 96), None, 5, 8, 20.0, 50, 5, 12, 2),
    # For the PostgreSQL engine (``--only "" --engine postgres``): Whoosh would take hours.
    "1m": Size("1m", 1_000_000, (24, 96), None, 3, 8, 20.0, 50, 5, 12, 2),
}

# The fixed query mix: (kind, query, filters, sort, FTS5 equivalent).
QUERIES: list[tuple[str, str, dict[str, str], str, str]] = [
    ("word", "migration", {}, "relevance", "migration"),
    ("word", "pensions", {}, "relevance", "pensions"),
    ("word", "trafficking", {}, "relevance", "trafficking"),
    ("word", "remittances", {}, "relevance", "remittances"),
    ("word", "Cambodia", {}, "relevance", "Cambodia"),
    ("word", "jaminan", {}, "relevance", "jaminan"),
    ("two words", "domestic pensions", {}, "relevance", "domestic pensions"),
    ("two words", "employers training", {}, "relevance", "employers training"),
    ("two words", "pekerja migran", {}, "relevance", "pekerja migran"),
    ("three words", "fair recruitment agencies", {}, "relevance", "fair recruitment agencies"),
    ("three words", "women workers Malaysia", {}, "relevance", "women workers Malaysia"),
    ("three words", "health coverage reform", {}, "relevance", "health coverage reform"),
    ("phrase", '"social protection"', {}, "relevance", '"social protection"'),
    ("phrase", '"minimum wage"', {}, "relevance", '"minimum wage"'),
    ("phrase", '"employment injury"', {}, "relevance", '"employment injury"'),
    ("prefix", "protect*", {}, "relevance", "protect*"),
    ("prefix", "migra*", {}, "relevance", "migra*"),
    ("prefix", "pension*", {}, "relevance", "pension*"),
    ("facet", "migrant workers", {"type": "report"}, "relevance", "migrant workers"),
    ("facet", "jaminan sosial", {"lang": "id"}, "relevance", "jaminan sosial"),
    ("facet", "recruitment", {"year": "2015"}, "relevance", "recruitment"),
    ("by date", "social security", {}, "date", "social security"),
    ("by date", "Indonesia", {}, "date", "Indonesia"),
]


# -- helpers ------------------------------------------------------------------------------------


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHIVE_")}
    env.update(ARCHIVE_DATA_DIR=str(data_dir), ARCHIVE_LOG_LEVEL="WARNING", **extra)
    env.setdefault("ARCHIVE_SEARCH_TIME_BUDGET_MS", str(BUDGET_MS))
    env["PYTHONPATH"] = str(ROOT)
    return env


def _fresh(path: Path) -> Path:
    if path.exists() or path.is_symlink():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def _dir_mb(path: Path) -> float:
    """Megabytes of a file, or of every file below a folder (following the index's link)."""
    path = path.resolve()
    if path.is_file():
        return round(path.stat().st_size / 1e6, 1)
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6, 1)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _catalog_counts(data_dir: Path) -> tuple[int, int]:
    """(documents, pages) in an archive's catalog."""
    with contextlib.closing(sqlite3.connect(data_dir / "catalog.sqlite3")) as db:
        row = db.execute("SELECT count(*), coalesce(sum(page_count), 0) FROM documents")
        docs, pages = row.fetchone()
    return docs, pages


def machine() -> dict[str, Any]:
    """What the benchmarks ran on."""
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with contextlib.suppress(OSError, ValueError, IndexError):
        mem_kb = int(Path("/proc/meminfo").read_text().split("\n")[0].split()[1])
    versions = {}
    for dist in ("Whoosh-Reloaded", "pypdf", "SQLAlchemy", "Flask", "gunicorn", "fpdf2"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[dist] = metadata.version(dist)
    versions["sqlite"] = sqlite3.sqlite_version
    commit = (
        os.environ.get("BENCH_COMMIT")
        or subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if dirty and "BENCH_COMMIT" not in os.environ:
        commit += " (with uncommitted changes)"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)),
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "versions": versions,
        "commit": commit,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


# -- the run ------------------------------------------------------------------------------------


class Bench:
    """One run of the benchmarks at one size: its results and the material it shares."""

    def __init__(self, size: Size, *, keep: bool = False, steps: tuple[str, ...] = STEPS) -> None:
        self.size = size
        self.keep = keep
        self.steps = steps
        self.runs = WORK / "runs" / size.name
        self.results: dict[str, Any] = {"size": asdict(size), "machine": machine()}
        self.failures: list[str] = []
        self.ran: set[str] = set()
        self._indexed: Path | None = None
        self._served: dict[str, Any] | None = None
        self.out = RESULTS / f"{size.name}.json"
        self.pg_replicas = 1

    def step(self, name: str, fn: Callable[[], dict[str, Any]]) -> None:
        """Run one benchmark; a failure is recorded and the others still run."""
        log.info("== %s (%s)", name, self.size.name)
        self.ran.add(name)
        started = time.perf_counter()
        try:
            self.results[name] = fn()
        except Exception as exc:
            log.error("%s failed: %s", name, exc)
            self.results[name] = {"error": f"{type(exc).__name__}: {exc}"}
            self.results[name]["traceback"] = traceback.format_exc()[-4000:]
            self.failures.append(name)
        self.results[name]["step_seconds"] = round(time.perf_counter() - started, 1)
        self.results[name]["commit"] = self.results["machine"]["commit"]
        self.results[name]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]

    def ocr(self) -> dict[str, Any]:
        """OCR pages per second per core and peak memory, beside plain tesseract."""
        from bench import pages

        return pages.ocr(WORK / "scans", 2 if self.size.name == "smoke" else 20)

    def thumbnails(self) -> dict[str, Any]:
        """Page thumbnail rendering per page, beside pdftoppm."""
        from bench import pages

        return pages.thumbnails(self.pdfs(3), 6 if self.size.name == "smoke" else 100)

    # -- material --------------------------------------------------------------------------

    def pdfs(self, count: int, *, seed: int = 7) -> list[Path]:
        cap = self.size.pdf_max_pages
        folder = WORK / "pdfs" / f"seed{seed}-cap{cap or 'none'}"
        return generate.make_pdfs(folder, count, seed=seed, max_pages=cap)

    def catalog_template(self, pages: int) -> tuple[Path, dict[str, Any]]:
        """A data dir whose catalog holds ``pages`` generated pages (made once, then kept)."""
        from archive.config import Settings
        from archive.service import Archive

        folder = WORK / "catalogs" / f"pages-{pages}-seed1"
        info_file = folder / "generated.json"
        if info_file.exists():
            return folder, json.loads(info_file.read_text())
        _fresh(folder)
        started = time.perf_counter()
        archive = Archive.open(Settings.from_env(env={}, data_dir=folder), prepare_index=False)
        specs = generate.fill_catalog(archive, pages, seed=1)
        archive.close()
        seconds = time.perf_counter() - started
        info = {"documents": len(specs), "pages": pages, "seconds": round(seconds, 1)}
        info["pages_per_s"] = round(pages / seconds)
        info_file.write_text(json.dumps(info))
        return folder, info

    def indexed(self) -> Path:
        """A data dir with the generated catalog indexed (by the reindex step if it ran)."""
        kept = self.runs / "indexed" / INDEXED_MARK
        if self._indexed is None and "reindex" not in self.steps and kept.exists():
            log.info("reusing the index built by an earlier run (%s)", kept.parent)
            self._indexed = kept.parent
        if self._indexed is None:
            self.step("reindex", self.reindex)
        if self._indexed is None:
            raise RuntimeError("no indexed archive (the reindex step failed)")
        return self._indexed

    # -- 2. ingest -------------------------------------------------------------------------

    def ingest(self) -> dict[str, Any]:
        counts = self.size.ingest_pdfs
        pdfs = self.pdfs(max(counts))
        out: dict[str, Any] = {}
        for count in counts:
            files = pdfs[:count]
            for path in files:  # the same warm page cache for both contenders
                path.read_bytes()
            raw = raw_extraction(files)
            pipeline = self.pipeline_ingest(files)
            pipeline["ratio_to_raw"] = _ratio(pipeline["pages_per_s"], raw["pages_per_s"])
            out[f"{count}_pdfs"] = {
                "files": count,
                "mb": round(sum(p.stat().st_size for p in files) / 1e6, 1),
                "raw_pypdf": raw,
                "archive_ingest": pipeline,
            }
        out["stream"] = self.stream()
        return out

    def pipeline_ingest(self, files: list[Path]) -> dict[str, Any]:
        """``archive ingest`` timed from launch to its "catalogued" line, then to its exit
        (searchable: it waits for the index by default)."""
        data = _fresh(self.runs / f"ingest-{len(files)}")
        cmd = [PYTHON, "-m", "archive.cli", "ingest", *map(str, files)]
        cpu = _children_cpu()
        started = time.perf_counter()
        stamps: dict[str, float] = {}
        with open(data.parent / f"ingest-{len(files)}.log", "w") as logf:
            proc = subprocess.Popen(
                cmd, cwd=ROOT, env=_env(data), stdout=subprocess.PIPE, stderr=logf, text=True
            )
            reader = threading.Thread(target=_stamp_lines, args=(proc, logf, stamps))
            reader.start()
            with TreeSampler(proc.pid) as sampler:
                status = wait_sampled(proc, sampler, timeout=3600)
            reader.join()
        seconds = time.perf_counter() - started
        if status != 0:
            raise RuntimeError(f"archive ingest exited {status}; see {logf.name}")
        docs, pages = _catalog_counts(data)
        if docs != len(files):
            raise RuntimeError(f"archive ingest added {docs} of {len(files)} files")
        if not self.keep:
            shutil.rmtree(data)
        # The pipeline's own clock (its run, from the first file to the last catalogued) is
        # the one to set beside raw pypdf's pool; the command's start-up (interpreter,
        # imports, opening the archive) is reported apart, as is the wait for the index.
        said = stamps.get("catalogued_line", "")
        run_seconds = float(said.split(" in ")[1].split()[0]) if " in " in said else seconds
        catalogued = stamps.get("catalogued", started) - started
        searchable = stamps.get("searchable", started + seconds) - started
        return {
            "pages": pages,
            "pages_per_s": round(pages / run_seconds, 1),  # until catalogued (downloadable)
            "catalogued_seconds": round(run_seconds, 2),
            "startup_seconds": round(catalogued - run_seconds, 2),
            "launch_to_catalogued_seconds": round(catalogued, 2),
            "index_lag_seconds": round(searchable - catalogued, 2),  # catalogued -> searchable
            "seconds": round(seconds, 2),  # launch to exit
            "searchable_pages_per_s": round(pages / seconds, 1),
            "cpu_seconds": round(_children_cpu() - cpu, 1),
            "memory": sampler.report(),
        }

    def stream(self) -> dict[str, Any]:
        """Small PDFs uploaded at a fixed rate to ``archive worker``; per file, the time from
        upload to catalogued and from catalogued to searchable (the index lag)."""
        from bench import stream

        smoke = self.size.name == "smoke"
        count, interval = (6, 1.5) if smoke else (30, 1.5)
        files = generate.make_pdfs(
            WORK / "pdfs" / "stream-seed23-cap6", count, seed=23, max_pages=6
        )
        data = _fresh(self.runs / "stream")
        env = _env(data, ARCHIVE_UPLOAD_DRAFTS="false")
        with open(self.runs / "stream-worker.log", "w") as logf:
            return stream.run(data, files, interval, env=env, cwd=ROOT, log=logf)

    # -- 3. reindex ------------------------------------------------------------------------

    def reindex(self) -> dict[str, Any]:
        template, generated = self.catalog_template(self.size.index_pages)
        data = self.runs / "indexed"
        if data.exists():
            shutil.rmtree(data)
        shutil.copytree(template, data)
        (data / "generated.json").unlink()
        cpu = _children_cpu()
        started = time.perf_counter()
        with open(self.runs / "reindex.log", "w") as logf:
            proc = subprocess.Popen(
                [PYTHON, "-m", "archive.cli", "reindex"],
                cwd=ROOT,
                env=_env(data),
                stdout=logf,
                stderr=logf,
            )
            with TreeSampler(proc.pid) as sampler:
                status = wait_sampled(proc, sampler, timeout=6 * 3600)
        seconds = time.perf_counter() - started
        if status != 0:
            raise RuntimeError(f"archive reindex exited {status}; see {logf.name}")
        whoosh = {
            "seconds": round(seconds, 1),
            "pages_per_s": round(self.size.index_pages / seconds, 1),
            "cpu_seconds": round(_children_cpu() - cpu, 1),
            "index_mb": _dir_mb(data / "index"),
            "memory": sampler.report(),
        }
        fts = ftsmod.build(data / "catalog.sqlite3", data / "fts.sqlite3")
        fts["pages_per_s"] = round(fts["pages"] / fts["seconds"], 1)
        fts["seconds"] = round(fts["seconds"], 2)
        fts["cpu_seconds"] = round(fts["cpu_seconds"], 2)
        self._indexed = data
        (data / INDEXED_MARK).write_text(json.dumps({"pages": self.size.index_pages}))
        return {
            "pages": self.size.index_pages,
            "documents": generated["documents"],
            "catalog_mb": _dir_mb(data / "catalog.sqlite3"),
            "generation": generated,
            "whoosh": whoosh,
            "fts5": fts,
            "ratio_whoosh_to_fts5": _ratio(whoosh["seconds"], fts["seconds"]),
        }

    # -- 4. search -------------------------------------------------------------------------

    def search(self) -> dict[str, Any]:
        data = self.indexed()
        whoosh, totals = whoosh_latencies(data, self.size.search_rounds)
        fts, fts_totals = fts_latencies(data / "fts.sqlite3", self.size.search_rounds)
        every = [x for values in whoosh.values() for x in values]
        every_fts = [x for values in fts.values() for x in values]
        report = {
            "queries": len(QUERIES),
            "rounds": self.size.search_rounds,
            "whoosh": {"all": summary_ms(every), **{k: summary_ms(v) for k, v in whoosh.items()}},
            "fts5": {"all": summary_ms(every_fts), **{k: summary_ms(v) for k, v in fts.items()}},
            "matching_documents": {q: {"whoosh": totals[q], "fts5": fts_totals[q]} for q in totals},
        }
        p95, p95_fts = report["whoosh"]["all"]["p95_ms"], report["fts5"]["all"]["p95_ms"]
        report["ratio_p95_whoosh_to_fts5"] = _ratio(p95, p95_fts)
        report["ratio_median_whoosh_to_fts5"] = _ratio(
            report["whoosh"]["all"]["median_ms"], report["fts5"]["all"]["median_ms"]
        )
        report["target_met"] = bool(p95 < 100 and p95 <= 5 * p95_fts)
        return report

    # -- the served archive ----------------------------------------------------------------

    def served(self) -> dict[str, Any]:
        """The indexed archive plus real PDFs (a small corpus and the large one) to download."""
        if self._served is not None:
            return self._served
        data = self.runs / "served"
        if data.exists():
            shutil.rmtree(data)
        shutil.copytree(self.indexed(), data, symlinks=True)
        large = generate.make_large_pdf(
            WORK / "pdfs" / f"large-{self.size.large_pdf_mb}mb.pdf",
            megabytes=self.size.large_pdf_mb,
        )
        files = [*self.pdfs(self.size.ingest_pdfs[0]), large]
        with open(self.runs / "served-ingest.log", "w") as logf:
            subprocess.run(
                [PYTHON, "-m", "archive.cli", "ingest", *map(str, files)],
                cwd=ROOT,
                env=_env(data),
                stdout=logf,
                stderr=logf,
                check=True,
                timeout=3600,
            )
        with contextlib.closing(sqlite3.connect(data / "catalog.sqlite3")) as db:
            real = db.execute(
                "SELECT id, sha256, size FROM documents WHERE original_filename NOT LIKE 'bench-%' "
                "ORDER BY size"
            ).fetchall()
        self._served = {"data": data, "small": real[:-1], "large": real[-1]}
        return self._served

    # -- 7. startup ------------------------------------------------------------------------

    def startup(self) -> dict[str, Any]:
        data = self.served()["data"]
        timings = []
        for _ in range(self.size.startup_repeats):
            with serving(data, self.runs / "startup.log") as server:
                timings.append(server.startup_seconds)
        baseline = []
        for _ in range(self.size.startup_repeats):
            with static_server(data) as (_port, seconds):
                baseline.append(seconds)
        archive_s, static_s = statistics.median(timings), statistics.median(baseline)
        return {
            "index_pages": self.size.index_pages,
            "archive_serve_seconds": [round(t, 2) for t in timings],
            "http_server_seconds": [round(t, 2) for t in baseline],
            "ratio_to_http_server": _ratio(archive_s, static_s),
        }

    # -- 6. download -----------------------------------------------------------------------

    def download(self) -> dict[str, Any]:
        served = self.served()
        doc_id, sha, size = served["large"]
        from archive.store import FileStore

        stored = FileStore(served["data"] / "files").path_for(sha)
        direct = [_read_file(stored) for _ in range(self.size.download_repeats)]
        with serving(served["data"], self.runs / "download.log") as server:
            path = f"/documents/{doc_id}/download"
            first_s, body = _timed_get(server.port, path)
            if len(body) != size or hashlib.sha256(body).hexdigest() != sha:
                raise RuntimeError("the downloaded bytes differ from the stored file")
            through = [_timed_get(server.port, path)[0] for _ in range(self.size.download_repeats)]
        with static_server(stored.parent) as (port, _):
            static = [
                _timed_get(port, "/" + stored.name)[0] for _ in range(self.size.download_repeats)
            ]
        mbps = {
            "server": size / statistics.median(through) / 1e6,
            "direct_read": size / statistics.median(direct) / 1e6,
            "http_server": size / statistics.median(static) / 1e6,
        }
        return {
            "file_mb": round(size / 1e6, 1),
            "first_download_seconds": round(first_s, 3),
            "mb_per_s": {k: round(v, 1) for k, v in mbps.items()},
            "ratio_server_to_direct": _ratio(mbps["server"], mbps["direct_read"]),
            "ratio_server_to_http_server": _ratio(mbps["server"], mbps["http_server"]),
        }

    # -- 5. load ---------------------------------------------------------------------------

    def load(self) -> dict[str, Any]:
        served = self.served()
        pick = _request_mix([d for d, _, _ in served["small"]])
        clients, seconds = self.size.load_clients, self.size.load_seconds
        background = self.pdfs(self.size.background_pdfs, seed=11)
        with serving(served["data"], self.runs / "load.log") as server:
            run_load("127.0.0.1", server.port, pick, clients=clients, seconds=2)  # warm
            quiet = run_load("127.0.0.1", server.port, pick, clients=clients, seconds=seconds)
            with background_ingest(served["data"], background, self.runs) as ingest:
                busy = run_load("127.0.0.1", server.port, pick, clients=clients, seconds=seconds)
                ingest["running_at_end_of_load"] = ingest["proc"].poll() is None
            with TreeSampler(server.proc.pid) as sampler:
                run_load("127.0.0.1", server.port, pick, clients=clients, seconds=2)
        if quiet.errors or busy.errors:
            raise RuntimeError(f"requests failed: {(quiet.errors + busy.errors)[:3]}")
        q, b = quiet.report(), busy.report()
        return {
            "clients": clients,
            "seconds": seconds,
            "mix": "80% searches (the query mix, via /api/search), 20% downloads of real PDFs",
            "without_ingest": q,
            "with_ingest": b,
            "background_ingest": {k: v for k, v in ingest.items() if k != "proc"},
            "server_memory": sampler.report(),
            "ratio_throughput_with_to_without": _ratio(b["throughput_rps"], q["throughput_rps"]),
            "ratio_p99_with_to_without": _ratio(b["all"]["p99_ms"], q["all"]["p99_ms"]),
        }


# -- baselines and measurements -----------------------------------------------------------------


def _extract_file(path: str) -> tuple[int, int]:
    import warnings

    from pypdf import PdfReader

    warnings.simplefilter("ignore")
    logging.disable(logging.CRITICAL)
    reader = PdfReader(path)
    chars = sum(len(reader.pages[i].extract_text() or "") for i in range(len(reader.pages)))
    return len(reader.pages), chars


def _stamp_lines(proc: subprocess.Popen[str], logf: Any, stamps: dict[str, Any]) -> None:
    """Copy a command's output to its log, noting when each kind of line first appeared."""
    assert proc.stdout is not None
    for line in proc.stdout:
        word = line.split(" ", 1)[0]
        if word not in stamps:
            stamps[word] = time.perf_counter()
            stamps[f"{word}_line"] = line
        logf.write(line)


def raw_extraction(files: list[Path]) -> dict[str, Any]:
    """pypdf text extraction of every page of these files in a pool of one process per core."""
    cores = len(os.sched_getaffinity(0))
    started = time.perf_counter()
    with TreeSampler(os.getpid(), exclude_root=True) as sampler:
        with multiprocessing.get_context("fork").Pool(cores) as pool:
            done = list(pool.imap_unordered(_extract_file, map(str, files)))
        sampler.sample()
    seconds = time.perf_counter() - started
    pages = sum(p for p, _ in done)
    return {
        "processes": cores,
        "pages": pages,
        "seconds": round(seconds, 2),
        "pages_per_s": round(pages / seconds, 1),
        "memory": sampler.report(),
    }


def whoosh_latencies(data: Path, rounds: int) -> tuple[dict[str, list[float]], dict[str, int]]:
    """Warm latencies of the query mix through ``Archive.search`` and the API's JSON shape."""
    from archive.config import Settings
    from archive.results import results_to_dict
    from archive.search import SearchRequest
    from archive.service import Archive

    settings = Settings.from_env(env={}, data_dir=data, search_time_budget_ms=BUDGET_MS)
    archive = Archive.open(settings)
    totals: dict[str, int] = {}

    def one(q: str, filters: dict[str, str], sort: str) -> int:
        page = archive.search(SearchRequest(q=q, per_page=10, sort=sort, filters=filters))
        results_to_dict(page, page=1, per_page=10)
        return page.total

    try:
        return _timed_rounds(one, rounds, totals), totals
    finally:
        archive.close()


def fts_latencies(path: Path, rounds: int) -> tuple[dict[str, list[float]], dict[str, int]]:
    """Warm latencies of the same mix answered by FTS5."""
    engine = ftsmod.Fts(path)
    queries = {q: fts_q for _, q, _, _, fts_q in QUERIES}
    totals: dict[str, int] = {}

    def one(q: str, filters: dict[str, str], sort: str) -> int:
        return engine.search(queries[q], filters=filters, sort=sort).total

    try:
        return _timed_rounds(one, rounds, totals), totals
    finally:
        engine.close()


def _timed_rounds(
    one: Callable[[str, dict[str, str], str], int], rounds: int, totals: dict[str, int]
) -> dict[str, list[float]]:
    for _, q, filters, sort, _ in QUERIES:  # warm up: every query once, untimed
        totals[_label(q, filters, sort)] = one(q, filters, sort)
    timings: dict[str, list[float]] = {}
    order = list(QUERIES)
    rng = random.Random(3)
    for _ in range(rounds):
        rng.shuffle(order)
        for kind, q, filters, sort, _ in order:
            started = time.perf_counter()
            one(q, filters, sort)
            timings.setdefault(kind, []).append(time.perf_counter() - started)
    return timings


def _label(q: str, filters: dict[str, str], sort: str) -> str:
    extra = "".join(f" {k}={v}" for k, v in filters.items())
    return q + extra + (f" sort={sort}" if sort != "relevance" else "")


def _request_mix(doc_ids: list[int]) -> Callable[[random.Random], tuple[str, str]]:
    def pick(rng: random.Random) -> tuple[str, str]:
        if doc_ids and rng.random() < 0.2:
            return "download", f"/documents/{rng.choice(doc_ids)}/download"
        _, q, filters, sort, _ = rng.choice(QUERIES)
        params = dict(filters)
        if sort != "relevance":
            params["sort"] = sort
        return "search", search_path(q, **params)

    return pick


def _read_file(path: Path) -> float:
    started = time.perf_counter()
    with open(path, "rb") as fh:
        while fh.read(1 << 20):
            pass
    return time.perf_counter() - started


def _timed_get(port: int, path: str) -> tuple[float, bytes]:
    started = time.perf_counter()
    status, body = get("127.0.0.1", port, path)
    if status != 200:
        raise RuntimeError(f"GET {path}: HTTP {status}")
    return time.perf_counter() - started, body


# -- servers ------------------------------------------------------------------------------------


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    port: int
    startup_seconds: float


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


def _wait_answer(proc: subprocess.Popen[bytes], port: int, path: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args!r} exited {proc.returncode} before answering")
        with contextlib.suppress(OSError):
            status, _ = get("127.0.0.1", port, path, timeout=30)
            if status == 200:
                return
        time.sleep(0.05)
    raise TimeoutError(f"no answer to {path} within {timeout:g} s")


@contextlib.contextmanager
def serving(data: Path, logfile: Path, **env: str) -> Iterator[Server]:
    """``archive serve`` (default workers, background worker) on a free loopback port."""
    port = _free_port()
    cmd = [PYTHON, "-m", "archive.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with open(logfile, "a") as logf:
        started = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=_env(data, **env), stdout=logf, stderr=logf, start_new_session=True
        )
        try:
            _wait_answer(proc, port, search_path("social protection"), timeout=1800)
            yield Server(proc, port, time.perf_counter() - started)
        finally:
            _stop(proc)


@contextlib.contextmanager
def static_server(folder: Path) -> Iterator[tuple[int, float]]:
    """``python -m http.server`` serving a folder; yields (port, seconds to first answer)."""
    port = _free_port()
    cmd = [PYTHON, "-m", "http.server", "--bind", "127.0.0.1", "--directory", str(folder)]
    started = time.perf_counter()
    proc = subprocess.Popen(
        [*cmd, str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_answer(proc, port, "/", timeout=60)
        yield port, time.perf_counter() - started
    finally:
        _stop(proc)


@contextlib.contextmanager
def background_ingest(data: Path, files: list[Path], runs: Path) -> Iterator[dict[str, Any]]:
    """``archive ingest`` of new files into a served archive, running while the block runs."""
    logf = open(runs / "background-ingest.log", "w")  # noqa: SIM115 - closed below
    started = time.perf_counter()
    proc = subprocess.Popen(
        [PYTHON, "-m", "archive.cli", "ingest", *map(str, files)],
        cwd=ROOT,
        env=_env(data),
        stdout=logf,
        stderr=logf,
    )
    info: dict[str, Any] = {"files": len(files), "proc": proc}
    time.sleep(1.0)  # let it get past start-up and into extraction
    try:
        yield info
    finally:
        status = proc.wait(3600)
        logf.close()
        info["seconds"] = round(time.perf_counter() - started, 1)
        info["exit_status"] = status
        if status != 0:
            raise RuntimeError(f"background ingest exited {status}")


# -- profiles -----------------------------------------------------------------------------------


def profile(step: str, pages: int, out: Path, data_dir: Path | None = None) -> None:
    """Profile one step in-process with pyinstrument; write its text report."""
    from pyinstrument import Profiler

    from archive.config import Settings
    from archive.service import Archive

    bench = Bench(SIZES["smoke"])
    if step == "ingest":
        _profile_ingest(bench, pages, out)
        return
    data = _fresh(WORK / "runs" / f"profile-{step}")
    if data_dir is None:
        template, _ = bench.catalog_template(pages)
        shutil.rmtree(data)
        shutil.copytree(template, data)
    archive = Archive.open(Settings.from_env(env={}, data_dir=data), prepare_index=False)
    profiler = Profiler(interval=0.002)
    if step == "reindex":
        profiler.start()
        archive.rebuild_index(procs=1)
        profiler.stop()
    elif step == "search":
        if data_dir is not None:  # an archive indexed by an earlier run (e.g. 100k pages)
            data = data_dir
        else:
            archive.rebuild_index(procs=1)
        whoosh_latencies(data, 1)
        profiler.start()
        whoosh_latencies(data, 3)
        profiler.stop()
    else:
        raise SystemExit(f"no profile for {step!r}")
    out.write_text(profiler.output_text(unicode=False, color=False, show_all=False))
    log.info("profile written to %s", out)


def _profile_ingest(bench: Bench, pages: int, out: Path) -> None:
    """Profile ``Pipeline.run`` (the main thread) on generated PDFs of about ``pages`` pages."""
    from pyinstrument import Profiler

    from archive.config import Settings
    from archive.service import Archive
    from ingest.pipeline import Pipeline, candidates

    files, total, count = [], 0, 0
    full = Bench(SIZES["10k"])
    while total < pages:
        count += 1
        files = full.pdfs(count)
        total += generate.pdf_spec(7, count).pages
    data = _fresh(WORK / "runs" / "profile-ingest")
    archive = Archive.open(Settings.from_env(env={}, data_dir=data))
    items = candidates(files)
    profiler = Profiler(interval=0.002)
    profiler.start()
    Pipeline(archive).run(items)
    profiler.stop()
    archive.close()
    out.write_text(profiler.output_text(unicode=False, color=False, show_all=False))
    log.info("profile of ingesting %d PDFs (%d pages) written to %s", len(files), total, out)


# -- report -------------------------------------------------------------------------------------


def markdown(results: dict[str, Any]) -> str:
    """The results as a markdown table (one row per figure)."""
    from bench.report import table

    return table(results)


def _postgres(bench: Bench, url: str | None) -> dict[str, Any]:
    """The PostgreSQL engine on the same catalog and query mix (bench/pg.py).

    With the Whoosh index of this run (reindex or search ran, or an earlier run's is kept)
    its catalog and FTS5 database are used, and Whoosh serves the same search load; without
    it (1m) the generated catalog is used and FTS5 is built here.
    """
    from bench import pg

    work = bench.runs / "postgres-data"
    kept = (bench.runs / "indexed" / INDEXED_MARK).exists()
    whoosh = bench.indexed() if {"reindex", "search"} & set(bench.steps) or kept else None
    if whoosh is not None:
        catalog, fts_db = whoosh / "catalog.sqlite3", whoosh / "fts.sqlite3"
    else:
        catalog = bench.catalog_template(bench.size.index_pages)[0] / "catalog.sqlite3"
        fts_db = bench.runs / "fts.sqlite3"

    def fts() -> Path:
        """The FTS5 baseline's database (built after the PostgreSQL figures, if needed)."""
        if not fts_db.exists():
            bench.runs.mkdir(parents=True, exist_ok=True)
            built = ftsmod.build(catalog, fts_db)
            log.info("FTS5 built: %s", built)
            (bench.runs / "fts-build.json").write_text(json.dumps(built, default=str))
        return fts_db

    def load(db_url: str, data: Path) -> dict[str, Any]:
        env = {"ARCHIVE_SEARCH_ENGINE": "postgres", "ARCHIVE_DATABASE_URL": db_url}
        out = {"postgres": search_load(bench, data, **env)}
        if whoosh is not None:
            out["whoosh"] = search_load(bench, whoosh)
        return out

    def save(partial: dict[str, Any]) -> None:
        bench.results["postgres"] = {**partial, "partial": True}
        _write(bench.out, bench)

    result = pg.run(
        catalog,
        work,
        bench.size.search_rounds,
        url,
        fts=fts,
        load=load,
        save=save,
        replicas=bench.pg_replicas,
    )
    fts_build = bench.runs / "fts-build.json"
    if whoosh is None and fts_build.exists():
        result["fts5_build"] = json.loads(fts_build.read_text())
    return result


def search_load(bench: Bench, data: Path, **env: str) -> dict[str, Any]:
    """8 closed-loop clients sending the query mix to ``archive serve`` (searches only)."""

    def pick(rng: random.Random) -> tuple[str, str]:
        _, q, filters, sort, _ = rng.choice(QUERIES)
        params = dict(filters) | ({"sort": sort} if sort != "relevance" else {})
        return "search", search_path(q, **params)

    clients, seconds = bench.size.load_clients, bench.size.load_seconds
    engine = env.get("ARCHIVE_SEARCH_ENGINE", "whoosh")
    with serving(data, bench.runs / f"load-{engine}.log", **env) as server:
        run_load("127.0.0.1", server.port, pick, clients=clients, seconds=2)  # warm
        with TreeSampler(server.proc.pid) as sampler:
            result = run_load("127.0.0.1", server.port, pick, clients=clients, seconds=seconds)
    if result.errors:
        raise RuntimeError(f"requests failed: {result.errors[:3]}")
    return {
        "clients": clients,
        "seconds": seconds,
        "startup_seconds": round(server.startup_seconds, 1),
        **result.report(),
        "server_memory": sampler.report(),
    }


def _write(out: Path, bench: Bench) -> None:
    bench.results["failures"] = bench.failures
    out.write_text(json.dumps(bench.results, indent=2, ensure_ascii=False, default=str) + "\n")


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks; return 0 if none broke."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--size", choices=sorted(SIZES), default="smoke")
    parser.add_argument("--only", default=",".join(STEPS), help="comma-separated steps")
    parser.add_argument("--out", type=Path, help="JSON results (default bench/results/SIZE.json)")
    parser.add_argument("--keep", action="store_true", help="keep the ingest data dirs")
    parser.add_argument(
        "--merge", action="store_true", help="update the steps run now in an existing JSON"
    )
    parser.add_argument(
        "--profile", choices=("ingest", "reindex", "search"), help="profile one step"
    )
    parser.add_argument("--ingest-pdfs", help="corpus sizes of the ingest step, e.g. 24,96,192")
    parser.add_argument("--profile-pages", type=int, default=2000)
    parser.add_argument("--profile-data", type=Path, help="profile search on this data dir")
    parser.add_argument(
        "--engine",
        choices=("whoosh", "postgres", "all"),
        default="whoosh",
        help="postgres/all: also build and search the PostgreSQL engine (step 'postgres')",
    )
    parser.add_argument(
        "--postgres-url", help="database for --engine postgres (default: a throwaway cluster)"
    )
    parser.add_argument(
        "--pg-replicas",
        type=int,
        default=1,
        help="postgres: then replicate the corpus N times over and measure again",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    if args.profile:
        out = RESULTS / f"profile-{args.profile}.txt"
        profile(args.profile, args.profile_pages, out, args.profile_data)
        return 0
    steps = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(steps) - set(STEPS)
    if unknown:
        parser.error(f"unknown steps: {', '.join(sorted(unknown))}")
    size = SIZES[args.size]
    if args.ingest_pdfs:
        counts = tuple(int(n) for n in args.ingest_pdfs.split(","))
        size = Size(**{**asdict(size), "ingest_pdfs": counts})
    bench = Bench(size, keep=args.keep, steps=tuple(steps))
    out = args.out or RESULTS / f"{args.size}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    bench.out = out
    bench.pg_replicas = args.pg_replicas
    if args.merge and out.exists():
        earlier = json.loads(out.read_text())
        bench.results = {**earlier, **bench.results}
        bench.results.update({k: v for k, v in earlier.items() if k in STEPS})
    for name in STEPS:
        if name in steps and name not in bench.ran:
            bench.step(name, getattr(bench, name))
            _write(out, bench)  # after every step, so a long run shows its progress
    if args.engine in ("postgres", "all"):
        bench.step("postgres", lambda: _postgres(bench, args.postgres_url))
        _write(out, bench)
    bench.results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    _write(out, bench)
    text = markdown(bench.results)
    out.with_suffix(".md").write_text(text)
    print(text)
    if bench.failures:
        print(f"\nFAILED steps: {', '.join(bench.failures)} (see {out})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
