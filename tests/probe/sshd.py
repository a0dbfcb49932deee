"""A throwaway OpenSSH sshd on loopback, for tests that need the real thing.

Importable by other test folders (``from tests.probe.sshd import run_sshd``): the console's
remote-diagnostics tests reuse it. Everything lives in one temp dir; the daemon is stopped by its
own process id. See /work/shared/REAL-SERVERS.md for the facts this relies on.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import paramiko

from tests.ports import free_port

SSHD = Path(os.environ.get("HELPDESK_SSHD", "/usr/sbin/sshd"))
SSH_KEYGEN = shutil.which("ssh-keygen") or "/usr/bin/ssh-keygen"
START_TIMEOUT = 10.0


def sshd_available() -> bool:
    return SSHD.exists() and Path(SSH_KEYGEN).exists()


def keygen(path: Path, comment: str = "helpdesk-test") -> tuple[Path, str]:
    """A fresh unencrypted ed25519 key pair; returns the private key path and the public key line."""
    subprocess.run(
        [SSH_KEYGEN, "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)],
        check=True,
        stdin=subprocess.DEVNULL,
    )
    return path, path.with_suffix(".pub").read_text(encoding="ascii").strip()


@dataclass(frozen=True)
class SshServer:
    host: str
    port: int
    user: str
    host_public_key: str  # "ssh-ed25519 AAAA… comment"
    authorized_keys: Path
    client_key: Path
    client_public_key: str
    log_path: Path
    pid: int

    def write_known_hosts(self, path: Path, public_key: str | None = None) -> Path:
        key_type, blob = (public_key or self.host_public_key).split()[:2]
        path.write_text(f"[{self.host}]:{self.port} {key_type} {blob}\n", encoding="ascii")
        return path

    def connect(self, known_hosts: Path, *, timeout: float = 10.0) -> paramiko.SSHClient:
        """A paramiko client that trusts ONLY ``known_hosts`` (RejectPolicy for anything else)."""
        client = paramiko.SSHClient()
        client.load_host_keys(str(known_hosts))
        client.set_missing_host_key_policy(paramiko.RejectPolicy())
        sock = socket.create_connection((self.host, self.port), timeout=timeout)
        # Small request/response exchanges: Nagle would add ~40 ms per round trip.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            client.connect(
                self.host,
                self.port,
                username=self.user,
                key_filename=str(self.client_key),
                sock=sock,
                look_for_keys=False,
                allow_agent=False,
                timeout=timeout,
                banner_timeout=timeout,
                auth_timeout=timeout,
            )
        except BaseException:
            client.close()
            sock.close()
            raise
        return client

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def _config(workdir: Path, port: int, user: str, host_key: Path, authorized_keys: Path, *,
            skip_login_rc: bool) -> str:
    # Debian's bash sources ~/.bashrc when it finds itself started by sshd at shell level 1 (the forced
    # command goes through the account's login shell); SHLVL=1 makes it level 2, so it does not. A
    # benchmark then measures the gate, not whatever this machine's .bashrc runs (pyenv init: ~70 ms),
    # and a test sees the gate's stderr, not the machine's: two shells' `pyenv rehash` at once wrote
    # "pyenv: cannot rehash" into one exec's stderr, which a test compared (a CI run failed on it).
    extra = ["SetEnv SHLVL=1"] if skip_login_rc else []
    return "\n".join(
        [
            *extra,
            f"Port {port}",
            "ListenAddress 127.0.0.1",
            f"HostKey {host_key}",
            f"PidFile {workdir / 'sshd.pid'}",
            f"AuthorizedKeysFile {authorized_keys}",
            "StrictModes no",  # the temp dir's modes are not sshd's business here
            "UsePAM no",
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            f"AllowUsers {user}",
            # Allowed server-wide on purpose: the key line's `restrict` must be what refuses them.
            "AllowTcpForwarding yes",
            "PermitTTY yes",
            "PermitUserEnvironment no",
            "LogLevel VERBOSE",
            "",
        ]
    )


@contextlib.contextmanager
def run_sshd(workdir: Path, authorized_keys_lines: list[str] | None = None, *,
             skip_login_rc: bool = True) -> Iterator[SshServer]:
    """Start sshd in ``workdir``; the caller writes authorized_keys (``SshServer.authorized_keys``).

    ``skip_login_rc``: the account's login shell does not read its rc files (see ``_config``).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # privilege separation directory
    host_key, host_public = keygen(workdir / "host_ed25519", "helpdesk-test-host")
    client_key, client_public = keygen(workdir / "client_ed25519", "technician@test")
    authorized_keys = workdir / "authorized_keys"
    authorized_keys.write_text("".join(f"{line}\n" for line in authorized_keys_lines or []), encoding="utf-8")
    authorized_keys.chmod(0o600)
    port, user = free_port(), getpass.getuser()
    config = workdir / "sshd_config"
    config.write_text(_config(workdir, port, user, host_key, authorized_keys, skip_login_rc=skip_login_rc),
                      encoding="utf-8")
    check = subprocess.run([str(SSHD), "-t", "-f", str(config)], capture_output=True, text=True, check=False)
    if check.returncode != 0:
        raise RuntimeError(f"sshd rejected the test config: {check.stderr.strip()}")
    log_path = workdir / "sshd.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [str(SSHD), "-D", "-e", "-f", str(config)], stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        _wait_listening(proc, port, log_path)
        yield SshServer(
            host="127.0.0.1",
            port=port,
            user=user,
            host_public_key=host_public,
            authorized_keys=authorized_keys,
            client_key=client_key,
            client_public_key=client_public,
            log_path=log_path,
            pid=proc.pid,
        )
    finally:
        proc.terminate()  # by our own PID only
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_listening(proc: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"sshd exited with {proc.returncode}: {log_path.read_text(errors='replace')}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            if sock.recv(4).startswith(b"SSH-"):
                return
        time.sleep(0.02)
    raise RuntimeError(f"sshd did not accept connections within {START_TIMEOUT}s")
