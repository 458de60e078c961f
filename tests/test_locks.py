"""The one file-lock helper: exclusive, bounded waiting, released by a holder's death."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from archive.locks import locked, try_locked

HOLD = """
import sys, time
from pathlib import Path
from archive.locks import locked
with locked(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(600)
"""


def test_a_held_lock_makes_the_next_taker_wait_then_give_up(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "index.write.lock"
    with locked(path):
        with pytest.raises(TimeoutError, match=r"index\.write\.lock"), locked(path, timeout=0.2):
            pytest.fail("two holders at once")
        assert try_locked(path) is None
    with locked(path, timeout=0):  # released when the block ends
        pass


def test_try_locked_takes_a_free_lock_until_closed(tmp_path: Path) -> None:
    path = tmp_path / "slot.lock"
    slot = try_locked(path)
    assert slot is not None
    assert try_locked(path) is None
    slot.close()
    slot.close()  # twice is harmless
    again = try_locked(path)
    assert again is not None
    again.close()


def test_a_dead_holder_never_leaves_a_stale_lock(tmp_path: Path) -> None:
    path = tmp_path / "worker.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(TimeoutError), locked(path, timeout=0.1):
            pass
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout:
            holder.stdout.close()
    with locked(path, timeout=10):
        pass
