"""The background runner: plain callables, no database needed, and one broadcast of what changed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from desktop.common.ops import Ops
from shared.changes import Changes
from shared.errors import PermissionDenied
from tests.desktop.conftest import wait_idle


def test_a_runner_without_a_database_runs_plain_callables(qtbot) -> None:  # type: ignore[no-untyped-def]
    ops = Ops(clock=lambda: datetime(2026, 1, 2, tzinfo=UTC))
    got: list[int] = []
    ops.call(lambda: 6 * 7, got.append)
    wait_idle(qtbot, ops)
    assert got == [42] and ops.now() == datetime(2026, 1, 2, tzinfo=UTC)
    with pytest.raises(RuntimeError):
        ops.run(lambda _uow: 1)
    ops.wait()


def test_the_changes_a_result_or_an_error_carries_are_broadcast(qtbot) -> None:  # type: ignore[no-untyped-def]
    ops = Ops()
    ops.show_errors = False
    heard: list[tuple[Changes, object]] = []
    ops.sig_changed.connect(lambda changes, initiator: heard.append((changes, initiator)))
    me = object()
    ops.call(lambda: Changes.of(tickets=[1]), initiator=me)
    wait_idle(qtbot, ops)

    def refused() -> None:
        exc = PermissionDenied("no")
        exc.committed = Changes.of(tickets=[2])  # the refusal was still recorded on ticket 2
        raise exc

    ops.call(refused, failure=lambda _exc: True)
    ops.call(Changes)  # nothing changed: nothing is said
    ops.call(lambda: "plain")
    wait_idle(qtbot, ops)
    assert heard == [(Changes.of(tickets=[1]), me), (Changes.of(tickets=[2]), None)]
    ops.wait()
