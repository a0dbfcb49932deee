"""Logged-in user sessions."""

from __future__ import annotations

import psutil

from agent_probe.collect.snapshot import UserSession, utc_iso

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
