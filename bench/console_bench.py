"""The agent console on 1M tickets (issue #7): cold start, event-loop lag, peak memory.

    QT_QPA_PLATFORM=offscreen python -m bench.console_bench [--db bench/out/helpdesk-1m.sqlite3] [--runs 5]
    python -m bench.console_bench --size smoke          # a generated 2k-ticket database (CI-sized)
    python -m bench.console_bench --importtime          # also: the slowest imports of one cold start

Every measurement runs in a fresh child process (this module with `--child`), offscreen, on the
real main window built by `desktop.console.app.start` (the `helpdesk console` path: the CLI
parser with its entry points, `CliContext.database()` with its migration check, then the window),
signed in as the agent with the most open tickets.

- **cold start**: wall time from just before the parent starts the child (`time.time()`, passed
  on the command line) until the queue view's first page is loaded and painted (a paint of the
  table's viewport with no placeholder row). Broken down into: python start-up, the CLI (settings,
  parser and entry points), the imports in the console's order (`app.import_first_screen`: the data
  layer, then Qt and the console), opening the database (and the signed-in actor),
  building and showing the window, and the first page (count + page query + paint). Each phase
  also gets the process's CPU time (every thread), which a busy machine does not inflate.
- **event-loop lag**: a 5 ms PreciseTimer on the GUI thread; each tick's lateness is how long the
  GUI thread could not run its event loop. A scripted session switches views, scrolls page by
  page (waiting for the rows, and flicking without waiting), drags the scroll bar across the whole
  view, jumps to deep rows, sorts by every column both ways through the header's sort indicator
  (what a click sets) and types a search. Max and p99 lag per phase; the target is max ≤ 50 ms.
  Beside it, the GUI thread's own CPU time within the worst gap (`time.thread_time`): a long gap
  with little CPU means the thread was waiting (for a core, or for the GIL), not working.
  Also the time from each action until its rows are on screen.
- **peak RSS** of that session's process (`ru_maxrss`).
- `--dialog`: a person's start instead (`helpdesk console` without --password): the time to the
  sign-in dialog's first paint (wall and CPU), then how long the work behind it (the data layer,
  the database, the window's code) takes and the event-loop lag meanwhile, then from pressing
  Sign in (as soon as that work is done; `--press-at painted`: at the first paint) to the first
  queue page painted, which includes the argon2 check of the password (timed apart too). The
  agent needs a password: set one on a copy of the database (never bench/out's own) with
  `--set-password` (writes only the agent's password hash).

`--load N` starts N processes that spin on the CPU for the whole run (and ends them): the "under
load" figure of the issue is three of them on the 2 cores.
`--stalls` samples the GUI thread's Python stack whenever it is 25 ms late. The machine's load
average is printed with the table: other processes on a 2-core machine inflate wall times (the
CPU times are not inflated). The database is opened in place and only read.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from functools import partial
from pathlib import Path
from typing import Any

_T_MODULE = time.time()  # the child's "interpreter is up" mark: only the stdlib is imported so far


def _cpu() -> float:
    """CPU seconds of this process so far, every thread (user + system)."""
    t = os.times()
    return t.user + t.system


_CPU_MODULE = _cpu()

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
DEFAULT_DB = OUT / "helpdesk-1m.sqlite3"
ACTIVE = "('new', 'open', 'in_progress', 'pending_user', 'pending_vendor')"
PHASES = ("cold", "python", "cli", "imports", "db", "window", "first_page")
RESULT = "CONSOLE-BENCH-RESULT "

COLD_TARGET_MS = 1000.0
LAG_TARGET_MS = 50.0
RSS_TARGET_MB = 300.0


# --- the parent: pick the actor, run the children, print one table ------------------------------------

def _connect(path: Path) -> closing[sqlite3.Connection]:
    # Only SELECTs, but not `mode=ro`: a read-only connection that is the last one out cannot
    # remove the -wal/-shm files, and bench/queue_bench.py takes a leftover -wal for a busy cache.
    return closing(sqlite3.connect(path))


def pick_agent(path: Path) -> str:
    """The agent (L1–L3) with the most open tickets, so "My tickets" is as big as it gets."""
    with _connect(path) as conn:
        row = conn.execute(
            "SELECT u.username FROM tickets t JOIN users u ON u.id = t.assignee_id "
            f"WHERE t.status IN {ACTIVE} AND u.role IN ('l1_agent', 'l2_technician', 'l3_engineer') "
            "GROUP BY u.id ORDER BY count(*) DESC, u.id LIMIT 1").fetchone()
        if row is None:
            row = conn.execute("SELECT username FROM users WHERE role = 'l1_agent' ORDER BY id LIMIT 1").fetchone()
    if row is None:
        sys.exit(f"{path} has no agent to sign in as")
    return str(row[0])


def size_label(path: Path) -> str:
    with _connect(path) as conn:
        n = int(conn.execute("SELECT count(*) FROM tickets").fetchone()[0] or 0)
    for label, count in (("1m", 1_000_000), ("100k", 100_000), ("smoke", 2_000)):
        if n == count:
            return label
    return f"{n:,}"


def run_child(kind: str, db: Path, user: str, *, importtime: bool = False, stalls: bool = False,
              timeout: float = 900, pycache: str | None = None, extra: tuple[str, ...] = ()) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    if pycache is not None:  # --cached-bytecode: every module's bytecode written once, there, then read
        del env["PYTHONDONTWRITEBYTECODE"]
        env["PYTHONPYCACHEPREFIX"] = pycache
    cmd = [sys.executable, *(["-X", "importtime"] if importtime else []), "-m", "bench.console_bench",
           "--child", kind, "--db", str(db), "--user", user, *(["--stalls"] if stalls else []), *extra]
    t0 = time.time()
    proc = subprocess.run([*cmd, "--t0", repr(t0)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith(RESULT)]
    if proc.returncode != 0 or not lines:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        sys.exit(f"the {kind} child failed (exit {proc.returncode})")
    result: dict[str, Any] = json.loads(lines[-1][len(RESULT):])
    if importtime:
        result["importtime"] = proc.stderr
    return result


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))] if s else 0.0


def top_imports(stderr: str, n: int = 25) -> list[tuple[int, str]]:
    out = []
    for line in stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _self, cumulative, name = (p.strip() for p in line[len("import time:"):].split("|"))
            if cumulative.isdigit():
                out.append((int(cumulative), name))
    return sorted(out, reverse=True)[:n]


class Table:
    head = ("operation", "size", "n", "median ms", "p95 ms", "max ms", "target", "met?", "note")

    def __init__(self) -> None:
        self.rows: list[tuple[str, ...]] = []

    def add(self, op: str, size: str, values_ms: list[float], target: str = "—", met: bool | None = None,
            note: str = "") -> None:
        if not values_ms:
            return
        self.rows.append((op, size, str(len(values_ms)), f"{statistics.median(values_ms):.1f}",
                          f"{pct(values_ms, 0.95):.1f}", f"{max(values_ms):.1f}", target,
                          "" if met is None else ("yes" if met else "NO"), note))

    def print(self) -> None:
        widths = [max(len(str(x)) for x in col) for col in zip(self.head, *self.rows, strict=True)]
        print("| " + " | ".join(h.ljust(w) for h, w in zip(self.head, widths, strict=True)) + " |")
        print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        for row in self.rows:
            print("| " + " | ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)) + " |")


def report(size: str, colds: list[dict[str, Any]], lag: dict[str, Any] | None) -> None:
    table = Table()
    if colds:
        total = [c["cold"] * 1000 for c in colds]
        table.add("cold start → first page painted", size, total, f"≤ {COLD_TARGET_MS:.0f} ms",
                  statistics.median(total) <= COLD_TARGET_MS, "process start to rows on screen; met? = median")
        notes = {"python": "interpreter, site, this module", "cli": "settings + shared.cli: parser + entry points",
                 "imports": "app.import_first_screen: data layer, then PySide6 + desktop.console",
                 "db": "ctx.database() (migration check) + actor",
                 "window": "app.start(): QApplication, theme, MainWindow, show",
                 "first_page": "count + first page + paint"}
        for phase in PHASES[1:]:
            table.add(f"  {phase}", size, [c[phase] * 1000 for c in colds], note=notes[phase])
        table.add("  CPU time to first page", size, [c["cpu"] * 1000 for c in colds],
                  note="user + system, all threads: what a busy machine cannot inflate")
        for phase in PHASES[1:]:
            if all("cpu_" + phase in c for c in colds):
                table.add(f"    CPU: {phase}", size, [c["cpu_" + phase] * 1000 for c in colds], note=notes[phase])
        table.add("  RSS at first page (MB)", size, [c["rss_mb"] for c in colds], note="MB, not ms")
    if lag is not None:
        every = [x for values in lag["lag"].values() for x in values]
        busy = [x for values in lag["busy"].values() for x in values]
        table.add("event-loop lag, whole session", size, every, f"max ≤ {LAG_TARGET_MS:.0f} ms",
                  max(every) <= LAG_TARGET_MS,
                  f"{len(every)} ticks; p99 {pct(every, 0.99):.1f}; GUI-thread CPU in one gap ≤ {max(busy):.1f} ms,"
                  f" in all {sum(busy):.0f} ms")
        for phase, values in lag["lag"].items():
            table.add(f"  lag: {phase}", size, values, f"max ≤ {LAG_TARGET_MS:.0f} ms",
                      max(values) <= LAG_TARGET_MS,
                      f"p99 {pct(values, 0.99):.1f}; GUI-thread CPU in one gap ≤ {max(lag['busy'][phase]):.1f} ms")
        notes = lag.get("notes", {})
        for name, values in lag["times"].items():
            table.add(name, size, [v * 1000 for v in values], note=notes.get(name, ""))
        peak = lag["peak_rss_mb"]
        table.add("peak RSS of the session (MB)", size, [peak], f"≤ {RSS_TARGET_MB:.0f} MB", peak <= RSS_TARGET_MB,
                  "MB, not ms")
    table.print()
    if lag is not None:
        print(f"\nrows in the 'all' view: {lag['rows']:,}; pages fetched: {lag['stats']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="a SQLite database made by bench/data.py")
    parser.add_argument("--size", choices=("smoke",), help="generate a small database instead of --db")
    parser.add_argument("--runs", type=int, default=5, help="cold starts to time (after one untimed warm-up)")
    parser.add_argument("--user", help="sign in as (default: the agent with most open tickets)")
    parser.add_argument("--skip-cold", action="store_true")
    parser.add_argument("--skip-lag", action="store_true")
    parser.add_argument("--importtime", action="store_true", help="print the slowest imports of one cold start")
    parser.add_argument("--cached-bytecode", action="store_true",
                        help="the children read every module's cached bytecode (written by the warm-up into a "
                             "temporary PYTHONPYCACHEPREFIX), as an installed copy does; without it the project's "
                             "sources are compiled at every start wherever no __pycache__ was written (a fresh "
                             "clone, PYTHONDONTWRITEBYTECODE)")
    parser.add_argument("--stalls", action="store_true",
                        help="sample the GUI thread's stack whenever it is 25 ms late, and print the top stacks")
    parser.add_argument("--load", type=int, default=0, metavar="N",
                        help="start N processes spinning on the CPU beside the children, ended at the end")
    parser.add_argument("--dialog", action="store_true",
                        help="time a person's start instead: to the sign-in dialog, then Sign in to the first page")
    parser.add_argument("--password", default="demo1234", help="--dialog: the agent's password")
    parser.add_argument("--press-at", choices=("ready", "painted"), default="ready",
                        help="--dialog: press Sign in once the work behind the dialog is done (a person "
                             "typing), or at the dialog's first paint (the sign-in then waits for it)")
    parser.add_argument("--set-password", action="store_true",
                        help="give the agent --password in --db (a copy: bench/out's databases are refused)")
    parser.add_argument("--child", choices=("cold", "lag", "dialog"), help=argparse.SUPPRESS)
    parser.add_argument("--t0", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "dialog":
        return dialog_child(args)
    if args.child:
        return child_main(args)
    if args.set_password:
        return set_password(args.db, args.user or pick_agent(args.db), args.password)
    if args.dialog:
        return dialog_main(args)

    with tempfile.TemporaryDirectory() as tmp, spinning(args.load):
        db: Path = args.db
        if args.size == "smoke":
            db = Path(tmp) / "console-bench-smoke.sqlite3"
            sys.path.insert(0, str(ROOT))
            from bench import data
            from shared.db.engine import make_engine

            engine = make_engine(f"sqlite:///{db.as_posix()}")
            data.populate(engine, "smoke", log=lambda *_a: None)
            engine.dispose()
        elif not db.exists():
            print(f"{db} does not exist; make it with:  python -m bench.run --size 1m --db sqlite",
                  file=sys.stderr)
            return 2
        user = args.user or pick_agent(db)
        size = size_label(db)
        pycache = str(Path(tmp) / "pycache") if args.cached_bytecode else None
        print(f"console bench on {db} ({size} tickets), signed in as {user}"
              + (", bytecode cached" if pycache else ""), file=sys.stderr, flush=True)
        load_before = os.getloadavg()[0]
        colds: list[dict[str, Any]] = []
        if not args.skip_cold:
            # Fills the OS page cache (a first start after boot is slower), and writes the bytecode.
            warm = run_child("cold", db, user, pycache=pycache)
            print(f"  warm-up cold start: {warm['cold'] * 1000:.0f} ms (not counted)", file=sys.stderr, flush=True)
            for i in range(args.runs):
                colds.append(run_child("cold", db, user, pycache=pycache))
                print(f"  cold start {i + 1}: {colds[-1]['cold'] * 1000:.0f} ms", file=sys.stderr, flush=True)
        lag = None
        if pycache is not None and args.skip_cold and not args.skip_lag:
            run_child("cold", db, user, pycache=pycache)  # writes the bytecode the lag session then reads
        if not args.skip_lag:
            lag = run_child("lag", db, user, stalls=args.stalls, pycache=pycache)
        load_after = os.getloadavg()[0]
        print(f"\nload average (1 min) before {load_before:.2f}, after {load_after:.2f} on {os.cpu_count()} CPUs"
              + (f", {args.load} spinning processes started by this bench" if args.load else "")
              + " (anything else running shows up in the wall times, not in the CPU times)\n")
        report(size, colds, lag)
        if lag is not None and lag.get("stalls"):
            print("\nwhere the GUI thread was when it was 25 ms or more late (samples every 2 ms):")
            for count, phase, stack in lag["stalls"]:
                print(f"\n  {count} samples in '{phase}':")
                print("\n".join("    " + line for line in stack))
        if args.importtime:
            timed = run_child("cold", db, user, importtime=True, pycache=pycache)
            print("\nslowest imports of one cold start (cumulative ms):")
            for us, name in top_imports(timed["importtime"]):
                print(f"  {us / 1000:8.1f}  {name}")
    return 0


def set_password(db: Path, user: str, password: str) -> int:
    if db.resolve().is_relative_to(OUT.resolve()):
        sys.exit(f"{db} is one of bench/out's shared databases: copy it and give the copy a password")
    sys.path.insert(0, str(ROOT))
    from shared.auth.passwords import hash_password, hasher_for
    from shared.config import Settings

    hashed = hash_password(password, hasher_for(Settings(database_url=f"sqlite:///{db.as_posix()}")))
    with _connect(db) as conn, conn:
        if conn.execute("UPDATE users SET password_hash = ? WHERE username = ?", (hashed, user)).rowcount != 1:
            sys.exit(f"no user {user} in {db}")
    print(f"{user} in {db} now has the password {password!r}", file=sys.stderr)
    return 0


def dialog_main(args: argparse.Namespace) -> int:
    """The parent of `--dialog`: a warm-up, then `--runs` children, one table."""
    db: Path = args.db
    user = args.user or pick_agent(db)
    extra = ("--password", args.password, "--press-at", args.press_at)
    print(f"console bench (sign-in dialog) on {db}, signing in as {user}, Sign in pressed at {args.press_at}"
          + (", bytecode cached" if args.cached_bytecode else ""), file=sys.stderr, flush=True)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        pycache = str(Path(tmp) / "pycache") if args.cached_bytecode else None
        warm = run_child("dialog", db, user, extra=extra, pycache=pycache)  # writes the bytecode, if cached
        print(f"  warm-up: dialog {warm['dialog'] * 1000:.0f} ms (not counted)", file=sys.stderr, flush=True)
        runs = [run_child("dialog", db, user, extra=extra, pycache=pycache) for _ in range(args.runs)]
    for i in range(args.runs):
        print(f"  run {i + 1}: dialog painted {runs[i]['dialog'] * 1000:.0f} ms, Sign in → first page "
              f"{runs[i]['signed_in'] * 1000:.0f} ms", file=sys.stderr, flush=True)
    load_after = os.getloadavg()[0]
    print(f"\nload average (1 min) before {load_before:.2f}, after {load_after:.2f} on {os.cpu_count()} CPUs\n")
    size = size_label(db)
    table = Table()
    rows = (("cold start → sign-in dialog painted", "dialog", "process start to the dialog's first paint"),
            ("  CPU to the dialog", "cpu_dialog", "user + system, all threads"),
            ("dialog painted → ready to sign in", "ready", "the work behind the dialog (0 where there is none)"),
            ("  CPU of that work", "cpu_ready", "all threads"),
            ("  event-loop lag meanwhile (max)", "lag_max", "a 5 ms timer on the GUI thread; worst lateness"),
            ("  event-loop lag meanwhile (p99)", "lag_p99", ""),
            ("  GUI thread's CPU in the worst gap", "lag_busy",
             "little: it waited (for the GIL, or for a core), not worked"),
            ("Sign in pressed → first page painted", "signed_in", "argon2, the window, count + page + paint"),
            ("  CPU of that", "cpu_signed_in", "all threads"),
            ("  of which argon2 verify", "argon2", "one verify of the password's hash, timed apart (best of 3)"),
            ("    its CPU", "cpu_argon2", "all threads (argon2's lanes run in parallel)"),
            ("cold start → first page painted", "cold", "includes the wait before Sign in"))
    for label, key, note in rows:
        table.add(label, size, [r[key] * (1 if key.startswith("lag") else 1000) for r in runs], note=note)
    table.print()
    return 0


@contextmanager
def spinning(n: int) -> Iterator[list[subprocess.Popen[bytes]]]:
    """N busy processes for as long as the block runs: a loaded machine, made on purpose."""
    procs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]
    try:
        yield procs
    finally:
        for proc in procs:
            proc.kill()
        for proc in procs:
            proc.wait()


# --- the children ------------------------------------------------------------------------------------

def child_main(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(ROOT))
    marks = {"python": _T_MODULE}
    cpu = {"python": _CPU_MODULE}
    from shared.cli import parse_arguments  # what `helpdesk console` runs first: the settings, the parser
    from shared.cli_support import CliContext
    from shared.config import Settings

    ctx = CliContext(Settings(database_url=f"sqlite:///{Path(args.db).as_posix()}", language="en"))
    console_args = parse_arguments(["console", "--theme", "light"])
    marks["cli"], cpu["cli"] = time.time(), _cpu()
    from desktop.console import app as console_app

    console_app.import_first_screen(ctx)  # what start() imports first, in its order; timed as one phase
    marks["imports"], cpu["imports"] = time.time(), _cpu()
    from bench.clock import NOW  # not bench.data: the generator imports services the console does not
    from shared.services import users

    db = ctx.database()
    db.clock = lambda: NOW  # the data's own "now": SLA countdowns as the generator meant them
    actor = users.actor_for(db.uow(), args.user)
    marks["db"], cpu["db"] = time.time(), _cpu()
    started = console_app.start(console_args, ctx, actor=actor)
    assert not isinstance(started, int), started
    marks["window"], cpu["window"] = time.time(), _cpu()
    app, ops, window = started
    session = Session(app, window, stalls=bool(args.stalls))
    session.wait_shown(0.0, timeout=120)
    marks["first_page"], cpu["first_page"] = session.probe.shown_wall, session.probe.shown_cpu
    result: dict[str, Any] = {}
    if args.child == "cold":
        previous = args.t0
        for phase in PHASES[1:]:
            result[phase] = marks[phase] - previous
            previous = marks[phase]
        result["cold"] = marks["first_page"] - args.t0
        previous = 0.0
        for phase in PHASES[1:]:
            result["cpu_" + phase] = cpu[phase] - previous
            previous = cpu[phase]
        result["rss_mb"] = rss_mb()
        result["cpu"] = cpu["first_page"]  # every thread of the child; not inflated by other load
    else:
        result = session.run()
    window.close()
    ops.wait()
    ctx.close()
    print(RESULT + json.dumps(result), flush=True)
    return 0


class _AfterImport:
    """A meta-path finder that calls `then(module)` once `name` has been imported, wherever that
    happens, without importing it earlier (which would change the start's import order)."""

    def __init__(self, name: str, then: Callable[[Any], None]) -> None:
        self.name, self.then = name, then

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        from importlib.machinery import PathFinder

        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = PathFinder.find_spec(fullname, path)
        assert spec is not None and spec.loader is not None
        real_exec, then = spec.loader.exec_module, self.then

        def exec_module(module: Any) -> None:
            real_exec(module)
            then(module)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def dialog_child(args: argparse.Namespace) -> int:
    """`helpdesk console` without --password, up to the first page: the dialog is typed into and
    Sign in pressed as a person would, once the work behind it is done (or at its first paint)."""
    sys.path.insert(0, str(ROOT))
    result: dict[str, Any] = {}
    state: dict[str, Any] = {}

    def patch(module: Any) -> None:
        from PySide6.QtCore import QEvent, Qt, QTimer
        from PySide6.QtTest import QTest

        dialog_class = module.SignInDialog
        real_event = dialog_class.event

        def event(dialog: Any, e: Any) -> bool:
            handled = real_event(dialog, e)
            if e.type() == QEvent.Type.Paint and "dialog" not in result:
                result["dialog"] = -1.0  # once
                QTimer.singleShot(0, lambda: painted(dialog))  # runs once this paint is done
            return bool(handled)

        def painted(dialog: Any) -> None:
            result["dialog"], result["cpu_dialog"] = time.time() - args.t0, _cpu()
            state["painted"], state["painted_cpu"] = time.perf_counter(), _cpu()
            state["monitor"] = monitor = LagMonitor.make()
            monitor.start("behind the dialog")
            dialog.username.setText(args.user)
            dialog.password.setText(args.password)
            poll(dialog)

        def poll(dialog: Any) -> None:
            preparing = getattr(dialog, "preparing", lambda: False)()  # main's dialog prepares nothing
            if preparing and args.press_at == "ready":
                QTimer.singleShot(2, lambda: poll(dialog))
                return
            state["monitor"].stop()
            lags = [x for values in state["monitor"].lags.values() for x in values] or [0.0]
            busy = [x for values in state["monitor"].busy.values() for x in values] or [0.0]
            result["lag_max"], result["lag_p99"], result["lag_ticks"] = max(lags), pct(lags, 0.99), len(lags)
            result["lag_busy"] = busy[lags.index(max(lags))]  # the GUI thread's own CPU in its worst gap
            result["ready"] = time.perf_counter() - state["painted"]
            result["cpu_ready"] = _cpu() - state["painted_cpu"]
            state["pressed"], state["pressed_cpu"] = time.perf_counter(), _cpu()
            QTest.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)

        dialog_class.event = event

    sys.meta_path.insert(0, _AfterImport("desktop.common.signin", patch))
    from shared.cli import parse_arguments
    from shared.cli_support import CliContext
    from shared.config import Settings

    ctx = CliContext(Settings(database_url=f"sqlite:///{Path(args.db).as_posix()}", language="en"))
    console_args = parse_arguments(["console", "--theme", "light"])
    from desktop.console import app as console_app

    started = console_app.start(console_args, ctx)
    assert not isinstance(started, int), started
    app, ops, window = started
    session = Session(app, window)
    session.wait_shown(0.0, timeout=120)
    result["signed_in"] = session.probe.shown_at - state["pressed"]
    result["cpu_signed_in"] = session.probe.shown_cpu - state["pressed_cpu"]
    result["cold"] = session.probe.shown_wall - args.t0
    result["rows"] = window.queue.model.rowCount()
    window.close()
    ops.wait()
    from shared.auth.passwords import hasher_for, verify_password

    with _connect(Path(args.db)) as conn:
        stored = conn.execute("SELECT password_hash FROM users WHERE username = ?", (args.user,)).fetchone()[0]
    hasher = hasher_for(ctx.settings)
    walls, cpus = [], []
    for _ in range(3):  # argon2's lanes run on threads of their own: the process's CPU, not the thread's
        wall, cpu = time.perf_counter(), _cpu()
        assert verify_password(stored, args.password, hasher)
        walls.append(time.perf_counter() - wall)
        cpus.append(_cpu() - cpu)
    result["argon2"], result["cpu_argon2"] = min(walls), min(cpus)
    ctx.close()
    print(RESULT + json.dumps(result), flush=True)
    return 0


def rss_mb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / 2**20


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


class Session:
    """Drives the real window like a user would and watches the GUI thread while it does."""

    def __init__(self, app: Any, window: Any, *, stalls: bool = False) -> None:
        from PySide6.QtCore import QEventLoop, QTimer

        self.app, self.window = app, window
        self.pane = window.queue
        self.table, self.model = self.pane.table, self.pane.model
        self.probe = PaintProbe.attach(self.table, self.model)
        self.monitor = LagMonitor.make()
        self.sampler = StallSampler(self.monitor) if stalls else None
        self._flags = QEventLoop.ProcessEventsFlag.WaitForMoreEvents
        self._wake = QTimer()  # never let WaitForMoreEvents sleep past a deadline
        self._wake.setInterval(20)
        self._wake.start()
        self.times: dict[str, list[float]] = {}
        self.notes: dict[str, str] = {}

    # waiting, without spinning (a busy loop would steal the CPU the workers need)

    def pump_until(self, done: Callable[[], bool], timeout: float = 120.0) -> None:
        deadline = time.perf_counter() + timeout
        while not done():
            if time.perf_counter() > deadline:
                raise TimeoutError("the console did not get there in time")
            self.app.processEvents(self._flags)

    def pump(self, seconds: float) -> None:
        end = time.perf_counter() + seconds
        self.pump_until(lambda: time.perf_counter() >= end)

    def wait_shown(self, since: float, *, resets: int = 0, timeout: float = 120.0) -> float:
        """Until a paint after `since` (perf_counter) showed only loaded rows, after `resets` model
        resets; returns the seconds from `since` to the end of that paint."""
        self.pump_until(lambda: self.probe.shown_after(since, resets), timeout)
        return float(self.probe.shown_at - since)

    def timed(self, name: str, action: Callable[[], None], *, reset: bool = False) -> float:
        resets = self.probe.resets + (1 if reset else 0)
        t0 = time.perf_counter()
        action()
        self.table.viewport().update()  # an action that moves nothing paints nothing: ask for one paint
        elapsed = self.wait_shown(t0, resets=resets)
        self.times.setdefault(name, []).append(elapsed)
        return elapsed

    # the scripted session

    def run(self) -> dict[str, Any]:
        from PySide6.QtCore import Qt

        from desktop.console.queue.model import COLUMNS
        from shared.services.queue import SORTABLE, View

        rng = random.Random(7)
        bar = self.table.verticalScrollBar()
        self.monitor.start("idle after start")
        if self.sampler is not None:
            self.sampler.start()
        self.pump(1.0)

        self.monitor.phase = "switch views"
        for view in (View.UNASSIGNED, View.TEAM, View.SLA, View.MINE, View.ALL):
            self.timed("view switch → rows on screen", partial(self.pane.select_view, view), reset=True)
            self.pump(0.2)
        rows = self.model.rowCount()

        self.monitor.phase = "page down, waiting for rows"
        for _ in range(40):
            self.timed("page down → rows on screen", lambda: bar.setValue(bar.value() + bar.pageStep()))
        self.monitor.phase = "page down, flicking (60/s)"
        for _ in range(120):
            bar.setValue(bar.value() + bar.pageStep())
            self.pump(1 / 60)
        self.timed("flick stops → rows on screen", lambda: None)

        self.monitor.phase = "drag the scroll bar (1 s)"
        for i in range(60):
            bar.setValue(int(bar.maximum() * (i + 1) / 60 * 0.93))
            self.pump(1 / 60)
        self.timed("drag stops → rows on screen", lambda: None)

        self.monitor.phase = "deep jumps"
        visible = max(1, bar.pageStep())
        targets = [500_000, 999_000] + [rng.randrange(rows) for _ in range(10)]
        for target in targets:
            row = min(max(0, rows - visible), target)
            self.timed("deep jump → rows on screen", partial(bar.setValue, row))
            self.timed("page down after a jump", lambda: bar.setValue(bar.value() + bar.pageStep()))
            self.timed("page up after a jump", lambda: bar.setValue(bar.value() - 2 * bar.pageStep()))
            self.pump(0.1)

        self.monitor.phase = "sort by every column, both ways"
        header = self.table.horizontalHeader()
        bar.setValue(0)
        for column, name in enumerate(COLUMNS):
            if name not in SORTABLE:
                continue
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                if (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (column, order):
                    continue
                self.timed("sort → first rows on screen", partial(header.setSortIndicator, column, order),
                           reset=True)
                self.pump(0.05)
        self.monitor.phase = "sort while deep in the view"
        for column in (COLUMNS.index("subject"), COLUMNS.index("updated")):
            bar.setValue(rows // 2)
            self.wait_shown(time.perf_counter())
            self.timed("sort while deep → top rows on screen",
                       partial(header.setSortIndicator, column, Qt.SortOrder.DescendingOrder), reset=True)

        self.monitor.phase = "type a search"
        from PySide6.QtTest import QTest

        self.pane.search.setFocus()
        for words in ("printer", "vpn putus"):
            self.timed("search typed → results on screen",
                       partial(QTest.keyClicks, self.pane.search, words, delay=60), reset=True)
            self.timed("search cleared → rows on screen", self.pane.search.clear, reset=True)
        self.notes["search typed → results on screen"] = "from the first key, 60 ms per key + 300 ms debounce"
        self.monitor.phase = "idle at the end"
        self.pump(0.5)
        self.monitor.stop()
        stalls = self.sampler.stop() if self.sampler is not None else []
        stats = {k: getattr(self.model, k) for k in ("pages_fetched", "keyset_fetches", "offset_fetches")
                 if hasattr(self.model, k)}
        return {"lag": self.monitor.lags, "busy": self.monitor.busy, "times": self.times, "notes": self.notes,
                "rows": rows, "peak_rss_mb": peak_rss_mb(), "stats": stats, "stalls": stalls}


class PaintProbe:
    """An event filter on the table's viewport: remembers the last paint that showed no placeholder."""

    @staticmethod
    def attach(table: Any, model: Any) -> Any:
        from PySide6.QtCore import QEvent, QObject, QTimer

        class _Probe(QObject):
            def __init__(self) -> None:
                super().__init__(table)
                self.resets = 0
                self.shown_at = 0.0  # perf_counter at the end of the last complete paint
                self.shown_wall = 0.0  # the same moment as time.time()
                self.shown_cpu = 0.0  # and the process's CPU time then
                self.shown_resets = -1
                model.sig_reset.connect(self._on_reset)
                table.viewport().installEventFilter(self)

            def _on_reset(self) -> None:
                self.resets += 1
                if model.rowCount() == 0:  # nothing to show: the pane shows "no tickets", the table no paint
                    resets = self.resets
                    QTimer.singleShot(0, lambda: self._painted(resets))

            def complete(self) -> bool:
                if not getattr(model, "loaded", True):
                    return False
                n = model.rowCount()
                if n == 0:
                    return True
                top = table.rowAt(0)
                bottom = table.rowAt(table.viewport().height() - 1)
                if top < 0:
                    return False
                bottom = n - 1 if bottom < 0 else bottom
                return all(model.has_page_for(r) for r in (*range(top, bottom, model.page_size), bottom))

            def eventFilter(self, obj: Any, event: Any) -> bool:
                if event.type() == QEvent.Type.Paint and self.complete():
                    resets = self.resets
                    QTimer.singleShot(0, lambda: self._painted(resets))  # runs once this paint is done
                return False

            def _painted(self, resets: int) -> None:
                self.shown_at, self.shown_wall, self.shown_resets = time.perf_counter(), time.time(), resets
                self.shown_cpu = _cpu()

            def shown_after(self, since: float, resets: int) -> bool:
                return self.shown_at > since and self.shown_resets >= resets

        return _Probe()


class LagMonitor:
    """A 5 ms precise timer on the GUI thread; each tick records how late it fired."""

    @staticmethod
    def make(interval_ms: int = 5) -> Any:
        from PySide6.QtCore import QObject, Qt, QTimer

        class _Monitor(QObject):
            def __init__(self) -> None:
                super().__init__()
                self.phase = ""
                self.lags: dict[str, list[float]] = {}
                self.busy: dict[str, list[float]] = {}  # GUI-thread CPU ms within each tick's gap
                self._timer = QTimer(self)
                self._timer.setTimerType(Qt.TimerType.PreciseTimer)
                self._timer.setInterval(interval_ms)
                self._timer.timeout.connect(self._tick)
                self._last = 0.0
                self.last_tick = 0.0  # read by StallSampler's thread

            def start(self, phase: str) -> None:
                self.phase = phase
                self._last, self._cpu = time.perf_counter(), time.thread_time()
                self._timer.start()

            def stop(self) -> None:
                self._timer.stop()

            def _tick(self) -> None:
                now, cpu = time.perf_counter(), time.thread_time()
                late = max(0.0, (now - self._last) * 1000 - interval_ms)
                self.lags.setdefault(self.phase, []).append(late)
                self.busy.setdefault(self.phase, []).append((cpu - self._cpu) * 1000)
                self._last = self.last_tick = now
                self._cpu = cpu

        return _Monitor()


class StallSampler:
    """A watchdog thread: while the lag timer is 25 ms overdue, sample the GUI thread's stack."""

    def __init__(self, monitor: Any, late: float = 0.025) -> None:
        import threading

        self.monitor, self.late = monitor, late
        self.main = threading.get_ident()
        self.counts: dict[tuple[str, tuple[str, ...]], int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        import traceback

        while not self._stop.wait(0.002):
            last = self.monitor.last_tick
            if not last or time.perf_counter() - last < self.late:
                continue
            frame = sys._current_frames().get(self.main)
            if frame is None:
                continue
            stack = tuple(f"{Path(f.filename).name}:{f.lineno} {f.name}"
                          for f in traceback.extract_stack(frame)[-14:])
            key = (self.monitor.phase, stack)
            self.counts[key] = self.counts.get(key, 0) + 1

    def stop(self) -> list[tuple[int, str, list[str]]]:
        self._stop.set()
        self._thread.join()
        top = sorted(self.counts.items(), key=lambda kv: -kv[1])[:12]
        return [(n, phase, list(stack)) for (phase, stack), n in top]


if __name__ == "__main__":
    raise SystemExit(main())
