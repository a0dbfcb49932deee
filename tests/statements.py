"""The SQL a block of test code sends, for tests that count or inspect statements."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from shared.db.database import Database


@contextmanager
def recorded(db: Database) -> Iterator[list[str]]:
    """Every statement run on `db`'s engine inside the block, whitespace collapsed to one space."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
