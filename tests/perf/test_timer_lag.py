"""bench/timer_lag.py, the control for the console's lag figure: it runs each configuration and
says how late the ticks came (the numbers are the machine's; only the shape is checked here)."""

from __future__ import annotations

import pytest

from bench import timer_lag


def test_lateness_is_one_figure_per_tick_never_negative() -> None:
    lags = timer_lag.lateness(0.05)
    assert 1 <= len(lags) <= 11 and lags == sorted(lags) and lags[0] >= 0


def test_every_configuration_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    assert timer_lag.main(["--load", "1", "--seconds", "0.05", "--rounds", "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("a 5 ms timer beside 1 spinning processes")
    assert [line.split()[1] for line in out[1:]] == ["no", "python", "c"]
    assert all(line.split("per run: ")[1].count(" / ") == 2 for line in out[1:])  # two runs each: p99 / max
