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

from agent_probe import main as cli
from agent_probe.collect import cpu
from agent_probe.report.enrol import ProbeState, save_state
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
