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
from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.services import machines
from shared.ssh.client import generate_key
from tests.probe.sshd import SSH_KEYGEN, SSHD, SshServer, free_port, keygen, run_sshd, sshd_available

REPO = Path(__file__).resolve().parents[1]
TEST_CATALOGUE = REPO / "tests" / "probe" / "catalogue_test.toml"

__all__ = ["SSHD", "SSH_KEYGEN", "TEST_CATALOGUE", "SshServer", "free_port", "keygen", "require_sshd",
           "run_gate_sshd", "run_sshd", "sshd_available"]


def require_sshd() -> None:
    """Skip without OpenSSH, except under CI, where a missing sshd is a broken setup."""
    if not sshd_available():
        if os.environ.get("CI"):
            pytest.fail("CI is set but /usr/sbin/sshd or ssh-keygen is missing: install openssh-server")
        pytest.skip("OpenSSH server not installed")


def _gate_wrapper(workdir: Path, catalogue: Path) -> Path:
    # sshd runs the forced command through the user's shell with a clean environment; a wrapper
    # points the gate at the catalogue and a private state dir.
    wrapper = workdir / "gate.sh"
    wrapper.write_text(
        "#!/bin/sh\n"
        f"export HELPDESK_PROBE_CATALOGUE={shlex.quote(str(catalogue))}\n"
        f"export HELPDESK_PROBE_HOME={shlex.quote(str(workdir / 'gate-home'))}\n"
        f"export PYTHONPATH={shlex.quote(str(REPO))}\n"
        f'exec {shlex.quote(sys.executable)} -m agent_probe.main "$@"\n',
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    return wrapper


@contextlib.contextmanager
def run_gate_sshd(workdir: Path, keys: Sequence[tuple[str, int]],
                  catalogue: Path = TEST_CATALOGUE) -> Iterator[SshServer]:
    """sshd with each (public key line, tier) installed behind the gate."""
    workdir.mkdir(parents=True, exist_ok=True)
    wrapper = _gate_wrapper(workdir, catalogue)
    with run_sshd(workdir) as server:
        for line, tier in keys:
            key = authorized_keys.parse_public_key(line)
            authorized_keys.install_key(server.authorized_keys, key,
                                        authorized_keys.gate_command([str(wrapper)], tier=tier))
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
    token = machines.issue_enrolment_token(db.uow(), SYSTEM)
    mid, _token = machines.enrol(db.uow(), token, "pc-hr-07", "Linux 6.1.0", gate_server.host_public_key)
    machines.set_ssh_target(db.uow(), SYSTEM, mid, gate_server.host, gate_server.port, gate_server.user, None)
    return mid
