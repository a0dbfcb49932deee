"""SshPool's gate sessions against a real sshd: one gate process for many commands, the same outcomes
as one exec per command, the fallback for probes from before sessions, and reopening a dead session."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

from agent_probe.gate.catalogue import Catalogue
from shared.auth.permissions import SYSTEM, Actor
from shared.db.database import Database
from shared.services import enrolment, machines
from shared.services.diagnostics import RunOutcome, SshTarget
from shared.ssh.client import RemoteUnavailable, SshPool
from shared.ssh.run import interpret, run_diagnostic, send_unchecked
from shared.ssh.session import GateSession
from tests import factories as f
from tests.conftest import PATIENCE
from tests.sshd import SshServer, Technician, gate_log_path, legacy_refusals_path, require_sshd, run_gate_sshd

pytestmark = pytest.mark.ssh

IDLE_SECONDS = 0.5


def target(server: SshServer) -> SshTarget:
    return SshTarget(server.host, server.port, server.user, server.host_public_key)


def gate_log_count(server: SshServer, outcome: str) -> int:
    path = gate_log_path(server)
    if not path.exists():
        return 0
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.split(" ")[1] == outcome)


def wait_for(condition: Callable[[], bool], timeout: float = PATIENCE) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


def comparable(outcome: RunOutcome) -> tuple[object, ...]:
    """What the ticket timeline and the audit record show, minus timings and connection reuse."""
    gate = {k: v for k, v in (outcome.gate_result or {}).items() if k != "duration_ms"}
    return (outcome.outcome, outcome.command, outcome.exit_code, outcome.stdout, outcome.stderr, outcome.message,
            outcome.truncated, outcome.timed_out, outcome.ssh_exit_status, gate)


@pytest.fixture(scope="module")
def legacy_server(tmp_path_factory: pytest.TempPathFactory, technician_key: Technician) -> Iterator[SshServer]:
    """A machine whose probe predates sessions: its gate refuses the session request (exit 127)."""
    require_sshd()
    with run_gate_sshd(tmp_path_factory.mktemp("legacy"), [(technician_key.public_key, 2)],
                       refuse_sessions=127) as server:
        yield server


@pytest.fixture(scope="module")
def crashing_server(tmp_path_factory: pytest.TempPathFactory, technician_key: Technician) -> Iterator[SshServer]:
    """A gate that fails as it starts a session (exit 1), while its one-shot mode works."""
    require_sshd()
    with run_gate_sshd(tmp_path_factory.mktemp("crashing"), [(technician_key.public_key, 2)],
                       refuse_sessions=1) as server:
        yield server


@pytest.fixture(scope="module")
def idle_server(tmp_path_factory: pytest.TempPathFactory, technician_key: Technician) -> Iterator[SshServer]:
    """A gate that ends a session after IDLE_SECONDS without a request."""
    require_sshd()
    with run_gate_sshd(tmp_path_factory.mktemp("idle"), [(technician_key.public_key, 2)],
                       gate_args=["--session-idle", str(IDLE_SECONDS)]) as server:
        yield server


def test_pool_runs_many_commands_through_one_gate_session(
        db: Database, l2: Actor, machine_id: int, pool: SshPool, gate_server: SshServer,
        catalogue: Catalogue) -> None:
    sessions_before = gate_log_count(gate_server, "session")
    accepted_before = gate_log_count(gate_server, "accepted")
    ticket = f.ticket(db, f.user(db), machine_id=machine_id)
    records = [run_diagnostic(db, l2, ticket.id, machine_id, "echo", {"text": f"n{i}"}, pool,
                              catalogue=catalogue) for i in range(5)]
    assert [r.outcome.stdout for r in records] == [f"said:n{i}\n" for i in range(5)]
    assert [r.outcome.reused_connection for r in records] == [False, True, True, True, True]
    assert pool.connects == 1 and pool.sessions == 1
    assert gate_log_count(gate_server, "session") == sessions_before + 1  # the gate was started once
    assert gate_log_count(gate_server, "accepted") == accepted_before + 5


def test_session_outcomes_are_the_exec_outcomes(technician_key: Technician, gate_server: SshServer) -> None:
    commands = [
        "echo text=hello",
        "pick colour=green",
        "count_to n=1000",  # truncated by the gate's output cap
        "missing_program",  # the program cannot start: completed, with the gate's error
        "cat /etc/shadow",  # 127
        "echo text=hi;reboot",  # 126
        "tier3_only",  # 126 for this tier-2 key
        "",  # empty request
        "echo text=" + "a" * 2000,  # over-long line
        "echo text=hi\nid",  # a line break: sent by exec even in session mode, refused alike
    ]
    with SshPool(technician_key.key_path) as sessions, \
            SshPool(technician_key.key_path, use_sessions=False) as execs:
        for command in commands:
            in_session = interpret(command, sessions.run(target(gate_server), command, timeout=30))
            by_exec = interpret(command, execs.run(target(gate_server), command, timeout=30))
            assert comparable(in_session) == comparable(by_exec), command
        assert sessions.sessions == 1 and execs.sessions == 0
        assert sessions.connects == execs.connects == 1


def test_falls_back_to_exec_when_the_gate_refuses_sessions(
        db: Database, l2: Actor, pool: SshPool, legacy_server: SshServer, catalogue: Catalogue) -> None:
    token = enrolment.issue_enrolment_token(db.uow(), SYSTEM)
    mid, _t = enrolment.enrol(db.uow(), token, "pc-old-probe", "Linux 6.1", legacy_server.host_public_key)
    machines.set_ssh_target(db.uow(), SYSTEM, mid, legacy_server.host, legacy_server.port, legacy_server.user, None)
    ticket = f.ticket(db, f.user(db), machine_id=mid)
    records = [run_diagnostic(db, l2, ticket.id, mid, "echo", {"text": f"old{i}"}, pool, catalogue=catalogue)
               for i in range(3)]
    assert [(r.outcome.outcome, r.outcome.stdout) for r in records] == [
        ("completed", f"said:old{i}\n") for i in range(3)]
    refused = send_unchecked(db, l2, ticket.id, mid, "cat /etc/shadow", pool).outcome
    assert refused.outcome == "refused_by_gate" and refused.ssh_exit_status == 127
    assert "not in the approved catalogue" in refused.message
    assert pool.connects == 1 and pool.sessions == 0
    # Asked once on this connection, then remembered: every command went by exec.
    assert legacy_refusals_path(legacy_server).read_text(encoding="utf-8").splitlines() == ["refused"]
    assert gate_log_count(legacy_server, "session") == 0
    assert gate_log_count(legacy_server, "accepted") >= 3


def test_gate_failing_to_start_a_session_is_asked_again_next_time(
        technician_key: Technician, crashing_server: SshServer) -> None:
    with SshPool(technician_key.key_path) as pool:
        for word in ("a", "b", "c"):
            result = pool.run(target(crashing_server), f"echo text={word}", timeout=30)
            assert interpret("echo", result).stdout == f"said:{word}\n"  # by exec, as before sessions
        assert pool.connects == 1 and pool.sessions == 0
    # Not an older probe (exit 1, not 126/127): not remembered, so a repaired gate gets sessions back.
    assert len(legacy_refusals_path(crashing_server).read_text(encoding="utf-8").splitlines()) == 3


def _wait_until_its_gate_idled_out(pool: SshPool, server: SshServer) -> None:
    """Until this pool's session has ended (its channel saw the gate exit). The gate log's count of
    ended sessions also counts the previous test's, which ends when its gate notices the close: a
    CI run read that one as this one's and sent into a session still open."""
    session = pool._conns[target(server)].session
    assert session is not None
    wait_for(lambda: not session.usable)


def test_session_reopens_after_the_gate_idled_out(technician_key: Technician, idle_server: SshServer) -> None:
    with SshPool(technician_key.key_path) as pool:
        first = pool.run(target(idle_server), "echo text=before", timeout=30)
        assert interpret("echo text=before", first).stdout == "said:before\n"
        _wait_until_its_gate_idled_out(pool, idle_server)
        second = pool.run(target(idle_server), "echo text=after", timeout=30)
        assert interpret("echo text=after", second).stdout == "said:after\n"
        assert second.reused
        assert pool.connects == 1 and pool.sessions == 2


def test_session_reopens_when_it_ended_unnoticed(
        technician_key: Technician, idle_server: SshServer, monkeypatch: pytest.MonkeyPatch) -> None:
    with SshPool(technician_key.key_path) as pool:
        pool.run(target(idle_server), "echo text=before", timeout=30)
        _wait_until_its_gate_idled_out(pool, idle_server)
        # As if the gate's exit crossed our request on the wire: the pool sends into the ended session.
        monkeypatch.setattr(GateSession, "usable", property(lambda _self: True))
        again = pool.run(target(idle_server), "echo text=again", timeout=30)
        assert interpret("echo text=again", again).stdout == "said:again\n"
        assert pool.connects == 1 and pool.sessions == 2


def test_new_connection_and_session_after_the_connection_died(
        technician_key: Technician, gate_server: SshServer) -> None:
    with SshPool(technician_key.key_path) as pool:
        pool.run(target(gate_server), "echo text=one", timeout=30)
        transport = pool._conns[target(gate_server)].client.get_transport()
        assert transport is not None
        transport.close()  # the machine rebooted
        result = pool.run(target(gate_server), "echo text=two", timeout=30)
        assert interpret("echo text=two", result).stdout == "said:two\n" and not result.reused
        assert pool.connects == 2 and pool.sessions == 2


def test_timed_out_session_is_not_reused(technician_key: Technician, gate_server: SshServer) -> None:
    with SshPool(technician_key.key_path) as pool:
        pool.run(target(gate_server), "echo text=first", timeout=30)  # the session is open
        with pytest.raises(RemoteUnavailable, match="did not answer"):
            pool.run(target(gate_server), "sleep seconds=3", timeout=0.2)
        # The gate answers the sleep late (its own 0.5 s timeout); that answer must not be taken for this one.
        result = pool.run(target(gate_server), "echo text=next", timeout=30)
        assert interpret("echo text=next", result).stdout == "said:next\n"
        assert pool.connects == 1 and pool.sessions == 2


def test_pool_without_sessions_runs_one_exec_per_command(technician_key: Technician,
                                                         gate_server: SshServer) -> None:
    sessions_before = gate_log_count(gate_server, "session")
    with SshPool(technician_key.key_path, use_sessions=False) as pool:
        for word in ("a", "b"):
            assert interpret("echo", pool.run(target(gate_server), f"echo text={word}", timeout=30)).stdout == \
                f"said:{word}\n"
        assert pool.sessions == 0
    assert gate_log_count(gate_server, "session") == sessions_before
