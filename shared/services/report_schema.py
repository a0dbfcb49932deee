"""Probe reports validated by pydantic over the probe's own TypedDicts.

`agent_probe.collect.snapshot` defines the report once, as stdlib TypedDicts (the probe must not
need pydantic). Here each of them is turned, once, into a pydantic-validated TypedDict of the
same fields, with the wire's limits added: strict types (no "3" for 3, no true for a number),
no unknown fields, strings and lists capped, timestamps in UTC. A field added to the probe's
TypedDicts is validated here without a second schema.

Problems read as before: ``disks[2].percent: expected float, got str``.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from collections.abc import Mapping
from typing import Annotated, Any, Literal, NotRequired, Union

from pydantic import AfterValidator, ConfigDict, Field, TypeAdapter, ValidationError
from typing_extensions import TypedDict  # pydantic needs it on Python < 3.12

from agent_probe.collect import snapshot as snapshot_schema
from agent_probe.collect.snapshot import MAX_LIST, MAX_STRING, SCHEMA_VERSION, ReportBody, Snapshot

_ISO_FIELDS = frozenset({"collected_at", "boot_time", "started", "last_boot"})
_CONFIG = ConfigDict(extra="forbid", strict=True)
REPORT_ID = Annotated[str, Field(min_length=8, max_length=64)]  # the server's idempotency key


def _utc(value: str) -> str:
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("not an ISO-8601 timestamp") from None
    if parsed.utcoffset() != dt.timedelta(0):
        raise ValueError("timestamp must be in UTC")
    return value


def _field(annotation: Any) -> Any:
    """The pydantic type for one annotation of the probe's TypedDicts."""
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType):
        return Union[tuple(_field(a) for a in typing.get_args(annotation))]  # noqa: UP007  (built at run time)
    if origin is Literal:
        return annotation
    if origin is list:
        return Annotated[list[_field(typing.get_args(annotation)[0])], Field(max_length=MAX_LIST)]  # type: ignore[misc]
    if origin is dict:
        return Annotated[dict[str, Any], Field(max_length=MAX_LIST)]
    if typing.is_typeddict(annotation):
        return _model(annotation)
    if annotation is str:
        return Annotated[str, Field(max_length=MAX_STRING)]
    return annotation  # int, float (strict: 3 is a float, true is not), bool, Any


@functools.cache
def _model(schema: Any) -> Any:
    fields: dict[str, Any] = {}
    for name, annotation in typing.get_type_hints(schema, include_extras=True).items():
        optional = typing.get_origin(annotation) is NotRequired  # a field older probes do not send
        field = _field(typing.get_args(annotation)[0] if optional else annotation)
        if name in _ISO_FIELDS:
            field = Annotated[field, AfterValidator(_utc)]
        fields[name] = NotRequired[field] if optional else field
    if schema is ReportBody:
        fields["report_id"] = REPORT_ID
    model = TypedDict(schema.__name__, fields)  # type: ignore[misc]
    model.__pydantic_config__ = _CONFIG  # type: ignore[attr-defined]
    return model


@functools.cache
def _adapter(schema: Any) -> TypeAdapter[Any]:
    return TypeAdapter(_model(schema))


def _path(loc: tuple[int | str, ...]) -> str:
    """``disks[2].percent`` from pydantic's location; a union's branch names (``int``,
    ``CpuInfo``, ``function-after[...]``) are no place in the JSON and are left out."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part in _BRANCHES or "[" in part:
            continue
        else:
            text += f".{part}" if text else part
    return text


_BRANCHES = frozenset({"str", "int", "float", "bool", "none"}) | {
    t.__name__ for t in (Snapshot, ReportBody)} | {
    name for name, value in vars(snapshot_schema).items() if typing.is_typeddict(value)}

_EXPECTED = {"int_type": "int", "float_type": "float", "string_type": "str", "bool_type": "bool"}


def _message(error: Any, path: str) -> str:
    kind, got = error["type"], error.get("input")
    if path == "report_id" and kind in ("string_too_short", "string_too_long", "string_type"):
        return "expected a string of 8 to 64 characters"
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, got {type(got).__name__}"
    messages = {
        "missing": "missing",
        "extra_forbidden": "unexpected field",
        "string_too_long": f"longer than {MAX_STRING} characters",
        "too_long": f"more than {MAX_LIST} items",
        "dict_type": "expected an object",
        "list_type": "expected a list",
    }
    if kind in messages:
        return messages[kind]
    if kind == "value_error":
        return str(error["ctx"]["error"])
    if kind == "literal_error":
        return f"expected one of {error['ctx']['expected']}, got {got!r}"
    return str(error["msg"])


def _problems(exc: ValidationError, strip: str = "") -> list[str]:
    found: dict[str, None] = {}  # a dict keeps the order and drops repeats
    for error in exc.errors(include_url=False):
        path = _path(error["loc"])
        path = path.removeprefix(strip) if path != strip.rstrip(".") else path
        found.setdefault(f"{path or 'body'}: {_message(error, path)}", None)
    return list(found)


def validate_snapshot(data: object) -> list[str]:
    """Problems with a snapshot as received over the wire; an empty list means it is acceptable."""
    if not isinstance(data, Mapping):
        return ["snapshot: expected an object"]
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        return [f"schema_version: expected {SCHEMA_VERSION}, got {version!r}"]
    try:
        _adapter(Snapshot).validate_python(data)
    except ValidationError as exc:
        return _problems(exc)
    return []


def validate_report(data: object) -> list[str]:
    """Problems with a whole ``POST /api/v1/probe/report`` body (report id, snapshot, alerts)."""
    if not isinstance(data, Mapping):
        return ["body: expected an object"]
    snapshot = data.get("snapshot")
    if isinstance(snapshot, Mapping) and snapshot.get("schema_version") != SCHEMA_VERSION:
        return [f"schema_version: expected {SCHEMA_VERSION}, got {snapshot.get('schema_version')!r}"]
    try:
        _adapter(ReportBody).validate_python(data)
    except ValidationError as exc:
        return _problems(exc, strip="snapshot.")  # as validate_snapshot names them: "disks[0].percent"
    return []
