"""A small closed-loop HTTP load generator (threads and ``http.client``, standard library).

Each of N threads sends one request, reads the whole answer, and sends the next, for T
seconds: the load is bounded by N, never more requests in flight than threads. Latencies are
kept per kind of request; any answer other than the expected status, and any connection
error, is counted as an error.
"""

from __future__ import annotations

import http.client
import random
import statistics
import threading
import time
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

Request = tuple[str, str]  # (kind, path)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation; NaN if empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def summary_ms(seconds: Sequence[float]) -> dict[str, float]:
    """Median, p95, p99 and max of latencies given in seconds, in milliseconds."""
    ms = [s * 1000 for s in seconds]
    if not ms:
        return {"n": 0}
    return {
        "n": len(ms),
        "median_ms": round(statistics.median(ms), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "p99_ms": round(percentile(ms, 99), 2),
        "max_ms": round(max(ms), 2),
    }


def get(host: str, port: int, path: str, *, timeout: float = 60.0) -> tuple[int, bytes]:
    """One GET on a fresh connection: (status, body)."""
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@dataclass
class LoadResult:
    """Latencies per kind, errors, bytes read, and the wall time of the run."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    bytes_read: int = 0
    seconds: float = 0.0

    def report(self) -> dict[str, Any]:
        every = [x for values in self.latencies.values() for x in values]
        return {
            "requests": len(every),
            "throughput_rps": round(len(every) / self.seconds, 1) if self.seconds else 0,
            "all": summary_ms(every),
            **{kind: summary_ms(values) for kind, values in sorted(self.latencies.items())},
            "errors": len(self.errors),
            "error_examples": self.errors[:5],
            "mb_per_s": round(self.bytes_read / self.seconds / 1e6, 1) if self.seconds else 0,
        }


def _worker(
    host: str,
    port: int,
    pick: Callable[[random.Random], Request],
    seed: int,
    deadline: float,
    result: LoadResult,
    lock: threading.Lock,
) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection(host, port, timeout=60)
    mine: dict[str, list[float]] = {}
    errors: list[str] = []
    read = 0
    while time.perf_counter() < deadline:
        kind, path = pick(rng)
        started = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
            if response.status != 200:
                errors.append(f"{path}: HTTP {response.status}")
            if response.getheader("connection", "").lower() == "close":
                conn.close()
        except (OSError, http.client.HTTPException) as exc:
            errors.append(f"{path}: {type(exc).__name__}: {exc}")
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=60)
            continue
        mine.setdefault(kind, []).append(time.perf_counter() - started)
        read += len(body)
    conn.close()
    with lock:
        for kind, values in mine.items():
            result.latencies.setdefault(kind, []).extend(values)
        result.errors.extend(errors)
        result.bytes_read += read


def run_load(
    host: str,
    port: int,
    pick: Callable[[random.Random], Request],
    *,
    clients: int,
    seconds: float,
    seed: int = 1,
) -> LoadResult:
    """Run ``clients`` closed-loop clients for ``seconds``; return what they saw."""
    result, lock = LoadResult(), threading.Lock()
    started = time.perf_counter()
    deadline = started + seconds
    threads = [
        threading.Thread(
            target=_worker, args=(host, port, pick, seed * 1000 + i, deadline, result, lock)
        )
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 120)
    result.seconds = time.perf_counter() - started
    return result


def search_path(q: str, **params: str) -> str:
    """The API path of a search."""
    return "/api/search?" + urllib.parse.urlencode({"q": q, **params})
