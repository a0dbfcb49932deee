"""Logged-in user sessions."""

from __future__ import annotations

import psutil

from agent_probe.collect.common import utc_iso

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    from agent_probe.collect.snapshot import UserSession

MAX_SESSIONS = 64


def collect() -> list[UserSession]:
    return [
        {
            "name": user.name,
            "terminal": user.terminal or None,
            "host": user.host or None,
            "started": utc_iso(user.started),
        }
        for user in psutil.users()[:MAX_SESSIONS]
    ]
