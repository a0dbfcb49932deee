"""bench/create_profile.py --callgrind reads the instructions of its measured loop from the dump
it asked callgrind for, not from the whole run's file (start-up, warm-up and clean-up included)."""

from __future__ import annotations

from pathlib import Path

from bench import create_profile


def _dump(path: Path, trigger: str, summary: int) -> None:
    path.write_text(f"version: 1\ncreator: callgrind-3.19.0\npid: 42\ncmd: python\npart: 1\n\n"
                    f"desc: Trigger: {trigger}\n\npositions: line\nevents: Ir\nsummary: {summary}\n\n"
                    f"fn=main\n0 {summary}\n")


def test_the_measured_loops_dump_is_the_one_read(tmp_path: Path) -> None:
    _dump(tmp_path / "callgrind.out.42", "Program termination", 9_000_000)
    _dump(tmp_path / "callgrind.out.42.1", f"dump {create_profile.DUMP}", 2_400_000)
    _dump(tmp_path / "callgrind.out.7.1", f"dump {create_profile.DUMP}", 5)  # another process's
    assert create_profile.measured_instructions(tmp_path, 42) == 2_400_000
    assert create_profile.measured_instructions(tmp_path, 8) is None


def test_another_benchs_dump_is_read_by_its_own_trigger(tmp_path: Path) -> None:
    """bench/repaint_profile.py dumps its measured repaints under a trigger of its own."""
    from bench import repaint_profile

    _dump(tmp_path / "callgrind.out.42.1", f"dump {repaint_profile.DUMP}", 380_000_000)
    assert create_profile.measured_instructions(tmp_path, 42) is None
    assert create_profile.measured_instructions(tmp_path, 42, repaint_profile.DUMP) == 380_000_000
