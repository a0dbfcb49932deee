"""Waiting for a daemon the tests started to be gone.

slapd and Dovecot fork into the background, so their parent is the system's init, not the test:
once one exits it stays a zombie until init reaps it, which this machine's init does only every
second or so. A zombie has closed its ports and files; `os.kill(pid, 0)` still finds it. Waiting
for the process table to drop it cost ~1.3-1.8 s per stop (slapd is started for every directory
test), so a zombie counts as gone here.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path


def exited(pid: int) -> bool:
    """True when the process is gone or has exited and waits only to be reaped (a zombie)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # another user's process: it exists
        pass
    with contextlib.suppress(OSError, IndexError):  # no /proc (not Linux): go by os.kill alone
        # /proc/PID/stat: "pid (comm) S ..."; comm may hold spaces or parentheses, the state follows the last ")".
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        return stat.rpartition(")")[2].split()[0] in ("Z", "X")
    return False


def wait_exited(pid: int, timeout: float) -> bool:
    """Wait until `exited(pid)`; False if it is still running after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not exited(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.01)
    return True
