"""The gate behind a real OpenSSH sshd, driven by paramiko as the console will drive it."""

from __future__ import annotations

import json
from pathlib import Path

import paramiko
import pytest

from tests.probe.sshd import SshServer, keygen

pytestmark = pytest.mark.ssh


def _exec(client: paramiko.SSHClient, command: str) -> tuple[int, str, str]:
    _stdin, stdout, stderr = client.exec_command(command, timeout=15)
    out, err = stdout.read().decode(), stderr.read().decode()
    return stdout.channel.recv_exit_status(), out, err


@pytest.fixture
def ssh(sshd_server: SshServer, tmp_path: Path) -> paramiko.SSHClient:
    client = sshd_server.connect(sshd_server.write_known_hosts(tmp_path / "known_hosts"))
    yield client
    client.close()


def test_approved_command_runs_and_returns_json(ssh: paramiko.SSHClient) -> None:
    status, out, _err = _exec(ssh, "echo text=hello")
    assert status == 0
    result = json.loads(out)
    assert result["id"] == "echo"
    assert result["params"] == {"text": "hello"}
    assert result["exit_code"] == 0
    assert result["stdout"] == "said:hello\n"
    assert result["truncated"] is False and result["timed_out"] is False


def test_planted_program_and_session_environment_do_not_reach_the_diagnostic(ssh: paramiko.SSHClient) -> None:
    # The gate runs in a folder holding a planted `echo`, with that folder and "." first on PATH
    # and a secret in its environment (conftest.py's wrapper): fixed directories, minimal env.
    code, out, _err = _exec(ssh, "echo text=hi")
    assert code == 0 and json.loads(out)["stdout"] == "said:hi\n"
    code, out, _err = _exec(ssh, "show_env")
    env = dict(line.split("=", 1) for line in json.loads(out)["stdout"].splitlines())
    assert "HELPDESK_SESSION_SECRET" not in env
    assert env["PATH"] == "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def test_catalogue_request_lists_diagnostics(ssh: paramiko.SSHClient) -> None:
    status, out, _err = _exec(ssh, "catalogue")
    assert status == 0
    assert "echo" in {entry["id"] for entry in json.loads(out)["diagnostics"]}


def test_unapproved_command_is_refused(ssh: paramiko.SSHClient) -> None:
    status, out, err = _exec(ssh, "cat /etc/shadow")
    assert status == 127
    assert out == ""
    assert "not in the approved catalogue" in err


def test_shell_metacharacters_are_refused_and_not_run(ssh: paramiko.SSHClient, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    status, out, err = _exec(ssh, f"echo text=hi;touch {marker}")
    assert status == 126
    assert out == ""
    assert "shell metacharacters" in err
    assert not marker.exists()


def test_wrong_host_key_is_refused_by_the_client(sshd_server: SshServer, tmp_path: Path) -> None:
    _key, other_public = keygen(tmp_path / "impostor", "impostor")
    known_hosts = sshd_server.write_known_hosts(tmp_path / "known_hosts", other_public)
    with pytest.raises(paramiko.BadHostKeyException):
        sshd_server.connect(known_hosts)


def test_unknown_host_is_refused_by_the_client(sshd_server: SshServer, tmp_path: Path) -> None:
    empty = tmp_path / "known_hosts"
    empty.write_text("", encoding="ascii")
    with pytest.raises(paramiko.SSHException, match="not found in known_hosts"):
        sshd_server.connect(empty)


def test_pty_request_is_refused_by_restrict(ssh: paramiko.SSHClient) -> None:
    transport = ssh.get_transport()
    assert transport is not None
    channel = transport.open_session(timeout=10)
    try:
        with pytest.raises(paramiko.SSHException):
            channel.get_pty()
    finally:
        channel.close()


def test_port_forwarding_is_refused_by_restrict(ssh: paramiko.SSHClient, sshd_server: SshServer) -> None:
    transport = ssh.get_transport()
    assert transport is not None
    with pytest.raises(paramiko.ChannelException):
        transport.open_channel("direct-tcpip", (sshd_server.host, sshd_server.port), ("127.0.0.1", 0), timeout=10)


def test_interactive_shell_is_refused(ssh: paramiko.SSHClient) -> None:
    transport = ssh.get_transport()
    assert transport is not None
    channel = transport.open_session(timeout=10)
    channel.invoke_shell()
    channel.settimeout(15)
    err = b""
    while chunk := channel.recv_stderr(4096):
        err += chunk
    assert channel.recv_exit_status() == 126
    assert b"no shell" in err
