"""bench/console_bench.py --load N: N processes spin on the CPU while the bench runs, and none is
left behind when it ends (on an error too)."""

from __future__ import annotations

import pytest

from bench.console_bench import spinning


def test_the_spinning_processes_run_during_the_block_and_end_with_it() -> None:
    with spinning(2) as procs:
        assert len(procs) == 2 and all(proc.poll() is None for proc in procs)
    assert all(proc.poll() is not None for proc in procs)


def test_the_spinning_processes_end_when_the_block_fails() -> None:
    with pytest.raises(RuntimeError), spinning(1) as procs:
        raise RuntimeError("the bench failed")
    assert procs[0].poll() is not None


def test_no_load_starts_nothing() -> None:
    with spinning(0) as procs:
        assert procs == []
