"""Which status may follow which. The lifecycle is new → open → in progress → pending → resolved
→ closed; a resolved ticket can be reopened; a closed one is final (a reply starts a follow-up)."""

from __future__ import annotations

from shared.models.enums import Status

S = Status
ALLOWED: dict[Status, frozenset[Status]] = {
    S.NEW: frozenset({S.OPEN, S.IN_PROGRESS, S.PENDING_USER, S.PENDING_VENDOR, S.RESOLVED, S.CLOSED}),
    S.OPEN: frozenset({S.IN_PROGRESS, S.PENDING_USER, S.PENDING_VENDOR, S.RESOLVED, S.CLOSED}),
    S.IN_PROGRESS: frozenset({S.OPEN, S.PENDING_USER, S.PENDING_VENDOR, S.RESOLVED}),
    S.PENDING_USER: frozenset({S.OPEN, S.IN_PROGRESS, S.PENDING_VENDOR, S.RESOLVED}),
    S.PENDING_VENDOR: frozenset({S.OPEN, S.IN_PROGRESS, S.PENDING_USER, S.RESOLVED}),
    S.RESOLVED: frozenset({S.CLOSED, S.OPEN, S.IN_PROGRESS}),
    S.CLOSED: frozenset(),
}


def can_transition(current: Status, target: Status) -> bool:
    return Status(target) in ALLOWED[Status(current)]
