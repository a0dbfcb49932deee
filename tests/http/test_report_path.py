"""The probe's report route is served on the event loop: no dependency and no endpoint of it is
handed to a worker thread (each was a thread round trip per report), and its refusals stay as
they were (tests/http/test_probe_refusals.py)."""

from __future__ import annotations

import inspect
from collections.abc import Iterator

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from shared.http.routes import probe, tray


def _calls(dependant: Dependant) -> Iterator[object]:
    if dependant.call is not None:
        yield dependant.call
    for sub in dependant.dependencies:
        yield from _calls(sub)


def test_the_report_route_runs_on_the_event_loop() -> None:
    route = next(r for r in probe.router.routes if isinstance(r, APIRoute) and r.path == "/api/v1/probe/report")
    calls = list(_calls(route.dependant))
    assert len(calls) >= 4  # the endpoint, the rate limit, the machine, the app state
    sync = [getattr(c, "__qualname__", repr(c)) for c in calls if not inspect.iscoroutinefunction(c)]
    assert sync == []


def test_creating_a_ticket_from_the_tray_runs_on_the_event_loop() -> None:
    """The session check waits for the session reader (shared.http.deps.signed_in) instead of taking
    a worker thread and a pooled connection of its own; the unit of work, the bearer token, the
    actor and the wait for the ticket writer stay on the event loop too."""
    route = next(r for r in tray.router.routes if isinstance(r, APIRoute) and r.path == "/api/v1/tray/tickets"
                 and "POST" in (r.methods or ()))
    calls = list(_calls(route.dependant))
    assert "current_session" in [getattr(c, "__name__", "") for c in calls]
    sync = [getattr(c, "__name__", repr(c)) for c in calls if not inspect.iscoroutinefunction(c)]
    assert sync == []
