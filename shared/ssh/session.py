"""The technician's end of a gate session: one long-lived channel, a request line out, a JSON line back.

Why: each exec channel makes sshd start the account's login shell and the gate start Python on the
user's machine, ~100 ms before anything runs; a session pays that once per connection. The gate's
side and the protocol are described in ``agent_probe/gate/session.py``.

Answers are mapped to what one exec would have produced, ``(exit status, stdout, stderr)``, so
``shared.ssh.run.interpret`` and the records it makes are the same in both modes.
"""

from __future__ import annotations

import json

import paramiko

from agent_probe.gate.catalogue import EXIT_REFUSED, EXIT_UNKNOWN, SESSION_REQUEST, SESSION_VERSION

MAX_OUTPUT = 32 * 1024 * 1024  # the gate caps each stream per catalogue entry; this only bounds a rogue host
CHUNK = 65536


class SessionRefused(Exception):
    """The gate did not start a session: run the command by exec. ``older_gate``: it refused the request
    as a probe from before sessions does (exit 126/127), so do not ask again on this connection."""

    def __init__(self, exit_status: int | None) -> None:
        super().__init__(f"no gate session (exit status {exit_status})")
        self.older_gate = exit_status in (EXIT_REFUSED, EXIT_UNKNOWN)


class SessionEnded(Exception):
    """The gate ended the session before answering (idle timeout, request cap, exit)."""


class TooMuchOutput(Exception):
    """The machine sent more than MAX_OUTPUT: not a gate that follows the protocol."""


class GateSession:
    """One session channel. Not thread-safe: the pool holds the connection's lock around every call."""

    def __init__(self, channel: paramiko.Channel) -> None:
        self.channel = channel
        self.answered = 0  # how many requests this session has answered
        self._buffer = bytearray()

    @classmethod
    def open(cls, transport: paramiko.Transport, *, open_timeout: float, timeout: float) -> GateSession:
        """Start the gate in session mode and wait for its hello; SessionRefused if it has none."""
        channel = transport.open_session(timeout=open_timeout)
        session = cls(channel)
        try:
            channel.settimeout(timeout)
            channel.exec_command(SESSION_REQUEST)
            hello = session._readline()
        except BaseException:
            channel.close()
            raise
        if hello is None or not _is_hello(hello):
            # An older gate said "unknown diagnostic" on stderr and exited; its exec mode still works.
            # (A gate that crashed at start-up: exec reports how, as it always has.)
            # Bounded wait: recv_exit_status() would wait forever for a server that never sends one.
            status = channel.exit_status if hello is None and channel.status_event.wait(timeout) else None
            channel.close()
            raise SessionRefused(status)
        return session

    @property
    def usable(self) -> bool:
        """False once the gate has ended the session (idle timeout, request cap): do not send to it."""
        channel = self.channel
        return not (channel.closed or channel.eof_received or channel.exit_status_ready())

    def request(self, command: str, timeout: float) -> tuple[int, str, str]:
        """Send one request line and map its answer to one exec's (exit status, stdout, stderr).

        Raises SessionEnded when the gate ended the session before answering, TimeoutError when no
        answer came within ``timeout`` (then the session must be closed: a late answer would be read
        as the next command's), and TooMuchOutput.
        """
        self.channel.settimeout(timeout)
        try:
            self.channel.sendall(command.encode("utf-8") + b"\n")
        except OSError:  # paramiko: "Socket is closed", the gate has gone
            raise SessionEnded from None
        line = self._readline()
        if line is None:
            raise SessionEnded
        self.answered += 1
        self._discard_stderr()
        return _as_exec(line)

    def ended(self) -> tuple[int, str, str]:
        """How the gate ended, for a session that died before its first answer: (status, "", stderr)."""
        err = bytearray()
        while chunk := self.channel.recv_stderr(CHUNK):
            err += chunk
            if len(err) > MAX_OUTPUT:
                raise TooMuchOutput
        return self.channel.recv_exit_status(), "", err.decode("utf-8", "replace")

    def close(self) -> None:
        self.channel.close()

    def _readline(self) -> bytes | None:
        """The next line (without its newline), or None at EOF. Raises TimeoutError, TooMuchOutput."""
        start = 0
        while (end := self._buffer.find(b"\n", start)) < 0:
            start = len(self._buffer)  # scan only new bytes: an answer can be megabytes
            chunk = self.channel.recv(CHUNK)
            if not chunk:
                return None
            self._buffer += chunk
            if len(self._buffer) > MAX_OUTPUT:
                raise TooMuchOutput
        line = bytes(self._buffer[:end]).rstrip(b"\r")  # a Windows gate's text stdout writes CRLF
        del self._buffer[: end + 1]
        return line

    def _discard_stderr(self) -> None:
        # The gate's stderr in a session only carries warnings (an unwritable gate log); unread, it
        # would fill the channel window that stdout shares, and the session would stall.
        while self.channel.recv_stderr_ready():
            self.channel.recv_stderr(CHUNK)


def _is_hello(line: bytes) -> bool:
    try:
        hello = json.loads(line)
    except ValueError:
        return False
    return isinstance(hello, dict) and hello.get("session") == SESSION_VERSION


def _as_exec(line: bytes) -> tuple[int, str, str]:
    text = line.decode("utf-8", "replace")
    try:
        answer = json.loads(text)
    except ValueError:
        answer = None
    if isinstance(answer, dict) and answer.get("refused") is True:
        code, message = answer.get("exit_code"), answer.get("message")
        if isinstance(code, int) and isinstance(message, str):
            return code, "", message + "\n"
    # A result object (or garbage): what exec mode would have on stdout; interpret() judges it.
    return 0, text + "\n", ""
