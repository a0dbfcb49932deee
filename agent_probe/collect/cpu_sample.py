"""CPU use over the whole report interval, for a worker process that lives for one report.

psutil measures a CPU percentage against the previous call in the same process: its module keeps
the last system CPU times and each Process object its last CPU seconds. The resident probe no
longer imports psutil (its snapshot comes from a short-lived worker, collect/worker.py), so the
counters a report was measured with are kept on disk for the next report's worker: the system's
CPU times, each process's CPU seconds with its creation time (a reused pid is another process),
and the boot time (a reboot resets every counter and the monotonic clock, so a sample from before
it is ignored).

The percentages are psutil's own definitions: system CPU busy time over all CPU time (guest time
and I/O wait as psutil counts them on Linux, negative deltas trimmed to zero), and a process's CPU
seconds over the elapsed time, in percent of one CPU (so a busy multi-threaded process can pass
100, as in top).
"""

from __future__ import annotations

import json
import os
import sys
import time

import psutil

from agent_probe import plog

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from pathlib import Path

log = plog.getLogger(__name__)

FILE = "cpu-sample.json"
VERSION = 1
# psutil's creation times are exact for one process (boot time plus start ticks on Linux, FILETIME on
# Windows); the tolerance only absorbs float rounding through JSON.
SAME_PROCESS = 0.05
BOOT_TOLERANCE = 2.0  # seconds: NTP can move the boot time psutil derives from the wall clock


class Sample:
    """The counters one report was measured with; `processes` maps pid to (created, cpu seconds, taken)."""

    __slots__ = ("boot_time", "cpu_times", "processes", "taken", "wall")

    def __init__(self, *, boot_time: float, taken: float, wall: float, cpu_times: Mapping[str, float],
                 processes: Mapping[int, tuple[float, float, float]]) -> None:
        self.boot_time, self.taken, self.wall = boot_time, taken, wall
        self.cpu_times = dict(cpu_times)
        self.processes = dict(processes)

    def to_json(self) -> str:
        return json.dumps({"version": VERSION, "boot_time": self.boot_time, "taken": self.taken, "wall": self.wall,
                           "cpu_times": self.cpu_times,
                           "processes": {str(pid): list(row) for pid, row in self.processes.items()}},
                          separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Sample:
        """Raises ValueError (KeyError and TypeError too) when `text` is not a sample this version wrote."""
        data = json.loads(text)
        if data["version"] != VERSION:
            raise ValueError(f"sample version {data['version']!r}")
        processes = {int(pid): (float(row[0]), float(row[1]), float(row[2])) for pid, row in data["processes"].items()}
        return cls(boot_time=float(data["boot_time"]), taken=float(data["taken"]), wall=float(data["wall"]),
                   cpu_times={str(name): float(value) for name, value in data["cpu_times"].items()},
                   processes=processes)


def system_times() -> dict[str, float]:
    return {name: float(value) for name, value in psutil.cpu_times()._asdict().items()}


def process_seconds(cpu_times: object) -> float | None:
    """A process's user plus system CPU seconds from psutil's cpu_times (None: the OS denied them)."""
    if cpu_times is None:
        return None
    return float(cpu_times.user) + float(cpu_times.system)  # type: ignore[attr-defined]


def take() -> Sample:
    """The counters now: the window a worker measures when no earlier sample is usable (first report
    after install or boot) opens here and closes when the snapshot's collectors are done."""
    rows = []
    for proc in psutil.process_iter(attrs=["create_time", "cpu_times"], ad_value=None):
        rows.append((proc.pid, proc.info.get("create_time"), process_seconds(proc.info.get("cpu_times")),
                     time.monotonic()))
    return take_system(sample_rows(rows))


def take_system(processes: Mapping[int, tuple[float, float, float]]) -> Sample:
    """The system's counters now, with process counters read by the caller."""
    return Sample(boot_time=psutil.boot_time(), taken=time.monotonic(), wall=time.time(), cpu_times=system_times(),
                  processes=processes)


def load(path: Path, *, boot_time: float | None = None) -> Sample | None:
    """The sample the previous report left, or None: missing, unreadable, or from before a reboot."""
    try:
        sample = Sample.from_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        log.warning("ignoring the CPU sample %s (%s: %s)", path, type(exc).__name__, exc)
        return None
    if abs(sample.boot_time - (psutil.boot_time() if boot_time is None else boot_time)) > BOOT_TOLERANCE:
        return None
    return sample


def save(path: Path, sample: Sample) -> None:
    """Written whole or not at all (temp file, then replace); raises OSError. The temp file is this
    process's own: the service's worker and an admin's `helpdesk-probe report` may save at once."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temp.write_text(sample.to_json(), encoding="utf-8")
    os.replace(temp, path)


def system_percent(before: Mapping[str, float], after: Mapping[str, float], *, linux: bool | None = None) -> float:
    """psutil.cpu_percent's figure between two `system_times()`."""
    if linux is None:
        linux = sys.platform.startswith("linux")
    deltas = {name: max(0.0, after[name] - before.get(name, after[name])) for name in after}
    total = sum(deltas.values())
    if linux:  # guest time is already counted in user and nice there
        total -= deltas.get("guest", 0.0) + deltas.get("guest_nice", 0.0)
    busy = total - deltas.get("idle", 0.0) - deltas.get("iowait", 0.0)
    return round(busy / total * 100, 1) if total > 0 else 0.0


def process_percent(
    before: Sample, pid: int, created: float | None, seconds: float | None, taken: float
) -> float | None:
    """The process's CPU since `before`, in percent of one CPU (psutil's Process.cpu_percent).

    A process that started after `before` was taken used all its CPU inside the window. One that
    is older but missing from `before` (its times were denied then) has no known start: None."""
    if seconds is None or created is None:
        return None
    previous = before.processes.get(pid)
    if previous is not None and abs(previous[0] - created) <= SAME_PROCESS:
        elapsed, used = taken - previous[2], seconds - previous[1]
    elif created >= before.wall - SAME_PROCESS:
        elapsed, used = taken - before.taken, seconds
    else:
        return None
    if elapsed <= 0:
        return None
    return round(max(0.0, used) / elapsed * 100, 1)


def sample_rows(rows: Iterable[tuple[int, float | None, float | None, float]]) -> dict[int, tuple[float, float, float]]:
    """(pid, created, cpu seconds, taken) rows as a Sample's processes: the ones with known times."""
    return {pid: (created, seconds, taken) for pid, created, seconds, taken in rows
            if created is not None and seconds is not None}
