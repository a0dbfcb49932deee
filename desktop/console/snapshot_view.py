"""A machine's latest probe snapshot as readable, translated HTML: system, CPU, memory, disks,
network, battery, signed-in users and the busiest processes (the raw JSON is for programs)."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop.common.fmt import duration, local_time


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate files _tr() under the empty context


def size(n: float | None) -> str:
    if n is None:
        return "—"
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if abs(n) < 1024 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


def _when(value: str | None, tz: str | None) -> str:
    try:
        return local_time(datetime.fromisoformat(value), tz) if value else "—"
    except ValueError:
        return value or "—"


def _heading(text: str) -> str:
    return f"<h3>{html.escape(text)}</h3>"


def _table(head: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    cells = "".join(f"<th align='left'>{html.escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table cellspacing='0' cellpadding='3'><tr>{cells}</tr>{body}</table>"


def _facts(pairs: Iterable[tuple[str, Any]]) -> str:
    return "<table cellspacing='0' cellpadding='2'>" + "".join(
        f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(str(v))}</td></tr>" for k, v in pairs) + "</table>"


def snapshot_html(snap: Mapping[str, Any] | None, tz: str | None) -> str:
    if not snap:
        return "<p>" + html.escape(_tr("This machine has not sent a snapshot yet.")) + "</p>"
    system, cpu, memory = snap.get("system") or {}, snap.get("cpu") or {}, snap.get("memory") or {}
    parts = [_heading(_tr("System")), _facts([
        (_tr("Host name"), system.get("hostname", "—")),
        (_tr("Operating system"), f"{system.get('os_release', '')} ({system.get('os_name', '')} "
                                  f"{system.get('os_version', '')})".strip()),
        (_tr("Architecture"), system.get("machine", "—")),
        (_tr("Running for"), duration(timedelta(seconds=int(system.get("uptime_seconds") or 0)))),
        (_tr("Collected"), _when(snap.get("collected_at"), tz)),
        (_tr("Probe version"), snap.get("probe_version", "—")),
    ])]
    load = cpu.get("load_average")
    parts += [_heading(_tr("Processor and memory")), _facts([
        (_tr("Processor"), cpu.get("model") or "—"),
        (_tr("Cores"), cpu.get("logical_count") or "—"),
        (_tr("Processor load"), _pct(cpu.get("percent"))
         + (f" ({' / '.join(f'{v:.2f}' for v in load)})" if load else "")),
        (_tr("Memory used"), _tr("{used} of {total} ({percent})").format(
            used=size(memory.get("used")), total=size(memory.get("total")), percent=_pct(memory.get("percent")))),
        (_tr("Swap used"), _tr("{used} of {total} ({percent})").format(
            used=size(memory.get("swap_used")), total=size(memory.get("swap_total")),
            percent=_pct(memory.get("swap_percent")))),
    ])]
    parts += [_heading(_tr("Disks")), _table(
        [_tr("Mounted at"), _tr("Device"), _tr("Size"), _tr("Free"), _tr("Used")],
        [(d.get("mountpoint"), d.get("device"), size(d.get("total")), size(d.get("free")), _pct(d.get("percent")))
         for d in snap.get("disks") or []])]
    parts += [_heading(_tr("Network")), _table(
        [_tr("Interface"), _tr("State"), _tr("Addresses")],
        [(n.get("name"), _tr("up") if n.get("is_up") else _tr("down"),
          ", ".join(a.get("address", "") for a in n.get("addresses") or [] if a.get("family") != "mac") or "—")
         for n in snap.get("network") or []])]
    battery = snap.get("battery")
    if battery:
        plugged = battery.get("power_plugged")
        parts += [_heading(_tr("Battery")), _facts([
            (_tr("Charge"), _pct(battery.get("percent"))),
            (_tr("Power"), _tr("plugged in") if plugged else _tr("on battery") if plugged is False else "—"),
        ])]
    users = snap.get("users") or []
    if users:
        parts += [_heading(_tr("Signed in")), _table(
            [_tr("User"), _tr("Since")], [(u.get("name"), _when(u.get("started"), tz)) for u in users])]
    top = (snap.get("processes") or {}).get("top_cpu") or []
    if top:
        parts += [_heading(_tr("Busiest processes")), _table(
            [_tr("Process"), _tr("User"), _tr("Processor"), _tr("Memory")],
            [(p.get("name"), p.get("username") or "—", _pct(p.get("cpu_percent")), size(p.get("memory_rss")))
             for p in top])]
    errors = snap.get("errors") or []
    if errors:
        parts += [_heading(_tr("Not collected")),
                  "<p>" + "<br>".join(html.escape(str(e)) for e in errors) + "</p>"]
    return "\n".join(parts)
