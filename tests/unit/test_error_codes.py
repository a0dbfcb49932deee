"""Each error class has its own stable wire code."""

from __future__ import annotations

from shared import errors
from shared.errors import HelpdeskError, error_classes


def _all(cls: type[HelpdeskError]) -> list[type[HelpdeskError]]:
    return [cls, *[c for sub in cls.__subclasses__() for c in _all(sub)]]


def test_codes_are_unique_and_name_their_class() -> None:
    import shared.http.security
    import shared.services.diagnostics  # their errors join the tree

    classes = _all(HelpdeskError)
    codes = [c.code for c in classes]
    assert len(codes) == len(set(codes)), codes
    assert errors.Conflict.code == "conflict" and errors.InvalidTransition.code == "invalid_transition"
    assert shared.http.security.RateLimited.code == "rate_limited"
    assert error_classes()["conflict"] is errors.Conflict
