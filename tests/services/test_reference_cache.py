"""The per-process reference cache of ticket creation (services/reference.py): every change to
reference data moves the stamp, whoever makes it; creation then reads afresh; while the stamp
stands, a ticket reads none of it."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

from sqlalchemy import select, text

from shared.db.database import Database
from shared.models import OutboxMessage, ReferenceStamp
from shared.models.enums import Role
from shared.models.reference import STAMPED_TABLES
from shared.services import kb, reference, roster
from shared.services.admin import rules as admin_rules
from shared.services.admin import sla as admin_sla
from tests import factories as f
from tests.conftest import FakeClock
from tests.statements import recorded


def _stamp(db: Database) -> tuple[int, str]:
    with db.uow() as uow:
        row = uow.session.execute(select(ReferenceStamp.n, ReferenceStamp.token)).one()
        return int(row[0]), str(row[1])


def test_every_stamped_table_has_triggers(db: Database, is_postgres: bool) -> None:
    with db.uow() as uow:
        if is_postgres:
            found = set(uow.session.scalars(text(
                "SELECT event_object_table FROM information_schema.triggers "
                "WHERE trigger_name LIKE 'reference_stamp_%'")))
        else:
            found = set(uow.session.scalars(text(
                "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'reference_stamp_%'")))
    assert found == set(STAMPED_TABLES)


def test_admin_changes_move_the_stamp_and_article_reads_do_not(db: Database) -> None:
    admin, sup = f.user(db, Role.ADMIN), f.user(db, Role.SUPERVISOR)
    before = _stamp(db)
    rule = admin_rules.add_rule(db.uow(), admin, keywords="zebra", category="Hardware / Printer")
    after_rule = _stamp(db)
    assert after_rule[0] > before[0] and after_rule[1] != before[1]
    admin_rules.edit_rule(db.uow(), admin, rule.id, keywords="zebra, giraffe")
    assert _stamp(db) != after_rule
    art = kb.create_article(db.uow(), sup, title="Zebra printer", body="Reload the ribbon")
    kb.set_status(db.uow(), sup, art.id, "published")
    published = _stamp(db)
    kb.get_article(db.uow(), sup, art.id)  # counts a view
    kb.vote(db.uow(), sup, art.id, True)
    assert _stamp(db) == published  # counters are read fresh, so they need not move it
    kb.update_article(db.uow(), sup, art.id, expected_version=kb.get_article(db.uow(), sup, art.id).version,
                      title="Zebra label printer")
    assert _stamp(db) != published


def test_a_rolled_back_change_and_a_later_one_never_share_a_stamp(db: Database) -> None:
    before = _stamp(db)
    with db.uow() as uow:
        uow.session.execute(text("UPDATE teams SET email = 'x@example.test' WHERE id = (SELECT min(id) FROM teams)"))
        rolled_back = uow.session.execute(select(ReferenceStamp.n, ReferenceStamp.token)).one()
        uow.session.rollback()
    assert _stamp(db) == before
    with db.uow() as uow:
        uow.session.execute(text("UPDATE teams SET email = 'y@example.test' WHERE id = (SELECT min(id) FROM teams)"))
        uow.commit()
    later = _stamp(db)
    assert later[0] == rolled_back[0] and later[1] != rolled_back[1]


def test_while_the_stamp_stands_a_ticket_reads_no_reference_data(db: Database) -> None:
    alice = f.user(db)
    f.agent(db)
    f.ticket(db, alice, subject="Printer jams on floor 2")  # fills the cache
    with recorded(db) as seen:
        t = f.ticket(db, alice, subject="Printer jams on floor 3")
    assert t.category == "Hardware / Printer" and t.assignee is not None and t.response_due_at is not None
    reference_tables = ("categories", "classification_rules", "sla_policies", "business_calendars", "holidays",
                        "teams", "shifts", "shift_exceptions", "checklist_templates", "triage_models")
    assert [s for s in seen if s.startswith("SELECT") and any(f" {t} " in s or f" {t}." in s
                                                              for t in reference_tables)] == []


def test_a_rule_changed_in_this_process_classifies_the_next_ticket(db: Database) -> None:
    admin, alice = f.user(db, Role.ADMIN), f.user(db)
    assert f.ticket(db, alice, subject="Zebra is broken", description="").category is None
    admin_rules.add_rule(db.uow(), admin, keywords="zebra", category="Hardware / Printer")
    assert f.ticket(db, alice, subject="Zebra is broken", description="").category == "Hardware / Printer"


def test_an_sla_change_starts_the_next_tickets_clock_from_the_new_policy(db: Database, clock: FakeClock) -> None:
    admin, alice = f.user(db, Role.ADMIN), f.user(db)
    first = f.ticket(db, alice, subject="Printer on floor 3 jams", impact="medium", urgency="high")  # P2
    assert first.response_due_at == clock.now + timedelta(hours=1)
    admin_sla.set_policy(db.uow(), admin, "P2", response_minutes=120)
    second = f.ticket(db, alice, subject="Printer on floor 3 jams", impact="medium", urgency="high")
    assert second.response_due_at == clock.now + timedelta(hours=2)


def test_leave_recorded_after_the_cache_was_filled_keeps_tickets_from_the_agent(db: Database, clock: FakeClock) -> None:
    sup, alice = f.user(db, Role.SUPERVISOR), f.user(db)
    only = f.agent(db, name="onlyagent")
    with db.uow() as uow:  # the seeded desk may have agents of its own: this one is the only one on duty
        uow.session.execute(text("UPDATE users SET on_duty = :off WHERE role = 'l1_agent' AND id <> :id"),
                            {"off": False, "id": only.id})
        uow.commit()
    assert f.ticket(db, alice).assignee is not None
    roster.add_exception(db.uow(), sup, kind="leave", starts_at=clock.now - timedelta(hours=1),
                         ends_at=clock.now + timedelta(days=1), user_id=only.id)
    assert f.ticket(db, alice).assignee is None


def test_article_counters_order_the_suggestions_without_a_stamp_change(db: Database) -> None:
    sup, alice = f.user(db, Role.SUPERVISOR), f.user(db)
    ids = []
    for title in ("Scanner jam one", "Scanner jam two"):
        art = kb.create_article(db.uow(), sup, title=title, body="Open the lid")
        kb.set_status(db.uow(), sup, art.id, "published")
        ids.append(art.id)

    def suggested() -> list[str]:
        f.ticket(db, alice, subject="Scanner jam", description="")
        with db.uow() as uow:
            payload = uow.session.scalars(select(OutboxMessage.payload).where(
                OutboxMessage.kind == "ticket_created").order_by(OutboxMessage.id.desc()).limit(1)).one()
        return [a["title"] for a in payload["articles"]]

    assert suggested() == ["Scanner jam one", "Scanner jam two"]  # a tie: the lower id first
    stamp = _stamp(db)
    kb.vote(db.uow(), sup, ids[1], True)
    assert _stamp(db) == stamp
    assert suggested() == ["Scanner jam two", "Scanner jam one"]
    with db.uow() as uow:
        in_memory = reference.current(uow.session).articles(uow.session)
        assert in_memory is not None
        fresh = kb.suggest(uow.session, "Scanner jam", limit=3)
        assert [a.id for a in in_memory.suggest(uow.session, "Scanner jam", limit=3)] == [a.id for a in fresh]


_OTHER_PROCESS = """
import sys
from sqlalchemy import text
from shared.db.engine import make_engine
engine = make_engine(sys.argv[1])
with engine.begin() as conn:
    conn.execute(text("UPDATE classification_rules SET keywords = 'okapi' WHERE keywords = 'zebra'"))
engine.dispose()
"""


def test_a_rule_changed_by_another_process_classifies_the_next_ticket(committed_db: Database,
                                                                      database_url: str) -> None:
    db = committed_db
    admin, alice = f.user(db, Role.ADMIN), f.user(db)
    admin_rules.add_rule(db.uow(), admin, keywords="zebra", category="Hardware / Printer")
    assert f.ticket(db, alice, subject="Zebra is broken", description="").category == "Hardware / Printer"  # cached now
    assert f.ticket(db, alice, subject="Okapi is broken", description="").category is None
    subprocess.run([sys.executable, "-c", _OTHER_PROCESS, database_url], check=True, timeout=120)
    assert f.ticket(db, alice, subject="Zebra is broken", description="").category is None
    assert f.ticket(db, alice, subject="Okapi is broken", description="").category == "Hardware / Printer"


def test_the_in_memory_index_scores_and_ranks_as_the_query_does(db: Database) -> None:
    """Each word's points are kept packed a byte per article (`ArticleIndex.points`): the sums and
    the suggestions are those of the rule itself (3 in the title, 2 in the tags, 1 in the body) and
    of the SQL `kb.suggest`, with the counters read for the contenders alone."""
    sup, alice = f.user(db, Role.SUPERVISOR), f.user(db)
    specs = [("Printer jams on floor 3", "printer,paper", "Open the printer tray and remove the paper"),
             ("VPN drops every hour", "vpn,network", "Reconnect the VPN; check the network cable"),
             ("Printer offline", "printer", "Restart the printer spooler"),
             ("Paper jam in the scanner", "scanner,paper", "Lift the scanner lid, pull the paper out"),
             ("Outlook will not sync", "email", "Repair the Outlook profile; the network must be up"),
             ("Network printer not found", "network,printer", "Add the printer by its network address")]
    for title, tags, body in specs:
        art = kb.create_article(db.uow(), sup, title=title, body=body, tags=tags.split(","))
        kb.set_status(db.uow(), sup, art.id, "published")
    kb.vote(db.uow(), alice, art.id, True)  # a helpful share breaks a tie
    texts = ["printer paper jam", "network printer offline", "vpn network drops", "paper paper paper",
             "scanner printer network vpn outlook sync offline jam paper floor hour email",
             "nothing in common", "printer"]
    f.ticket(db, alice, subject="Printer jams", description="")  # the index is made and cached
    with db.uow() as uow:
        s = uow.session
        index = reference.current(s).articles(s)
        assert index is not None
        for text_ in texts:
            words = kb.terms(text_)[:12]
            expected = {}
            for i, (title, tags, body) in enumerate(index._fields):
                points = sum(3 * (w in title) + 2 * (w in tags) + (w in body) for w in words)
                if points:
                    expected[i] = points
            assert index.points(text_) == expected
            for limit in (1, 3, 5):
                fresh = [a.id for a in kb.suggest(s, text_, limit=limit)]
                assert [a.id for a in index.suggest(s, text_, limit=limit)] == fresh
                assert [a.id for a in index.suggest(s, text_, limit=limit, counters=kb.all_counters(s))] == fresh
        ids = index.ids[:4]
        assert kb.read_counters(s, ids) == {i: c for i, c in kb.all_counters(s).items() if i in ids}
