"""The benchmarks' clock: the "now" the generated data was made for (bench/data.py).

Its own module so that a timed child (bench/console_bench.py's cold start) reads it without
importing the data generator, which loads the seeding and report-rebuild services the console
itself does not."""

from __future__ import annotations

from datetime import UTC, datetime

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Monday 09:00 in Jakarta
