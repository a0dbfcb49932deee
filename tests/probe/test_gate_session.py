"""The gate's session mode: many requests on one channel, each checked and logged as in one-shot mode."""

from __future__ import annotations

import io
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import pytest

from agent_probe.cli import build_parser
from agent_probe.gate.answer import GateLog
from agent_probe.gate.catalogue import EXIT_REFUSED, EXIT_UNKNOWN, SESSION_REQUEST, load_catalogue
from agent_probe.gate.main import run_gate
from agent_probe.gate.session import run_session
from tests.probe.conftest import TEST_CATALOGUE
from tests.probe.sshd import SshServer

SESSION = {"SSH_ORIGINAL_COMMAND": SESSION_REQUEST}

# The test catalogue's programs (seq, sleep, env) are POSIX.
pytestmark = pytest.mark.posix_only


def session(stdin: BinaryIO, home: Path, *, tier: int = 3, idle_seconds: float = 30.0) -> tuple[int, list[Any]]:
    """Run a session in-process; returns the exit code and the answers after the hello line."""
    out, err = io.StringIO(), io.StringIO()
    code = run_gate(SESSION, out, err, tier=tier, catalogue_path=TEST_CATALOGUE, home=home, stdin=stdin,
                    idle_seconds=idle_seconds)
    assert err.getvalue() == ""
    hello, *answers = [json.loads(line) for line in out.getvalue().splitlines()]
    assert hello["session"] == 1 and hello["max_request_length"] == 1024
    return code, answers


def lines(*requests: str) -> BinaryIO:
    return io.BytesIO("".join(f"{request}\n" for request in requests).encode())


def one_shot(command: str, home: Path, *, tier: int = 3) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_gate({"SSH_ORIGINAL_COMMAND": command}, out, err, tier=tier, catalogue_path=TEST_CATALOGUE, home=home)
    return code, out.getvalue(), err.getvalue()


def log_lines(home: Path, outcome: str) -> list[str]:
    return [line for line in (home / "gate.log").read_text(encoding="utf-8").splitlines()
            if line.split(" ")[1] == outcome]


@pytest.fixture
def gate_pipe() -> Iterator[tuple[BinaryIO, BinaryIO]]:
    """stdin as a real pipe that stays open until the test closes its write end."""
    read_fd, write_fd = os.pipe()
    reader, writer = os.fdopen(read_fd, "rb", buffering=0), os.fdopen(write_fd, "wb", buffering=0)
    yield reader, writer
    if not writer.closed:
        writer.close()
    # The gate's stdin thread sees EOF once the write end is closed; let it finish before its fd goes.
    for thread in threading.enumerate():
        if thread.name == "gate-stdin":
            thread.join(timeout=5)
    reader.close()


def test_session_answers_several_requests_in_order(probe_env: Path) -> None:
    code, answers = session(lines("echo text=one", "pick", "catalogue", "echo text=two"), probe_env)
    assert code == 0
    assert [a.get("stdout") for a in answers[:2]] == ["said:one\n", "red\n"]
    assert "echo" in {entry["id"] for entry in answers[2]["diagnostics"]}
    assert answers[3]["stdout"] == "said:two\n" and answers[3]["exit_code"] == 0
    assert len(log_lines(probe_env, "session")) == 1
    assert len(log_lines(probe_env, "accepted")) == 4 and len(log_lines(probe_env, "finished")) == 3
    [end] = log_lines(probe_env, "session_end")
    assert '"requests=4 reason=eof"' in end


def test_session_result_is_the_one_shot_result(probe_env: Path) -> None:
    _code, [answer] = session(lines("echo text=same"), probe_env)
    _status, out, _err = one_shot("echo text=same", probe_env)
    expected = json.loads(out)
    assert {k: v for k, v in answer.items() if k != "duration_ms"} == {
        k: v for k, v in expected.items() if k != "duration_ms"}


def test_refused_request_is_logged_and_the_session_continues(probe_env: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    refused = ["cat /etc/shadow", f"echo text=hi;touch {marker}", "echo text=$(id)", ""]
    code, answers = session(lines(*refused, "echo text=after"), probe_env)
    assert code == 0
    for command, answer in zip(refused, answers[:4], strict=True):
        # The same exit code and message as one-shot mode gives on stderr.
        status, out, err = one_shot(command, probe_env)
        assert out == ""
        assert answer == {"refused": True, "exit_code": status, "message": err.rstrip("\n")}
    assert [a["exit_code"] for a in answers[:4]] == [EXIT_UNKNOWN, EXIT_REFUSED, EXIT_REFUSED, EXIT_REFUSED]
    assert answers[4]["stdout"] == "said:after\n"
    assert not marker.exists()
    assert len(log_lines(probe_env, "refused")) == 2 * len(refused)  # the session's and one_shot's


def test_tier_is_enforced_per_request(probe_env: Path) -> None:
    _code, answers = session(lines("tier3_only", "echo text=hi", "tier3_only"), probe_env, tier=2)
    assert answers[0]["refused"] is True and answers[0]["exit_code"] == EXIT_REFUSED
    assert "tier 3" in answers[0]["message"]
    assert answers[1]["stdout"] == "said:hi\n"
    assert answers[2] == answers[0]
    _code, answers = session(lines("tier3_only"), probe_env, tier=3)
    assert answers[0]["stdout"] == "tier3\n"


def test_overlong_line_is_refused_and_the_session_continues(probe_env: Path) -> None:
    long_line = "echo text=" + "a" * (1024 * 1024)  # a megabyte: refused, never kept whole
    code, answers = session(lines(long_line, "echo text=after"), probe_env)
    assert code == 0
    assert answers[0]["exit_code"] == EXIT_REFUSED and "longer than 1024" in answers[0]["message"]
    assert answers[1]["stdout"] == "said:after\n"
    [refused] = log_lines(probe_env, "refused")
    assert len(refused) < 1200  # the log keeps the first 1024 characters, as for one-shot requests


def test_line_of_exactly_the_limit_is_parsed(probe_env: Path) -> None:
    at_limit = "echo text=" + "a" * (1024 - len("echo text="))
    _code, answers = session(lines(at_limit, at_limit + "a"), probe_env)
    assert "not allowed" in answers[0]["message"]  # parsed: the value is too long for a word
    assert "longer than 1024" in answers[1]["message"]


def test_eof_ends_the_session(probe_env: Path) -> None:
    code, answers = session(io.BytesIO(b""), probe_env)
    assert (code, answers) == (0, [])
    [end] = log_lines(probe_env, "session_end")
    assert '"requests=0 reason=eof"' in end


def test_line_cut_off_by_eof_is_refused_not_run(probe_env: Path) -> None:
    _code, answers = session(io.BytesIO(b"echo text=ok\necho text=cut"), probe_env)
    assert answers[0]["stdout"] == "said:ok\n"
    assert answers[1]["refused"] is True and "cut off" in answers[1]["message"]
    assert len(log_lines(probe_env, "finished")) == 1


def test_idle_timeout_ends_the_session(probe_env: Path, gate_pipe: tuple[BinaryIO, BinaryIO]) -> None:
    stdin, writer = gate_pipe
    writer.write(b"echo text=hi\n")  # then nothing more, and the pipe stays open
    code, answers = session(stdin, probe_env, idle_seconds=0.2)
    assert code == 0 and [a["stdout"] for a in answers] == ["said:hi\n"]
    [end] = log_lines(probe_env, "session_end")
    assert '"requests=1 reason=idle"' in end


def test_request_cap_ends_the_session(probe_env: Path) -> None:
    out = io.StringIO()
    log = GateLog(probe_env / "gate.log", "local")
    code = run_session(load_catalogue(TEST_CATALOGUE), lines("pick", "pick", "pick"), out, log, tier=2,
                       max_requests=2)
    assert code == 0 and len(out.getvalue().splitlines()) == 1 + 2
    [end] = log_lines(probe_env, "session_end")
    assert '"requests=2 reason=limit"' in end


def test_session_with_a_broken_catalogue_is_refused_like_one_shot(probe_env: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("schema_version = 1\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = run_gate(SESSION, out, err, catalogue_path=broken, home=probe_env, stdin=lines("echo text=hi"))
    assert (code, out.getvalue()) == (EXIT_REFUSED, "") and "catalogue is broken" in err.getvalue()


@pytest.mark.parametrize("value", ["0", "-1", "abc", "86401"])
def test_session_idle_option_must_be_a_sane_number(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["ssh-gate", "--session-idle", value])
    assert "seconds" in capsys.readouterr().err


def test_session_idle_option_is_parsed() -> None:
    assert build_parser().parse_args(["ssh-gate", "--tier", "3", "--session-idle", "1.5"]).session_idle == 1.5


@pytest.mark.ssh
def test_session_over_a_real_sshd(sshd_server: SshServer, tmp_path: Path) -> None:
    client = sshd_server.connect(sshd_server.write_known_hosts(tmp_path / "known_hosts"))
    try:
        transport = client.get_transport()
        assert transport is not None
        channel = transport.open_session(timeout=10)
        channel.settimeout(15)
        channel.exec_command(SESSION_REQUEST)
        reader = channel.makefile("rb")
        assert json.loads(reader.readline())["session"] == 1
        answers = []
        for request in ("echo text=one", "cat /etc/shadow", "echo text=two"):
            channel.sendall(request.encode() + b"\n")
            answers.append(json.loads(reader.readline()))
        assert [a.get("stdout") for a in answers] == ["said:one\n", None, "said:two\n"]
        assert answers[1]["exit_code"] == EXIT_UNKNOWN
        channel.shutdown_write()  # EOF on the gate's stdin ends the session
        assert reader.read() == b""
        assert channel.recv_exit_status() == 0
        channel.close()
    finally:
        client.close()
