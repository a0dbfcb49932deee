"""Query plans of the board's refresh: a search reads the trigram index (migration 0021), never every
machine. Plans, never durations, as in test_query_plans: a generated fleet, committed and analysed;
on PostgreSQL sequential scans are switched off, so a remaining Seq Scan means no usable index."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, event, text

from bench import fleet
from shared.auth.permissions import SYSTEM
from shared.config import Settings
from shared.db.database import Database
from shared.db.engine import make_session_factory
from shared.services import board
from shared.services.board import BoardQuery
from tests.conftest import reset
from tests.perf.test_query_plans import _pg_nodes, plan

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
N = 2000
SEARCHES = [BoardQuery(search="pc-012"), BoardQuery(search="User99"), BoardQuery(search="pc-01", low_disk=True),
            BoardQuery(search="user1", offline=True)]


@pytest.fixture(scope="module")
def fleet_db(engine: Engine) -> Iterator[Database]:
    """The fleet, committed for the module (plans are explained on another connection), then wiped."""
    db = Database(Settings(database_url=engine.url.render_as_string(hide_password=False), language="en"), engine,
                  make_session_factory(engine), lambda: NOW)
    fleet.build(db.uow(), N, NOW, with_history=50)
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    yield db
    reset(engine)


def _trigram_indexes(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(conn.scalar(text("SELECT count(*) FROM pg_indexes WHERE indexname LIKE '%\\_trgm'")))


@pytest.mark.parametrize("query", SEARCHES, ids=lambda q: f"{q.search}{'+disk' if q.low_disk else ''}"
                                                         f"{'+offline' if q.offline else ''}")
def test_a_search_reads_the_trigram_index_not_every_machine(engine: Engine, fleet_db: Database,
                                                            query: BoardQuery) -> None:
    seen: list[tuple[str, Any]] = []

    def grab(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        seen.append((statement, parameters))  # a search's statement begins WITH its matches

    event.listen(engine, "before_cursor_execute", grab)
    try:
        board.refresh(fleet_db.uow(), SYSTEM, query, 100)
    finally:
        event.remove(engine, "before_cursor_execute", grab)
    (statement, parameters), = [s for s in seen if "machine_health.spark" in s[0]]
    if engine.dialect.name == "postgresql":
        if not _trigram_indexes(engine):
            pytest.skip("pg_trgm is not installed on this server: migration 0021 left the indexes out")
        nodes = _pg_nodes(json.loads(plan(engine, statement, parameters, sort_ok=True))[0]["Plan"])
        scanned = {n.get("Relation Name") for n in nodes if n["Node Type"] == "Seq Scan"}
        assert not scanned & {"machines", "machine_health"}, f"full scan of {scanned}"
        used = {n.get("Index Name") for n in nodes}
        assert {"ix_machines_hostname_trgm", "ix_machine_health_last_user_trgm"} <= used, used
        return
    found = plan(engine, statement, parameters)
    assert "SCAN machine_search VIRTUAL TABLE INDEX 0:M" in found, found  # a MATCH of the FTS5 index
    full = [line for line in found.splitlines() if line.startswith(("SCAN machines", "SCAN machine_health"))]
    assert not full, found
