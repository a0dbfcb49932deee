"""Runs one checked diagnostic: argv from the template, no shell, a timeout and an output cap.

Popen with reader threads rather than ``subprocess.run(capture_output=True)``: run() buffers all
output in memory before the cap could apply, and a chatty command (``journalctl`` with a large
count) would cost the probe megabytes. Here only ``max_output_bytes`` per stream is kept; the rest
is read and discarded so the child never blocks on a full pipe.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from typing import IO, Any

from agent_probe.gate.catalogue import Request, current_os, substitute
from agent_probe.i18n import _

CHUNK = 64 * 1024
# sshd hands the gate the user's PATH; resolve programs against a fixed one so a writable directory
# early in PATH cannot substitute "ping".
SAFE_PATH_POSIX = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


@dataclass(frozen=True)
class RunResult:
    id: str
    params: dict[str, str | int]
    exit_code: int | None  # None when the program could not be started or was killed on timeout
    stdout: str
    stderr: str
    truncated: bool
    timed_out: bool
    duration_ms: int
    error: str | None = None  # "not_found", "not_executable", "timeout", or None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class _CappedReader(threading.Thread):
    def __init__(self, stream: IO[bytes], cap: int) -> None:
        super().__init__(daemon=True)
        self.stream, self.cap = stream, cap
        self.kept = bytearray()
        self.truncated = False

    def run(self) -> None:
        fd = self.stream.fileno()
        # os.read returns what is available now, so the cap applies as data arrives, not at EOF.
        while chunk := os.read(fd, CHUNK):
            room = self.cap - len(self.kept)
            if len(chunk) > room:
                self.truncated = True
            if room > 0:
                self.kept += chunk[:room]
        self.stream.close()


def run_request(request: Request, *, os_key: str | None = None) -> RunResult:
    diagnostic = request.diagnostic
    template = diagnostic.template_for(os_key or current_os())
    assert template is not None, "parse_request checked the OS"
    argv = substitute(template, request.params)
    started = time.monotonic()
    params = dict(request.params)

    def failed(code: int, error: str, message: str) -> RunResult:
        return RunResult(
            diagnostic.id,
            params,
            code if error != "timeout" else None,
            "",
            message,
            False,
            error == "timeout",
            _elapsed_ms(started),
            error,
        )

    program = _resolve(argv[0])
    if program is None:
        return failed(127, "not_found", _("Program not found on this machine: {program}").format(program=argv[0]))
    try:
        proc = subprocess.Popen(
            [program, *argv[1:]],
            shell=False,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_child_env(),
            start_new_session=sys.platform != "win32",
        )
    except FileNotFoundError:
        return failed(127, "not_found", _("Program not found on this machine: {program}").format(program=argv[0]))
    except PermissionError:
        return failed(126, "not_executable", _("Program is not executable: {program}").format(program=argv[0]))
    assert proc.stdout is not None and proc.stderr is not None
    cap = diagnostic.max_output_bytes
    readers = [_CappedReader(proc.stdout, cap), _CappedReader(proc.stderr, cap)]
    for reader in readers:
        reader.start()
    timed_out = False
    try:
        proc.wait(timeout=diagnostic.timeout_seconds)
    except subprocess.TimeoutExpired:
        timed_out = True
        _kill(proc)
        proc.wait()
    for reader in readers:
        # A grandchild that kept the pipe open must not hang the gate: give up reading shortly after.
        reader.join(timeout=2.0)
    out, err = readers
    return RunResult(
        id=diagnostic.id,
        params=params,
        exit_code=None if timed_out else proc.returncode,
        stdout=out.kept.decode("utf-8", "replace"),
        stderr=err.kept.decode("utf-8", "replace"),
        truncated=out.truncated or err.truncated,
        timed_out=timed_out,
        duration_ms=_elapsed_ms(started),
        error="timeout" if timed_out else None,
    )


def _resolve(program: str) -> str | None:
    if os.path.isabs(program):
        return program if os.path.exists(program) else None
    if sys.platform == "win32":
        system32 = os.path.join(os.environ.get("SYSTEMROOT", r"C:\Windows"), "System32")
        return shutil.which(program, path=os.pathsep.join([system32, os.path.join(system32, "wbem")]))
    return shutil.which(program, path=SAFE_PATH_POSIX)


def _child_env() -> dict[str, str]:
    if sys.platform == "win32":
        # Windows programs need SystemRoot, TEMP and friends; the catalogue's programs are all in System32.
        return dict(os.environ)
    # C locale: parseable output whatever the user's language; nothing else leaks from the SSH session.
    return {"PATH": SAFE_PATH_POSIX, "LC_ALL": "C", "LANG": "C", "HOME": os.environ.get("HOME", "/")}


def _kill(proc: subprocess.Popen[bytes]) -> None:
    if sys.platform == "win32":
        proc.kill()
        return
    # The child leads its own session: kill the whole group, including anything it spawned.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


def _elapsed_ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
