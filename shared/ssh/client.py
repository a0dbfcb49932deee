"""paramiko connections from a technician's console to machines' SSH gates.

- The technician's private key stays in a file on their computer (HELPDESK_SSH_KEY, else the user
  data dir); `generate_key` makes one, and only its public half goes to the database.
- Host keys are never learned: each connection trusts exactly the key pinned for that machine in
  the database, through an in-memory HostKeys and RejectPolicy. A different key is refused.
- One connection per machine is kept while the technician works (`SshPool`), so the second
  command skips the TCP, key exchange and authentication round trips. Idle ones are closed.
"""

from __future__ import annotations

import base64
import binascii
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import paramiko
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared.config import data_dir
from shared.errors import HelpdeskError, Unreachable, ValidationFailed
from shared.i18n import _
from shared.services.diagnostics import SshTarget

KEY_ENV = "HELPDESK_SSH_KEY"
MAX_OUTPUT = 32 * 1024 * 1024  # the gate caps each stream per catalogue entry; this only bounds a rogue host


class RemoteUnavailable(Unreachable):
    """The machine could not be reached or did not answer in time."""


class HostKeyMismatch(RemoteUnavailable):
    """The machine presented a host key other than the pinned one: possibly an impostor."""


class NoTechnicianKey(HelpdeskError):
    exit_code = 6
    http_status = 422


def default_key_path() -> Path:
    explicit = os.environ.get(KEY_ENV)
    return Path(explicit) if explicit else data_dir() / "ssh" / "id_ed25519"


def generate_key(path: Path, comment: str = "helpdesk") -> str:
    """Write a new ed25519 private key (mode 0600) and its .pub; return the public key line."""
    if path.exists():
        raise ValidationFailed(_("{path} exists already; refusing to overwrite a key.").format(path=path), field="key")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH,
                                serialization.NoEncryption())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(private)
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    line = f"{public.decode('ascii')} {comment}"
    path.with_name(path.name + ".pub").write_text(line + "\n", encoding="ascii")
    return line


def load_key(path: Path) -> paramiko.PKey:
    if not path.exists():
        raise NoTechnicianKey(_("No SSH key at {path}; create one with `helpdesk diag keygen`.").format(path=path))
    try:
        return paramiko.PKey.from_path(str(path))
    except (paramiko.SSHException, OSError, ValueError) as exc:
        raise NoTechnicianKey(_("The SSH key {path} cannot be read: {error}").format(path=path, error=exc)) from None


def pinned_host_keys(target: SshTarget) -> paramiko.HostKeys:
    """An in-memory HostKeys holding ONLY the machine's pinned key."""
    parts = target.host_key.split()
    try:
        key = paramiko.PKey.from_type_string(parts[0], base64.b64decode(parts[1], validate=True))
    except (IndexError, binascii.Error, paramiko.SSHException, ValueError) as exc:
        raise ValidationFailed(_("The pinned host key of {host} is unreadable: {error}").format(
            host=target.host, error=exc), field="ssh_host_key") from None
    keys = paramiko.HostKeys()
    name = target.host if target.port == 22 else f"[{target.host}]:{target.port}"
    keys.add(name, key.get_name(), key)
    return keys


@dataclass(frozen=True)
class ExecResult:
    exit_status: int
    stdout: str
    stderr: str
    reused: bool  # the command ran on an already open connection
    duration_ms: int


def _drain(recv: Callable[[int], bytes]) -> bytes:
    data = bytearray()
    while chunk := recv(65536):
        data += chunk
        if len(data) > MAX_OUTPUT:
            raise RemoteUnavailable(_("The machine sent more output than allowed."))
    return bytes(data)


class _Conn:
    def __init__(self, client: paramiko.SSHClient) -> None:
        self.client = client
        self.last_used = time.monotonic()
        self.lock = threading.Lock()

    @property
    def alive(self) -> bool:
        transport = self.client.get_transport()
        return transport is not None and transport.is_active()


class SshPool:
    """Open connections per target, closed after `idle_seconds` unused (checked on every use and by
    `close_idle`), or all at once by `close`. Safe to share between threads: one command at a time
    per connection."""

    def __init__(self, key_path: Path | None = None, *, connect_timeout: float = 10.0, idle_seconds: float = 300.0,
                 pkey: paramiko.PKey | None = None) -> None:
        self.key_path = key_path or default_key_path()
        self.connect_timeout, self.idle_seconds = connect_timeout, idle_seconds
        self._pkey = pkey
        self._conns: dict[SshTarget, _Conn] = {}
        self._lock = threading.Lock()
        self.connects = 0  # how many new connections were made (benchmarks, tests)

    def __enter__(self) -> SshPool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _key(self) -> paramiko.PKey:
        if self._pkey is None:
            self._pkey = load_key(self.key_path)
        return self._pkey

    def connect(self, target: SshTarget) -> paramiko.SSHClient:
        client = paramiko.SSHClient()
        known = client.get_host_keys()  # empty: ~/.ssh/known_hosts is never loaded, nothing is learned
        for name, entry in pinned_host_keys(target).items():
            for key_type, key in entry.items():
                known.add(name, key_type, key)
        client.set_missing_host_key_policy(paramiko.RejectPolicy())
        try:
            sock = socket.create_connection((target.host, target.port), timeout=self.connect_timeout)
        except OSError as exc:
            raise RemoteUnavailable(_("Cannot reach {host}:{port}: {error}").format(
                host=target.host, port=target.port, error=exc.strerror or exc)) from None
        # Small request/response exchanges: Nagle would add ~40 ms per round trip.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            client.connect(target.host, target.port, username=target.user, pkey=self._key(), sock=sock,
                           look_for_keys=False, allow_agent=False, timeout=self.connect_timeout,
                           banner_timeout=self.connect_timeout, auth_timeout=self.connect_timeout)
        except paramiko.BadHostKeyException:
            client.close()
            sock.close()
            raise HostKeyMismatch(_("{host} presented a different SSH host key than the one pinned for it; "
                                    "refusing to connect (possible impostor, or the machine was reinstalled).")
                                  .format(host=target.host)) from None
        except (paramiko.SSHException, OSError) as exc:
            client.close()
            sock.close()
            raise RemoteUnavailable(_("SSH to {host} failed: {error}").format(host=target.host, error=exc)) from None
        self.connects += 1
        return client

    def _get(self, target: SshTarget) -> tuple[_Conn, bool]:
        self.close_idle()
        with self._lock:
            conn = self._conns.get(target)
            if conn is not None and conn.alive:
                return conn, True
            if conn is not None:
                conn.client.close()
        conn = _Conn(self.connect(target))
        with self._lock:
            self._conns[target] = conn
        return conn, False

    def run(self, target: SshTarget, command: str, *, timeout: float) -> ExecResult:
        """Run `command` (the gate sees it in SSH_ORIGINAL_COMMAND); raises RemoteUnavailable."""
        started = time.monotonic()
        conn, reused = self._get(target)
        try:
            result = self._exec(conn, command, timeout)
        except (paramiko.SSHException, EOFError, OSError):
            if not reused:
                raise
            # The kept connection died under us (machine rebooted, NAT timeout): one fresh try.
            self.drop(target)
            conn, reused = self._get(target)
            result = self._exec(conn, command, timeout)
        return ExecResult(result[0], result[1], result[2], reused, int((time.monotonic() - started) * 1000))

    def _exec(self, conn: _Conn, command: str, timeout: float) -> tuple[int, str, str]:
        with conn.lock:
            transport = conn.client.get_transport()
            if transport is None:
                raise paramiko.SSHException("no transport")
            channel = transport.open_session(timeout=self.connect_timeout)
            try:
                channel.settimeout(timeout)
                channel.exec_command(command)
                # The gate writes one small JSON object (or one refusal line): both streams fit in the
                # channel window, so reading stdout to EOF and then stderr cannot deadlock.
                out = _drain(channel.recv)
                err = _drain(channel.recv_stderr)
                status = channel.recv_exit_status()
            except TimeoutError:
                raise RemoteUnavailable(_("The machine did not answer within {s:.0f} s.").format(s=timeout)) from None
            finally:
                channel.close()
            conn.last_used = time.monotonic()
            return status, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")

    def drop(self, target: SshTarget) -> None:
        with self._lock:
            conn = self._conns.pop(target, None)
        if conn is not None:
            conn.client.close()

    def close_idle(self) -> int:
        now = time.monotonic()
        with self._lock:
            idle = [t for t, c in self._conns.items() if now - c.last_used > self.idle_seconds or not c.alive]
            conns = [self._conns.pop(t) for t in idle]
        for conn in conns:
            conn.client.close()
        return len(conns)

    def close(self) -> None:
        with self._lock:
            conns, self._conns = list(self._conns.values()), {}
        for conn in conns:
            conn.client.close()

    def is_open(self, target: SshTarget) -> bool:
        with self._lock:
            conn = self._conns.get(target)
            return conn is not None and conn.alive
