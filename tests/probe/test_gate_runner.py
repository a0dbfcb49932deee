"""Accepted requests: JSON results, timeout, output cap, missing programs, and never a shell."""

from __future__ import annotations

import io
import json
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest

from agent_probe.gate import runner
from agent_probe.gate.catalogue import Catalogue, Request, parse_request
from agent_probe.gate.main import run_gate
from agent_probe.gate.runner import run_request
from tests.probe.conftest import TEST_CATALOGUE

# The test catalogue's programs (seq, sleep, env) and SIGKILL are POSIX.
pytestmark = pytest.mark.posix_only


def test_accepted_request_prints_one_json_object(probe_env: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = run_gate(
        {"SSH_ORIGINAL_COMMAND": "echo text=hello"}, out, err, catalogue_path=TEST_CATALOGUE, home=probe_env
    )
    assert code == 0 and err.getvalue() == ""
    result = json.loads(out.getvalue())
    assert set(result) == {
        "id",
        "params",
        "exit_code",
        "stdout",
        "stderr",
        "truncated",
        "timed_out",
        "duration_ms",
        "error",
    }
    assert result["stdout"] == "said:hello\n"
    assert result["exit_code"] == 0 and result["error"] is None


def test_defaults_fill_missing_optional_params(catalogue: Catalogue) -> None:
    assert parse_request("pick", catalogue).params == {"colour": "red"}
    assert run_request(parse_request("count_to", catalogue)).stdout.split() == [str(n) for n in range(1, 11)]


def test_hostname_kind_accepts_names_and_ip_literals(catalogue: Catalogue) -> None:
    for host in ("example.org", "printer-3.office.example.", "192.0.2.7", "2001:db8::1", "localhost"):
        assert parse_request(f"lookup host={host}", catalogue).params["host"] == host


def test_timeout_is_enforced(catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[subprocess.Popen[bytes]] = []
    real_popen = subprocess.Popen

    def popen(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        started.append(real_popen(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(runner.subprocess, "Popen", popen)
    result = run_request(parse_request("sleep seconds=20", catalogue))
    assert result.timed_out is True and result.exit_code is None and result.error == "timeout"
    # Killed at the timeout, not waited for: `sleep 20` finishing on its own would exit with 0.
    [proc] = started
    assert proc.returncode == -signal.SIGKILL


def test_output_cap_is_enforced(catalogue: Catalogue) -> None:
    result = run_request(parse_request("count_to n=100000", catalogue))
    assert result.truncated is True
    assert len(result.stdout.encode()) == 100
    assert result.stdout.startswith("1\n2\n3\n")
    assert result.exit_code == 0  # the program ran to completion; only what we kept was cut


def test_missing_program_is_a_result_not_a_traceback(catalogue: Catalogue) -> None:
    result = run_request(parse_request("missing_program", catalogue))
    assert result.exit_code == 127 and result.error == "not_found"
    assert "helpdesk-no-such-program" in result.stderr


def test_never_a_shell_even_if_a_bad_value_got_past_validation(catalogue: Catalogue, tmp_path: Path) -> None:
    # Bypass parse_request on purpose: even then the runner passes the value as ONE argv element.
    marker = tmp_path / "x"
    diagnostic = catalogue.diagnostics["echo"]
    result = run_request(Request(diagnostic, {"text": f"a;touch {marker}"}))
    assert result.stdout == f"said:a;touch {marker}\n"
    assert not marker.exists()


def test_refused_metacharacters_create_nothing(probe_env: Path, tmp_path: Path) -> None:
    marker = tmp_path / "x"
    out, err = io.StringIO(), io.StringIO()
    code = run_gate(
        {"SSH_ORIGINAL_COMMAND": f"echo text=a;touch{marker}"}, out, err, catalogue_path=TEST_CATALOGUE, home=probe_env
    )
    assert code == 126 and not marker.exists()


def test_child_gets_a_clean_environment(catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    # Nothing from the SSH session (or an attacker-set variable) reaches the diagnostic program.
    monkeypatch.setenv("HELPDESK_SECRET", "leak")
    monkeypatch.setenv("LD_PRELOAD", "/tmp/evil.so")
    result = run_request(parse_request("show_env", catalogue))
    assert "HELPDESK_SECRET" not in result.stdout and "LD_PRELOAD" not in result.stdout
    assert "LC_ALL=C" in result.stdout
