"""``helpdesk-probe ssh-gate``: the forced command behind every technician SSH key.

sshd puts what the technician asked for in ``SSH_ORIGINAL_COMMAND``. The gate accepts only a
catalogue id with typed params, runs it without a shell, prints ONE JSON object on stdout and
exits 0. Anything else is refused with a message on stderr and exit 126 (not allowed) or 127
(unknown diagnostic). Every request, accepted or refused, is logged with a timestamp.

``SESSION_REQUEST`` instead starts a session: the same requests, one per line on stdin, each
answered with one JSON line on stdout (``session.py``), so a technician pays sshd's and Python's
start-up once per connection instead of once per command.
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO, TextIO

from agent_probe.gate.answer import Answer, GateLog, answer_request, refuse
from agent_probe.gate.catalogue import SESSION_REQUEST, CatalogueError, load_catalogue
from agent_probe.gate.session import SESSION_IDLE_SECONDS, run_session
from agent_probe.i18n import _
from agent_probe.platform_paths import gate_log, probe_home


def run_gate(
    environ: Mapping[str, str],
    stdout: TextIO,
    stderr: TextIO,
    *,
    tier: int = 2,
    catalogue_path: Path | None = None,
    home: Path | None = None,
    stdin: BinaryIO | None = None,
    idle_seconds: float = SESSION_IDLE_SECONDS,
) -> int:
    command = environ.get("SSH_ORIGINAL_COMMAND")
    client = environ.get("SSH_CLIENT", "").split(" ")[0] or "local"
    log = GateLog(gate_log(home or probe_home()), client)
    if command is None:
        # Interactive login (no command): there is no shell behind this key.
        return _fail(stderr, refuse(log, "", _("This key only runs approved diagnostics; no shell.")))
    try:
        catalogue = load_catalogue(catalogue_path)
    except CatalogueError as exc:
        message = _("The diagnostics catalogue is broken: {error}").format(error=exc)
        return _fail(stderr, refuse(log, command, message))
    if command == SESSION_REQUEST:
        # No stdin given (in-process callers): an empty session, never a read of the caller's terminal.
        return run_session(catalogue, stdin or io.BytesIO(), stdout, log, tier=tier, idle_seconds=idle_seconds)
    answer = answer_request(command, catalogue, log, tier=tier)
    if answer.result is None:
        return _fail(stderr, answer)
    json.dump(answer.result, stdout)
    stdout.write("\n")
    return 0


def _fail(stderr: TextIO, answer: Answer) -> int:
    stderr.write(answer.refusal + "\n")
    return answer.exit_code


def main(tier: int = 2, idle_seconds: float = SESSION_IDLE_SECONDS) -> int:
    return run_gate(os.environ, sys.stdout, sys.stderr, tier=tier, stdin=sys.stdin.buffer, idle_seconds=idle_seconds)
