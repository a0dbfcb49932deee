"""Probe report ingestion through the service layer: CPU per report alone and in batches.

    .venv/bin/python bench/ingest_bench.py [--machines 300] [--batches 1 10 50]
    .venv/bin/python -m tools.pg run .venv/bin/python bench/ingest_bench.py      # on PostgreSQL

A temp SQLite file, or HELPDESK_DATABASE_URL. Each machine gets its first report, then for each
batch size every machine reports once more, five minutes later (within one hour, so no roll-up is
timed): batch size 1 is run twice, "1 by report" `alerts.ingest_report` (one transaction per
report, the statements of one report) and "1 alone" `alerts.ingest_one` (what a quiet server's
writer does with a report that arrives alone: the batch's statements for a batch of one); larger
ones `alerts.ingest_many` (the group commit of a busy server: one statement per step for the
whole batch). Prints CPU time and wall time per report.
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select  # noqa: E402

from shared.config import Settings  # noqa: E402
from shared.db.database import open_database  # noqa: E402
from shared.models import Machine  # noqa: E402
from shared.services import alerts, enrolment, seed  # noqa: E402
from tests.http.reports import report  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--machines", type=int, default=300)
    parser.add_argument("--batches", type=int, nargs="+", default=[1, 10, 50], help="batch sizes, one round each")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="helpdesk-ingest-") as tmp:
        url = os.environ.get("HELPDESK_DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite3"
        db = open_database(Settings(database_url=url, language="en"), migrate=True)
        seed.ensure_defaults(db.uow())
        start = datetime.now(UTC).replace(minute=1, second=0, microsecond=0)
        with db.uow() as uow:
            uow.session.execute(insert(Machine), [
                {"hostname": f"ingest-{i}", "token_hash": enrolment.hash_token(f"ingest-{i}"), "created_at": start,
                 "enrolled_at": start, "ssh_port": 22} for i in range(args.machines)])
            uow.commit()
            ids = list(uow.session.scalars(select(Machine.id).where(Machine.hostname.like("ingest-%"))))
        base = report()

        def bodies(at: datetime) -> list[tuple[int, dict[str, object]]]:
            out = []
            for mid in ids:
                body = copy.deepcopy(base)
                body["report_id"] = os.urandom(16).hex()
                body["snapshot"]["collected_at"] = at.isoformat()
                out.append((mid, body))
            return out

        alerts.ingest_many(db.uow(), bodies(start))  # every machine's first report
        print(f"database: {db.engine.dialect.name}; {args.machines} machines; {os.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.1f}")
        print(f"{'batch':>12} {'CPU ms/report':>14} {'wall ms/report':>15}")
        runs = [(str(size), size) for size in args.batches if size != 1]
        if 1 in args.batches:
            runs[:0] = [("1 by report", 1), ("1 alone", 0)]
        for k, (label, size) in enumerate(runs, start=1):
            todo = bodies(start + timedelta(minutes=5 * k))
            cpu0, wall0 = time.process_time(), time.perf_counter()
            if size == 1:
                for mid, body in todo:
                    alerts.ingest_report(db.uow(), mid, body)
            elif size == 0:  # what the server's writer does with a report that arrives alone
                for mid, body in todo:
                    alerts.ingest_one(db.uow(), mid, body)
            else:
                for i in range(0, len(todo), size):
                    alerts.ingest_many(db.uow(), todo[i:i + size])
            cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
            print(f"{label:>12} {cpu * 1000 / len(todo):>14.2f} {wall * 1000 / len(todo):>15.2f}")
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
