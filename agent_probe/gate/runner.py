"""Runs one checked diagnostic: argv from the template, no shell, a timeout and an output cap.

Popen with reader threads rather than ``subprocess.run(capture_output=True)``: run() buffers all
output in memory before the cap could apply, and a chatty command (``journalctl`` with a large
count) would cost the probe megabytes. Here only ``max_output_bytes`` per stream is kept; the rest
is read and discarded so the child never blocks on a full pipe.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from typing import IO, Any

from agent_probe.gate.catalogue import Request, current_os, substitute
from agent_probe.gate.programs import child_environment, fixed_dirs, resolve_program, windows_directory
from agent_probe.i18n import _
from agent_probe.oem import decode_output, oem_codepage

CHUNK = 64 * 1024


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

    # sshd hands the gate the account's PATH and starts it in the profile folder: programs come only
    # from fixed directories (programs.py), never from either.
    windows_dir = windows_directory()
    program = resolve_program(argv[0], fixed_dirs(sys.platform, windows_dir))
    if program is None:
        return failed(127, "not_found", _("Program not found on this machine: {program}").format(program=argv[0]))
    try:
        proc = subprocess.Popen(
            [program, *argv[1:]],
            shell=False,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=child_environment(sys.platform, windows_dir, os.environ),
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
    codepage = oem_codepage()
    return RunResult(
        id=diagnostic.id,
        params=params,
        exit_code=None if timed_out else proc.returncode,
        stdout=decode_output(bytes(out.kept), codepage),
        stderr=decode_output(bytes(err.kept), codepage),
        truncated=out.truncated or err.truncated,
        timed_out=timed_out,
        duration_ms=_elapsed_ms(started),
        error="timeout" if timed_out else None,
    )


def _kill(proc: subprocess.Popen[bytes]) -> None:
    if sys.platform == "win32":
        proc.kill()
        return
    # The child leads its own session: kill the whole group, including anything it spawned.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


def _elapsed_ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
