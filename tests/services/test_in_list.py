"""`shared.db.in_list`: a list bound at execution, one statement text on PostgreSQL whatever its length."""

from __future__ import annotations

from sqlalchemy import select

from shared.db.database import Database
from shared.db.in_list import in_list
from shared.models import User
from shared.models.enums import Role
from shared.services import alerts
from tests import factories
from tests.statements import recorded

_USERS_IN = select(User.username).where(in_list(User.id, "ids")).order_by(User.username)


def test_it_matches_exactly_the_listed_ids_for_any_length(db: Database) -> None:
    ids = {name: factories.user(db, Role.REQUESTER, name=name).id for name in ("ana", "budi", "citra", "dewi")}
    with db.uow() as uow:
        def names(wanted: list[int]) -> list[str]:
            return list(uow.session.scalars(_USERS_IN, {"ids": wanted}))

        assert names([]) == []
        assert names([ids["budi"]]) == ["budi"]
        assert names([ids["dewi"], ids["ana"], ids["citra"]]) == ["ana", "citra", "dewi"]
        assert names([ids["ana"], ids["ana"], 2_000_000_000]) == ["ana"]  # repeats and unknown ids


def test_postgresql_gets_one_text_for_every_length_and_sqlite_an_expanded_list(db: Database,
                                                                                 is_postgres: bool) -> None:
    """The probe reports' alert-ticket lookup, for batches of 1, 3 and 7 machines: PostgreSQL plans a
    query on `tickets` in ~5 ms, so its text must be the same every time for psycopg to prepare it."""
    with db.uow() as uow, recorded(db) as seen:
        for size in (1, 3, 7):
            alerts.active_alert_tickets(uow.session, list(range(1, size + 1)))
    lookups = [sql for sql in seen if "alert_key" in sql]
    assert len(lookups) == 3
    if is_postgres:
        assert len(set(lookups)) == 1 and "= ANY (" in lookups[0]
    else:
        assert len(set(lookups)) == 3 and all(" IN (" in sql for sql in lookups)
