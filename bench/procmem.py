"""Peak memory of a process tree, sampled from ``/proc`` (Linux, standard library only).

A background thread walks the tree under a root process every few milliseconds and keeps,
for each process it has seen, its ``VmHWM`` (the kernel's own record of that process's peak
resident set), and the largest sum of ``VmRSS`` over the tree at one instant. A process that
lives shorter than the sampling interval can be missed; extraction children live for
hundreds of milliseconds at least.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROC = Path("/proc")


def _parents() -> dict[int, int]:
    """Pid -> parent pid, for every process on the machine."""
    out: dict[int, int] = {}
    for entry in os.scandir(PROC):
        if not entry.name.isdigit():
            continue
        try:
            stat = (PROC / entry.name / "stat").read_text()
        except OSError:
            continue
        # The command name (field 2) may hold spaces and parentheses: split after the last ')'.
        out[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return out


def _children(pid: int) -> list[int] | None:
    """Child pids from ``/proc/PID/task/*/children`` (cheap), or None where it is missing."""
    found: list[int] = []
    try:
        tasks = list((PROC / str(pid) / "task").iterdir())
    except OSError:
        return []
    for task in tasks:
        try:
            found.extend(int(c) for c in (task / "children").read_text().split())
        except FileNotFoundError:
            if not (task / "children").parent.exists():
                continue  # the thread ended meanwhile
            return None
        except OSError:
            continue
    return found


def tree(root: int) -> dict[int, int]:
    """``root`` and all its descendants, each with its parent's pid."""
    found, todo = {root: 0}, [root]
    by_parent: dict[int, list[int]] | None = None
    while todo:
        pid = todo.pop()
        kids = _children(pid)
        if kids is None:  # no children files (old kernel): scan every process once
            if by_parent is None:
                by_parent = {}
                for child, parent in _parents().items():
                    by_parent.setdefault(parent, []).append(child)
            kids = by_parent.get(pid, [])
        for child in kids:
            found[child] = pid
            todo.append(child)
    return found


def _status_kb(pid: int) -> tuple[int, int] | None:
    """(VmHWM, VmRSS) of a process in KiB, or None if it is gone."""
    try:
        text = (PROC / str(pid) / "status").read_text()
    except OSError:
        return None
    hwm = rss = 0
    for line in text.splitlines():
        if line.startswith("VmHWM:"):
            hwm = int(line.split()[1])
        elif line.startswith("VmRSS:"):
            rss = int(line.split()[1])
    return hwm, rss


def _pss_kb(pid: int) -> int:
    """A process's proportional set size in KiB (0 if unknown).

    Forked writers share their parent's pages until they write to them; summing RSS counts
    each shared page once per process, summing PSS (each shared page split between its
    sharers) counts it once: the tree's real use of memory.
    """
    try:
        text = (PROC / str(pid) / "smaps_rollup").read_text()
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def _cmdline(pid: int) -> str:
    try:
        return (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _role(pid: int, parent_role: str | None, root: int) -> str:
    """A short role name for a process of the tree, from its command line and parent."""
    cmd = _cmdline(pid)
    if pid == root:
        return "main"
    if parent_role == "forkserver":  # forked by it, so it shows the forkserver's command line
        return "extraction child"
    for marker, role in (
        ("forkserver", "forkserver"),
        ("resource_tracker", "resource tracker"),
        ("archive.cli worker", "background worker"),
        ("multiprocessing.spawn", "pool worker"),
    ):
        if marker in cmd:
            return role
    if parent_role == "main" and "archive.cli serve" in cmd:
        return "web worker"
    return "child"


@dataclass
class TreeSampler:
    """Samples a process tree's memory until stopped (use as a context manager)."""

    root: int
    interval: float = 0.05
    exclude_root: bool = False
    peaks_kb: dict[int, int] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)
    peak_total_kb: int = 0
    peak_total_pss_kb: int = 0
    samples: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> TreeSampler:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        """Take one sample of every process in the tree."""
        total = pss = 0
        for pid, parent in tree(self.root).items():
            if self.exclude_root and pid == self.root:
                continue
            status = _status_kb(pid)
            if status is None:
                continue
            hwm, rss = status
            total += rss
            pss += _pss_kb(pid)
            self.peaks_kb[pid] = max(self.peaks_kb.get(pid, 0), hwm)
            if pid not in self.labels:
                self.labels[pid] = _role(pid, self.labels.get(parent), self.root)
        self.peak_total_kb = max(self.peak_total_kb, total)
        self.peak_total_pss_kb = max(self.peak_total_pss_kb, pss)
        self.samples += 1

    def report(self) -> dict[str, Any]:
        """Peak MB per role (largest process of each role), the tree's peak total, counts."""
        by_role: dict[str, float] = {}
        counts: dict[str, int] = {}
        for pid, kb in self.peaks_kb.items():
            role = self.labels.get(pid, "child")
            by_role[role] = max(by_role.get(role, 0.0), kb / 1024)
            counts[role] = counts.get(role, 0) + 1
        return {
            "peak_total_rss_mb": round(self.peak_total_kb / 1024, 1),
            "peak_total_pss_mb": round(self.peak_total_pss_kb / 1024, 1),
            "peak_rss_mb_by_role": {k: round(v, 1) for k, v in sorted(by_role.items())},
            "processes_by_role": dict(sorted(counts.items())),
            "samples": self.samples,
        }


def wait_sampled(proc: Any, sampler: TreeSampler, timeout: float) -> int:
    """Wait for a Popen while sampling it; return its exit status."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None:
        if time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            raise TimeoutError(f"{proc.args!r} took longer than {timeout:g} s")
        time.sleep(0.05)
    sampler.sample()
    return proc.returncode
