"""Keyword search (queue.search, the queue's text filter) and the full-text index it relies on:
what matches, who sees what, ranking, trigger sync, the migration's backfill and downgrade; and
the count that may be an estimate."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from shared.config import Settings
from shared.db.database import Database
from shared.db.engine import make_engine, make_session_factory
from shared.db.migrate import downgrade, upgrade
from shared.models import Ticket
from shared.services import queue, seed, tickets, workflow
from shared.services._common import set_field
from shared.services.queue import QueueQuery, View
from tests import factories as f
from tests.conftest import FakeClock, reset
from tests.statements import recorded


@pytest.fixture(autouse=True)
def _defaults(db: Database) -> None:
    f.defaults(db)


def numbers(rows: list) -> set[int]:  # type: ignore[type-arg]
    return {r.id for r in rows}


def test_subject_description_replies_and_notes_are_searched(db: Database) -> None:
    agent, alice = f.agent(db), f.user(db)
    by_subject = f.ticket(db, alice, subject="Printer toner empty", description="On floor 3.")
    by_description = f.ticket(db, alice, subject="Cannot print", description="The toner light blinks.")
    by_reply = f.ticket(db, alice, subject="Paper jam", description="Tray 2.")
    tickets.reply(db.uow(), agent, by_reply.id, "We replaced the toner cartridge.")
    by_note = f.ticket(db, alice, subject="Kertas macet", description="Di lantai 2.")
    tickets.note(db.uow(), agent, by_note.id, "Vendor says the toner batch is faulty.")
    f.ticket(db, alice, subject="VPN down", description="Since this morning.")

    found = queue.search(db.uow(), agent, "toner")
    assert numbers(found) == {by_subject.id, by_description.id, by_reply.id, by_note.id}
    assert found[0].id == by_subject.id  # the subject weighs most
    assert numbers(queue.search(db.uow(), agent, "kertas")) == {by_note.id}  # Indonesian, as is
    assert numbers(queue.search(db.uow(), agent, "tone")) == numbers(found)  # prefix: search as you type
    assert queue.search(db.uow(), agent, "toner vpn") == []  # every word must match
    assert queue.search(db.uow(), agent, "  ,;  ") == []


def test_requesters_find_only_their_own_tickets_and_never_by_notes(db: Database) -> None:
    agent, alice, bob = f.agent(db), f.user(db), f.user(db)
    mine = f.ticket(db, alice, subject="Outlook crashes", description="When opening attachments.")
    theirs = f.ticket(db, bob, subject="Outlook crashes too", description="Same here.")
    tickets.note(db.uow(), agent, mine.id, "Suspect the antivirus plugin.")
    assert numbers(queue.search(db.uow(), alice, "outlook")) == {mine.id}
    assert numbers(queue.search(db.uow(), bob, "outlook")) == {theirs.id}
    assert queue.search(db.uow(), alice, "antivirus") == []  # internal notes stay internal
    assert numbers(queue.search(db.uow(), agent, "antivirus")) == {mine.id}
    # the same holds for the queue's text filter
    assert numbers(queue.page(db.uow(), alice, QueueQuery(view=View.OWN, text="antivirus"))) == set()
    assert numbers(queue.page(db.uow(), agent, QueueQuery(text="antivirus"))) == {mine.id}


def test_the_index_follows_edits(db: Database) -> None:
    agent, alice = f.agent(db), f.user(db)
    t = f.ticket(db, alice, subject="Laptop slow", description="Very slow.")
    tickets.update_fields(db.uow(), agent, t.id, subject="Notebook overheating")
    assert numbers(queue.search(db.uow(), agent, "overheating")) == {t.id}
    assert queue.search(db.uow(), agent, "laptop") == []  # the old subject is gone from the index
    assert numbers(queue.search(db.uow(), agent, "slow")) == {t.id}  # the description is unchanged


def test_count_or_estimate_is_exact_on_small_views(db: Database) -> None:
    agent, alice = f.agent(db), f.user(db)
    for i in range(3):
        f.ticket(db, alice, subject=f"Issue {i}")
    assert queue.count_or_estimate(db.uow(), agent, QueueQuery(view=View.ALL)) == (3, False)
    n, is_estimate = queue.count_or_estimate(db.uow(), agent, QueueQuery(view=View.ALL), exact_below=2)
    assert is_estimate and n >= 2
    # The count stops at the cap on both databases: one row under it is still exact, reaching it
    # makes the answer an estimate, whatever the planner would have guessed.
    assert queue.count_or_estimate(db.uow(), agent, QueueQuery(view=View.ALL), exact_below=4) == (3, False)
    n, is_estimate = queue.count_or_estimate(db.uow(), agent, QueueQuery(view=View.ALL), exact_below=3)
    assert is_estimate and n >= 3
    # A searched view that reaches the cap is estimated too (PostgreSQL asks the planner: its
    # statement once failed to compile there, a search's to_tsquery having no literal form).
    n, is_estimate = queue.count_or_estimate(db.uow(), agent, QueueQuery(view=View.ALL, text="issue"), exact_below=2)
    assert is_estimate and n >= 2


@pytest.mark.sqlite_file  # only SQLite files of its own
def test_migration_backfills_and_downgrades_cleanly(tmp_path: Path, clock: FakeClock) -> None:
    url = f"sqlite:///{(tmp_path / 's.sqlite3').as_posix()}"
    engine = make_engine(url)
    upgrade(engine)
    db = Database(Settings(database_url=url, language="en"), engine, make_session_factory(engine), clock)
    seed.ensure_defaults(db.uow())
    agent, alice = f.agent(db), f.user(db)
    t = f.ticket(db, alice, subject="Monitor flickering", description="Since the update.")
    tickets.reply(db.uow(), agent, t.id, "Try the other cable please.")
    downgrade(engine, "0001")
    assert "ticket_search" not in inspect(engine).get_table_names()
    assert not [i for i in inspect(engine).get_indexes("tickets") if i["name"].startswith("ix_tq_")]
    upgrade(engine)  # the backfill rebuilds every document, replies included
    assert numbers(queue.search(db.uow(), agent, "cable")) == {t.id}
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM ticket_search")) == 1
    engine.dispose()


def _reassign(db: Database, ticket_id: int, requester_id: int | None) -> None:
    """A ticket changing hands (no service does it yet: a directory merge of two accounts, an
    import fix, SQL by hand): the search document must follow whatever path wrote it."""
    with db.uow() as uow:
        uow.session.execute(text("UPDATE tickets SET requester_id = :r WHERE id = :t"),
                            {"r": requester_id, "t": ticket_id})
        uow.commit()


def test_the_requester_in_the_index_follows_a_reassignment(db: Database) -> None:
    alice, bob = f.user(db), f.user(db)
    t = f.ticket(db, alice, subject="Scanner jammed", description="Feeder eats pages.")
    assert numbers(queue.search(db.uow(), alice, "scanner")) == {t.id}
    _reassign(db, t.id, bob.id)
    assert queue.search(db.uow(), alice, "scanner") == []
    assert numbers(queue.search(db.uow(), bob, "scanner")) == {t.id}
    assert numbers(queue.page(db.uow(), bob, QueueQuery(view=View.OWN, text="feeder"))) == {t.id}
    assert numbers(queue.page(db.uow(), alice, QueueQuery(view=View.OWN, text="feeder"))) == set()
    agent = f.agent(db)
    with db.uow() as uow:  # the same through the ORM, audited, and back
        ticket = uow.session.get(Ticket, t.id)
        assert ticket is not None
        set_field(uow, ticket, agent, "requester_id", alice.id)
        uow.commit()
    assert numbers(queue.search(db.uow(), alice, "scanner")) == {t.id}
    assert queue.search(db.uow(), bob, "scanner") == []
    # Replies and notes written after the move stay in the document with the new requester.
    tickets.reply(db.uow(), agent, t.id, "Please clean the roller.")
    tickets.note(db.uow(), agent, t.id, "Roller part number 4711 ordered.")
    assert numbers(queue.search(db.uow(), alice, "roller")) == {t.id}
    assert queue.search(db.uow(), alice, "4711") == []  # the note's own words stay internal
    assert numbers(queue.search(db.uow(), agent, "4711")) == {t.id}


def test_a_merge_keeps_each_requester_to_their_own_ticket(db: Database) -> None:
    agent, alice, bob = f.agent(db), f.user(db), f.user(db)
    source = f.ticket(db, alice, subject="Headset crackles", description="Jabra model, left ear.")
    target = f.ticket(db, bob, subject="Audio problems on calls", description="Everyone hears noise.")
    workflow.merge(db.uow(), agent, source.id, target.id)
    # The target now holds the source's words in a note: found by staff, never by either requester
    # through it (alice does not own the target; bob must not read notes).
    assert numbers(queue.search(db.uow(), agent, "jabra")) == {source.id, target.id}
    assert numbers(queue.search(db.uow(), alice, "jabra")) == {source.id}
    assert queue.search(db.uow(), bob, "jabra") == []
    assert numbers(queue.search(db.uow(), bob, "audio")) == {target.id}
    assert queue.search(db.uow(), alice, "audio") == []


def test_no_typed_word_matches_the_requester_token(db: Database) -> None:
    agent, alice = f.agent(db), f.user(db)
    plain = f.ticket(db, alice, subject="Keyboard missing keys", description="Two keys fell off.")
    wordy = f.ticket(db, alice, subject="zzrequest form broken", description="The zzreq page errors.")
    for words in ("zzr", "zzre", "zzreq", f"zzreq{alice.id}", "zz"):
        found = numbers(queue.search(db.uow(), agent, words))
        assert plain.id not in found, words  # the requester column never answers a typed word
    assert numbers(queue.search(db.uow(), agent, "zzreq")) == {wordy.id}  # the text still does
    assert numbers(queue.search(db.uow(), alice, "zzreq")) == {wordy.id}
    assert queue.search(db.uow(), alice, f"zzreq{alice.id}") == []
    assert numbers(queue.search(db.uow(), agent, "keyboard")) == {plain.id}


def index_ids(db: Database, words: str, requester: int | None) -> set[int]:
    """What the full-text index alone answers (no check against tickets.requester_id after it)."""
    with db.uow() as uow:
        ids = queue._matching_ids(uow, words, requester, prefix=True)
        return set(uow.session.scalars(ids)) if ids is not None else set()


def test_the_index_alone_keeps_a_requester_to_their_own_tickets(db: Database) -> None:
    """The requester is one whole token: requester 7 never matches requester 70's documents,
    and a reassignment moves the token (checked on the index itself, under the service's own
    requester check)."""
    if db.engine.dialect.name == "postgresql":
        pytest.skip("PostgreSQL checks a requester's own documents by key; only SQLite's index holds the requester")
    first, other = f.user(db), f.user(db)
    mine = f.ticket(db, first, subject="Webcam black", description="No picture.")
    theirs = f.ticket(db, other, subject="Webcam blurry", description="No focus.")
    assert index_ids(db, "webcam", first.id) == {mine.id}
    assert index_ids(db, "webcam", other.id) == {theirs.id}
    assert index_ids(db, "webcam", None) == {mine.id, theirs.id}
    longer = int(f"{first.id}0")  # a requester id that begins with first's
    with db.uow() as uow:
        uow.session.execute(text("UPDATE ticket_search SET requester = 'zzreq' || :n WHERE rowid = :t"),
                            {"n": longer, "t": theirs.id})
        uow.commit()
    assert index_ids(db, "webcam", first.id) == {mine.id}
    assert index_ids(db, "webcam", longer) == {theirs.id}
    _reassign(db, mine.id, other.id)
    assert index_ids(db, "webcam", first.id) == set()
    assert index_ids(db, "webcam", other.id) == {mine.id}


def test_a_longer_word_is_matched_through_its_terms(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """A word of 4+ letters still matches every word it starts, in any column, folded as the index
    folds it ("Réstartée"), and nothing else. On SQLite it is matched as the OR of the index's terms
    that start with it (FTS5 merged every such term's whole list before a first match: 48 ms at 1M
    tickets for "driver"*), and as a prefix query when it starts too many terms; on PostgreSQL as the
    OR of the terms migration 0025 keeps (GIN merged every such term's whole list: 4x slower)."""
    agent, alice, bob = f.agent(db), f.user(db), f.user(db)
    matching = [f.ticket(db, alice, subject="Restart the driver", description="Printer."),
                f.ticket(db, alice, subject="Printer", description="Restarted twice."),
                f.ticket(db, bob, subject="Réstartée", description="Boucle: restartING."),
                f.ticket(db, alice, subject="Printer loops", description="Help.")]
    tickets.reply(db.uow(), agent, matching[3].id, "It restarts every minute.")
    f.ticket(db, alice, subject="Restar", description="None of these: zrestart, re-start, restore.")
    f.ticket(db, bob, subject="Printer", description="Reboots on its own.")

    def found(actor: object, words: str) -> set[int]:
        return numbers(queue.search(db.uow(), actor, words))  # type: ignore[arg-type]

    expected = {t.id for t in matching}
    assert found(agent, "restart") == expected
    assert found(agent, "restart printer") == {matching[0].id, matching[1].id, matching[3].id}
    assert found(alice, "restart") == expected - {matching[2].id}
    assert found(bob, "RESTART") == {matching[2].id}
    assert found(agent, "restarts") == {matching[3].id}
    assert found(agent, "restartx") == set()
    if db.engine.dialect.name == "sqlite":  # PostgreSQL's 'simple' configuration keeps accents
        assert found(agent, "réstart") == expected  # a word the tokenizer folds: the prefix query
        with db.uow() as uow:
            assert queue._search_expr(uow, "restart", None, prefix=True) == (
                '("restart" OR "restarted" OR "restartee" OR "restarting" OR "restarts")')
            assert queue._search_expr(uow, "restartx drivers", None, prefix=True) == '"restartx" AND "drivers"'
            assert queue._search_expr(uow, "réstart", None, prefix=True) == '"réstart"*'
            assert queue._search_expr(uow, "res", None, prefix=True) == '"res"*'  # its prefix index
        monkeypatch.setattr(queue, "EXPAND_AT_MOST", 3)
        with db.uow() as uow:
            assert queue._search_expr(uow, "restart", None, prefix=True) == '"restart"*'
    else:  # PostgreSQL: the terms kept in ticket_terms by a trigger on the documents (0025)
        with db.uow() as uow:
            assert queue._search_expr(uow, "restart", None, prefix=True) == (
                "('restart' | 'restarted' | 'restarting' | 'restarts')")  # "restarts": a reply's word
            # A requester's documents are read by key: the prefix query's estimate leads the plan there.
            assert queue._search_expr(uow, "restart", alice.id, prefix=True) == "'restart':*ABC"
            assert queue._search_expr(uow, "restartx drivers", None, prefix=True) == "'drivers' & 'restartx'"
            assert queue._search_expr(uow, "restarte printe", None, prefix=True) == "'printer' & 'restarted'"
            assert queue._search_expr(uow, "res", None, prefix=True) == "'res':*"
        monkeypatch.setattr(queue, "EXPAND_AT_MOST", 3)
        with db.uow() as uow:
            assert queue._search_expr(uow, "restart", None, prefix=True) == "'restart':*"
    assert found(agent, "restart") == expected
    assert found(alice, "restart printer") == {matching[0].id, matching[1].id, matching[3].id}


def test_a_longer_word_finds_what_the_prefix_query_finds(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through its terms or as a prefix query, a search finds the same tickets."""
    agent, alice = f.agent(db), f.user(db)
    texts = ["Printer offline on floor 3", "Printers offline again", "Outlook sync fails", "Outlook synced",
             "Laptop tidak menyala", "Laptopnya tidak menyala lagi", "Driver restart loop", "Drivers restarted",
             "Koneksi lambat di ruang rapat", "Password reset", "Passwords reset by the script"]
    for n, subject in enumerate(texts):
        f.ticket(db, alice, subject=subject, description=f"Ticket {n}.")
    queries = ["printer offline", "outlook sync", "laptop tidak", "driver restart", "koneksi", "password reset",
               "passwords", "restar", "offline printers", "synced outlook"]

    def answers() -> list[list[int]]:
        return [sorted(r.id for r in queue.search(db.uow(), who, q)) for q in queries for who in (agent, alice)]

    through_terms = answers()
    monkeypatch.setattr(queue, "EXPAND_FROM", 1000)
    assert answers() == through_terms
    assert sum(map(len, through_terms)) > len(queries) * 2  # the corpus does match


def test_only_the_newest_window_of_matches_is_ranked(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    agent, alice = f.agent(db), f.user(db)
    oldest = f.ticket(db, alice, subject="Toner empty", description="Floor 3.")  # the best match
    newer = [f.ticket(db, alice, subject="Cannot print", description=f"The toner light blinks on floor {n}.")
             for n in range(4)]
    assert queue.search(db.uow(), agent, "toner")[0].id == oldest.id
    monkeypatch.setattr(queue, "SEARCH_WINDOW", 3)
    # The three newest matches, equally good, newest first; the best one is outside the window.
    assert [r.id for r in queue.search(db.uow(), agent, "toner")] == [t.id for t in reversed(newer[1:])]


def test_a_search_is_two_statements_and_the_terms_of_its_longer_words(db: Database) -> None:
    """The words, then the ranked rows (PostgreSQL: the lexemes with the terms of the longer ones
    and the newest document's id, then one statement that ranks the window as it reads it and
    joins the rows shown; it was three: lexemes, ranks, rows, and the ranks read every document
    of the window a second time; a big index may add a plan and steps: _search_by_spans). SQLite
    first looks up which terms start with a word of 4+ letters
    (test_a_longer_word_is_matched_through_its_terms), in one statement for all of them; shorter
    words have prefix indexes of their own."""
    agent, alice = f.agent(db), f.user(db)
    for n in range(3):
        f.ticket(db, alice, subject=f"Printer {n} offline for the VPN", description="Since this morning.")
    sqlite = db.engine.dialect.name == "sqlite"
    for actor in (agent, alice):
        for words, statements in (("printer offline", 3 if sqlite else 2), ("vpn", 2)):
            with recorded(db) as seen:
                assert len(queue.search(db.uow(), actor, words)) == 3
            sent = [s for s in seen if s.startswith("SELECT")]
            assert len(sent) == statements, sent
    if db.engine.dialect.name == "postgresql":
        with recorded(db) as seen:
            queue.search(db.uow(), agent, "printer offline")
        ranked = [s for s in seen if "ts_rank" in s]
        assert len(ranked) == 1 and ranked[0].count("FROM ticket_search") == 1, ranked


PLAIN_RANKING = """
    SELECT s.ticket_id FROM ticket_search s
    WHERE s.ticket_id IN (SELECT ticket_id FROM ticket_search
                          WHERE doc @@ to_tsquery('simple', :plain) AND doc @@ to_tsquery('simple', :q) {own}
                          ORDER BY ticket_id DESC LIMIT :window)
    ORDER BY ts_rank(s.doc, to_tsquery('simple', :q)) DESC, s.ticket_id DESC LIMIT :limit"""


@pytest.mark.parametrize("by_spans", [pytest.param(False, id="one statement"), pytest.param(True, id="by spans")])
def test_the_ranking_is_the_plain_statements(db: Database, monkeypatch: pytest.MonkeyPatch, by_spans: bool) -> None:
    """PostgreSQL: the same tickets in the same order as the plain formulation (window, then each
    document read again to rank it), for staff and a requester, around a small window, with the
    tickets in five spans of ids, read in one statement or span by span (queue._search_by_spans:
    staff searches over many spans whose plan would read every match)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the statement compared with is PostgreSQL's")
    agent, alice, bob = f.agent(db), f.user(db), f.user(db)
    texts = ["Printer offline on floor {n}", "Toner low, printer {n} offline", "VPN drops after {n} minutes",
             "Printer driver needs a restart", "Offline files not syncing ({n})"]
    made = []
    for n in range(24):
        if n % 5 == 0:  # every fifth ticket starts a span of ids of its own (migration 0025), one left empty
            with db.engine.begin() as conn:
                conn.execute(text("SELECT setval(pg_get_serial_sequence('tickets', 'id'), :id)"),
                             {"id": ((n // 5) * 2 + 1) << queue.SPAN_BITS})
        made.append(f.ticket(db, alice if n % 3 else bob, subject=texts[n % len(texts)].format(n=n),
                             description=texts[(n + 2) % len(texts)].format(n=n)))
    tickets.reply(db.uow(), agent, made[3].id, "The printer is offline again.")
    tickets.note(db.uow(), agent, made[4].id, "Printer offline: vendor called.")
    monkeypatch.setattr(queue, "SEARCH_WINDOW", 7)
    monkeypatch.setattr(queue, "_reads_every_match", lambda uow, expr: by_spans)
    for words in ("printer offline", "printer", "off", "vpn minutes", "toner printer", "nothing here"):
        for actor in (agent, alice):
            own = None if actor is agent else actor.id
            theirs = "" if own is None else f"AND ticket_id IN (SELECT id FROM tickets WHERE requester_id = {own})"
            with db.uow() as uow:
                q = queue._search_expr(uow, words, own, prefix=True)
                expected: list[int] = [] if q is None else list(uow.session.scalars(
                    text(PLAIN_RANKING.format(own=theirs)),
                    {"q": q, "plain": q.replace(":*ABC", ":*").replace(":ABC", ""), "window": 7, "limit": 5}))
            assert [r.id for r in queue.search(db.uow(), actor, words, limit=5)] == expected, (words, actor.username)


def test_a_staff_search_reads_only_the_spans_its_window_needs(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """PostgreSQL: the newest spans first, then as many as the rate of matches says the rest of the
    window needs, or all the rest after a step that found none, until the window is full
    (migration 0025's spans of ticket ids): one statement per step after the words' and the
    plan's. Only from SPANS_FROM spans on: below, one statement reads every match."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite's FTS5 reads matches newest first")
    agent, alice = f.agent(db), f.user(db)
    old = [f.ticket(db, alice, subject=f"Printer {n} jammed", description="Paper tray.") for n in range(3)]
    with db.engine.begin() as conn:
        conn.execute(text("SELECT setval(pg_get_serial_sequence('tickets', 'id'), :id)"), {"id": 3 << queue.SPAN_BITS})
    monkeypatch.setattr(queue, "_reads_every_match", lambda uow, expr: True)
    monkeypatch.setattr(queue, "SPANS_FROM", 3)
    monkeypatch.setattr(queue, "FIRST_STEP", 1 << queue.SPAN_BITS)
    new = [f.ticket(db, alice, subject=f"Printer {n} offline", description="Since today.") for n in range(4)]
    for window, steps, expected in ((3, 1, new[1:]), (4, 1, new), (6, 3, new + old[1:]), (50, 3, new + old)):
        monkeypatch.setattr(queue, "SEARCH_WINDOW", window)
        with recorded(db) as seen:
            found = queue.search(db.uow(), agent, "printer", limit=10)
        assert {r.id for r in found} == {t.id for t in expected}, window
        assert len([s for s in seen if "ts_rank" in s]) == steps, (window, seen)
    monkeypatch.setattr(queue, "SPANS_FROM", 4)
    with recorded(db) as seen:
        assert len(queue.search(db.uow(), agent, "printer", limit=10)) == 7
    assert len([s for s in seen if "ts_rank" in s]) == 1 and not [s for s in seen if s.startswith("EXPLAIN")]


def test_a_plan_that_reads_every_match_is_told_from_a_walk(db: Database) -> None:
    """PostgreSQL: a staff search reads span by span when the planner's plan for its window reads
    every match through the GIN index (a bitmap scan), not when it walks the documents newest
    first and stops at the window."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite's FTS5 reads matches newest first")
    alice = f.user(db)
    for n in range(5):
        f.ticket(db, alice, subject=f"Printer {n} offline", description="Since this morning.")
    with db.uow() as uow:
        expr = queue._search_expr(uow, "printer offline", None, prefix=True)
        assert expr is not None
        seen = {}
        for plan, off in (("gin", "enable_seqscan, enable_indexscan"), ("walk", "enable_seqscan, enable_bitmapscan")):
            for setting in off.split(", "):
                uow.session.execute(text(f"SET LOCAL {setting} = off"))
            seen[plan] = queue._reads_every_match(uow, expr)
            uow.session.execute(text("RESET ALL"))
    assert seen == {"gin": True, "walk": False}


def test_the_migration_backfills_the_terms_and_downgrades(engine: Engine, database_url: str) -> None:
    """PostgreSQL: migration 0025 fills ticket_terms from the documents already there, and its
    downgrade takes the terms, their trigger and the spans away."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite's terms are fts5vocab's, made by each connection")
    owner = Database(Settings(database_url=database_url, language="en"), engine, make_session_factory(engine))
    try:
        f.defaults(owner)
        f.ticket(owner, f.user(owner), subject="Restarted twice", description="Printer.")
        downgrade(engine, "0024")
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT to_regclass('ticket_terms')")) is None
            assert "span" not in {c["name"] for c in inspect(engine).get_columns("ticket_search")}
        upgrade(engine)
        with owner.uow() as uow:
            assert queue._search_expr(uow, "restarte printe", None, prefix=True) == "'printer' & 'restarted'"
    finally:
        upgrade(engine)
        reset(engine)
