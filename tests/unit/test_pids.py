"""tests/pids.py: a daemon the tests stopped counts as gone once it has exited, zombie or not."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import PATIENCE
from tests.pids import exited, wait_exited


@pytest.mark.posix_only  # zombies and /proc
def test_a_zombie_has_exited_a_sleeper_has_not() -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], stdin=subprocess.DEVNULL)
    try:
        assert not exited(sleeper.pid)
        assert not wait_exited(sleeper.pid, 0.05)
        sleeper.terminate()
        # Not reaped yet (no wait()): still in the process table, where os.kill(pid, 0) finds it.
        assert wait_exited(sleeper.pid, PATIENCE)
        with open(f"/proc/{sleeper.pid}/stat", encoding="ascii") as stat:
            assert stat.read().rpartition(")")[2].split()[0] == "Z"
    finally:
        sleeper.kill()
        sleeper.wait()
    assert exited(sleeper.pid)  # reaped: gone
