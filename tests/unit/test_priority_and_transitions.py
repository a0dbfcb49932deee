import pytest

from shared.models.enums import Level, Priority, Status
from shared.rules.priority import compute_priority
from shared.rules.transitions import ALLOWED, can_transition

H, M, L = Level.HIGH, Level.MEDIUM, Level.LOW


@pytest.mark.parametrize(("impact", "urgency", "expected"), [
    (H, H, Priority.P1), (H, M, Priority.P2), (H, L, Priority.P3),
    (M, H, Priority.P2), (M, M, Priority.P3), (M, L, Priority.P4),
    (L, H, Priority.P3), (L, M, Priority.P4), (L, L, Priority.P4),
])
def test_priority_matrix(impact: Level, urgency: Level, expected: Priority) -> None:
    assert compute_priority(impact, urgency) is expected


def test_priority_accepts_plain_strings() -> None:
    assert compute_priority("high", "high") is Priority.P1  # type: ignore[arg-type]


def test_every_status_has_a_rule() -> None:
    assert set(ALLOWED) == set(Status)


@pytest.mark.parametrize(("current", "target"), [
    (Status.NEW, Status.OPEN), (Status.OPEN, Status.IN_PROGRESS), (Status.IN_PROGRESS, Status.PENDING_USER),
    (Status.PENDING_USER, Status.IN_PROGRESS), (Status.IN_PROGRESS, Status.PENDING_VENDOR),
    (Status.PENDING_VENDOR, Status.RESOLVED), (Status.RESOLVED, Status.CLOSED), (Status.RESOLVED, Status.OPEN),
])
def test_lifecycle_moves_allowed(current: Status, target: Status) -> None:
    assert can_transition(current, target)


@pytest.mark.parametrize(("current", "target"), [
    (Status.CLOSED, Status.OPEN), (Status.CLOSED, Status.RESOLVED), (Status.OPEN, Status.NEW),
    (Status.IN_PROGRESS, Status.CLOSED), (Status.PENDING_USER, Status.CLOSED), (Status.RESOLVED, Status.PENDING_USER),
])
def test_lifecycle_moves_refused(current: Status, target: Status) -> None:
    assert not can_transition(current, target)


def test_pending_statuses_pause_the_clock() -> None:
    assert {s for s in Status if s.pauses_sla} == {Status.PENDING_USER, Status.PENDING_VENDOR}
