"""The versioned snapshot schema, shared by the probe (producer) and the server (validator).

STANDARD LIBRARY ONLY at import time: the core imports this module to validate reports, and must
not pull in psutil. The TypedDicts below are the single definition: ``validate_snapshot`` walks
their annotations, so a field added here is validated everywhere without a second schema.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from collections.abc import Mapping
from typing import Any, Literal, TypedDict, Union

SCHEMA_VERSION = 1

# Limits keep a hostile or buggy report from costing the server much: every string and list is capped.
MAX_STRING = 4096
MAX_LIST = 4096


class SystemInfo(TypedDict):
    hostname: str
    os_name: str  # "Linux", "Windows", "Darwin"
    os_version: str  # kernel or build version
    os_release: str  # distribution / product release, e.g. "Debian GNU/Linux 12", "10"
    platform: str  # platform.platform(), human readable
    machine: str  # "x86_64", "AMD64", "arm64"
    boot_time: str  # UTC ISO-8601
    uptime_seconds: int


class CpuInfo(TypedDict):
    model: str | None
    logical_count: int | None
    physical_count: int | None
    percent: float  # system-wide, since the previous sample (or since the probe started)
    load_average: list[float] | None  # 1, 5, 15 minutes; None where the OS has none


class MemoryInfo(TypedDict):
    total: int  # bytes
    available: int
    used: int
    percent: float
    swap_total: int
    swap_used: int
    swap_percent: float


class DiskInfo(TypedDict):
    device: str
    mountpoint: str
    fstype: str
    total: int | None  # None when the mount could not be read (permission, vanished)
    used: int | None
    free: int | None
    percent: float | None
    error: str | None


class AddressInfo(TypedDict):
    family: str  # "ipv4", "ipv6", "mac"
    address: str
    netmask: str | None


class InterfaceInfo(TypedDict):
    name: str
    is_up: bool
    speed_mbps: int | None  # None when unknown (0 from the OS)
    mtu: int | None
    addresses: list[AddressInfo]


class BatteryInfo(TypedDict):
    percent: float
    power_plugged: bool | None
    seconds_left: int | None  # None when unknown or unlimited (plugged in)


class UserSession(TypedDict):
    name: str
    terminal: str | None
    host: str | None
    started: str  # UTC ISO-8601


class ProcessInfo(TypedDict):
    pid: int
    name: str
    username: str | None  # None when the OS denied access
    cpu_percent: float | None  # of one CPU, since the previous sample
    memory_rss: int | None  # bytes
    memory_percent: float | None


class ProcessSummary(TypedDict):
    total: int
    access_denied: int  # processes whose details the probe could not read
    top_cpu: list[ProcessInfo]
    top_memory: list[ProcessInfo]


class Snapshot(TypedDict):
    schema_version: int
    collected_at: str  # UTC ISO-8601
    probe_version: str
    system: SystemInfo
    cpu: CpuInfo
    memory: MemoryInfo
    disks: list[DiskInfo]
    network: list[InterfaceInfo]
    battery: BatteryInfo | None  # None when the machine has no battery
    users: list[UserSession]
    processes: ProcessSummary
    errors: list[str]  # collectors that failed, so one broken area does not lose the whole report


Severity = Literal["info", "warning", "critical"]
SEVERITIES: tuple[str, ...] = typing.get_args(Severity)


class Alert(TypedDict):
    key: str  # stable, e.g. "disk_full:/": the server opens one ticket per key and closes it when gone
    rule: str  # "disk_full", "memory_pressure", "battery_low"
    severity: Severity
    summary: str  # already translated into the probe's locale
    details: dict[str, Any]  # rule-specific figures (mountpoint, percent…) for the console


class ReportBody(TypedDict):
    report_id: str  # random per report: the server's idempotency key, replays may repeat it
    snapshot: Snapshot
    alerts: list[Alert]


def utc_iso(timestamp: float | None = None) -> str:
    """UTC ISO-8601 with a ``Z``-free ``+00:00`` offset, which ``datetime.fromisoformat`` reads back."""
    moment = dt.datetime.now(dt.UTC) if timestamp is None else dt.datetime.fromtimestamp(timestamp, dt.UTC)
    return moment.isoformat(timespec="seconds")


def collect_snapshot(*, top_n: int = 10) -> Snapshot:
    """Collect a JSON-ready snapshot of this machine (imports psutil, so only the probe calls it)."""
    from agent_probe.collect import assemble  # keeps this module stdlib-only for the core

    return assemble.collect(top_n=top_n)


# --- validation -------------------------------------------------------------------------------------

_ISO_FIELDS = frozenset({"collected_at", "boot_time", "started"})


def validate_snapshot(data: object) -> list[str]:
    """Problems with a snapshot as received over the wire; an empty list means it is acceptable.

    Messages name the JSON path (``disks[2].percent``) so a rejected report can be debugged.
    """
    if not isinstance(data, Mapping):
        return ["snapshot: expected an object"]
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        return [f"schema_version: expected {SCHEMA_VERSION}, got {version!r}"]
    problems: list[str] = []
    _check(data, Snapshot, "", problems)
    return problems


def validate_report(data: object) -> list[str]:
    """Problems with a whole ``POST /api/v1/probe/report`` body (report id, snapshot, alerts)."""
    if not isinstance(data, Mapping):
        return ["body: expected an object"]
    problems: list[str] = []
    report_id = data.get("report_id")
    if not isinstance(report_id, str) or not 8 <= len(report_id) <= 64:
        problems.append("report_id: expected a string of 8 to 64 characters")
    problems.extend(validate_snapshot(data.get("snapshot")))
    extra = set(data) - set(ReportBody.__annotations__)
    if extra:
        problems.append(f"body: unexpected fields {sorted(extra)}")
    _check(data.get("alerts"), list[Alert], "alerts", problems)
    return problems


def _check(value: object, expected: Any, path: str, problems: list[str]) -> None:
    origin = typing.get_origin(expected)
    if origin in (Union, types.UnionType):
        options = typing.get_args(expected)
        if value is None and type(None) in options:
            return
        non_none = [option for option in options if option is not type(None)]
        _check(value, non_none[0] if len(non_none) == 1 else Any, path, problems)
        return
    if origin is Literal:
        if value not in typing.get_args(expected):
            problems.append(f"{path}: expected one of {list(typing.get_args(expected))}, got {value!r}")
        return
    if origin is list:
        _check_list(value, typing.get_args(expected)[0], path, problems)
        return
    if origin is dict:
        if not isinstance(value, dict) or len(value) > MAX_LIST:
            problems.append(f"{path}: expected an object")
        return
    if typing.is_typeddict(expected):
        _check_object(value, expected, path, problems)
        return
    _check_scalar(value, expected, path, problems)


def _check_list(value: object, item_type: Any, path: str, problems: list[str]) -> None:
    if not isinstance(value, list):
        problems.append(f"{path}: expected a list")
        return
    if len(value) > MAX_LIST:
        problems.append(f"{path}: more than {MAX_LIST} items")
        return
    for index, item in enumerate(value):
        _check(item, item_type, f"{path}[{index}]", problems)


@functools.lru_cache(maxsize=64)
def _hints(schema: Any) -> dict[str, Any]:
    # Resolving a TypedDict's hints re-evaluates every annotation: 70 % of a report's validation.
    return typing.get_type_hints(schema)


def _check_object(value: object, schema: Any, path: str, problems: list[str]) -> None:
    if not isinstance(value, Mapping):
        problems.append(f"{path or 'snapshot'}: expected an object")
        return
    hints = _hints(schema)
    prefix = f"{path}." if path else ""
    for name in sorted(schema.__required_keys__ - set(value)):
        problems.append(f"{prefix}{name}: missing")
    for name in sorted(set(value) - set(hints)):
        problems.append(f"{prefix}{name}: unexpected field")
    for name, field_type in hints.items():
        if name in value:
            _check(value[name], field_type, f"{prefix}{name}", problems)
            if name in _ISO_FIELDS and isinstance(value[name], str):
                _check_timestamp(value[name], f"{prefix}{name}", problems)


def _check_scalar(value: object, expected: Any, path: str, problems: list[str]) -> None:
    if expected is Any:
        return
    # bool is an int subclass in Python but a different JSON type: reject True where a number belongs.
    if expected is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    elif expected is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, expected)
    if not ok:
        problems.append(f"{path}: expected {getattr(expected, '__name__', expected)}, got {type(value).__name__}")
    elif isinstance(value, str) and len(value) > MAX_STRING:
        problems.append(f"{path}: longer than {MAX_STRING} characters")


def _check_timestamp(value: str, path: str, problems: list[str]) -> None:
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        problems.append(f"{path}: not an ISO-8601 timestamp")
        return
    if parsed.utcoffset() != dt.timedelta(0):
        problems.append(f"{path}: timestamp must be in UTC")
