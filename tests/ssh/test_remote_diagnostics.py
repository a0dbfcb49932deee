"""Remote diagnostics end to end: console checks → paramiko → real sshd → the gate → the ticket timeline."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from sqlalchemy import select

from agent_probe.gate.catalogue import Catalogue
from shared.auth.permissions import SYSTEM, Actor
from shared.db.database import Database
from shared.errors import PermissionDenied
from shared.i18n import said_text
from shared.models import AuditLog, TimelineEntry
from shared.models.enums import EntryKind
from shared.services import enrolment, machines
from shared.services.diagnostics import DiagnosticRefused
from shared.ssh.client import HostKeyMismatch, SshPool
from shared.ssh.run import run_diagnostic, send_unchecked
from tests import factories as f
from tests.sshd import SshServer, keygen

pytestmark = pytest.mark.ssh


def diagnostic_entries(db: Database, ticket_id: int) -> list[TimelineEntry]:
    with db.uow() as uow:
        return list(uow.session.scalars(select(TimelineEntry).where(
            TimelineEntry.ticket_id == ticket_id, TimelineEntry.kind == EntryKind.DIAGNOSTIC)
            .order_by(TimelineEntry.id)))


def shown(entry: TimelineEntry, language: str | None = None) -> str:
    """What a reader sees: the system's words (stored as message and values) in their language."""
    assert entry.data is not None
    return "\n".join(p for p in (said_text(entry.data, language), entry.body) if p)


def audit_actions(db: Database) -> list[str]:
    with db.uow() as uow:
        return list(uow.session.scalars(select(AuditLog.action).where(AuditLog.action.like("diagnostic.%"))
                                        .order_by(AuditLog.id)))


def test_l2_runs_an_approved_command_and_it_lands_on_the_ticket(
        db: Database, l2: Actor, machine_id: int, pool: SshPool, catalogue: Catalogue) -> None:
    ticket = f.ticket(db, f.user(db), machine_id=machine_id)
    record = run_diagnostic(db, l2, ticket.id, machine_id, "echo", {"text": "hello"}, pool, catalogue=catalogue)
    assert record.outcome.outcome == "completed" and record.outcome.exit_code == 0
    assert record.outcome.stdout == "said:hello\n"
    [entry] = diagnostic_entries(db, ticket.id)
    assert entry.author_id == l2.id and entry.id == record.entry_id
    assert shown(entry).startswith("Budi Technician ran `echo text=hello` on pc-hr-07: exit code 0")
    assert "said:hello" in entry.body  # the machine's output, as it said it
    assert shown(entry, "id").startswith("Budi Technician menjalankan")
    assert entry.data is not None
    assert entry.data["params"] == {"text": "hello"} and entry.data["gate_result"]["id"] == "echo"
    assert audit_actions(db) == ["diagnostic.run"]


def test_second_command_reuses_the_open_connection(
        db: Database, l2: Actor, machine_id: int, pool: SshPool, catalogue: Catalogue) -> None:
    ticket = f.ticket(db, f.user(db))
    first = run_diagnostic(db, l2, ticket.id, machine_id, "echo", {"text": "one"}, pool, catalogue=catalogue)
    second = run_diagnostic(db, l2, ticket.id, machine_id, "pick", {}, pool, catalogue=catalogue)
    assert pool.connects == 1
    assert not first.outcome.reused_connection and second.outcome.reused_connection
    assert second.outcome.stdout == "red\n"  # the catalogue default, filled in by the console
    pool.close()
    third = run_diagnostic(db, l2, ticket.id, machine_id, "echo", {"text": "three"}, pool, catalogue=catalogue)
    assert not third.outcome.reused_connection and pool.connects == 2


def test_l1_is_refused_and_nothing_is_sent(db: Database, machine_id: int, pool: SshPool,
                                           catalogue: Catalogue) -> None:
    l1 = f.agent(db, tier=1)
    ticket = f.ticket(db, f.user(db))
    with pytest.raises(PermissionDenied):
        run_diagnostic(db, l1, ticket.id, machine_id, "echo", {"text": "hi"}, pool, catalogue=catalogue)
    assert pool.connects == 0
    [entry] = diagnostic_entries(db, ticket.id)
    assert "refused by the console" in shown(entry) and entry.data and entry.data["outcome"] == "refused_by_console"
    assert audit_actions(db) == ["diagnostic.refused_by_console"]


def test_unapproved_command_is_refused_by_console_and_by_gate(
        db: Database, l2: Actor, machine_id: int, pool: SshPool, catalogue: Catalogue) -> None:
    ticket = f.ticket(db, f.user(db))
    with pytest.raises(DiagnosticRefused, match="not in the approved catalogue"):
        run_diagnostic(db, l2, ticket.id, machine_id, "cat", {"path": "/etc/shadow"}, pool, catalogue=catalogue)
    assert pool.connects == 0
    record = send_unchecked(db, l2, ticket.id, machine_id, "cat /etc/shadow", pool)
    assert record.outcome.outcome == "refused_by_gate" and record.outcome.ssh_exit_status == 127
    assert "not in the approved catalogue" in record.outcome.message
    assert [e.data["outcome"] for e in diagnostic_entries(db, ticket.id) if e.data] == [
        "refused_by_console", "refused_by_gate"]
    assert audit_actions(db) == ["diagnostic.refused_by_console", "diagnostic.refused_by_gate"]


def test_shell_metacharacters_are_refused_by_console_and_by_gate(
        db: Database, l2: Actor, machine_id: int, pool: SshPool, catalogue: Catalogue, tmp_path: Path) -> None:
    ticket = f.ticket(db, f.user(db))
    marker = tmp_path / "pwned"
    with pytest.raises(DiagnosticRefused, match="shell metacharacters"):
        run_diagnostic(db, l2, ticket.id, machine_id, "echo", {"text": f"hi;touch {marker}"}, pool,
                       catalogue=catalogue)
    assert pool.connects == 0
    record = send_unchecked(db, l2, ticket.id, machine_id, f"echo text=hi;touch {marker}", pool)
    assert record.outcome.outcome == "refused_by_gate" and record.outcome.ssh_exit_status == 126
    assert "shell metacharacters" in record.outcome.message
    assert not marker.exists()
    assert len(diagnostic_entries(db, ticket.id)) == 2


def test_tier_3_diagnostic_is_refused_for_l2_by_console_and_for_a_tier_2_key_by_gate(
        db: Database, l2: Actor, machine_id: int, pool: SshPool, catalogue: Catalogue) -> None:
    ticket = f.ticket(db, f.user(db))
    with pytest.raises(DiagnosticRefused, match="tier 3"):
        run_diagnostic(db, l2, ticket.id, machine_id, "tier3_only", {}, pool, catalogue=catalogue)
    l3 = f.agent(db, tier=3)
    record = run_diagnostic(db, l3, ticket.id, machine_id, "tier3_only", {}, pool, catalogue=catalogue)
    assert record.outcome.outcome == "refused_by_gate"  # the key on the machine was installed --tier 2


def test_wrong_pinned_host_key_is_refused_by_the_client(
        db: Database, l2: Actor, machine_id: int, pool: SshPool, catalogue: Catalogue, gate_server: SshServer,
        tmp_path: Path) -> None:
    _key, impostor = keygen(tmp_path / "impostor", "impostor")
    machines.set_ssh_target(db.uow(), SYSTEM, machine_id, gate_server.host, gate_server.port, gate_server.user,
                            impostor)
    ticket = f.ticket(db, f.user(db))
    with pytest.raises(HostKeyMismatch, match="different SSH host key"):
        run_diagnostic(db, l2, ticket.id, machine_id, "echo", {"text": "hi"}, pool, catalogue=catalogue)
    [entry] = diagnostic_entries(db, ticket.id)
    assert entry.data and entry.data["outcome"] == "failed"
    assert audit_actions(db) == ["diagnostic.failed"]


def test_machine_without_a_pinned_key_is_refused(db: Database, l2: Actor, pool: SshPool,
                                                 catalogue: Catalogue) -> None:
    token = enrolment.issue_enrolment_token(db.uow(), SYSTEM)
    mid, _t = enrolment.enrol(db.uow(), token, "pc-nokey", "Linux 6", None)
    machines.set_ssh_target(db.uow(), SYSTEM, mid, "127.0.0.1", 22, "root", None)
    with pytest.raises(Exception, match="no pinned SSH host key"):
        run_diagnostic(db, l2, None, mid, "echo", {"text": "hi"}, pool, catalogue=catalogue)
    assert pool.connects == 0


def test_idle_connections_are_closed_and_sockets_have_no_nagle(
        db: Database, l2: Actor, machine_id: int, catalogue: Catalogue, pool: SshPool) -> None:
    run_diagnostic(db, l2, None, machine_id, "echo", {"text": "hi"}, pool, catalogue=catalogue)
    [target] = list(pool._conns)
    transport = pool._conns[target].client.get_transport()
    assert transport is not None
    assert transport.sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    assert pool.close_idle() == 0 and pool.is_open(target)
    pool.idle_seconds = 0.0
    assert pool.close_idle() == 1 and not pool.is_open(target)
