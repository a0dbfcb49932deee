"""The server's session reader (shared.http.deps.AppState.session_reader): the tray's session checks
read in one statement per batch (sessions.read_many), each refused or accepted by itself as
`sessions.check` would, and last_seen_at written at most once a minute per session, apart from the
read (sessions.mark_seen)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import select

from shared.auth.permissions import SYSTEM, Actor
from shared.db.database import Database
from shared.http import deps
from shared.models import User, UserSession
from shared.models.enums import Role
from shared.services import sessions
from shared.services.group_commit import GroupCommit
from tests import factories as f
from tests.conftest import FakeClock


def _session(db: Database, actor: Actor) -> str:
    return sessions.open_session(db.uow(), actor, client="tray").id


def _check(db: Database, claims: list[tuple[str, int]]) -> list[sessions.Verdict]:
    """What the server does for a batch of checks: read them, then write the due last_seen_at (the
    server hands those to its seen writer; here they are written at once)."""
    with db.uow() as uow:
        found, due = sessions.read_many(uow, claims)
    if due:
        deps._mark_seen(db.uow(), tuple(due))
    return found


def test_a_batch_refuses_each_bad_session_by_itself(db: Database, clock: FakeClock) -> None:
    sari = f.user(db, Role.REQUESTER, name="sari")
    bayu = f.user(db, Role.REQUESTER, name="bayu")
    ani = f.user(db, Role.REQUESTER, name="ani")
    assert sari.id is not None and bayu.id is not None and ani.id is not None
    good, revoked, ended, inactive = (_session(db, a) for a in (sari, bayu, sari, ani))
    with db.uow() as uow:
        s = uow.session
        row = s.get(UserSession, revoked)
        assert row is not None
        row.revoked_at = uow.now()
        row = s.get(UserSession, ended)
        assert row is not None
        row.ends_at = uow.now()
        user = s.get(User, ani.id)
        assert user is not None
        user.active = False
        uow.commit()
    claims = [(good, sari.id), ("0" * 32, sari.id), (good, bayu.id), (revoked, bayu.id), (ended, sari.id),
              (inactive, ani.id), (good, sari.id)]
    expired, disabled = sessions.Refused.EXPIRED, sessions.Refused.DISABLED
    found = _check(db, claims)
    assert [x if isinstance(x, sessions.Refused) else x[1].id for x in found] == [
        sari.id, expired, expired, expired, expired, disabled, sari.id]
    # The same verdicts as the one-at-a-time check, error for error.
    for (session_id, user_id), verdict in zip(claims, found, strict=True):
        with db.uow() as uow:
            try:
                sessions.check(uow, session_id, user_id)
            except Exception as exc:
                assert isinstance(verdict, sessions.Refused)
                assert str(exc) == str(verdict.refusal())
            else:
                assert not isinstance(verdict, sessions.Refused)


def test_the_reader_makes_actors_with_their_teams(db: Database) -> None:
    f.defaults(db)
    agent = f.user(db, Role.L1_AGENT, name="tono", teams=("Service Desk",))
    assert agent.id is not None and agent.team_ids
    session_id = _session(db, agent)
    found = deps._read_sessions(db.uow(), [(session_id, agent.id), ("x" * 32, agent.id)], seen=lambda _due: None)
    assert not isinstance(found[0], sessions.Refused)
    info, actor = found[0]
    assert actor == agent and isinstance(actor, Actor) and actor.team_ids == agent.team_ids
    assert info.id == session_id and info.user_id == agent.id  # the session too: refresh reads it from here
    assert found[1] is sessions.Refused.EXPIRED
    one = deps._read_session(db.uow(), (session_id, agent.id), seen=lambda _due: None)
    assert not isinstance(one, sessions.Refused) and one[1] == agent


def test_last_seen_is_written_at_most_once_a_minute(db: Database, clock: FakeClock) -> None:
    sari = f.user(db, Role.REQUESTER, name="sari")
    assert sari.id is not None
    session_id = _session(db, sari)
    opened = clock()

    def last_seen() -> object:
        with db.uow() as uow:
            row = uow.session.get(UserSession, session_id)
            assert row is not None
            return row.last_seen_at

    clock.advance(seconds=30)
    _check(db, [(session_id, sari.id), (session_id, sari.id)])
    assert last_seen() == opened
    clock.advance(seconds=31)
    found = _check(db, [(session_id, sari.id), (session_id, sari.id)])
    assert last_seen() == opened + timedelta(seconds=61)
    assert all(not isinstance(x, sessions.Refused) and x[0].last_seen_at == clock() for x in found)
    assert sessions.revoke_user_sessions(db.uow(), SYSTEM, sari.id) == 1
    assert _check(db, [(session_id, sari.id)]) == [sessions.Refused.EXPIRED]


def test_a_check_does_not_wait_for_a_held_write_lock(committed_db: Database, clock: FakeClock) -> None:
    """The last_seen_at write goes to a writer of its own: while another connection holds SQLite's
    write lock (a ticket batch, a search-index step) or, on PostgreSQL, the session's row, a tray
    call's session check is answered at once, and the write lands once the lock is let go."""
    db = committed_db
    sari = f.user(db, Role.REQUESTER, name="sari")
    assert sari.id is not None
    session_id = _session(db, sari)
    clock.advance(seconds=61)  # its last_seen_at is due
    writer: GroupCommit[tuple[str, ...], None] = GroupCommit(db, deps._mark_seen_many, deps._mark_seen)
    holder = db.engine.connect()
    try:
        if db.engine.dialect.name == "sqlite":
            holder.exec_driver_sql("BEGIN IMMEDIATE")  # the one write lock, as a writer holds it
        else:
            holder.begin()
            holder.execute(select(UserSession.id).where(UserSession.id == session_id).with_for_update())
        with ThreadPoolExecutor(1) as pool:
            answer = pool.submit(deps._read_sessions, db.uow(), [(session_id, sari.id)], seen=writer.post)
            # Well under SQLite's 5 s busy timeout: a check that waited for the lock would still wait.
            assert [x if isinstance(x, sessions.Refused) else x[1] for x in answer.result(timeout=3)] == [sari]
        assert _last_seen(db, session_id) == clock() - timedelta(seconds=61)  # not written yet
    finally:
        holder.rollback()
        holder.close()
    writer.close()  # writes what is queued first
    assert _last_seen(db, session_id) == clock()


def _last_seen(db: Database, session_id: str) -> object:
    with db.uow() as uow:
        return uow.session.scalar(select(UserSession.last_seen_at).where(UserSession.id == session_id))
