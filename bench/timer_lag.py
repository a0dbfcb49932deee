"""What the machine alone does to a GUI thread's timer: the control for the console's lag figure.

    python -m bench.timer_lag [--load 3] [--seconds 8] [--rounds 2]

A 5 ms timer on the main thread of a bare Python process (no Qt, no database), as the console's
lag monitor ticks (`bench.console_bench`), beside `--load` processes spinning on the CPU, and
beside a worker thread of its own that works in bursts of 20 ms every 30 ms: no worker, a worker
running Python (holding the GIL), and a worker in C with the GIL released (zlib). The switch
interval is the console's (1 ms, `desktop.common.ops`). Each tick's lateness is printed as p99 and
max per configuration, alternated `--rounds` times: if a timer with no worker at all is already
late by more than the console's target under that load, the lag is the machine's scheduling, which
no code in the process can remove; the gap between "python" and "c" is what the GIL adds.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import threading
import time
import zlib

SWITCH_INTERVAL_S = 0.001  # desktop.common.ops.SWITCH_INTERVAL_S (not imported: no Qt here)
TICK_S = 0.005
BURST_S, REST_S = 0.02, 0.03


def _spin() -> None:
    while True:
        pass


def _work(kind: str, stop: threading.Event) -> None:
    data = os.urandom(200_000)
    while not stop.is_set():
        start = time.perf_counter()
        while time.perf_counter() - start < BURST_S:
            if kind == "python":
                sum(range(200))  # bytecode: the GIL is held
            else:
                zlib.compress(data, 6)  # in C, the GIL released
        time.sleep(REST_S)


def lateness(seconds: float) -> list[float]:
    """How late each 5 ms tick came, in ms."""
    lags: list[float] = []
    end = time.perf_counter() + seconds
    due = time.perf_counter() + TICK_S
    while time.perf_counter() < end:
        time.sleep(max(0.0, due - time.perf_counter()))
        now = time.perf_counter()
        lags.append((now - due) * 1000)
        due = now + TICK_S
    return sorted(lags)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--load", type=int, default=3, help="processes spinning on the CPU meanwhile")
    p.add_argument("--seconds", type=float, default=8.0, help="per configuration and round")
    p.add_argument("--rounds", type=int, default=2)
    args = p.parse_args(argv)
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    spinners = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(args.load)]
    for s in spinners:
        s.start()
    results: dict[str, list[tuple[float, float]]] = {"no worker": [], "python": [], "c": []}
    try:
        for _ in range(args.rounds):
            for kind, runs in results.items():
                stop = threading.Event()
                worker = threading.Thread(target=_work, args=(kind, stop), daemon=True)
                if kind != "no worker":
                    worker.start()
                lags = lateness(args.seconds)
                stop.set()
                if kind != "no worker":
                    worker.join()
                runs.append((lags[int(len(lags) * 0.99)], lags[-1]))
    finally:
        for s in spinners:
            s.kill()
    print(f"a 5 ms timer beside {args.load} spinning processes on {os.cpu_count()} CPUs, "
          f"{args.seconds:g} s per run, {args.rounds} rounds alternated (load average before: "
          f"{os.getloadavg()[0]:.1f})")
    for kind, runs in results.items():
        shown = ", ".join(f"{p99:.1f} / {top:.1f}" for p99, top in runs)
        print(f"  worker: {kind:10s} p99 / max ms per run: {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
