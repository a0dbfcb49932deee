"""One report cycle: snapshot, health alerts, send (or spool), then replay what was spooled."""

from __future__ import annotations

import logging
import os
from typing import Any, NamedTuple

from agent_probe import health
from agent_probe.collect.snapshot import ReportBody, collect_snapshot
from agent_probe.report.client import ProbeClient, RequestRejectedError, ServerUnavailableError
from agent_probe.report.enrol import REPORT_PATH
from agent_probe.report.spool import RejectedError, ReplayResult, Spool, UnavailableError

log = logging.getLogger(__name__)


class CycleResult(NamedTuple):
    outcome: str  # "delivered", "spooled", "rejected"
    alerts: int
    replay: ReplayResult


def build_report() -> ReportBody:
    snapshot = collect_snapshot()
    # os.urandom, not uuid4: same randomness without importing uuid into the resident process.
    return {"report_id": os.urandom(16).hex(), "snapshot": snapshot, "alerts": health.evaluate(snapshot)}


def send_report(client: ProbeClient, body: dict[str, Any]) -> None:
    """Adapter for Spool.replay: maps client errors onto the spool's two outcomes."""
    try:
        client.post_json(REPORT_PATH, body)
    except RequestRejectedError as exc:
        raise RejectedError(str(exc)) from None
    except ServerUnavailableError as exc:
        raise UnavailableError(str(exc)) from None


def run_cycle(client: ProbeClient, spool: Spool, body: ReportBody | None = None) -> CycleResult:
    report: dict[str, Any] = dict(body if body is not None else build_report())
    # Older spooled reports go first so the server sees states in the order they happened.
    replay = spool.replay(lambda payload: send_report(client, payload))
    if replay.remaining:
        spool.put(report)
        return CycleResult("spooled", len(report["alerts"]), replay)
    try:
        send_report(client, report)
    except RejectedError as exc:
        log.warning("report rejected by the server: %s", exc)
        spool.reject(report, str(exc))
        return CycleResult("rejected", len(report["alerts"]), replay)
    except UnavailableError as exc:
        log.info("server unavailable, report spooled: %s", exc)
        spool.put(report)
        return CycleResult("spooled", len(report["alerts"]), replay)
    return CycleResult("delivered", len(report["alerts"]), replay)
