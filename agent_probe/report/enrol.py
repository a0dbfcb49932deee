"""One-time enrolment: trade an admin-issued token for this machine's id and its own token.

The state file holds the machine token, so it is written atomically and readable by its owner only.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from collections import namedtuple
from pathlib import Path

from agent_probe.acl import make_private
from agent_probe.i18n import _
from agent_probe.platform_paths import ensure_dir
from agent_probe.report.client import ClientError, ProbeClient

ENROL_PATH = "/api/v1/probe/enrol"
REPORT_PATH = "/api/v1/probe/report"


class EnrolmentError(Exception):
    """User-facing: bad server answer, or enrolment attempted twice."""


TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    from typing import Any, NamedTuple

    class ProbeState(NamedTuple):
        server_url: str
        machine_id: str
        machine_token: str
        ca_file: str | None = None

else:  # A typed NamedTuple for the type checker; at run time the same tuple from collections, without typing.
    ProbeState = namedtuple("ProbeState", "server_url machine_id machine_token ca_file", defaults=(None,))


def load_state(path: Path) -> ProbeState | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise EnrolmentError(
            _("The probe state file {path} is unreadable: {error}").format(path=path, error=exc)
        ) from None
    try:
        return ProbeState(
            server_url=str(raw["server_url"]),
            machine_id=str(raw["machine_id"]),
            machine_token=str(raw["machine_token"]),
            ca_file=raw.get("ca_file"),
        )
    except (KeyError, TypeError):
        raise EnrolmentError(
            _("The probe state file {path} is incomplete; enrol again with --force").format(path=path)
        ) from None


def save_state(path: Path, state: ProbeState) -> None:
    ensure_dir(path.parent)  # a new probe folder is private (an ACL on Windows), not only the file
    temp = path.with_name(f".{path.name}.tmp")
    # O_EXCL-free open with mode 0600 from the start: the token is never world-readable, even briefly.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    # Windows ignores the mode: the protected ACL goes on before the token is written.
    make_private(temp, directory=False)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(state._asdict(), handle, indent=2)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)


def read_ssh_host_key() -> str | None:
    """This machine's sshd ed25519 host key, sent at enrolment so technicians can pin it (no TOFU)."""
    base = (
        Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "ssh" if sys.platform == "win32" else Path("/etc/ssh")
    )
    for name in ("ssh_host_ed25519_key.pub", "ssh_host_ecdsa_key.pub", "ssh_host_rsa_key.pub"):
        try:
            line = (base / name).read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            continue
        parts = line.split()
        if len(parts) >= 2:
            return f"{parts[0]} {parts[1]}"  # drop the comment: it names root@host, not useful
    return None


def enrol(
    client: ProbeClient,
    enrolment_token: str,
    *,
    hostname: str | None = None,
    os_name: str | None = None,
    ssh_host_key: str | None = None,
) -> ProbeState:
    """POST the enrolment request; returns the state to save. Raises ClientError or EnrolmentError."""
    import platform  # only needed once in the probe's life

    body: dict[str, Any] = {
        "enrolment_token": enrolment_token,
        "hostname": hostname or socket.gethostname(),
        "os": os_name or f"{platform.system()} {platform.release()}",
    }
    if ssh_host_key:
        body["ssh_host_key"] = ssh_host_key
    response = client.post_json(ENROL_PATH, body)
    machine_id, machine_token = response.get("machine_id"), response.get("machine_token")
    if (
        not isinstance(machine_id, str | int)
        or isinstance(machine_id, bool)
        or not isinstance(machine_token, str)
        or not machine_token
    ):
        raise EnrolmentError(_("The server's enrolment answer lacks machine_id or machine_token"))
    return ProbeState(
        server_url=client.server_url,
        machine_id=str(machine_id),
        machine_token=machine_token,
        ca_file=client.ca_file,
    )


__all__ = [
    "ENROL_PATH",
    "REPORT_PATH",
    "ClientError",
    "EnrolmentError",
    "ProbeState",
    "enrol",
    "load_state",
    "read_ssh_host_key",
    "save_state",
]
