"""One report cycle: snapshot and health alerts, written to the spool, then the spool sent oldest first."""

from __future__ import annotations

import os
from collections import namedtuple
from pathlib import Path

from agent_probe import plog
from agent_probe.collect.common import RawJson, json_object_count
from agent_probe.report.client import ProbeClient, RequestRejectedError, ServerUnavailableError
from agent_probe.report.enrol import REPORT_PATH
from agent_probe.report.spool import RejectedError, ReplayResult, Spool, UnavailableError, encode

log = plog.getLogger(__name__)


TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    from typing import Any, NamedTuple

    from agent_probe.collect.snapshot import ReportBody

    class CycleResult(NamedTuple):
        outcome: str  # "delivered", "spooled", "rejected"; "lost" only when the disk took no copy
        alerts: int
        replay: ReplayResult

else:  # A typed NamedTuple for the type checker; at run time the same tuple from collections, without typing.
    CycleResult = namedtuple("CycleResult", "outcome alerts replay")


def build_report(home: Path | None = None) -> ReportBody:
    """A report; with the probe's `home`, its snapshot comes from a worker process (collect/worker.py)
    and the first one of the day also carries the inventory. Without `home`, or when the worker
    cannot answer, the snapshot is collected in this process."""
    # os.urandom, not uuid4: same randomness without importing uuid into the resident process.
    body: ReportBody
    answer = None
    if home is not None:
        from agent_probe.collect import worker

        answer = worker.snapshot_in_worker(home)
    if answer is not None:
        # The worker's checked JSON text (RawJson), carried as it is (see worker.py).
        body = {"report_id": os.urandom(16).hex(), "snapshot": answer.snapshot, "alerts": answer.alerts}  # type: ignore[typeddict-item]
    else:
        from agent_probe import health
        from agent_probe.collect.assemble import collect as collect_snapshot

        snapshot = collect_snapshot()
        body = {"report_id": os.urandom(16).hex(), "snapshot": snapshot, "alerts": health.evaluate(snapshot)}
    if home is not None:
        from agent_probe.collect import inventory  # imported once a day is due, not by every report

        fresh = inventory.due(home, gather=inventory.collect_in_helper)
        if fresh is not None:
            # The helper's checked JSON text (RawJson), or the inventory itself if it had to be collected here.
            body["inventory"] = fresh  # type: ignore[typeddict-item]
    return body


def alert_count(alerts: list[Any] | RawJson) -> int:
    """How many alerts a report carries, whether parsed or the worker's JSON text."""
    if isinstance(alerts, RawJson):
        return json_object_count(alerts) or 0
    return len(alerts)


def send_report(client: ProbeClient, data: bytes) -> None:
    """Adapter for Spool.replay: sends one encoded report; maps client errors onto the spool's two outcomes."""
    try:
        client.post_encoded(REPORT_PATH, data)
    except RequestRejectedError as exc:
        raise RejectedError(str(exc)) from None
    except ServerUnavailableError as exc:
        raise UnavailableError(str(exc)) from None


def run_cycle(client: ProbeClient, spool: Spool, body: ReportBody | None = None,
              home: Path | None = None) -> CycleResult:
    """Spool the new report first (durably), then send the spool oldest first, so a kill or a power
    cut during a long retry loses nothing. A report leaves the spool only once the server answered
    (accepted or refused it for good); sent twice after a crash, it is recognised by its report id.
    `replay` counts every report sent from the spool this cycle, the new one included."""
    report: dict[str, Any] = dict(body if body is not None else build_report(home))
    alerts = alert_count(report["alerts"])
    try:
        path = spool.put(report)
    except OSError as exc:  # a full or read-only disk: still better to send it than to drop it
        log.warning("cannot spool the report (%s): sending it without a copy on disk", exc)
        return _send_unspooled(client, spool, report, alerts)
    # Older spooled reports go first so the server sees states in the order they happened.
    replay = spool.replay(lambda payload: send_report(client, payload))
    if path.exists():
        return CycleResult("spooled", alerts, replay)
    if (spool.rejected_dir / path.name).exists():
        return CycleResult("rejected", alerts, replay)
    return CycleResult("delivered", alerts, replay)


def _send_unspooled(client: ProbeClient, spool: Spool, report: dict[str, Any], alerts: int) -> CycleResult:
    replay = ReplayResult()
    try:
        send_report(client, encode(report))
    except RejectedError as exc:
        log.warning("report rejected by the server: %s", exc)
        return CycleResult("rejected", alerts, replay)
    except UnavailableError as exc:
        log.warning("server unavailable and the report could not be spooled; it is lost: %s", exc)
        return CycleResult("lost", alerts, replay)
    return CycleResult("delivered", alerts, spool.replay(lambda payload: send_report(client, payload)))
