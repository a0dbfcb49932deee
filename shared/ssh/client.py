"""paramiko connections from a technician's console to machines' SSH gates.

- The technician's private key stays in a file on their computer (HELPDESK_SSH_KEY, else the user
  data dir); `generate_key` makes one, and only its public half goes to the database.
- Host keys are never learned: each connection trusts exactly the key pinned for that machine in
  the database, through an in-memory HostKeys and RejectPolicy. A different key is refused.
- One connection per machine is kept while the technician works (`SshPool`), so the second
  command skips the TCP, key exchange and authentication round trips. Idle ones are closed.
- On it, one gate session (`shared.ssh.session`) carries every command as a line, so the second
  command also skips sshd's login shell and the gate's Python start-up. A gate that predates
  sessions gets one exec per command instead, remembered for that connection.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
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
from shared.ssh.session import MAX_OUTPUT, GateSession, SessionEnded, SessionRefused, TooMuchOutput

KEY_ENV = "HELPDESK_SSH_KEY"


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
            raise TooMuchOutput
    return bytes(data)


class _QuickAckSocket(socket.socket):
    """A socket that acknowledges what it receives at once (Linux TCP_QUICKACK, re-armed on every recv).

    Why: sshd leaves Nagle on for sessions without a terminal. Right after authentication it sends its
    host keys and debug notices while our channel-open is on the wire, and then holds the small
    channel-open confirmation until those are acknowledged; our kernel delays that ACK by 40 ms, a
    third of the first command's time. TCP_QUICKACK is not sticky, hence once per recv.
    """

    def recv(self, bufsize: int, flags: int = 0) -> bytes:
        data = super().recv(bufsize, flags)
        with contextlib.suppress(OSError):  # only a speed-up: never fail a read over it
            self.setsockopt(socket.IPPROTO_TCP, _TCP_QUICKACK, 1)
        return data


_TCP_QUICKACK: int = getattr(socket, "TCP_QUICKACK", 0)


def _quick_ack(sock: socket.socket, timeout: float) -> socket.socket:
    if not _TCP_QUICKACK:
        return sock  # not Linux: the OS's delayed-ACK rules apply
    quick = _QuickAckSocket(sock.family, sock.type, sock.proto, fileno=sock.detach())
    quick.settimeout(timeout)
    return quick


class _Conn:
    def __init__(self, client: paramiko.SSHClient, *, exec_only: bool = False) -> None:
        self.client = client
        self.last_used = time.monotonic()
        self.lock = threading.Lock()  # one command at a time: a session is one request/answer stream
        self.session: GateSession | None = None
        self.exec_only = exec_only  # True once the gate refused a session (an older probe)

    def transport(self) -> paramiko.Transport:
        transport = self.client.get_transport()
        if transport is None:
            raise paramiko.SSHException("no transport")
        return transport

    @property
    def alive(self) -> bool:
        transport = self.client.get_transport()
        return transport is not None and transport.is_active()


class SshPool:
    """Open connections per target, closed after `idle_seconds` unused (checked on every use and by
    `close_idle`), or all at once by `close`. Safe to share between threads: one command at a time
    per connection."""

    def __init__(self, key_path: Path | None = None, *, connect_timeout: float = 10.0, idle_seconds: float = 300.0,
                 pkey: paramiko.PKey | None = None, use_sessions: bool = True) -> None:
        self.key_path = key_path or default_key_path()
        self.connect_timeout, self.idle_seconds = connect_timeout, idle_seconds
        self.use_sessions = use_sessions  # False: one exec per command, as before sessions (benchmarks)
        self._pkey = pkey
        self._conns: dict[SshTarget, _Conn] = {}
        self._lock = threading.Lock()
        self.connects = 0  # how many new connections were made (benchmarks, tests)
        self.sessions = 0  # how many gate sessions were started (benchmarks, tests)

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
        sock = _quick_ack(sock, self.connect_timeout)
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
        conn = _Conn(self.connect(target), exec_only=not self.use_sessions)
        with self._lock:
            self._conns[target] = conn
        return conn, False

    def run(self, target: SshTarget, command: str, *, timeout: float) -> ExecResult:
        """Run `command` through the gate (in its session, else in SSH_ORIGINAL_COMMAND); raises
        RemoteUnavailable."""
        started = time.monotonic()
        conn, reused = self._get(target)
        try:
            result = self._call(conn, command, timeout)
        except (paramiko.SSHException, EOFError, OSError):
            if not reused:
                raise
            # The kept connection died under us (machine rebooted, NAT timeout): one fresh try.
            self.drop(target)
            conn, reused = self._get(target)
            result = self._call(conn, command, timeout)
        return ExecResult(result[0], result[1], result[2], reused, int((time.monotonic() - started) * 1000))

    def _call(self, conn: _Conn, command: str, timeout: float) -> tuple[int, str, str]:
        with conn.lock:
            try:
                if conn.exec_only or "\n" in command:
                    # A line break would split the request in a session; one exec hands the gate the
                    # whole string, which it refuses exactly as it always has.
                    return self._exec(conn, command, timeout)
                return self._in_session(conn, command, timeout)
            except TimeoutError:
                raise RemoteUnavailable(_("The machine did not answer within {s:.0f} s.").format(s=timeout)) from None
            except TooMuchOutput:
                raise RemoteUnavailable(_("The machine sent more output than allowed.")) from None
            finally:
                conn.last_used = time.monotonic()

    def _in_session(self, conn: _Conn, command: str, timeout: float) -> tuple[int, str, str]:
        for _attempt in range(2):
            session = conn.session
            if session is not None and not session.usable:
                # The gate ended it (idle timeout, request cap); the connection itself is fine.
                session.close()
                conn.session = session = None
            if session is None:
                try:
                    session = GateSession.open(conn.transport(), open_timeout=self.connect_timeout, timeout=timeout)
                except SessionRefused as refused:
                    conn.exec_only = refused.older_gate  # an older probe: remembered for this connection
                    return self._exec(conn, command, timeout)
                self.sessions += 1
                conn.session = session
            try:
                return session.request(command, timeout)
            except SessionEnded:
                conn.session = None
                if session.answered == 0:
                    # A new gate died before answering: report its exit status and stderr as exec would.
                    try:
                        return session.ended()
                    finally:
                        session.close()
                # It ended between two requests before we noticed (idle timeout, request cap), so it
                # never ran this one: a new session, once, like the connection retry in run().
                session.close()
            except BaseException:
                # Timed out or broken mid-answer: a late answer would be read as the next command's.
                conn.session = None
                session.close()
                raise
        raise AssertionError("a fresh session either answers or reports how it ended")

    def _exec(self, conn: _Conn, command: str, timeout: float) -> tuple[int, str, str]:
        channel = conn.transport().open_session(timeout=self.connect_timeout)
        try:
            channel.settimeout(timeout)
            channel.exec_command(command)
            # The gate writes one small JSON object (or one refusal line): both streams fit in the
            # channel window, so reading stdout to EOF and then stderr cannot deadlock.
            out = _drain(channel.recv)
            err = _drain(channel.recv_stderr)
            status = channel.recv_exit_status()
        finally:
            channel.close()
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
