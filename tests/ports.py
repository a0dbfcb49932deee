"""Free loopback ports for the servers the tests start (sshd, Dovecot, slapd, SMTP, HTTP)."""

from __future__ import annotations

import contextlib
import socket


def free_ports(n: int) -> list[int]:
    """n distinct free loopback ports: each is held until all are chosen (one port chosen right
    after another is released can be the same one)."""
    with contextlib.ExitStack() as held:
        socks = [held.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) for _ in range(n)]
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [int(s.getsockname()[1]) for s in socks]


def free_port() -> int:
    return free_ports(1)[0]
