"""A real OpenSSH sshd on loopback for any test folder, with technician keys forced onto the gate.

Re-exports `tests.probe.sshd` (which stays where it is, so `tests/probe` keeps working) and adds
`run_gate_sshd`: sshd whose authorized keys each run `helpdesk-probe ssh-gate --tier N` against a
given catalogue, as `helpdesk-probe install-key` would set it up on a user's machine.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from agent_probe.gate import authorized_keys
from agent_probe.gate.catalogue import SESSION_REQUEST
from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.services import enrolment, machines
from shared.ssh.client import generate_key
from tests.ports import free_port
from tests.probe.sshd import SSH_KEYGEN, SSHD, SshServer, keygen, run_sshd, sshd_available

REPO = Path(__file__).resolve().parents[1]
TEST_CATALOGUE = REPO / "tests" / "probe" / "catalogue_test.toml"

__all__ = ["SSHD", "SSH_KEYGEN", "TEST_CATALOGUE", "SshServer", "free_port", "gate_log_path", "keygen",
           "legacy_refusals_path", "require_sshd", "run_gate_sshd", "run_sshd", "sshd_available"]


def require_sshd() -> None:
    """Skip without OpenSSH, except under CI, where a missing sshd is a broken setup."""
    if not sshd_available():
        if os.environ.get("CI") and sys.platform != "win32":  # these servers are Linux packages
            pytest.fail("CI is set but /usr/sbin/sshd or ssh-keygen is missing: install openssh-server")
        pytest.skip("OpenSSH server not installed")


def gate_log_path(server: SshServer) -> Path:
    """The gate's audit log behind a `run_gate_sshd` server."""
    return server.log_path.parent / "gate-home" / "gate.log"


def legacy_refusals_path(server: SshServer) -> Path:
    """One line per session request a `refuse_sessions` gate refused."""
    return server.log_path.parent / "legacy-refusals.log"


def _gate_wrapper(workdir: Path, catalogue: Path, *, refuse_sessions: int | None = None) -> Path:
    # sshd runs the forced command through the user's shell with a clean environment; a wrapper
    # points the gate at the catalogue and a private state dir.
    legacy = ""
    if refuse_sessions is not None:
        # 127: a probe from before sessions, whose gate refuses the request as an unknown diagnostic;
        # anything else: a gate that fails as it starts.
        legacy = (
            f'if [ "$SSH_ORIGINAL_COMMAND" = {shlex.quote(SESSION_REQUEST)} ]; then\n'
            f"  echo refused >> {shlex.quote(str(workdir / 'legacy-refusals.log'))}\n"
            "  echo \"helpdesk-probe: refused: Unknown diagnostic 'helpdesk-session': not in the approved "
            "catalogue\" >&2\n"
            f"  exit {int(refuse_sessions)}\n"
            "fi\n"
        )
    wrapper = workdir / "gate.sh"
    wrapper.write_text(
        "#!/bin/sh\n"
        f"export HELPDESK_PROBE_CATALOGUE={shlex.quote(str(catalogue))}\n"
        f"export HELPDESK_PROBE_HOME={shlex.quote(str(workdir / 'gate-home'))}\n"
        f"export PYTHONPATH={shlex.quote(str(REPO))}\n"
        f"{legacy}"
        f'exec {shlex.quote(sys.executable)} -m agent_probe.main "$@"\n',
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    return wrapper


@contextlib.contextmanager
def run_gate_sshd(workdir: Path, keys: Sequence[tuple[str, int]], catalogue: Path = TEST_CATALOGUE, *,
                  gate_args: Sequence[str] = (), refuse_sessions: int | None = None,
                  skip_login_rc: bool = True) -> Iterator[SshServer]:
    """sshd with each (public key line, tier) installed behind the gate.

    ``gate_args`` are appended to ``ssh-gate --tier N`` (``--session-idle 1``); ``refuse_sessions``
    puts a gate that answers the session request with that exit code (127, as probes from before
    sessions do) and logs each time in `legacy_refusals_path`; ``skip_login_rc``: see run_sshd.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    wrapper = _gate_wrapper(workdir, catalogue, refuse_sessions=refuse_sessions)
    extra = "".join(f" {shlex.quote(arg)}" for arg in gate_args)
    with run_sshd(workdir, skip_login_rc=skip_login_rc) as server:
        for line, tier in keys:
            key = authorized_keys.parse_public_key(line)
            authorized_keys.install_key(server.authorized_keys, key,
                                        authorized_keys.gate_command([str(wrapper)], tier=tier) + extra)
        yield server


# A tier-2 technician's key and a real sshd that forces it onto the gate: shared by the SSH and
# the console's diagnostics tests (import the fixtures where they are used).
@dataclass(frozen=True)
class Technician:
    key_path: Path
    public_key: str


@pytest.fixture(scope="session")
def technician_key(tmp_path_factory: pytest.TempPathFactory) -> Technician:
    path = tmp_path_factory.mktemp("tech") / "id_ed25519"
    return Technician(path, generate_key(path, "budi@helpdesk-test"))


@pytest.fixture(scope="session")
def gate_server(tmp_path_factory: pytest.TempPathFactory, technician_key: Technician) -> Iterator[SshServer]:
    require_sshd()
    with run_gate_sshd(tmp_path_factory.mktemp("sshd"), [(technician_key.public_key, 2)]) as server:
        yield server


@pytest.fixture
def machine_id(db: Database, gate_server: SshServer) -> int:
    """An enrolled machine whose SSH target is the gated sshd (its host key not pinned yet)."""
    token = enrolment.issue_enrolment_token(db.uow(), SYSTEM)
    mid, _token = enrolment.enrol(db.uow(), token, "pc-hr-07", "Linux 6.1.0", gate_server.host_public_key)
    machines.set_ssh_target(db.uow(), SYSTEM, mid, gate_server.host, gate_server.port, gate_server.user, None)
    return mid
