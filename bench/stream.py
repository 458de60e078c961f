"""A steady stream of uploads to ``archive worker``: how long until each is searchable.

Files are received the way the web desk receives them (``archive.jobs.receive``: kept
durably, queued) at a fixed interval, while ``archive worker`` runs in its own process. A
poll every 50 ms notes when each job's document is catalogued (the job is finished) and when
the index has applied its change (the index's cursor in the change log has passed it: the
document is searchable). The lag from catalogued to searchable should stay bounded: no
larger at the end of the run than at its start.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select

POLL = 0.05


class Watch:
    """When each uploaded job was received, catalogued and made searchable."""

    def __init__(self, archive: Any) -> None:
        self.archive = archive
        self.received: dict[int, float] = {}
        self.catalogued: dict[int, float] = {}
        self.searchable: dict[int, float] = {}
        self.change_of: dict[int, int] = {}  # job -> the change that logged its document
        self.failed: dict[int, str] = {}

    def receive(self, path: Path) -> None:
        from archive import jobs

        with open(path, "rb") as stream:
            job = jobs.receive(
                self.archive,
                stream,
                filename=path.name,
                actor="bench",
                collection=None,
                metadata={},
            )
        self.received[job.id] = time.perf_counter()

    def poll(self) -> None:
        from archive.catalog import Change, Job, JobState

        now = time.perf_counter()
        waiting = [j for j in self.received if j not in self.catalogued and j not in self.failed]
        if waiting:
            with self.archive.catalog.read() as session:
                rows = session.execute(
                    select(Job.id, Job.state, Job.document_id, Job.message).where(
                        Job.id.in_(waiting)
                    )
                ).all()
                for job_id, state, doc_id, message in rows:
                    if state == JobState.ADDED:
                        self.catalogued[job_id] = now
                        self.change_of[job_id] = session.scalar(
                            select(Change.id)
                            .where(Change.document_id == doc_id)
                            .order_by(Change.id.desc())
                            .limit(1)
                        )
                    elif state not in (JobState.QUEUED, JobState.WORKING):
                        self.failed[job_id] = f"{state}: {message}"
        cursor = self.archive.index_cursor()
        for job_id, change in self.change_of.items():
            if job_id not in self.searchable and change <= cursor:
                self.searchable[job_id] = now

    def done(self) -> bool:
        return len(self.searchable) + len(self.failed) == len(self.received)


def run(
    data: Path, files: list[Path], interval: float, *, env: dict[str, str], cwd: Path, log: IO[str]
) -> dict[str, Any]:
    """Upload ``files`` one every ``interval`` seconds to a running worker; the lags."""
    from archive.config import Settings
    from archive.service import Archive

    archive = Archive.open(Settings.from_env(env=env, data_dir=data))
    worker = subprocess.Popen(
        [sys.executable, "-m", "archive.cli", "worker"], cwd=cwd, env=env, stdout=log, stderr=log
    )
    try:
        watch = Watch(archive)
        _warm_up(watch, files[0], worker)
        started = time.perf_counter()
        for n, path in enumerate(files[1:]):
            _until(started + n * interval, watch, worker)
            watch.receive(path)
        deadline = time.perf_counter() + 600
        while not watch.done() and time.perf_counter() < deadline:
            _alive(worker)
            watch.poll()
            time.sleep(POLL)
        seconds = time.perf_counter() - started
    finally:
        worker.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.wait(60)
        archive.close()
    if watch.failed or not watch.done():
        raise RuntimeError(f"stream: jobs failed or never searchable: {watch.failed}")
    return _summary(watch, files[1:], interval, seconds)


def _warm_up(watch: Watch, path: Path, worker: subprocess.Popen[bytes]) -> None:
    """One file through the worker before the clock starts (its start-up is not the lag)."""
    watch.receive(path)
    deadline = time.perf_counter() + 300
    while not watch.done():
        if time.perf_counter() > deadline:
            raise RuntimeError("stream: the worker never indexed the first file")
        _alive(worker)
        watch.poll()
        time.sleep(POLL)
    watch.received.clear()
    watch.catalogued.clear()
    watch.searchable.clear()
    watch.change_of.clear()


def _until(moment: float, watch: Watch, worker: subprocess.Popen[bytes]) -> None:
    while time.perf_counter() < moment:
        _alive(worker)
        watch.poll()
        time.sleep(min(POLL, max(0.0, moment - time.perf_counter())))


def _alive(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is not None:
        raise RuntimeError(f"stream: archive worker exited {worker.returncode}")


def _summary(watch: Watch, files: list[Path], interval: float, seconds: float) -> dict[str, Any]:
    jobs = sorted(watch.received)
    lag = [watch.searchable[j] - watch.catalogued[j] for j in jobs]
    wait = [watch.catalogued[j] - watch.received[j] for j in jobs]
    half = len(jobs) // 2
    return {
        "files": len(files),
        "pages": sum(_pages(p) for p in files),
        "interval_s": interval,
        "seconds": round(seconds, 1),
        "index_lag_s": _stats(lag),
        "index_lag_first_half_max_s": round(max(lag[:half] or [0.0]), 2),
        "index_lag_second_half_max_s": round(max(lag[half:] or [0.0]), 2),
        # A lag that grows shows as a second half slower than the first, median and max.
        "index_lag_first_half_median_s": round(statistics.median(lag[:half] or [0.0]), 2),
        "index_lag_second_half_median_s": round(statistics.median(lag[half:] or [0.0]), 2),
        "upload_to_catalogued_s": _stats(wait),
        "upload_to_searchable_s": _stats([a + b for a, b in zip(wait, lag, strict=True)]),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def _stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "median": round(statistics.median(ordered), 2),
        "p95": round(p95, 2),
        "max": round(ordered[-1], 2),
    }


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)
