"""The machines service below the HTTP edge: tokens, re-enrolment, alert-ticket rules, permissions."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.errors import AuthenticationFailed, PermissionDenied, ValidationFailed
from shared.i18n import is_said, said_text
from shared.models import AuditLog, EnrolmentToken, Machine, ProbeReport, Ticket, TimelineEntry
from shared.models.enums import EntryKind, Role
from shared.services import alerts, enrolment, machines, workflow
from tests import factories as f
from tests.http.reports import report

KEY_A = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"


@pytest.fixture(autouse=True)
def _defaults(db: Database) -> None:
    f.defaults(db)


def enrolled(db: Database, hostname: str = "pc-1", owner_id: int | None = None) -> tuple[int, str]:
    token = enrolment.issue_enrolment_token(db.uow(), SYSTEM, owner_id=owner_id)
    return enrolment.enrol(db.uow(), token, hostname, "Linux 6.1", KEY_A)


def notes(db: Database, ticket_id: int) -> list[str]:
    with db.uow() as uow:
        entries = uow.session.scalars(select(TimelineEntry).where(
            TimelineEntry.ticket_id == ticket_id, TimelineEntry.kind == EntryKind.NOTE).order_by(TimelineEntry.id))
        # System notes are stored as message and values, rendered in the reader's language.
        return [said_text(e.data) if is_said(e.data) else e.body for e in entries]


def test_only_hashes_are_stored_and_the_token_works_once(db: Database) -> None:
    token = enrolment.issue_enrolment_token(db.uow(), SYSTEM)
    mid, machine_token = enrolment.enrol(db.uow(), token, "pc-1", "Linux 6.1", None)
    with db.uow() as uow:
        stored = uow.session.scalars(select(EnrolmentToken.token_hash)).one()
        machine = uow.session.get(Machine, mid)
        assert machine is not None
        assert token not in stored and machine.token_hash != machine_token and len(stored) == 64
    assert enrolment.machine_for_token(db.uow(), machine_token) == mid
    with pytest.raises(AuthenticationFailed):
        enrolment.enrol(db.uow(), token, "pc-2", "Linux", None)
    with db.uow() as uow:
        assert uow.session.scalars(select(AuditLog.detail).where(
            AuditLog.action == "machine.enrol_refused")).one()["reason"] == "used"


def test_reenrolling_a_hostname_updates_that_machine(db: Database) -> None:
    mid, old_token = enrolled(db)
    again, new_token = enrolled(db)
    assert again == mid
    with pytest.raises(AuthenticationFailed):
        enrolment.machine_for_token(db.uow(), old_token)
    assert enrolment.machine_for_token(db.uow(), new_token) == mid


def test_requesters_and_l1_cannot_issue_tokens(db: Database) -> None:
    for actor in (f.user(db), f.agent(db, tier=1)):
        with pytest.raises(PermissionDenied):
            enrolment.issue_enrolment_token(db.uow(), actor)
    with pytest.raises(PermissionDenied):
        machines.list_machines(db.uow(), f.user(db))
    assert machines.list_machines(db.uow(), f.agent(db, tier=1)) == []


def test_malformed_report_lists_problems_and_writes_nothing(db: Database) -> None:
    mid, _t = enrolled(db)
    body = report(full_disk=True)
    del body["snapshot"]["memory"]
    body["alerts"][0]["severity"] = "apocalyptic"
    with pytest.raises(ValidationFailed) as err:
        alerts.ingest_report(db.uow(), mid, body)
    assert "memory: missing" in err.value.message and "severity" in err.value.message
    assert machines.get_machine(db.uow(), SYSTEM, mid).snapshot is None


def test_severity_change_is_noted_and_a_resolved_alert_opens_a_new_ticket(db: Database) -> None:
    owner = f.user(db, Role.REQUESTER)
    mid, _t = enrolled(db, owner_id=owner.id)
    body = report(full_disk=True)
    alerts.ingest_report(db.uow(), mid, body)
    body = report(full_disk=True)
    body["alerts"][0]["severity"] = "critical"
    result = alerts.ingest_report(db.uow(), mid, body)
    [ticket_id] = result.noted
    assert notes(db, ticket_id)[0].startswith("Severity changed from warning to critical")
    with db.uow() as uow:
        ticket = uow.session.get(Ticket, ticket_id)
        assert ticket is not None and ticket.requester_id == owner.id  # the owner, not the service account
    workflow.resolve(db.uow(), f.agent(db), ticket_id, "Cleaned up /srv/full")
    alerts.ingest_report(db.uow(), mid, report())
    reopened = alerts.ingest_report(db.uow(), mid, report(full_disk=True))
    assert len(reopened.opened) == 1 and reopened.opened[0] != ticket_id


def test_a_late_replay_does_not_overwrite_a_newer_snapshot(db: Database) -> None:
    mid, _t = enrolled(db)
    newer, older = report(), report(full_disk=True)
    newer["snapshot"]["collected_at"] = "2026-03-02T03:00:00+00:00"
    older["snapshot"]["collected_at"] = "2026-03-02T02:00:00+00:00"
    alerts.ingest_report(db.uow(), mid, newer)
    result = alerts.ingest_report(db.uow(), mid, older)
    assert not result.duplicate and result.opened == ()
    view = machines.get_machine(db.uow(), SYSTEM, mid)
    assert view.snapshot is not None and view.snapshot["collected_at"] == "2026-03-02T03:00:00+00:00"
    with db.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Ticket)) == 0


def test_very_long_alert_keys_are_shortened_stably(db: Database) -> None:
    mid, _t = enrolled(db)
    for _ in range(2):
        body = report(full_disk=True)
        body["alerts"][0]["key"] = "disk_full:/" + "deep/" * 60
        alerts.ingest_report(db.uow(), mid, body)
    with db.uow() as uow:
        [key] = uow.session.scalars(select(Ticket.alert_key)).all()
    assert key is not None and len(key) == alerts.ALERT_KEY_MAX


def test_ssh_target_needs_enrol_permission_and_a_sane_port(db: Database) -> None:
    mid, _t = enrolled(db)
    with pytest.raises(PermissionDenied):
        machines.set_ssh_target(db.uow(), f.agent(db, tier=2), mid, "10.0.0.5", 22, "helpdesk", None)
    with pytest.raises(ValidationFailed):
        machines.set_ssh_target(db.uow(), SYSTEM, mid, "10.0.0.5", 70000, "helpdesk", None)
    view = machines.set_ssh_target(db.uow(), SYSTEM, mid, "10.0.0.5", 2222, "helpdesk", None)
    assert (view.ssh_host, view.ssh_port, view.ssh_host_key) == ("10.0.0.5", 2222, KEY_A)


def test_a_replayed_report_counts_once_and_old_ids_are_pruned(db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    mid, _token = enrolled(db)
    body = report(full_disk=True)
    first = alerts.ingest_report(db.uow(), mid, body)
    assert not first.duplicate and len(first.opened) == 1
    assert alerts.ingest_report(db.uow(), mid, body).duplicate
    clock.advance(days=alerts.REPORT_ID_DAYS + 1)
    later = dict(report(full_disk=True), report_id="e" * 32)
    assert not alerts.ingest_report(db.uow(), mid, later).duplicate
    with db.uow() as uow:
        kept = list(uow.session.scalars(select(ProbeReport.report_id)))
        assert kept == ["e" * 32]
        assert uow.session.scalar(select(func.count()).select_from(Ticket)) == 1


@pytest.mark.usefixtures("committed_db")  # the group-commit writer thread commits
def test_reports_of_many_machines_share_one_transaction(db: Database) -> None:
    """The server's group commit: one batch, each report's own result, a replay inside the same
    batch is caught (the batch applies each machine's reports in order, so the second delivery
    finds the first)."""
    from shared.services.group_commit import GroupCommit

    (a, _ta), (b, _tb) = enrolled(db, "pc-a"), enrolled(db, "pc-b")
    first, second = report(full_disk=True), report()
    results = alerts.ingest_many(db.uow(), [(b, second), (a, first)])
    assert [r.duplicate for r in results] == [False, False]
    assert len(results[1].opened) == 1 and results[0].opened == ()  # only pc-a's disk is full
    with db.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Machine).where(
            Machine.snapshot_at.is_not(None))) == 2

    writer = GroupCommit(db, alerts.ingest_many, lambda uow, r: alerts.ingest_report(uow, *r))
    try:
        replay = report()
        # the batch that holds the same report twice stores it once and calls the second a duplicate
        assert [r.duplicate for r in writer.run_batch(db.uow(), [(a, replay), (a, replay)])] == [False, True]
        # ... and through the writer each delivery gets its own answer
        again = report()
        assert writer.submit((a, again)).duplicate is False
        assert writer.submit((a, again)).duplicate is True
        with db.uow() as uow:
            assert uow.session.scalar(select(func.count()).select_from(ProbeReport).where(
                ProbeReport.report_id.in_([replay["report_id"], again["report_id"]]))) == 2
    finally:
        writer.close()


def test_a_refused_diagnostic_says_what_it_still_changed(db: Database) -> None:
    """The refusal is recorded on the ticket before it is raised: the error carries that change,
    so the desktop broadcasts it exactly as it broadcasts a run's result."""
    from shared.services import diagnostics

    mid, _token = enrolled(db)  # no SSH target yet: refused by the console
    ticket = f.ticket(db, f.user(db), machine_id=mid)
    with pytest.raises(ValidationFailed) as refused:
        diagnostics.authorize(db.uow(), f.agent(db, tier=2), mid, "ping", {"host": "example.org"}, ticket.id)
    assert refused.value.committed.ticket_ids == {ticket.id}


def test_a_report_says_which_machine_and_tickets_it_changed(db: Database) -> None:
    mid, _token = enrolled(db)
    quiet = alerts.ingest_report(db.uow(), mid, report())
    assert quiet.changes.machine_ids == {mid} and not quiet.changes.ticket_ids
    body = report(full_disk=True)
    loud = alerts.ingest_report(db.uow(), mid, body)
    assert loud.opened and loud.changes.ticket_ids == set(loud.opened) and loud.changes.machine_ids == {mid}
    again = alerts.ingest_report(db.uow(), mid, body)
    assert again.duplicate and not again.changes
