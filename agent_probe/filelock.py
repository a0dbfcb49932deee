"""An exclusive lock between processes, on a lock file next to what it protects (both systems).

Several gate processes (one per SSH connection) append to one gate.log. Rotation by rename lost
lines: two writers could both see the log full and rotate twice, the second rename throwing the
first generation away, and on Windows the rename fails outright while another process has the
log open. Every writer now takes this lock around check-rotate-append, so nobody has the log
open while it is renamed.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def exclusive(lock_path: Path, *, timeout: float = 30.0) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_path`` (created if missing) for the block."""
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        _lock(fd, timeout)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int, timeout: float) -> None:
        # LK_NBLCK on byte 0 (past the end of the empty file is allowed); retry until the deadline,
        # since LK_LOCK gives up after ten one-second tries without saying how long it waited.
        deadline = time.monotonic() + timeout
        while True:
            os.lseek(fd, 0, os.SEEK_SET)
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                return
            except OSError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.01)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int, timeout: float) -> None:
        # flock blocks until the holder is done; a holder is one short append, so no deadline is needed.
        fcntl.flock(fd, fcntl.LOCK_EX)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
