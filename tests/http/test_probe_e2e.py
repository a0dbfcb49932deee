"""The REAL probe client code (enrol, client, cycle, spool) against the real app on a loopback socket."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from agent_probe.report.client import ProbeClient, RequestRejectedError
from agent_probe.report.cycle import run_cycle
from agent_probe.report.enrol import enrol
from agent_probe.report.spool import Spool
from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.i18n import said_text
from shared.models import Machine, ProbeReport, Ticket, TimelineEntry
from shared.models.enums import Channel, EntryKind
from shared.services import enrolment, machines
from tests.conftest import PATIENCE
from tests.http.conftest import LiveServer
from tests.http.reports import report

HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"


def probe(url: str, token: str | None = None, attempts: int = 2) -> ProbeClient:
    return ProbeClient(url, token=token, timeout=PATIENCE, max_attempts=attempts, sleep=lambda _s: None)


def enrolled(db: Database, live: LiveServer, hostname: str = "pc-finance-01") -> ProbeClient:
    token = enrolment.issue_enrolment_token(db.uow(), SYSTEM)
    state = enrol(probe(live.url), token, hostname=hostname, os_name="Linux 6.1.0", ssh_host_key=HOST_KEY)
    return probe(live.url, state.machine_token)


def alert_tickets(db: Database) -> list[Ticket]:
    with db.uow() as uow:
        return list(uow.session.scalars(select(Ticket).where(Ticket.channel == Channel.PROBE).order_by(Ticket.id)))


def test_enrol_then_report_shows_the_machine_with_its_snapshot(db: Database, live: LiveServer,
                                                               tmp_path: Path) -> None:
    client = enrolled(db, live)
    body = report()
    result = run_cycle(client, Spool(tmp_path / "spool"), body)  # type: ignore[arg-type]
    assert result.outcome == "delivered"
    [machine] = machines.list_machines(db.uow(), SYSTEM)
    assert machine.hostname == "pc-finance-01"
    assert machine.ssh_host_key == HOST_KEY
    assert machine.snapshot is not None
    assert machine.snapshot["system"] == body["snapshot"]["system"]
    assert machine.last_seen_at is not None
    assert machine.os_name == body["snapshot"]["system"]["os_name"]


def test_a_full_disk_raises_exactly_one_ticket_over_many_reports(db: Database, live: LiveServer,
                                                                 tmp_path: Path) -> None:
    client, spool = enrolled(db, live), Spool(tmp_path / "spool")
    for _ in range(4):
        assert run_cycle(client, spool, report(full_disk=True)).outcome == "delivered"  # type: ignore[arg-type]
    [ticket] = alert_tickets(db)
    assert ticket.alert_key == "disk_full:/srv/full"
    assert "95%" in ticket.subject and ticket.machine_id is not None
    # Clears: a note, the ticket stays for an agent to resolve. Comes back: a note, still one ticket.
    run_cycle(client, spool, report())  # type: ignore[arg-type]
    run_cycle(client, spool, report(full_disk=True))  # type: ignore[arg-type]
    [again] = alert_tickets(db)
    assert again.id == ticket.id and again.status in ("new", "open")
    with db.uow() as uow:
        notes = list(uow.session.scalars(select(TimelineEntry).where(
            TimelineEntry.ticket_id == ticket.id, TimelineEntry.kind == EntryKind.NOTE).order_by(TimelineEntry.id)))
    # System notes are message and values, shown in each reader's language.
    assert [n.body for n in notes] == ["", ""]
    assert [said_text(n.data).split(":")[0] for n in notes] == ["Condition cleared", "The alert recurred"]  # type: ignore[arg-type]
    assert said_text(notes[1].data, "id").startswith("Peringatan muncul kembali: Disk /srv/full terisi 95%")  # type: ignore[arg-type]
    assert machines.list_machines(db.uow(), SYSTEM)[0].active_alerts == ("disk_full:/srv/full",)


def test_offline_spool_replays_without_duplicates(db: Database, live: LiveServer, tmp_path: Path) -> None:
    client, spool = enrolled(db, live), Spool(tmp_path / "spool")
    live.stop()
    bodies = [report(full_disk=True) for _ in range(3)]
    for body in bodies:
        assert run_cycle(client, spool, body).outcome == "spooled"  # type: ignore[arg-type]
    assert len(spool.pending()) == 3
    live.start()
    # Replay one by hand first, as if the probe died after the server stored it but before it
    # unlinked the file: the cycle sends it again and report_id dedup must absorb it.
    client.post_json("/api/v1/probe/report", bodies[0])
    result = run_cycle(client, spool, report(full_disk=True))  # type: ignore[arg-type]
    assert result.outcome == "delivered" and result.replay.delivered == 4 and not spool.pending()  # 3 + the new one
    assert len(alert_tickets(db)) == 1
    with db.uow() as uow:
        machine = uow.session.scalars(select(Machine)).one()
        ids = list(uow.session.scalars(select(ProbeReport.report_id).where(ProbeReport.machine_id == machine.id)))
    assert len(ids) == len(set(ids)) == 4


def test_bad_token_is_refused_and_not_retried(db: Database, live: LiveServer) -> None:
    with pytest.raises(RequestRejectedError) as err:
        probe(live.url, "not-a-real-token").post_json("/api/v1/probe/report", report())
    assert err.value.status == 401 and "enrol the probe again" in err.value.reason
    with db.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Machine)) == 0


def test_used_enrolment_token_is_refused(db: Database, live: LiveServer) -> None:
    token = enrolment.issue_enrolment_token(db.uow(), SYSTEM)
    enrol(probe(live.url), token, hostname="pc-1", os_name="Linux 6")
    with pytest.raises(RequestRejectedError) as err:
        enrol(probe(live.url), token, hostname="pc-2", os_name="Linux 6")
    assert err.value.status == 401 and "used or expired" in err.value.reason
    assert [m.hostname for m in machines.list_machines(db.uow(), SYSTEM)] == ["pc-1"]
