"""Run one untrusted-input function in a child process with a wall clock, a memory cap and
a low priority.

The same rule as ingest's pypdf sandbox (``ingest/extract.py``): a PDF that could hang,
balloon or crash a library is only ever touched in a child forked from a forkserver, and
every failure comes back as a ``SandboxFailed`` carrying a reason a person can read. It lives
in ``archive/`` because both the web app (page thumbnails) and ``ingest/`` (OCR) need it, and
``archive/`` never imports ``ingest/``. The child is made a process-group leader so that a
timeout also ends whatever it started (``tesseract``).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import resource
import signal
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Budget:
    """What one child may cost: wall-clock seconds, address space, and a niceness increment."""

    timeout: float = 60.0
    memory_mb: int = 1024
    nice: int = 0


class SandboxFailed(Exception):
    """The child failed, crashed, ran out of memory or time."""

    def __init__(self, reason: str, code: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


def limit_resources(memory_mb: int) -> None:
    """Cap this process's address space; no core dumps (they would hold untrusted bytes)."""
    limit = memory_mb * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.setrecursionlimit(5000)


def _child(fn: Callable[..., Any], args: tuple[Any, ...], budget: Budget, conn: Connection) -> None:
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)  # a group of its own: a timeout kills what it started too
    if budget.nice:
        with contextlib.suppress(OSError):
            os.nice(budget.nice)  # readers first: OCR and rendering yield the CPU
    limit_resources(budget.memory_mb)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    try:
        result: tuple[Any, ...] = ("ok", fn(*args))
    except SandboxFailed as exc:
        result = ("failed", exc.reason, exc.code)
    except MemoryError:
        result = ("failed", f"needs more than {budget.memory_mb} MiB", "memory")
    except RecursionError:
        result = ("failed", "structure nested too deeply (or cyclic)", "recursion")
    except Exception as exc:
        result = ("failed", f"{type(exc).__name__}: {exc}"[:500], "broken")
    try:
        conn.send(result)
    except MemoryError:
        conn.send(("failed", f"needs more than {budget.memory_mb} MiB", "memory"))
    except BrokenPipeError:
        pass  # the parent stopped waiting (timeout)
    finally:
        conn.close()


_CONTEXT: Any = None


def _context() -> Any:
    global _CONTEXT
    if _CONTEXT is None:
        # The forkserver is shared with ingest's extraction; whichever starts it first sets
        # its preload, so each list names what the other's children need too (pypdf here,
        # archive.render there): no child pays for importing a PDF library.
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["archive.sandbox", "archive.render", "pypdf"])
        _CONTEXT = ctx
    return _CONTEXT


def run(fn: Callable[..., Any], *args: Any, budget: Budget) -> Any:
    """Call ``fn(*args)`` (a module-level function) in a child; return its result."""
    ctx = _context()
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(fn, args, budget, sender), daemon=True)
    child.start()
    sender.close()
    try:
        message = _wait(receiver, child, budget)
    finally:
        receiver.close()
        _reap(child)
    if message[0] == "ok":
        return message[1]
    raise SandboxFailed(message[1], message[2])


def _wait(receiver: Connection, child: Any, budget: Budget) -> tuple[Any, ...]:
    if not receiver.poll(budget.timeout):
        _kill(child)
        raise SandboxFailed(f"took longer than {budget.timeout:g} s", "timeout")
    try:
        return receiver.recv()
    except (EOFError, OSError):
        child.join(5)
        raise SandboxFailed(f"the child crashed (exit code {child.exitcode})", "crash") from None


def _kill(child: Any) -> None:
    with contextlib.suppress(OSError):
        os.killpg(child.pid, signal.SIGKILL)
    with contextlib.suppress(Exception):
        child.kill()


def _reap(child: Any) -> None:
    child.join(1)
    if child.is_alive():
        _kill(child)
        child.join(5)
    with contextlib.suppress(Exception):
        child.close()
