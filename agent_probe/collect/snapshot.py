"""The versioned snapshot schema, shared by the probe (producer) and the server (validator).

STANDARD LIBRARY ONLY at import time: the core imports this module to validate reports, and must
not pull in psutil (nor pydantic: the probe does not need it). The TypedDicts below are the single
definition: the server validates reports with pydantic over them
(`shared.services.report_schema`), so a field added here is validated without a second schema.
"""

from __future__ import annotations

import typing
from typing import Any, Literal, NotRequired, TypedDict

# Defined there so the resident probe's collectors use them without importing typing; one definition.
from agent_probe.collect.common import MAX_LIST, MAX_STRING, SCHEMA_VERSION, utc_iso

__all__ = ["MAX_LIST", "MAX_STRING", "SCHEMA_VERSION", "utc_iso"]  # and the TypedDicts below


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
    health_percent: NotRequired[float]  # full-charge capacity as % of design, where the OS reports it


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


class Package(TypedDict):
    name: str
    version: str
    source: str  # "dpkg", "rpm", "flatpak", "snap", "windows"
    publisher: str | None


class HardwareInfo(TypedDict):
    vendor: str | None
    model: str | None
    serial: str | None  # None where the OS keeps it from this user (Linux: root only)
    bios_vendor: str | None
    bios_version: str | None
    bios_date: str | None


class OsBuild(TypedDict):
    name: str  # "Debian GNU/Linux 12 (bookworm)", "Windows 11 Pro"
    version: str  # "12", "23H2"
    build: str  # kernel release, or Windows build.UBR "22631.2861"


class DiskHealth(TypedDict):
    device: str
    model: str | None
    status: Literal["ok", "failing", "unknown"]
    detail: str | None  # what the OS said, e.g. "SMART overall-health: PASSED", "Warning"


class Inventory(TypedDict):
    """What is slow to gather or rarely changes: collected once a day, not every cycle."""

    collected_at: str  # UTC ISO-8601
    software: list[Package]
    software_truncated: bool  # more packages than MAX_LIST: the first MAX_LIST by name are kept
    hardware: HardwareInfo
    os: OsBuild
    last_boot: str  # UTC ISO-8601
    disks: list[DiskHealth]
    errors: list[str]


class ReportBody(TypedDict):
    report_id: str  # random per report: the server's idempotency key, replays may repeat it
    snapshot: Snapshot
    alerts: list[Alert]
    inventory: NotRequired[Inventory]  # in the first report of the day only


def collect_snapshot(*, top_n: int = 10) -> Snapshot:
    """Collect a JSON-ready snapshot of this machine (imports psutil, so only the probe calls it)."""
    from agent_probe.collect import assemble  # keeps this module stdlib-only for the core

    return assemble.collect(top_n=top_n)
