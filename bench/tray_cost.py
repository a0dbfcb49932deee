"""The server's CPU for one tray ticket, its HTTP side included, without a network or other processes.

    .venv/bin/python -m bench.tray_cost [--calls 400] [--warm-up 50] [--stack] [--concurrency 1]

Drives `POST /api/v1/tray/tickets` straight into the app (ASGI, one event loop, as uvicorn calls it)
on a fresh SQLite file: the fast path or, with --stack, FastAPI's whole stack; each call's session
check and ticket through the server's own threads (the session reader and the ticket writer).
Prints the process's CPU time per call (all its threads) over `--calls` calls after `--warm-up`:
a figure that depends far less on the machine's load than a throughput does, for comparing two
trees or two paths. `--concurrency` calls are in flight at once (1: each waits for its answer, so
every batch holds one item: the group commits' smallest batches). Under callgrind, run it twice
with different --calls and divide the difference in instructions by the difference in calls.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import json
import sys
import tempfile
import time
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from shared.auth.permissions import SYSTEM  # noqa: E402
from shared.config import Settings  # noqa: E402
from shared.db.database import open_database  # noqa: E402
from shared.http.app import create_app  # noqa: E402
from shared.http.deps import RateLimits  # noqa: E402
from shared.http.security import Rate  # noqa: E402
from shared.models.enums import Role  # noqa: E402
from shared.services import seed, sessions, users  # noqa: E402

UNLIMITED = Rate(per_second=1e9, burst=1_000_000)
PATH = "/api/v1/tray/tickets"


async def _call(app: Any, token: str, i: int) -> int:
    body = json.dumps({"subject": f"Printer {i} on floor 3 jams", "description": "Kertas macet di tray 2"},
                      separators=(",", ":")).encode()
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": PATH, "raw_path": PATH.encode(), "root_path": "", "query_string": b"",
             "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000),
             "headers": [(b"host", b"127.0.0.1:8000"), (b"content-type", b"application/json"),
                         (b"accept", b"application/json"), (b"authorization", f"Bearer {token}".encode()),
                         (b"content-length", str(len(body)).encode())]}
    sent = False
    status = 0

    async def receive() -> MutableMapping[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: MutableMapping[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def _drive(app: Any, token: str, first: int, calls: int, concurrency: int) -> None:
    for start in range(first, first + calls, concurrency):
        statuses = await asyncio.gather(*(_call(app, token, i) for i in range(start, min(start + concurrency,
                                                                                          first + calls))))
        if any(s != 201 for s in statuses):
            raise RuntimeError(f"answers: {statuses}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=400)
    parser.add_argument("--warm-up", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--stack", action="store_true", help="FastAPI's whole stack, not the tray's fast path")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="helpdesk-tray-cost-") as tmp:
        db = open_database(Settings(database_url=f"sqlite:///{tmp}/cost.sqlite3", language="en", auto_assign=True),
                           migrate=True)
        seed.ensure_defaults(db.uow())
        view = users.create_user(db.uow(), SYSTEM, username="cost", full_name="Cost", role=Role.REQUESTER,
                                 password="bench password 2026!")
        actor = users.actor_for(db.uow(), view.username)
        options: dict[str, Any] = {}
        if "ticket_fast_path" in inspect.signature(create_app).parameters:  # an older tree has none
            options["ticket_fast_path"] = not args.stack
        elif not args.stack:
            print("note: this tree has no tray fast path: the stack is measured")
        app = create_app(db, secret="cost-" + "s" * 40, limits=RateLimits(tray=UNLIMITED), **options)
        session = sessions.open_session(db.uow(), actor, client="tray")
        st = app.state.helpdesk
        token = st.signer.issue(actor.id, actor.username, session_id=session.id,
                                not_after=session.ends_at.timestamp())[0]

        async def run() -> float:
            await _drive(app, token, 0, args.warm_up, args.concurrency)
            cpu0 = time.process_time()
            await _drive(app, token, args.warm_up, args.calls, args.concurrency)
            return time.process_time() - cpu0

        cpu = asyncio.run(run())
        st.close()
        db.close()
    path = "stack" if args.stack or "ticket_fast_path" not in options else "fast path"
    print(f"tray ticket, {path}, {args.calls} calls, concurrency {args.concurrency}: "
          f"{cpu * 1000 / args.calls:.3f} ms of CPU a call")
    return 0


if __name__ == "__main__":
    sys.exit(main())
