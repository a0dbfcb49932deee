"""The report's snapshot from a worker process that lives for one report.

The resident probe (`helpdesk-probe run`) stays on the user's machine for weeks, with a 20 MB
budget, and TLS must stay in it. psutil, the collectors and the snapshot's objects cost it about
5 MB of its whole life for work done once every 15 minutes (bench/probe_footprint.py), so each
cycle starts `helpdesk-probe snapshot --for-report HOME`, which collects the snapshot, evaluates
the health rules and prints both as JSON text, one line each; the resident checks the text's shape
without parsing it into objects and carries it into the spool and onto the wire as it is (RawJson).
A collector that hangs or leaks can no longer take the resident process with it either.

CPU percentages cover the whole interval: the worker measures against the counters the previous
report's worker left in HOME (collect/cpu_sample.py), as psutil did within the resident process.

When no worker can run (a Python that does not take our command line, a crash, a timeout, an
answer that is not a snapshot), the resident collects in its own process as before, with a
warning: a report is never lost to the way it is collected.
"""

from __future__ import annotations

import json
import ntpath
import os
import sys
from collections import namedtuple

from agent_probe import plog
from agent_probe.collect.common import JSON_OBJECT, RawJson, json_object_count, json_shape

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path
    from typing import NamedTuple

    class Answer(NamedTuple):
        snapshot: RawJson  # one JSON object: the snapshot schema (collect/snapshot.py)
        alerts: RawJson  # a JSON list of alerts (agent_probe/health.py)
        alert_count: int

else:  # A typed NamedTuple for the type checker; at run time the same tuple from collections, without typing.
    Answer = namedtuple("Answer", "snapshot alerts alert_count")

log = plog.getLogger(__name__)

ARGS = ("snapshot", "--for-report")  # + the probe's home
TIMEOUT = 120.0  # the snapshot takes ~0.1 s; a minute or two is a hung collector (a dead network mount)


def answer(home: Path) -> str:
    """The worker's side: the snapshot and its alerts as two lines of JSON, CPU measured since the
    previous report's sample (or over this process's own life when there is none)."""
    from agent_probe import health
    from agent_probe.collect import assemble, cpu_sample

    path = home / cpu_sample.FILE
    before = cpu_sample.load(path) or cpu_sample.take()
    snapshot, after = assemble.collect_since(before)
    try:
        cpu_sample.save(path, after)
    except OSError as exc:
        log.warning("cannot keep the CPU sample (%s): the next report measures its own window", exc)
    compact = {"separators": (",", ":")}
    return f"{json.dumps(snapshot, **compact)}\n{json.dumps(health.evaluate(snapshot), **compact)}\n"  # type: ignore[arg-type]


def parse_answer(data: bytes) -> Answer | None:
    """The worker's output as RawJson texts, or None when it is not exactly a snapshot object and a
    list of alert objects, one line each."""
    try:
        snapshot, alerts, rest = data.decode("utf-8").split("\n", 2)
        count = json_object_count(alerts)
        if rest or count is None or json_shape(snapshot) is not JSON_OBJECT:
            return None
    except ValueError:  # not UTF-8, not two lines, not JSON
        return None
    return Answer(RawJson(snapshot), RawJson(alerts), count)


def snapshot_in_worker(home: Path, *, argv: Sequence[str] | None = None, timeout: float = TIMEOUT) -> Answer | None:
    """The resident's side: the worker's answer, or None (logged) when the caller must collect itself."""
    import subprocess

    try:
        command = list(argv) if argv is not None else helper_command((*ARGS, str(home)))
    except RuntimeError as exc:  # the install's directories cannot be found
        log.warning("no snapshot worker (%s): collecting in this process", exc)
        return None
    if command is None:
        return None
    try:
        done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        log.warning("snapshot worker gave no answer in %.0f s: collecting in this process", timeout)
        return None
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("snapshot worker could not run (%s): collecting in this process", exc)
        return None
    relay(done.stderr)
    if done.returncode != 0:
        log.warning("snapshot worker failed (exit %s): collecting in this process", done.returncode)
        return None
    parsed = parse_answer(done.stdout)
    if parsed is None:
        log.warning("snapshot worker's answer is not a snapshot (%d bytes): collecting in this process",
                    len(done.stdout))
    return parsed


MAX_RELAYED_LINES = 40


def relay(stderr: bytes) -> None:
    """The worker's warnings (a collector that failed, with its traceback) into this process's log:
    the journal under systemd, the service's log file on Windows, where a child has no stderr to
    write to."""
    lines = [line for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    for line in lines[:MAX_RELAYED_LINES]:
        log.warning("snapshot worker: %s", line.removeprefix("helpdesk-probe: "))
    if len(lines) > MAX_RELAYED_LINES:
        log.warning("snapshot worker: ... %d more lines", len(lines) - MAX_RELAYED_LINES)


def helper_command(args: Sequence[str], *, no_site: bool | None = None) -> list[str] | None:
    """argv of `helpdesk-probe <args>` for a helper of this install, or None when this process has
    no Python to start one with. `no_site`: whether this process runs without `site` (default:
    sys.flags.no_site)."""
    if no_site is None:
        no_site = bool(sys.flags.no_site)
    if getattr(sys, "frozen", False):
        return [sys.executable, *args]  # the bundle is its own executable
    python = helper_python(sys.executable, [sys.exec_prefix, sys.base_exec_prefix])
    if python is None:
        return None
    if no_site:
        # Started as the service starts it (-I -S and the install's import directories, see
        # service/launch.py): the helper starts the same way, so it runs the same installed code.
        from agent_probe.service import launch

        return [*launch.probe_command(frozen=False, executable=python, dirs=launch.import_dirs()), *args]
    return [python, "-m", "agent_probe.main", *args]


def helper_python(executable: str, prefixes: Sequence[str], *, path: Callable[..., str] = os.path.join,
                  exists: Callable[[str], bool] = os.path.isfile) -> str | None:
    """The Python that starts helpers. Under a pip install's Windows service this process is
    pywin32's pythonservice.exe, which takes no Python command line: the install's python.exe
    (a venv's Scripts folder, or the base installation) is used instead; None if there is none."""
    if ntpath.basename(executable).lower() != "pythonservice.exe":  # ntpath: takes / and \\ alike
        return executable
    for prefix in prefixes:
        for candidate in (path(prefix, "Scripts", "python.exe"), path(prefix, "python.exe")):
            if exists(candidate):
                return candidate
    return None
