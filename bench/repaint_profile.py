"""What one repaint of the console's queue table costs the GUI thread (issue #18): the real main
window (the `bench.console_bench` child's start), its first page loaded, then the table's
viewport repainted again and again.

    QT_QPA_PLATFORM=offscreen python -m bench.repaint_profile --db bench/out/helpdesk-100k.sqlite3
    QT_QPA_PLATFORM=offscreen valgrind --tool=callgrind python -m bench.repaint_profile --callgrind --n 20 --db …

Prints the wall and the GUI thread's CPU per repaint, quiet, then beside a thread that runs
Python the whole time (what a worker turning a page's rows into objects does): every call from Qt
into Python during a paint has to take the GIL back from it. `--callgrind` (under valgrind's
callgrind) prints the instructions per repaint of the measured loop alone (counters zeroed before
it and dumped after it), a figure the machine's load does not move.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench.console_bench import DEFAULT_DB, ROOT, Session, pick_agent
from bench.create_profile import _callgrind, measured_instructions

DUMP = "repaint_profile measured"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", type=Path, default=DEFAULT_DB)
    p.add_argument("--n", type=int, default=200, help="repaints measured")
    p.add_argument("--rows", type=int, default=0, help="scroll this many rows down first (0: the first page)")
    p.add_argument("--callgrind", action="store_true", help="under callgrind: instructions per repaint")
    args = p.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from shared.cli import parse_arguments
    from shared.cli_support import CliContext
    from shared.config import Settings

    ctx = CliContext(Settings(database_url=f"sqlite:///{args.db.as_posix()}", language="en"))
    console_args = parse_arguments(["console", "--theme", "light"])
    from bench.clock import NOW
    from desktop.console import app as console_app
    from shared.services import users

    console_app.import_first_screen(ctx)
    db = ctx.database()
    db.clock = lambda: NOW
    actor = users.actor_for(db.uow(), pick_agent(args.db))
    started = console_app.start(console_args, ctx, actor=actor)
    assert not isinstance(started, int), started
    app, ops, window = started
    session = Session(app, window)
    session.wait_shown(0.0, timeout=600)
    viewport = session.table.viewport()
    if args.rows:
        session.table.verticalScrollBar().setValue(args.rows)
        session.wait_shown(time.perf_counter(), timeout=600)
    session.pump(0.5)
    ops.wait()
    for _ in range(5):  # warm: glyph caches, the badges, the SLA clocks of the minute
        viewport.repaint()
    n = args.n
    if args.callgrind:
        _callgrind("--zero")
        for _ in range(n):
            viewport.repaint()
        _callgrind(f"--dump={DUMP}")
        found = measured_instructions(Path.cwd(), os.getpid(), DUMP)
        print(f"instructions per repaint: {found / n:,.0f}" if found is not None
              else "no callgrind dump found here: run under valgrind --tool=callgrind from this directory")
    else:
        for label, busy in (("quiet", False), ("beside a thread running Python", True)):
            walls, cpus = repaints(viewport, n, busy)
            walls.sort()
            cpus.sort()
            print(f"{label}: wall per repaint median {walls[n // 2] * 1000:.2f} ms, max {walls[-1] * 1000:.2f}; "
                  f"GUI-thread CPU median {cpus[n // 2] * 1000:.2f} ms")
    window.close()
    ops.wait()
    ctx.close()
    return 0


def repaints(viewport: Any, n: int, busy: bool) -> tuple[list[float], list[float]]:
    stop = threading.Event()

    def spin() -> None:
        x = 0
        while not stop.is_set():
            for i in range(1000):
                x += i

    thread = threading.Thread(target=spin, daemon=True)
    if busy:
        thread.start()
    walls, cpus = [], []
    try:
        for _ in range(n):
            t, c = time.perf_counter(), time.thread_time()
            viewport.repaint()
            walls.append(time.perf_counter() - t)
            cpus.append(time.thread_time() - c)
    finally:
        stop.set()
        if busy:
            thread.join()
    return walls, cpus


if __name__ == "__main__":
    raise SystemExit(main())
