"""Report bodies for the HTTP tests: a real psutil snapshot, optionally with a disk made full."""

from __future__ import annotations

import copy
import os
from typing import Any

from agent_probe import health
from agent_probe.report.cycle import build_report

_BASE: dict[str, Any] = {}


def report(*, full_disk: bool = False) -> dict[str, Any]:
    """A fresh report (new report_id). The psutil snapshot is collected once per test run."""
    if not _BASE:
        _BASE.update(build_report())
    body = copy.deepcopy(_BASE)
    snapshot = body["snapshot"]
    snapshot["disks"] = [d for d in snapshot["disks"] if (d.get("percent") or 0) < 90]
    if full_disk:
        total = 500 * 1024**3
        snapshot["disks"].append({"device": "/dev/test1", "mountpoint": "/srv/full", "fstype": "ext4",
                                  "total": total, "used": int(total * 0.95), "free": int(total * 0.05),
                                  "percent": 95.0, "error": None})
    snapshot["memory"]["swap_percent"] = 0.0  # no memory alert from the test machine's own state
    snapshot["battery"] = None
    body["alerts"] = health.evaluate(snapshot)
    body["report_id"] = os.urandom(16).hex()
    return body
