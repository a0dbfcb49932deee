"""Duplicates (open tickets of the same requester, machine or symptom) and the suggested reply
(closest resolved tickets and articles, quoted with their source)."""

import pytest

from shared.db.database import Database
from shared.errors import PermissionDenied
from shared.models.enums import ArticleStatus, Role
from shared.services import kb, tickets, workflow
from shared.triage.reply import suggest_reply
from shared.triage.similar import Reason, similar_open, symptom_words
from tests import factories as f


def test_symptom_words_leave_out_filler_in_both_languages() -> None:
    assert symptom_words("Please help: printer jams again", "Mohon bantuan, kertas macet") == [
        "printer", "jams", "kertas", "macet"]


def test_same_symptom_and_same_requester_are_found_and_closed_ones_are_not(db: Database) -> None:
    budi, sari, agent = f.user(db), f.user(db), f.agent(db)
    vpn = f.ticket(db, sari, subject="VPN drops every hour", description="AnyConnect disconnects")
    own = f.ticket(db, budi, subject="Need a second monitor", description="")
    done = f.ticket(db, sari, subject="VPN drops after login", description="")
    workflow.resolve(db.uow(), agent, done.id, "Reinstalled the client.")
    f.ticket(db, sari, subject="Printer out of toner", description="")

    found = similar_open(db.uow(), agent, subject="VPN keeps dropping, drops every few minutes",
                         requester_id=budi.id)
    by_id = {s.id: s for s in found}
    assert by_id[vpn.id].reasons == (Reason.SYMPTOM,) and "vpn" in by_id[vpn.id].shared_words
    assert by_id[own.id].reasons == (Reason.REQUESTER,)
    assert done.id not in by_id  # resolved: not a duplicate to merge into
    assert found[0].id == vpn.id  # the same symptom first


def test_a_requester_sees_only_their_own_open_tickets(db: Database) -> None:
    budi, sari = f.user(db), f.user(db)
    f.ticket(db, sari, subject="VPN drops every hour", description="")
    mine = f.ticket(db, budi, subject="VPN drops at home", description="")
    found = similar_open(db.uow(), budi, subject="VPN drops again", requester_id=sari.id)
    assert [s.id for s in found] == [mine.id]


def test_suggested_reply_quotes_resolved_tickets_and_articles(db: Database) -> None:
    agent, supervisor = f.agent(db), f.user(db, Role.SUPERVISOR)
    old = f.ticket(db, f.user(db), subject="Outlook password prompt loops", description="")
    workflow.resolve(db.uow(), agent, old.id, "Removed the stored credentials in Credential Manager.")
    article = kb.create_article(db.uow(), agent, title="Outlook keeps asking for the password",
                                body="1. Close Outlook\n2. Open Credential Manager\n3. Remove the Office entries")
    kb.set_status(db.uow(), supervisor, article.id, ArticleStatus.PUBLISHED)
    new = tickets.create(db.uow(), f.user(db, name="budi", full_name="Budi Santoso"),
                         subject="Outlook password prompt again and again", description="")
    reply = suggest_reply(db.uow(), agent, new.id)
    assert reply is not None
    assert [s.kind for s in reply.sources] == ["ticket", "article"]
    assert reply.text.startswith("Hello Budi,")
    assert "> Removed the stored credentials" in reply.text and old.number in reply.text
    assert "> 2. Open Credential Manager" in reply.text
    with pytest.raises(PermissionDenied):
        suggest_reply(db.uow(), f.user(db), new.id)


def test_intake_names_possible_duplicates_on_the_new_ticket(db: Database) -> None:
    from shared.auth.permissions import SYSTEM
    from shared.triage.similar import note_possible_duplicates

    agent = f.agent(db)
    first = f.ticket(db, f.user(db), subject="Shared drive S: not mapped", description="")
    new = f.ticket(db, f.user(db), subject="S: shared drive missing", description="")
    assert [s.id for s in note_possible_duplicates(db.uow(), SYSTEM, new.id)] == [first.id]
    events = [e for e in tickets.get(db.uow(), agent, new.id).entries if e.field == "possible_duplicates"]
    assert len(events) == 1 and first.number in events[0].new_value


def test_probe_alerts_match_by_their_condition_not_by_their_template_or_host() -> None:
    battery = symptom_words("[LAPTOP-SITI] Battery is at 11% and not charging",
                            "Probe alert battery_low (battery_low, warning).\n  percent: 11.0")
    disk = symptom_words("[LAPTOP-RINA] Disk C:\\ is 91% full (23.2 GB free)",
                         "Probe alert disk_full (disk_full:C:, warning).\n  percent: 91.0")
    other_disk = symptom_words("[PC-AGUS-FIN] Disk D:\\ is 95% full (4.1 GB free)",
                               "Probe alert disk_full (disk_full:D:, critical).\n  percent: 95.0")
    assert not set(battery) & set(disk)  # "laptop", "probe", "alert", "warning": no symptom in common
    assert {"disk", "full", "free"} <= set(disk) & set(other_disk)  # the same condition elsewhere: a match
