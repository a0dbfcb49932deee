"""What a reporting probe process loads: each module kept out here is memory the resident probe does
not hold for weeks (bench/probe_footprint.py measures the RSS; these tests keep the causes out).

Each test runs `helpdesk-probe report` (the same start-up and cycle as `run`, once) in a fresh
interpreter against a fake server in this process, then lists what it imported."""

from __future__ import annotations

import argparse
import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agent_probe import cli
from agent_probe import main as entry
from agent_probe.collect import cpu, worker
from agent_probe.report.enrol import ProbeState, save_state
from agent_probe.service import launch
from shared.services.report_schema import validate_report
from tests.probe.conftest import REPO
from tests.probe.httpserver import fake_server
from tests.probe.tls import Authority, tls_server

# ssl: OpenSSL, ~5.5 MB with a context; random: 0.2 MB for one jitter draw; encodings.idna,
# stringprep, unicodedata: 0.2 MB to "encode" an ASCII host name; shutil (zlib, bz2, lzma): 0.5 MB,
# which argparse's default help formatter imports to learn the terminal width.
WATCHED = ("ssl", "random", "encodings.idna", "stringprep", "unicodedata", "shutil", "zlib", "bz2", "lzma")

REPORT_ONCE = (
    "import sys\n"
    "from agent_probe.main import main\n"
    "code = main(['report'])\n"
    f"print(code, sorted(name for name in {WATCHED!r} if name in sys.modules))\n"
)


def report_in_fresh_process(home: Path, state: ProbeState) -> tuple[int, list[str]]:
    save_state(home / "state.json", state)
    env = {**os.environ, "PYTHONPATH": str(REPO), "HELPDESK_PROBE_HOME": str(home)}
    proc = subprocess.run(
        [sys.executable, "-c", REPORT_ONCE], env=env, cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    code, loaded = proc.stdout.strip().splitlines()[-1].split(" ", 1)  # after "Report delivered"
    return int(code), ast.literal_eval(loaded)


def test_plain_http_to_loopback_never_loads_ssl(probe_env: Path) -> None:
    with fake_server() as server:
        code, loaded = report_in_fresh_process(probe_env, ProbeState(server.url, "m-1", "tok"))
    assert code == 0 and len(server.received) == 1
    assert loaded == []


def test_https_loads_ssl_and_nothing_else_watched(probe_env: Path, tmp_path: Path) -> None:
    ca = Authority(tmp_path, "lean test CA")
    with tls_server(*ca.issue("127.0.0.1")) as server:
        code, loaded = report_in_fresh_process(probe_env, ProbeState(server.url, "m-1", "tok", str(ca.pem)))
    assert code == 0 and len(server.received) == 1
    assert loaded == ["ssl"]


# What the lean `run` entry point keeps out of the resident process (agent_probe/main.py): argparse
# (0.4 MB, with textwrap), logging (1.1 MB with traceback, linecache, tokenize, string), gettext
# (until a message is formatted) and typing (0.4 MB: the snapshot schema's TypedDicts and the
# NamedTuples are for the type checker only there). The one-shot commands above still use them.
LEAN_RUN_SKIPS = (
    "site",  # started as the service starts it: python -I -S and a bootstrap (service/launch.py)
    "argparse", "textwrap", "logging", "traceback", "linecache", "tokenize", "string", "gettext", "typing",
    "agent_probe.collect.snapshot",
    # the daily inventory runs in a helper process (collect_in_helper): its collectors stay out
    "agent_probe.collect.software", "agent_probe.collect.hardware", "agent_probe.collect.disk_health",
    # and each report's snapshot in a worker (collect/worker.py): psutil, the collectors, the health
    # rules and datetime stay out too (about 5 MB of the resident budget)
    "psutil", "agent_probe.collect.assemble", "agent_probe.collect.cpu_sample", "agent_probe.health", "datetime",
)

# `helpdesk-probe run --interval 0` as the systemd unit starts it (`python -I -S`, the bootstrap's
# sys.path, argv below), stopped after two report cycles by wrapping run_loop the way
# bench/probe_footprint.py does.
RUN_TWICE = (
    "import sys\n"
    "import agent_probe.main as entry\n"
    "real_run_loop = entry.run_loop\n"
    "def two_cycles(client, spool, interval, **kw):\n"
    "    real_run_loop(client, spool, interval, max_cycles=2, **kw)\n"
    "entry.run_loop = two_cycles\n"
    "code = entry.main(sys.argv[1:])\n"
    f"print(code, sorted(name for name in {(*LEAN_RUN_SKIPS, 'ssl')!r} if name in sys.modules))\n"
)


def run_twice_in_fresh_process(home: Path, state: ProbeState, *argv: str) -> tuple[int, list[str], str]:
    save_state(home / "state.json", state)
    env = {**os.environ, "HELPDESK_PROBE_HOME": str(home)}
    code = launch.path_setup(launch.import_dirs()) + "\n" + RUN_TWICE
    proc = subprocess.run(
        [sys.executable, *launch.ISOLATED, "-c", code, *argv],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    code, loaded = proc.stdout.strip().splitlines()[-1].split(" ", 1)
    return int(code), ast.literal_eval(loaded), proc.stderr


@pytest.mark.parametrize("argv", [("run", "--interval", "0"), ("run", "--interval=0")])
def test_resident_run_over_https_imports_no_argparse_logging_or_gettext(
    probe_env: Path, tmp_path: Path, argv: tuple[str, ...]
) -> None:
    ca = Authority(tmp_path, "lean run CA")
    with tls_server(*ca.issue("127.0.0.1")) as server:
        state = ProbeState(server.url, "m-1", "tok", str(ca.pem))
        code, loaded, stderr = run_twice_in_fresh_process(probe_env, state, *argv)
    assert code == 0 and len(server.received) == 2
    assert server.received[1].headers["authorization"] == "Bearer tok"
    assert server.received[0].body["inventory"]["software"]  # the day's first report, from the helper
    assert "inventory" not in server.received[1].body
    # both snapshots came from the worker, the second measured against the first one's CPU sample
    assert (probe_env / "cpu-sample.json").is_file()
    assert all(validate_report(request.body) == [] for request in server.received)
    assert [name for name in loaded if name in LEAN_RUN_SKIPS] == []
    assert "ssl" in loaded  # TLS stays in the resident process
    assert stderr == ""


def test_resident_run_with_verbose_takes_the_full_command_line(probe_env: Path) -> None:
    # -v is for an admin debugging by hand: argparse and logging are fine there, and DEBUG shows.
    with fake_server() as server:
        code, loaded, stderr = run_twice_in_fresh_process(
            probe_env, ProbeState(server.url, "m-1", "tok"), "-v", "run", "--interval", "0"
        )
    assert code == 0 and len(server.received) == 2
    assert {"argparse", "logging"} <= set(loaded)
    assert "helpdesk-probe: INFO: report delivered (" in stderr


@pytest.mark.parametrize(
    ("argv", "interval"),
    [
        (["run"], 900.0),
        (["run", "--interval", "60"], 60.0),
        (["run", "--interval=2.5"], 2.5),
        (["run", "--interval", "-1"], -1.0),  # refused by run_resident, with cli.py's message
        (["-v", "run"], None),
        (["run", "--help"], None),
        (["run", "--interval", "soon"], None),  # argparse explains the mistake
        (["run", "--int", "5"], None),  # argparse's abbreviation
        (["run", "--interval", "5", "--interval", "6"], None),
        (["report"], None),
        ([], None),
    ],
)
def test_only_plain_run_command_lines_take_the_lean_path(argv: list[str], interval: float | None) -> None:
    assert entry.resident_interval(argv) == interval


def test_lean_run_refuses_a_negative_interval_like_the_full_command_line(
    probe_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save_state(probe_env / "state.json", ProbeState("http://127.0.0.1:1", "m-1", "tok"))
    assert entry.main(["run", "--interval", "-1"]) == cli.main(["run", "--interval", "-1"]) == 2
    lean, full = capsys.readouterr().err.splitlines()
    assert lean == full == "helpdesk-probe: --interval must not be negative"


def test_lean_run_explains_a_missing_enrolment(probe_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert entry.main(["run"]) == 1
    assert "not enrolled" in capsys.readouterr().err


def test_help_is_formatted_as_argparse_would(monkeypatch: pytest.MonkeyPatch) -> None:
    # The probe's formatter only avoids shutil; the width rule ($COLUMNS, terminal, 80) is the same.
    for columns in ("50", "120"):
        monkeypatch.setenv("COLUMNS", columns)
        ours = cli.build_parser()
        monkeypatch.setattr(cli, "_Parser", argparse.ArgumentParser)
        theirs = cli.build_parser()
        monkeypatch.undo()
        assert ours.format_help() == theirs.format_help()
        for name in ("run", "enrol"):
            assert _subparser(ours, name).format_help() == _subparser(theirs, name).format_help()


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    sub = action.choices[name]
    assert isinstance(sub, argparse.ArgumentParser)
    return sub


def test_load_average_is_not_asked_on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    # psutil emulates it on Windows with a sampler the first call starts for good; the probe
    # reports None there anyway.
    def fail() -> tuple[float, float, float]:
        raise AssertionError("getloadavg called on Windows")

    monkeypatch.setattr(cpu, "_model", lambda: "cpu")  # keep platform's caches out of the pretence
    monkeypatch.setattr(cpu.sys, "platform", "win32")
    monkeypatch.setattr(cpu.psutil, "getloadavg", fail)
    assert cpu.collect()["load_average"] is None


def test_default_jitter_is_a_uniform_fraction() -> None:
    from agent_probe.report.client import ProbeClient

    draws = [ProbeClient("http://127.0.0.1:1").rng() for _ in range(2000)]
    assert all(0.0 <= draw < 1.0 for draw in draws)
    assert len(set(draws)) > 1990  # not a constant, not a coarse grid
    assert min(draws) < 0.1 and max(draws) > 0.9


def test_the_snapshot_worker_takes_the_lean_path_too(tmp_path: Path) -> None:
    # The resident starts it every cycle on every machine: no argparse or logging (a fifth of its CPU).
    program = (launch.path_setup(launch.import_dirs()) + "\nfrom agent_probe.main import main\n"
               "code = main(sys.argv[1:])\n"
               "print(code, sorted(name for name in ('argparse', 'logging', 'typing') if name in sys.modules))\n")
    proc = subprocess.run(
        [sys.executable, *launch.ISOLATED, "-c", program, "snapshot", "--for-report", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    snapshot, alerts, status = proc.stdout.splitlines()
    assert status == "0 []"
    assert worker.parse_answer(f"{snapshot}\n{alerts}\n".encode()) is not None
    assert (tmp_path / "cpu-sample.json").is_file()
