"""How well the disk-full forecast warns: simulated free-space histories with known outcomes.

    python -m bench.forecast_bench [--histories 400] [--ahead 14] [--seed 7]

Four kinds of volume, 120 days each, one sample every 6 hours (what the daily/hourly tiers give):
steady growth (fills on a known day), growth with cleanups (a cleanup frees 10-40 % now and then;
the volume may or may not fill), bursts (flat with one-off big downloads that stay), and noise
(flat, never fills). From day 20 the forecast runs every day on the history so far, as the
scheduler would; the first day it says "full within --ahead days" is its warning.

A warning is right when the disk really fills within ahead + 7 days of it (a week early still
helps); a volume that fills in the window with no warning before it is a miss. Reported:
precision, recall, and the days of warning before the disk is full (median and 10th percentile).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from shared.services.forecast import disk_forecast

GB = 1024**3
DAYS, STEP_H, START = 120, 6, datetime(2026, 1, 1, tzinfo=UTC)


def simulate(kind: str, rng: random.Random) -> tuple[list[tuple[datetime, int]], int]:
    total = rng.choice((128, 256, 512)) * GB
    free = total * rng.uniform(0.35, 0.8)
    rate = total * rng.uniform(0.004, 0.012)  # lost per day
    points = []
    for k in range(DAYS * 24 // STEP_H):
        at = START + timedelta(hours=STEP_H * k)
        day_part = STEP_H / 24
        if kind == "steady":
            free -= rate * day_part
        elif kind == "cleanups":
            free -= rate * day_part
            if rng.random() < day_part / 25:  # about one cleanup in 25 days
                free += total * rng.uniform(0.1, 0.4)
        elif kind == "bursts" and rng.random() < day_part / 15:  # a big download that stays
            free -= total * rng.uniform(0.03, 0.1)
        free = min(free, total * 0.95)
        noise = rng.gauss(0, total * 0.003)
        points.append((at, int(max(0.0, min(total, free + noise)))))
    return points, total


def full_day(points: list[tuple[datetime, int]], total: int) -> int | None:
    """The first day the volume is truly full (under 1 % free)."""
    for at, free in points:
        if free < total * 0.01:
            return (at - START).days
    return None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--histories", type=int, default=400)
    parser.add_argument("--ahead", type=int, default=14)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    kinds = ("steady", "cleanups", "bursts", "noise")
    tp = fp = fn = 0
    lead: list[int] = []
    per_kind: dict[str, list[int]] = {k: [0, 0, 0] for k in kinds}
    for n in range(args.histories):
        kind = kinds[n % len(kinds)]
        points, total = simulate(kind, rng)
        full = full_day(points, total)
        warned = None
        for day in range(20, full if full is not None else DAYS):
            today = (START + timedelta(days=day)).date()
            seen = [p for p in points if p[0].date() < today]
            forecast = disk_forecast(seen, total, today)
            if forecast is not None and forecast.full_on <= today + timedelta(days=args.ahead):
                warned = day
                break
        counts = per_kind[kind]
        if warned is not None and full is not None and full - warned <= args.ahead + 7:
            tp += 1
            counts[0] += 1
            lead.append(full - warned)
        elif warned is not None:
            fp += 1
            counts[1] += 1
        elif full is not None and full >= 20:
            fn += 1
            counts[2] += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    lead.sort()
    print(f"histories={args.histories} ahead={args.ahead} days  seed={args.seed}")
    print(f"precision={precision:.2f} recall={recall:.2f} (tp={tp} fp={fp} fn={fn})")
    if lead:
        print(f"days of warning before full: median {statistics.median(lead):.0f}, "
              f"p10 {lead[len(lead) // 10]}, min {lead[0]}")
    for kind, (k_tp, k_fp, k_fn) in per_kind.items():
        print(f"  {kind:9} tp={k_tp} fp={k_fp} fn={k_fn}")


if __name__ == "__main__":
    main()
