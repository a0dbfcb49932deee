"""Host identity and uptime."""

from __future__ import annotations

import platform
import socket
import sys
import time

import psutil

from agent_probe.collect.common import utc_iso

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    from agent_probe.collect.snapshot import SystemInfo


def _os_release() -> str:
    if sys.platform.startswith("linux"):
        # The distribution name helps a technician far more than the kernel release.
        try:
            info = platform.freedesktop_os_release()
        except OSError:
            return platform.release()
        return info.get("PRETTY_NAME") or info.get("NAME") or platform.release()
    return platform.release()


def collect() -> SystemInfo:
    boot = psutil.boot_time()
    return {
        "hostname": socket.gethostname(),
        "os_name": platform.system(),
        "os_version": platform.version(),
        "os_release": _os_release(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "boot_time": utc_iso(boot),
        "uptime_seconds": max(0, int(time.time() - boot)),
    }
