"""The snapshot schema's runtime values, without the schema's TypedDicts.

agent_probe/collect/snapshot.py is the schema (TypedDicts, so ``typing``: 0.4 MB of RSS); the
collectors of the resident probe need only these values at run time and import the TypedDicts for
the type checker alone. snapshot.py re-exports them, so the core reads one definition.
"""

from __future__ import annotations

import json

SCHEMA_VERSION = 1

# Limits keep a hostile or buggy report from costing the server much: the server caps every string
# and list at these.
MAX_STRING = 4096
MAX_LIST = 4096


class RawJson(str):
    """JSON text made and checked elsewhere, written into a report as it is (report/spool.py's
    `encode`). The daily inventory comes from a helper process as JSON text: the resident probe
    checks it once and then carries the text, not a parsed copy, through the spool and onto the wire.
    Parsed and serialized twice more, it left about 0.6 MB of freed but held heap in the resident
    process for good (bench/probe_footprint.py; with spool.is_json_object, 22.04 -> 21.20 MB)."""

    __slots__ = ()


JSON_OBJECT = object()  # what json_shape makes of every JSON object


def _object_marker(_pairs: object) -> object:
    return JSON_OBJECT


# One decoder for the process: json.loads with a hook builds a decoder and its scanner per call
# (tracemalloc: 14 KB more held after 2,000 calls, against nothing with one decoder).
_SHAPE = json.JSONDecoder(object_pairs_hook=_object_marker)


def json_shape(text: str) -> object:
    """`text` read by the json parser without keeping what it read: each JSON object becomes the
    shared JSON_OBJECT marker as soon as it is parsed, so a report checked here never exists as
    objects in the resident probe (json.loads of the day's first report left 0.3 MB of heap
    behind). Raises ValueError when `text` is not JSON."""
    return _SHAPE.decode(text)


def json_object_count(text: str) -> int | None:
    """How many objects `text` lists when it is a JSON list of objects only (json_shape), else None."""
    shape = json_shape(text)
    if not isinstance(shape, list) or any(item is not JSON_OBJECT for item in shape):
        return None
    return len(shape)


def utc_iso(timestamp: float | None = None) -> str:
    """UTC ISO-8601 with a ``Z``-free ``+00:00`` offset, which ``datetime.fromisoformat`` reads back."""
    import datetime as dt  # here: the resident probe carries the worker's text and never formats a time (0.35 MB)

    moment = dt.datetime.now(dt.UTC) if timestamp is None else dt.datetime.fromtimestamp(timestamp, dt.UTC)
    return moment.isoformat(timespec="seconds")
