"""How much the probe costs an end user's machine: snapshot time, memory, and memory over time.

    .venv/bin/python bench/probe_footprint.py [--runs 20] [--cycles 1000]

Every measurement of the probe runs in a FRESH child process, so the numbers are the probe's own
(not pytest's or this script's). The dummy HTTP server lives in this parent process for the same
reason. Budgets checked: one-shot snapshot <= 100 ms, resident RSS <= 20 MB, flat over cycles.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RSS_BUDGET_MB = 20.0
SNAPSHOT_BUDGET_MS = 100.0

ONE_SHOT = r"""
import json, resource, time
t0 = time.perf_counter()
from agent_probe.collect.snapshot import collect_snapshot
import agent_probe.collect.assemble  # psutil and the collectors
t1 = time.perf_counter()
snapshot = collect_snapshot()
t2 = time.perf_counter()
from agent_probe.collect import processes
processes.prime()
t3 = time.perf_counter()
processes.collect(10)
t4 = time.perf_counter()
print(json.dumps({"import_ms": (t1 - t0) * 1e3, "snapshot_ms": (t2 - t1) * 1e3,
                  "prime_ms": (t3 - t2) * 1e3, "processes_ms": (t4 - t3) * 1e3,
                  "nprocs": snapshot["processes"]["total"],
                  "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

# Imports only what `helpdesk-probe run` imports (psutil is a probe dependency anyway), so the
# figures are the probe's; the spool dir comes from the parent to avoid importing tempfile here.
RESIDENT = r"""
import json, resource, sys
from pathlib import Path
import psutil
from agent_probe.main import run_loop
from agent_probe.report.client import ProbeClient
from agent_probe.report.spool import Spool

url, cycles, spool_dir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
me = psutil.Process()
samples = {}
marks = {1, 10, 100, cycles // 2, cycles}

def on_cycle(n):
    if n in marks:
        samples[n] = me.memory_info().rss

client = ProbeClient(url, token="bench-token")
run_loop(client, Spool(Path(spool_dir)), 0.0, max_cycles=cycles, on_cycle=on_cycle)
full = me.memory_full_info()
print(json.dumps({"samples": samples, "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "uss": full.uss, "modules": len(sys.modules)}))
"""


class _Sink(BaseHTTPRequestHandler):
    """Accepts every report, like a healthy server; counts them so the bench can check delivery."""

    count = 0

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        type(self).count += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _child(code: str, *args: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HELPDESK_PROBE_HOME": tempfile.mkdtemp(prefix="probe-bench-")}
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=True, timeout=3600
    )
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--cycles", type=int, default=1000)
    args = parser.parse_args()

    runs = [_child(ONE_SHOT) for _ in range(args.runs)]
    snap = [r["snapshot_ms"] for r in runs]
    imports = [r["import_ms"] for r in runs]
    procs_ms = [r["processes_ms"] for r in runs]
    nprocs = int(statistics.median(r["nprocs"] for r in runs))
    peak_mb = max(r["peak_rss_kb"] for r in runs) / 1024
    prime_ms = [r["prime_ms"] for r in runs]
    # A one-shot snapshot scans processes twice (prime, then read); everything else is per machine.
    per_proc_us = (statistics.median(procs_ms) + statistics.median(prime_ms)) * 1000 / max(nprocs, 1)
    fixed_ms = statistics.median(snap) - statistics.median(procs_ms) - statistics.median(prime_ms)
    at_500_ms = fixed_ms + 500 * per_proc_us / 1000

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Sink)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with tempfile.TemporaryDirectory() as spool_dir:
            url = f"http://127.0.0.1:{server.server_address[1]}"
            resident = _child(RESIDENT, url, str(args.cycles), spool_dir)
    finally:
        server.shutdown()
        server.server_close()
    samples = {int(k): v / 2**20 for k, v in resident["samples"].items()}
    first_warm = samples[min(k for k in samples if k >= 10)] if any(k >= 10 for k in samples) else samples[1]
    final = samples[max(samples)]

    rows = [
        ("one-shot snapshot, median (ms)", f"{statistics.median(snap):.1f}"),
        ("one-shot snapshot, p95 (ms)", f"{_pct(snap, 0.95):.1f}"),
        ("  process scan, median (ms)", f"{statistics.median(procs_ms):.1f}"),
        ("  process CPU priming scan, median (ms)", f"{statistics.median(prime_ms):.1f}"),
        ("import psutil + collectors, median (ms)", f"{statistics.median(imports):.1f}"),
        ("peak RSS, fresh process + 1 snapshot (MB)", f"{peak_mb:.1f}"),
        ("processes on this machine", f"{nprocs}"),
        ("cost per process, prime + scan (us)", f"{per_proc_us:.1f}"),
        ("estimated one-shot snapshot at 500 processes (ms)", f"{at_500_ms:.1f}"),
        ("report cycles run / delivered to dummy server", f"{args.cycles} / {_Sink.count}"),
        *((f"resident RSS after cycle {n} (MB)", f"{mb:.2f}") for n, mb in sorted(samples.items())),
        ("RSS growth, cycle 10 -> last (MB)", f"{final - first_warm:+.2f}"),
        ("peak RSS of the resident process (MB)", f"{resident['peak_rss_kb'] / 1024:.1f}"),
        ("resident USS (private memory) at the end (MB)", f"{resident['uss'] / 2**20:.2f}"),
    ]
    width = max(len(label) for label, _ in rows)
    print(f"{'measure'.ljust(width)}  value")
    print(f"{'-' * width}  -----")
    for label, value in rows:
        print(f"{label.ljust(width)}  {value}")
    verdicts = [
        (f"snapshot <= {SNAPSHOT_BUDGET_MS:.0f} ms (median)", statistics.median(snap) <= SNAPSHOT_BUDGET_MS),
        (f"resident RSS <= {RSS_BUDGET_MB:.0f} MB", final <= RSS_BUDGET_MB),
        ("every report delivered", _Sink.count == args.cycles),
    ]
    print()
    for label, ok in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}  {label}")
    return 0 if all(ok for _, ok in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
