"""Probe test fixtures: a private probe home, the test catalogue, and a real sshd behind the gate."""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent_probe import plog
from agent_probe.gate import authorized_keys
from agent_probe.gate.catalogue import Catalogue, load_catalogue
from tests.probe.sshd import SshServer, run_sshd, sshd_available

HERE = Path(__file__).resolve().parent
TEST_CATALOGUE = HERE / "catalogue_test.toml"
REPO = HERE.parents[1]


@pytest.fixture(autouse=True)
def probe_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every probe test gets its own state dir and the test catalogue: nothing touches /var/lib."""
    home = tmp_path / "probe-home"
    monkeypatch.setenv("HELPDESK_PROBE_HOME", str(home))
    monkeypatch.setenv("HELPDESK_PROBE_CATALOGUE", str(TEST_CATALOGUE))
    return home


@pytest.fixture(autouse=True)
def probe_log_to_logging() -> Iterator[None]:
    """The lean entry points switch the probe's log to stderr for the process (plog.to_stderr); a
    test that ran one in this process must not take caplog away from the tests after it."""
    yield
    plog.to_logging()


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue(TEST_CATALOGUE)


@pytest.fixture(scope="session")
def sshd_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SshServer]:
    """A real sshd whose only authorized key is forced onto the gate (tier 3, test catalogue)."""
    if not sshd_available():
        if os.environ.get("CI") and sys.platform != "win32":  # these servers are Linux packages
            pytest.fail("CI is set but /usr/sbin/sshd or ssh-keygen is missing: install openssh-server")
        pytest.skip("OpenSSH server not installed")
    workdir = tmp_path_factory.mktemp("sshd")
    gate_home = workdir / "gate-home"
    # Quotes, a space and "&" in the path: the forced command's quoting and its escaping inside
    # authorized_keys' command="…" are read back by the real sshd and /bin/sh on every ssh test.
    wrapper = workdir / "it's a \"gate\" & co" / "gate.sh"
    wrapper.parent.mkdir()
    # sshd runs the forced command through the user's shell with a clean environment; a wrapper
    # script is the simplest way to point the gate at the test catalogue and state dir.
    # A hostile account: a planted `echo` in the gate's working directory and first on its PATH,
    # and a variable the diagnostics must not see (test_ssh_gate.py checks neither reaches them).
    planted = workdir / "planted"
    planted.mkdir()
    (planted / "echo").write_text("#!/bin/sh\necho planted\n", encoding="utf-8")
    (planted / "echo").chmod(0o755)
    wrapper.write_text(
        "#!/bin/sh\n"
        f"cd {shlex.quote(str(planted))}\n"
        f"export PATH=.:{shlex.quote(str(planted))}:$PATH HELPDESK_SESSION_SECRET=leak\n"
        f"export HELPDESK_PROBE_CATALOGUE={shlex.quote(str(TEST_CATALOGUE))}\n"
        f"export HELPDESK_PROBE_HOME={shlex.quote(str(gate_home))}\n"
        f"export PYTHONPATH={shlex.quote(str(REPO))}\n"
        f'exec {shlex.quote(sys.executable)} -m agent_probe.main "$@"\n',
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    with run_sshd(workdir) as server:
        key = authorized_keys.parse_public_key(server.client_public_key)
        command = authorized_keys.gate_command([str(wrapper)], tier=3)
        authorized_keys.install_key(server.authorized_keys, key, command)
        yield server
