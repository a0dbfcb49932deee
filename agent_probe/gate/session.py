"""Session mode of the SSH gate: many requests over one SSH channel.

Every exec channel makes sshd start the account's login shell and the gate start Python: ~100 ms a
command before anything runs. When ``SSH_ORIGINAL_COMMAND`` is ``SESSION_REQUEST`` the gate pays
that once and then serves requests from stdin:

- first it writes a hello line, ``{"session": 1, ...}``, so the technician knows it was understood
  (a gate that predates sessions refuses the request as an unknown diagnostic and exits 127);
- each stdin line is one request in the one-shot grammar (same ``parse_request``, same tier) and
  gets exactly one JSON line back: the result object as in one-shot mode, or
  ``{"refused": true, "exit_code": 126|127, "message": "<the one-shot stderr line>"}``;
- every request is logged exactly as in one-shot mode, plus a ``session`` and a ``session_end`` line;
- EOF ends the session with exit 0, so do ``idle_seconds`` without a request and
  ``MAX_SESSION_REQUESTS`` requests (the technician side then opens a new session).

A line longer than ``MAX_REQUEST_LENGTH`` is refused without being kept: the reader holds at most
the limit plus one chunk, whatever the client sends.
"""

from __future__ import annotations

import json
import os
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, BinaryIO, TextIO

from agent_probe.gate.answer import GateLog, answer_request, refuse
from agent_probe.gate.catalogue import MAX_REQUEST_LENGTH, SESSION_REQUEST, SESSION_VERSION, Catalogue
from agent_probe.i18n import _

SESSION_IDLE_SECONDS = 300.0
MAX_SESSION_REQUESTS = 1000  # bounds how long one gate process lives; the technician side reopens
READ_CHUNK = 4096


@dataclass(frozen=True)
class RawLine:
    data: bytes  # without the newline; for an over-long line, only its first MAX_REQUEST_LENGTH bytes
    too_long: bool = False
    complete: bool = True  # False: stdin ended in the middle of this line


class LineReader(threading.Thread):
    """Reads request lines on a thread, so the session can wait for the next one with a timeout.

    A thread and a queue rather than select(): select does not work on pipes on Windows. It reads the
    raw file descriptor with os.read, not the buffered ``sys.stdin.buffer``: a daemon thread blocked
    inside a BufferedReader holds its lock, which can abort the interpreter's shutdown.
    """

    def __init__(self, stream: BinaryIO, limit: int = MAX_REQUEST_LENGTH) -> None:
        super().__init__(name="gate-stdin", daemon=True)
        self._read = _chunk_reader(stream)
        self.limit = limit
        # One line ahead at most: a client that pipelines requests is held back by the SSH window.
        self.lines: queue.Queue[RawLine | None] = queue.Queue(maxsize=1)

    def run(self) -> None:
        pending = bytearray()
        discarding = False  # inside an over-long line, already refused: drop bytes up to its newline
        try:
            while chunk := self._read(READ_CHUNK):
                pending += chunk
                while True:
                    end = pending.find(b"\n")
                    if discarding:
                        if end < 0:
                            pending.clear()
                            break
                        del pending[: end + 1]
                        discarding = False
                    elif end < 0:
                        if len(pending) > self.limit:
                            self.lines.put(RawLine(bytes(pending[: self.limit]), too_long=True))
                            pending.clear()
                            discarding = True
                        break
                    else:
                        line = bytes(pending[:end])
                        del pending[: end + 1]
                        if len(line) > self.limit:
                            self.lines.put(RawLine(line[: self.limit], too_long=True))
                        else:
                            self.lines.put(RawLine(line))
            if pending and not discarding:
                self.lines.put(RawLine(bytes(pending), complete=False))
        except OSError:
            pass  # stdin closed under us: the same as EOF
        finally:
            self.lines.put(None)


def _chunk_reader(stream: BinaryIO) -> Callable[[int], bytes]:
    try:
        fd = stream.fileno()
    except (OSError, ValueError):  # io.UnsupportedOperation: an in-memory stream (tests)
        return stream.read
    return partial(os.read, fd)


def run_session(
    catalogue: Catalogue,
    stdin: BinaryIO,
    stdout: TextIO,
    log: GateLog,
    *,
    tier: int,
    idle_seconds: float = SESSION_IDLE_SECONDS,
    max_requests: int = MAX_SESSION_REQUESTS,
) -> int:
    log.write("session", SESSION_REQUEST, f"idle_seconds={idle_seconds:g}")
    reader = LineReader(stdin)
    reader.start()
    served, reason = 0, "eof"
    try:
        _send(stdout, {"session": SESSION_VERSION, "max_request_length": MAX_REQUEST_LENGTH,
                       "idle_seconds": idle_seconds})
        while served < max_requests:
            try:
                line = reader.lines.get(timeout=idle_seconds)
            except queue.Empty:
                reason = "idle"
                break
            if line is None:
                break
            served += 1
            _send(stdout, _answer(line, catalogue, log, tier))
        else:
            reason = "limit"
    except (OSError, ValueError):
        # The technician went away mid-answer (broken pipe, closed stdout): nobody left to answer.
        reason = "closed"
    log.write("session_end", SESSION_REQUEST, f"requests={served} reason={reason}")
    return 0


def _answer(line: RawLine, catalogue: Catalogue, log: GateLog, tier: int) -> dict[str, Any]:
    # Undecodable bytes become U+FFFD, which parse_request refuses like any non-ASCII request.
    command = line.data.decode("utf-8", "replace")
    if line.too_long:
        # The same words as parse_request's refusal, which a one-shot request of this length gets.
        answer = refuse(log, command, _("Request longer than {limit} characters").format(limit=MAX_REQUEST_LENGTH))
    elif not line.complete:
        # Cut off by a dropped connection: "count_to n=10" could be the start of "count_to n=1000".
        answer = refuse(log, command, _("Request cut off before the end of its line"))
    else:
        answer = answer_request(command, catalogue, log, tier=tier)
    if answer.result is not None:
        return answer.result
    return {"refused": True, "exit_code": answer.exit_code, "message": answer.refusal}


def _send(stdout: TextIO, message: dict[str, Any]) -> None:
    # ensure_ascii (the default) and no indent: one ASCII line whatever the program printed.
    stdout.write(json.dumps(message) + "\n")
    stdout.flush()

