"""The report's snapshot from a worker process (collect/worker.py), and the CPU sample that lets
that worker measure over the whole report interval (collect/cpu_sample.py)."""

from __future__ import annotations

import json
import logging
import ntpath
import os
import sys
from pathlib import Path

import psutil
import pytest

from agent_probe.collect import assemble, cpu_sample, processes, worker
from agent_probe.collect.common import RawJson
from agent_probe.report import cycle
from agent_probe.report.spool import encode
from shared.services.report_schema import validate_report, validate_snapshot

LINUX_TIMES = ("user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal", "guest", "guest_nice")


def times(**values: float) -> dict[str, float]:
    return {name: float(values.get(name, 0.0)) for name in LINUX_TIMES}


def sample(*, taken: float = 100.0, wall: float = 1_000_000.0, boot: float = 500_000.0,
           procs: dict[int, tuple[float, float, float]] | None = None) -> cpu_sample.Sample:
    return cpu_sample.Sample(boot_time=boot, taken=taken, wall=wall, cpu_times=times(user=10, idle=90),
                             processes=procs or {})


# --- the system's CPU percentage: psutil.cpu_percent's definition -----------------------------


def test_system_percent_is_busy_time_over_all_time_as_psutil_counts_it_on_linux() -> None:
    before = times(user=10, system=5, idle=80, iowait=5, guest=2)
    after = times(user=20, system=10, idle=110, iowait=10, guest=4)
    # deltas: user 10, system 5, idle 30, iowait 5, guest 2 (already inside user): total 50, busy 15
    assert cpu_sample.system_percent(before, after, linux=True) == 30.0
    # elsewhere guest is not part of user, and the total keeps it: 52, busy 17
    assert cpu_sample.system_percent(before, after, linux=False) == round(17 / 52 * 100, 1)


def test_system_percent_trims_counters_that_went_backwards_and_survives_an_empty_window() -> None:
    before = times(user=10, idle=100, steal=7)
    after = times(user=20, idle=130, steal=3)  # steal went back (psutil issue 392): counted as 0
    assert cpu_sample.system_percent(before, after, linux=True) == 25.0
    assert cpu_sample.system_percent(before, before, linux=True) == 0.0


def test_system_percent_agrees_with_psutil_on_this_machine() -> None:
    # The same two readings through psutil's own private formula (an oracle, not API we rely on).
    first = psutil.cpu_times()
    second = psutil.cpu_times()._replace(user=first.user + 3.0, idle=first.idle + 9.0, system=first.system + 1.0)
    deltas = psutil._cpu_times_deltas(first, second)  # type: ignore[attr-defined]
    expected = round(psutil._cpu_busy_time(deltas) / psutil._cpu_tot_time(deltas) * 100, 1)  # type: ignore[attr-defined]
    assert cpu_sample.system_percent(first._asdict(), second._asdict()) == expected


# --- a process's CPU percentage over the window --------------------------------------------------


def test_a_process_seen_last_time_is_measured_from_its_own_previous_reading() -> None:
    before = sample(procs={42: (1000.0, 5.0, 95.0)})
    # 3 CPU seconds over 10 s since its last reading: 30 % of one CPU (psutil's Process.cpu_percent)
    assert cpu_sample.process_percent(before, 42, 1000.0, 8.0, 105.0) == 30.0
    # two threads busy the whole time: over 100 %, as in top
    assert cpu_sample.process_percent(before, 42, 1000.0, 25.0, 105.0) == 200.0


def test_a_process_started_since_the_last_report_used_all_its_cpu_inside_the_window() -> None:
    before = sample(taken=100.0, wall=1_000_000.0)
    assert cpu_sample.process_percent(before, 7, 1_000_030.0, 2.5, 110.0) == 25.0
    # the same pid, reused by a new process: not compared with the old one's counters
    reused = sample(taken=100.0, wall=1_000_000.0, procs={7: (999_000.0, 500.0, 99.0)})
    assert cpu_sample.process_percent(reused, 7, 1_000_030.0, 2.5, 110.0) == 25.0


def test_unknown_or_denied_cpu_is_none_never_a_guess() -> None:
    before = sample(wall=1_000_000.0)
    assert cpu_sample.process_percent(before, 9, 900_000.0, 3.0, 110.0) is None  # older, never read
    assert cpu_sample.process_percent(before, 9, 1_000_030.0, None, 110.0) is None  # times denied
    assert cpu_sample.process_percent(before, 9, None, 3.0, 110.0) is None
    stale = sample(taken=200.0, procs={9: (5.0, 1.0, 200.0)})
    assert cpu_sample.process_percent(stale, 9, 5.0, 2.0, 150.0) is None  # clock went back: no window
    assert cpu_sample.process_percent(stale, 9, 5.0, 0.5, 250.0) == 0.0  # counter went back: trimmed


# --- the sample on disk ---------------------------------------------------------------------------


def test_the_sample_survives_the_disk_and_is_ignored_after_a_reboot(tmp_path: Path) -> None:
    path = tmp_path / cpu_sample.FILE
    kept = sample(procs={1: (10.0, 2.5, 99.5), 300: (11.0, 0.0, 99.6)})
    cpu_sample.save(path, kept)
    loaded = cpu_sample.load(path, boot_time=kept.boot_time)
    assert loaded is not None
    assert (loaded.taken, loaded.wall, loaded.cpu_times, loaded.processes) == (
        kept.taken, kept.wall, kept.cpu_times, kept.processes)
    assert cpu_sample.load(path, boot_time=kept.boot_time + 3600) is None  # rebooted since
    assert cpu_sample.load(tmp_path / "missing.json") is None
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize("text", ["", "{", "[]", '{"version": 99}', '{"version": 1, "boot_time": "x"}',
                                  json.dumps({"version": 1, "boot_time": 1, "taken": 1, "wall": 1,
                                              "cpu_times": {}, "processes": {"x": [1, 2, 3]}})])
def test_an_unreadable_sample_is_ignored_with_a_warning(tmp_path: Path, text: str,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / cpu_sample.FILE
    path.write_text(text, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert cpu_sample.load(path, boot_time=1) is None
    assert "ignoring the CPU sample" in caplog.text


def test_collect_since_measures_every_readable_process_and_returns_the_next_sample() -> None:
    before = cpu_sample.take()
    snapshot, after = assemble.collect_since(before)
    assert validate_snapshot(snapshot) == [] and snapshot["errors"] == []
    assert after.boot_time == before.boot_time and after.taken >= before.taken
    assert os.getpid() in after.processes  # this test's own process: readable, so kept for next time
    mine = after.processes[os.getpid()]
    assert mine[1] >= before.processes[os.getpid()][1]
    rows = snapshot["processes"]["top_cpu"] + snapshot["processes"]["top_memory"]
    assert any(row["cpu_percent"] is not None for row in rows)
    assert 0.0 <= snapshot["cpu"]["percent"] <= 100.0


def test_collect_since_a_sample_before_this_process_existed_counts_its_cpu_inside_the_window() -> None:
    now = cpu_sample.take()
    own = now.processes[os.getpid()]
    # The window opened 1,000 s before this process was created: everything it used is inside it.
    early = cpu_sample.Sample(boot_time=now.boot_time, taken=now.taken - 1000.0, wall=own[0] - 1000.0,
                              cpu_times=now.cpu_times, processes={})
    summary, measured = processes.collect_since(early, top_n=500)
    row = next(r for r in summary["top_memory"] if r["pid"] == os.getpid())
    elapsed = measured[os.getpid()][2] - early.taken
    assert row["cpu_percent"] == round(measured[os.getpid()][1] / elapsed * 100, 1)


# --- the worker process and what the resident makes of its answer --------------------------------


def test_the_worker_answers_a_snapshot_and_its_alerts_which_the_server_accepts(tmp_path: Path) -> None:
    first = worker.snapshot_in_worker(tmp_path)
    assert first is not None
    assert isinstance(first.snapshot, RawJson) and isinstance(first.alerts, RawJson)
    assert (tmp_path / cpu_sample.FILE).is_file()  # the next report's window starts here
    second = worker.snapshot_in_worker(tmp_path)
    assert second is not None
    for answer in (first, second):
        assert validate_snapshot(json.loads(answer.snapshot)) == []
        assert len(json.loads(answer.alerts)) == answer.alert_count
    later = cpu_sample.load(tmp_path / cpu_sample.FILE)
    assert later is not None and later.processes


def test_build_report_with_a_home_carries_the_workers_text_and_validates(tmp_path: Path) -> None:
    (tmp_path / "inventory.json").write_text("{}", encoding="utf-8")  # today's inventory: already sent
    body = cycle.build_report(tmp_path)
    assert isinstance(body["snapshot"], RawJson) and isinstance(body["alerts"], RawJson)
    assert "inventory" not in body
    sent = json.loads(encode(body))
    assert validate_report(sent) == []
    assert cycle.alert_count(body["alerts"]) == len(sent["alerts"])


def test_when_the_worker_cannot_answer_the_report_is_collected_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "inventory.json").write_text("{}", encoding="utf-8")
    failing = [sys.executable, "-c", "import sys; sys.stderr.write('helpdesk-probe: ERROR: boom\\n'); sys.exit(3)"]
    monkeypatch.setattr(worker, "helper_command", lambda _args: failing)
    with caplog.at_level(logging.WARNING):
        body = cycle.build_report(tmp_path)
    assert isinstance(body["snapshot"], dict) and not isinstance(body["snapshot"], RawJson)
    assert validate_report(json.loads(encode(body))) == []
    assert "snapshot worker: ERROR: boom" in caplog.text  # its stderr, relayed into this log
    assert "snapshot worker failed (exit 3): collecting in this process" in caplog.text


@pytest.mark.parametrize(
    ("program", "expected"),
    [
        ("import time; time.sleep(60)", "gave no answer in 1 s"),
        ("print('{}'); print('[]'); print('more')", "is not a snapshot"),
        ("print('not json')", "is not a snapshot"),
    ],
)
def test_a_hung_or_garbled_worker_gives_no_answer(tmp_path: Path, program: str, expected: str,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        assert worker.snapshot_in_worker(tmp_path, argv=[sys.executable, "-c", program], timeout=1.0) is None
    assert expected in caplog.text


def test_a_worker_that_cannot_start_gives_no_answer(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        assert worker.snapshot_in_worker(tmp_path, argv=[str(tmp_path / "no-such-python")]) is None
    assert "snapshot worker could not run" in caplog.text


@pytest.mark.parametrize(
    ("data", "count"),
    [
        (b'{"a":1}\n[]\n', 0),
        (b'{"a":{"b":[1,2]}}\n[{"key":"x"},{"key":"y"}]\n', 2),
        (b'{"a":1}\n[]', None),  # cut short: no final line end
        (b'[1]\n[]\n', None),  # the snapshot is not an object
        (b'{"a":1}\n{"key":"x"}\n', None),  # the alerts are not a list
        (b'{"a":1}\n[1]\n', None),  # an alert that is not an object
        (b'{"a":1}\n[]\nextra\n', None),
        (b'{"a":1}\n[]\n\xff\n', None),
        (b"", None),
    ],
)
def test_parse_answer_takes_exactly_a_snapshot_line_and_an_alerts_line(data: bytes, count: int | None) -> None:
    answer = worker.parse_answer(data)
    assert (answer.alert_count if answer is not None else None) == count


def test_more_than_forty_lines_of_worker_stderr_are_summarised(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        worker.relay(("\n".join(f"line {n}" for n in range(45)) + "\n\n").encode())
    assert "snapshot worker: line 39" in caplog.text and "line 40" not in caplog.text
    assert "snapshot worker: ... 5 more lines" in caplog.text


# --- which Python starts the worker and the inventory helper --------------------------------------


def test_under_pywin32s_service_host_helpers_start_with_the_installs_python_exe() -> None:
    host = r"C:\probe\venv\Lib\site-packages\win32\pythonservice.exe"
    venv_python = ntpath.join(r"C:\probe\venv", "Scripts", "python.exe")
    base_python = ntpath.join(r"C:\Python312", "python.exe")
    prefixes = [r"C:\probe\venv", r"C:\Python312"]
    assert worker.helper_python(host, prefixes, path=ntpath.join, exists={venv_python, base_python}.__contains__) \
        == venv_python
    assert worker.helper_python(host, prefixes, path=ntpath.join, exists={base_python}.__contains__) == base_python
    assert worker.helper_python(host.upper(), prefixes, path=ntpath.join, exists=lambda _p: False) is None
    # any other interpreter starts its helpers itself
    other = r"C:\probe\venv\Scripts\python.exe"
    assert worker.helper_python(other, prefixes, path=ntpath.join, exists=lambda _p: False) == other
    assert worker.helper_python("/usr/bin/python3", [], exists=lambda _p: False) == "/usr/bin/python3"


def test_without_a_python_for_helpers_no_worker_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker, "helper_python", lambda *_a, **_k: None)
    assert worker.helper_command(("snapshot",)) is None
    assert worker.snapshot_in_worker(tmp_path) is None
