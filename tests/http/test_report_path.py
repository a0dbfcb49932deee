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


def test_creating_a_ticket_from_the_tray_leaves_the_loop_only_for_the_session_check() -> None:
    """The session check reads the database (revocation is immediate: no cache), so it alone runs in a
    worker thread; the unit of work, the bearer token, the actor and the wait for the ticket
    writer stay on the event loop."""
    route = next(r for r in tray.router.routes if isinstance(r, APIRoute) and r.path == "/api/v1/tray/tickets"
                 and "POST" in (r.methods or ()))
    sync = [getattr(c, "__name__", repr(c)) for c in _calls(route.dependant) if not inspect.iscoroutinefunction(c)]
    assert sync == ["current_session"]
