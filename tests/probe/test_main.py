"""The helpdesk-probe command line: enrol, report, snapshot, keys; user mistakes never show a traceback."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from agent_probe import main as cli
from agent_probe.gate.windows_account import ElevationRequiredError
from agent_probe.report.enrol import ProbeState, load_state, save_state
from agent_probe.report.spool import Spool
from tests.ports import free_port
from tests.probe.conftest import REPO
from tests.probe.httpserver import fake_server

KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl tech@desk"


def enrolled(home: Path, url: str) -> None:
    save_state(home / "state.json", ProbeState(server_url=url, machine_id="m-1", machine_token="tok"))


def test_snapshot_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["snapshot"]) == 0
    assert json.loads(capsys.readouterr().out)["schema_version"] == 1


def test_catalogue_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["catalogue"]) == 0
    assert "echo" in {d["id"] for d in json.loads(capsys.readouterr().out)["diagnostics"]}


@pytest.mark.posix_only  # file modes; Windows gets an ACL (test_acl.py)
def test_enrol_stores_identity_privately(probe_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with fake_server(response={"machine_id": 42, "machine_token": "secret-token"}) as server:
        assert cli.main(["enrol", "--server", server.url, "--token", "admin-issued"]) == 0
    request = server.received[0]
    assert request.path == "/api/v1/probe/enrol"
    assert request.body["enrolment_token"] == "admin-issued"
    assert {"hostname", "os"} <= set(request.body)
    assert "authorization" not in request.headers
    state = load_state(probe_env / "state.json")
    assert state == ProbeState(server_url=server.url, machine_id="42", machine_token="secret-token")
    assert stat.S_IMODE((probe_env / "state.json").stat().st_mode) == 0o600
    assert "Enrolled as machine 42" in capsys.readouterr().out


def test_enrol_twice_needs_force(probe_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    enrolled(probe_env, "http://127.0.0.1:1")
    assert cli.main(["enrol", "--server", "http://127.0.0.1:1", "--token", "t"]) == 1
    assert "already enrolled" in capsys.readouterr().err


def test_enrol_with_bad_token_reports_server_reason(capsys: pytest.CaptureFixture[str]) -> None:
    with fake_server(script=[403]) as server:
        assert cli.main(["enrol", "--server", server.url, "--token", "wrong"]) == 1
    assert "HTTP 403" in capsys.readouterr().err


def test_enrol_with_bad_answer(capsys: pytest.CaptureFixture[str]) -> None:
    with fake_server(response={"machine_id": 1}) as server:
        assert cli.main(["enrol", "--server", server.url, "--token", "t"]) == 1
    assert "machine_token" in capsys.readouterr().err


def test_enrol_with_bad_url(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["enrol", "--server", "ftp://x", "--token", "t"]) == 2
    assert "https://" in capsys.readouterr().err


def test_report_delivers_with_machine_token(probe_env: Path) -> None:
    with fake_server() as server:
        enrolled(probe_env, server.url)
        assert cli.main(["report"]) == 0
    assert server.received[0].headers["authorization"] == "Bearer tok"
    assert server.received[0].path == "/api/v1/probe/report"


def test_report_while_offline_is_spooled(
    probe_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("agent_probe.report.client.time.sleep", lambda _s: None)
    enrolled(probe_env, f"http://127.0.0.1:{free_port()}")
    assert cli.main(["report"]) == cli.EXIT_UNAVAILABLE
    assert len(Spool(probe_env / "spool").pending()) == 1
    assert "kept for later delivery" in capsys.readouterr().out


def test_report_before_enrol_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["report"]) == 1
    assert "not enrolled" in capsys.readouterr().err


def test_corrupt_state_file_is_a_clear_error(probe_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    probe_env.mkdir(parents=True)
    (probe_env / "state.json").write_text("{", encoding="utf-8")
    assert cli.main(["report"]) == 1
    assert "unreadable" in capsys.readouterr().err


def test_run_loop_sends_each_cycle(tmp_path: Path) -> None:
    from agent_probe.report.client import ProbeClient

    cycles: list[int] = []
    with fake_server() as server:
        client = ProbeClient(server.url, token="t")
        cli.run_loop(client, Spool(tmp_path), 0, max_cycles=3, sleep=lambda _s: None, on_cycle=cycles.append)
    assert cycles == [1, 2, 3] and len(server.received) == 3


def test_run_rejects_negative_interval(probe_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    enrolled(probe_env, "http://127.0.0.1:1")
    assert cli.main(["run", "--interval", "-1"]) == 2
    assert "negative" in capsys.readouterr().err


def test_install_key_then_remove(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pub, keys = tmp_path / "tech.pub", tmp_path / "authorized_keys"
    pub.write_text(KEY + "\n")
    assert cli.main(["install-key", str(pub), "--tier", "3", "--authorized-keys", str(keys)]) == 0
    assert cli.main(["install-key", str(pub), "--tier", "3", "--authorized-keys", str(keys)]) == 0
    assert "already installed" in capsys.readouterr().out
    line = keys.read_text().strip()
    assert line.startswith('command="') and "ssh-gate --tier 3" in line and ",restrict ssh-ed25519 " in line
    assert cli.main(["install-key", str(pub), "--remove", "--authorized-keys", str(keys)]) == 0
    assert keys.read_text() == ""


def test_install_key_refuses_key_with_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pub = tmp_path / "tech.pub"
    pub.write_text('command="/bin/sh" ' + KEY)
    assert cli.main(["install-key", str(pub), "--authorized-keys", str(tmp_path / "ak")]) == 1
    assert "options in front" in capsys.readouterr().err
    assert not (tmp_path / "ak").exists()


def test_install_key_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["install-key", str(tmp_path / "nope.pub")]) == 1
    assert "Cannot read" in capsys.readouterr().err


@pytest.mark.posix_only  # runs the test catalogue's Linux argv
def test_console_entry_point_runs_the_gate(probe_env: Path) -> None:
    # The real process, as sshd starts it: the gate must not need anything the tests set up in-process.
    env = {**os.environ, "SSH_ORIGINAL_COMMAND": "echo text=hi", "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-m", "agent_probe.main", "ssh-gate"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["stdout"] == "said:hi\n"


def test_unknown_subcommand_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["frobnicate"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_output_survives_a_cp1252_console(tmp_path: Path) -> None:
    # A Windows console in cp1252 cannot encode "✓" or Greek: the message is escaped, not a traceback.
    pub, keys = tmp_path / "tech.pub", tmp_path / "Γειά ✓" / "authorized_keys"
    pub.write_text(KEY + "\n")
    env = dict(os.environ, PYTHONIOENCODING="cp1252", PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-m", "agent_probe.main", "install-key", str(pub), "--authorized-keys", str(keys)],
        capture_output=True, env=env, cwd=REPO, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"\\u0393\\u03b5\\u03b9\\u03ac \\u2713" in done.stdout


@pytest.mark.parametrize(
    ("failure", "words"),
    [
        (ElevationRequiredError("member of Administrators … Run as administrator"), "Run as administrator"),
        (FileNotFoundError("whoami.exe"), "--authorized-keys"),
    ],
)
def test_install_key_on_windows_explains_what_stops_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], failure: OSError, words: str
) -> None:
    # Windows decides the file by Administrators membership (whoami) and needs elevation for the shared one.
    pub = tmp_path / "tech.pub"
    pub.write_text(KEY + "\n")

    def decide() -> Path:
        raise failure

    monkeypatch.setattr("agent_probe.gate.authorized_keys.default_authorized_keys_path", decide)
    assert cli.main(["install-key", str(pub)]) != 0
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
