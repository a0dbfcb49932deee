"""``helpdesk-probe ssh-gate``: the forced command behind every technician SSH key.

sshd puts what the technician asked for in ``SSH_ORIGINAL_COMMAND``. The gate accepts only a
catalogue id with typed params, runs it without a shell, prints ONE JSON object on stdout and
exits 0. Anything else is refused with a message on stderr and exit 126 (not allowed) or 127
(unknown diagnostic). Every request, accepted or refused, is logged with a timestamp.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from agent_probe.gate.catalogue import (
    CATALOGUE_REQUEST,
    EXIT_REFUSED,
    CatalogueError,
    RequestRefusedError,
    load_catalogue,
    parse_request,
)
from agent_probe.gate.runner import run_request
from agent_probe.i18n import _
from agent_probe.platform_paths import ensure_dir, gate_log, probe_home

MAX_LOG_BYTES = 1024 * 1024


def run_gate(
    environ: Mapping[str, str],
    stdout: TextIO,
    stderr: TextIO,
    *,
    tier: int = 2,
    catalogue_path: Path | None = None,
    home: Path | None = None,
) -> int:
    command = environ.get("SSH_ORIGINAL_COMMAND")
    client = environ.get("SSH_CLIENT", "").split(" ")[0] or "local"
    log_path = gate_log(home or probe_home())
    if command is None:
        # Interactive login (no command): there is no shell behind this key.
        return _refuse(log_path, client, "", _("This key only runs approved diagnostics; no shell."), stderr)
    try:
        catalogue = load_catalogue(catalogue_path)
    except CatalogueError as exc:
        return _refuse(
            log_path,
            client,
            command,
            _("The diagnostics catalogue is broken: {error}").format(error=exc),
            stderr,
        )
    if command == CATALOGUE_REQUEST:
        _log(log_path, client, "accepted", command, "")
        json.dump(catalogue.to_json(), stdout)
        stdout.write("\n")
        return 0
    try:
        request = parse_request(command, catalogue, tier=tier)
    except RequestRefusedError as exc:
        return _refuse(log_path, client, command, str(exc), stderr, exit_code=exc.exit_code)
    _log(log_path, client, "accepted", command, "")
    result = run_request(request)
    _log(
        log_path,
        client,
        "finished",
        command,
        f"exit={result.exit_code} timed_out={result.timed_out} ms={result.duration_ms}",
    )
    json.dump(result.to_json(), stdout)
    stdout.write("\n")
    return 0


def _refuse(
    log_path: Path, client: str, command: str, message: str, stderr: TextIO, *, exit_code: int = EXIT_REFUSED
) -> int:
    _log(log_path, client, "refused", command, message)
    stderr.write(_("helpdesk-probe: refused: {message}").format(message=message) + "\n")
    return exit_code


def _log(path: Path, client: str, outcome: str, command: str, detail: str) -> None:
    # json.dumps of the request: a hostile request cannot forge log lines with embedded newlines.
    line = (
        f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} {outcome} from={client} "
        f"request={json.dumps(command[:1024])} {json.dumps(detail)}\n"
    )
    try:
        ensure_dir(path.parent)
        if path.exists() and path.stat().st_size > MAX_LOG_BYTES:
            os.replace(path, path.with_suffix(".log.1"))  # one old generation is enough for an audit glance
        with path.open("a", encoding="utf-8") as handle:
            handle.write(line)
    except OSError as exc:
        # Logging must not block a diagnostic the technician needs, but say it failed.
        print(f"helpdesk-probe: cannot write gate log {path}: {exc}", file=sys.stderr)


def main(tier: int = 2) -> int:
    return run_gate(os.environ, sys.stdout, sys.stderr, tier=tier)
