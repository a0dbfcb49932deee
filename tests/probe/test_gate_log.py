"""gate.log rotation with several gate processes writing at once: no line is lost."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from agent_probe.gate.answer import GateLog
from tests.probe.conftest import REPO

WRITERS, LINES = 4, 250
# Each line is ~110 bytes: 1,000 lines are ~110 kB, so a 64 kB limit rotates once (a second
# rotation would drop the first generation by design: one old generation is kept).
MAX_BYTES = 64 * 1024

WRITER = """
import sys, time
from pathlib import Path

import pytest
from agent_probe.gate.answer import GateLog
log = GateLog(Path(sys.argv[1]), f"writer{sys.argv[2]}", max_bytes=int(sys.argv[3]))
Path(sys.argv[4]).touch()
while not Path(sys.argv[5]).exists():  # start together, for as much overlap as possible
    time.sleep(0.001)
for n in range(int(sys.argv[6])):
    log.write("accepted", f"line {sys.argv[2]}-{n}", "")
"""


def test_concurrent_writers_lose_no_line_across_rotation(tmp_path: Path) -> None:
    log_path, go = tmp_path / "home" / "gate.log", tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(log_path), str(w), str(MAX_BYTES), str(tmp_path / f"ready{w}"),
             str(go), str(LINES)],
            cwd=REPO,
        )
        for w in range(WRITERS)
    ]
    try:
        while not all((tmp_path / f"ready{w}").exists() for w in range(WRITERS)):
            time.sleep(0.001)
        go.touch()
        assert [proc.wait(timeout=120) for proc in procs] == [0] * WRITERS
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()  # our own child, by its handle
    rotated = log_path.with_suffix(".log.1")
    assert rotated.exists(), "the test must cross a rotation"
    lines = (rotated.read_text(encoding="utf-8") + log_path.read_text(encoding="utf-8")).splitlines()
    requests = [line.split("request=")[1].split('"')[1] for line in lines]
    assert sorted(requests) == sorted(f"line {w}-{n}" for w in range(WRITERS) for n in range(LINES))
    assert all(line.count(" accepted from=writer") == 1 for line in lines)  # no interleaved halves


def test_rotation_keeps_one_old_generation(tmp_path: Path) -> None:
    log = GateLog(tmp_path / "gate.log", "local", max_bytes=200)
    for n in range(10):
        log.write("accepted", f"req {n}", "")
    assert (tmp_path / "gate.log.1").exists()
    assert (tmp_path / "gate.log").stat().st_size <= 200 + 120


def test_a_log_held_open_elsewhere_on_windows_keeps_the_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Windows refuses to rename a file another process (an editor, a backup tool) holds open:
    # the line goes into the current log instead of being lost with the failed rotation.
    log = GateLog(tmp_path / "gate.log", "local", max_bytes=10)
    log.write("accepted", "first", "")

    def held_open(source: object, target: object) -> None:
        raise PermissionError(32, "The process cannot access the file because it is being used by another process")

    monkeypatch.setattr("agent_probe.gate.answer.os.replace", held_open)
    log.write("accepted", "second", "")
    lines = (tmp_path / "gate.log").read_text(encoding="utf-8").splitlines()
    assert [line.split("request=")[1].split('"')[1] for line in lines] == ["first", "second"]
    assert "cannot rotate gate log" in capsys.readouterr().err
