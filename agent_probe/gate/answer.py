"""One request through the gate: check it, log it, run it, and say what to answer.

Shared by the one-shot mode (``main.py``: the answer goes to stdout or stderr plus an exit code) and
the session mode (``session.py``: the answer becomes one JSON line), so both log and refuse alike.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agent_probe.filelock import exclusive
from agent_probe.gate.catalogue import (
    CATALOGUE_REQUEST,
    EXIT_REFUSED,
    Catalogue,
    RequestRefusedError,
    parse_request,
)
from agent_probe.gate.runner import run_request
from agent_probe.i18n import _
from agent_probe.platform_paths import ensure_dir

MAX_LOG_BYTES = 1024 * 1024


@dataclass(frozen=True)
class GateLog:
    """The audit log of one gate process: every request, accepted or refused, with who asked.

    Many gate processes write it at once (one per SSH connection): each line is appended under a
    lock shared with rotation (filelock.py), so no line is lost when the log rotates.
    """

    path: Path
    client: str
    max_bytes: int = MAX_LOG_BYTES

    def write(self, outcome: str, command: str, detail: str) -> None:
        # json.dumps of the request: a hostile request cannot forge log lines with embedded newlines.
        line = (
            f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} {outcome} from={self.client} "
            f"request={json.dumps(command[:1024])} {json.dumps(detail)}\n"
        )
        try:
            ensure_dir(self.path.parent)
            with exclusive(self.path.with_suffix(".log.lock")):
                self._rotate_if_full()
                with self.path.open("a", encoding="utf-8") as handle:
                    handle.write(line)
        except OSError as exc:
            # Logging must not block a diagnostic the technician needs, but say it failed.
            print(f"helpdesk-probe: cannot write gate log {self.path}: {exc}", file=sys.stderr)

    def _rotate_if_full(self) -> None:
        try:
            if self.path.stat().st_size <= self.max_bytes:
                return
            # One old generation is enough for an audit glance.
            os.replace(self.path, self.path.with_suffix(".log.1"))
        except FileNotFoundError:
            return
        except PermissionError as exc:
            # Windows: someone outside the gate (an editor) holds the log open. Keep appending to
            # it, a longer file rather than a lost line; the next write tries again.
            print(f"helpdesk-probe: cannot rotate gate log {self.path}: {exc}", file=sys.stderr)


@dataclass(frozen=True)
class Answer:
    exit_code: int  # 0, or EXIT_REFUSED / EXIT_UNKNOWN
    result: dict[str, Any] | None = None  # the JSON object for stdout when exit_code is 0
    refusal: str = ""  # the line for stderr otherwise (without its newline)


def refuse(log: GateLog, command: str, message: str, exit_code: int = EXIT_REFUSED) -> Answer:
    log.write("refused", command, message)
    return Answer(exit_code, refusal=_("helpdesk-probe: refused: {message}").format(message=message))


def answer_request(command: str, catalogue: Catalogue, log: GateLog, *, tier: int) -> Answer:
    if command == CATALOGUE_REQUEST:
        log.write("accepted", command, "")
        return Answer(0, catalogue.to_json())
    try:
        request = parse_request(command, catalogue, tier=tier)
    except RequestRefusedError as exc:
        return refuse(log, command, str(exc), exc.exit_code)
    log.write("accepted", command, "")
    result = run_request(request)
    log.write("finished", command, f"exit={result.exit_code} timed_out={result.timed_out} ms={result.duration_ms}")
    return Answer(0, result.to_json())
