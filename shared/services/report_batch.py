"""Probe reports ingested as a batch: the server's group commit hands over every report waiting
(`alerts.ingest_many`), and each step is one set-based statement for the whole batch.

`alerts.ingest_report` on one report costs some dozen statements: lock the machine, look the
report id up, insert it, prune old ids, read the active alert tickets, the history's newest
sample, the volumes and the health row, insert the sample, and update machine and health. Run
report by report, a batch of 50 is 600 round trips through SQLAlchemy and the driver; here it is
the same dozen for the whole batch (plus, as before, one statement per alert that changes a ticket
and once an hour per machine the history's roll-up). The rows written are exactly those of
`ingest_report` run on each report in turn (tests/services/test_report_batch.py compares them).

Reports of one machine in a batch (a spool replay) are applied in order: the batch is cut into
rounds that hold each machine once, the first report of each machine in the first round, and so on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, insert, select
from sqlalchemy.orm import defer

from shared.db.in_list import in_list
from shared.errors import ValidationFailed
from shared.i18n import _
from shared.models import Machine, ProbeReport
from shared.services import alerts, history, inventory
from shared.services.alerts import IngestResult
from shared.services.report_schema import validate_report
from shared.services.uow import UnitOfWork

REPORTS = cast("Table", ProbeReport.__table__)
Item = tuple[int, Mapping[str, Any], str | None]  # machine id, report body, sha256 of its token (or None)


# The batch's statements, built once (building one, and its cache key, on every batch cost more CPU
# than running it); `ids` and `report_ids` are lists (`in_list`: one text whatever their length).
# Row locks in id order (PostgreSQL): two batches cannot deadlock. The stored snapshot is not read,
# only replaced: not loaded (it is the row's bulk, JSON to decode).
_MACHINES = select(Machine).where(in_list(Machine.id, "ids")).order_by(Machine.id) \
    .options(defer(Machine.snapshot)).with_for_update()
_STORED = select(REPORTS.c.machine_id, REPORTS.c.report_id).where(
    in_list(REPORTS.c.machine_id, "ids"), in_list(REPORTS.c.report_id, "report_ids"))
_PRUNE = delete(REPORTS).where(in_list(REPORTS.c.machine_id, "ids"),
                               REPORTS.c.received_at < bindparam("before"))


def rounds(machine_ids: Sequence[int]) -> list[list[int]]:
    """Indexes of the batch in rounds that hold each machine at most once, machines by id, each
    machine's reports in the order they came."""
    order = sorted(range(len(machine_ids)), key=lambda i: machine_ids[i])  # stable: arrival order kept
    seen: Counter[int] = Counter()
    out: list[list[int]] = []
    for i in order:
        k = seen[machine_ids[i]]
        seen[machine_ids[i]] += 1
        if k == len(out):
            out.append([])
        out[k].append(i)
    return out


def ingest_batch(uow: UnitOfWork, reports: Sequence[Item]) -> list[IngestResult]:
    """Every report's IngestResult, in order, all in one transaction (all or nothing). Raises what
    `ingest_report` raises for the first report that fails (the group commit then runs the
    reports one by one, so each caller gets its own answer)."""
    for _machine_id, body, _hash in reports:
        problems = validate_report(body)
        if problems:
            raise ValidationFailed(_("The report is malformed: {problems}").format(
                problems="; ".join(problems[:20])), field="report")
    if any(body["alerts"] for _m, body, _h in reports):
        alerts._ensure_probe_account(uow)
    results: list[IngestResult | None] = [None] * len(reports)
    with uow:
        s = uow.session
        ids = sorted({machine_id for machine_id, _b, _h in reports})
        machines = {m.id: m for m in s.scalars(_MACHINES, {"ids": ids})}
        for machine_id, _body, token_hash in reports:
            alerts.check_machine(machines.get(machine_id), machine_id, token_hash)
        for batch in rounds([machine_id for machine_id, _b, _h in reports]):
            _round(uow, machines, [(i, reports[i]) for i in batch], results)
        uow.commit()
    return [r for r in results if r is not None]


def _round(uow: UnitOfWork, machines: Mapping[int, Machine], items: Sequence[tuple[int, Item]],
           results: list[IngestResult | None]) -> None:
    s = uow.session
    now = uow.now()
    s.flush()  # the previous round's changes, for this round's reads
    ids = [machine_id for _i, (machine_id, _b, _h) in items]
    report_ids = [body["report_id"] for _i, (_m, body, _h) in items]
    stored = set(s.execute(_STORED, {"ids": ids, "report_ids": report_ids}).tuples())
    fresh: list[tuple[int, Machine, Mapping[str, Any], datetime]] = []
    for i, (machine_id, body, _hash) in items:
        if (machine_id, body["report_id"]) in stored:
            results[i] = IngestResult(duplicate=True)
        else:
            fresh.append((i, machines[machine_id], body, datetime.fromisoformat(body["snapshot"]["collected_at"])))
    if not fresh:
        return
    fresh_ids = [m.id for _i, m, _b, _c in fresh]
    s.execute(insert(REPORTS), [{"machine_id": m.id, "report_id": body["report_id"], "received_at": now,
                                 "collected_at": collected} for _i, m, body, collected in fresh])
    s.execute(_PRUNE, {"ids": fresh_ids, "before": now - timedelta(days=alerts.REPORT_ID_DAYS)})
    latest: dict[int, bool] = {}
    for _i, machine, body, collected in fresh:
        machine.last_seen_at = now
        inventory.store(s, machine.id, body.get("inventory"), now)  # once a day per machine
        latest[machine.id] = machine.snapshot_at is None or collected >= machine.snapshot_at
    active = alerts.active_alert_tickets(s, fresh_ids)
    history.record_many(uow, [(m.id, history.sample_of(body["snapshot"]), latest[m.id]) for _i, m, body, _c in fresh])
    for i, machine, body, _collected in fresh:
        touched = alerts.apply_snapshot(uow, machine, body, active[machine.id], latest=latest[machine.id], now=now)
        results[i] = alerts.result_of(touched, machine.id)
