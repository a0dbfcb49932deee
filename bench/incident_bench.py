"""Major-incident detection replayed over ticket streams with known incidents (issue #17).

A stream: two weeks of ordinary history (about 25 tickets an hour in office hours, forty kinds of
everyday problem in English and Indonesian, some sharing words with the outages), then a few
days replayed minute by minute through the real services on a fresh SQLite database with a fake
clock. Into those days go true incidents (5–14 reports by different people within 6–20 minutes,
phrased many ways, some with probe alerts) and near misses (3 reports on one topic: below the
threshold, so any suggestion from them is a false positive). `incidents.detect` runs every 2
minutes, as the scheduler does; an agent deals with each suggestion within 3 hours (dismissed
here, so it stops collecting reports).

A suggestion is a true positive when most of its tickets (≥ 60 %) come from one true incident.
Printed: precision, recall, the share of a true positive's tickets that belong to it (purity),
the delay from an incident's first report to its suggestion, and the wall time of one detection
(median and p95; the machine is shared, so wall times are rough).

    python -m bench.incident_bench [--days 3] [--incidents 8] [--near-misses 6] [--seed 1] [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from shared.auth.permissions import SYSTEM, Actor
from shared.config import Settings
from shared.db.database import Database
from shared.db.engine import make_engine, make_session_factory
from shared.db.migrate import upgrade
from shared.models.enums import Channel, Role
from shared.services import incidents, seed, tickets, users
from shared.services.tickets import NewTicket

EVERYDAY = [
    "Printer jam on floor {n}", "Forgot my password", "Akun terkunci setelah salah password", "Need Excel installed",
    "Laptop battery drains fast", "Monitor flickers", "Keyboard keys sticky", "Request access to the finance share",
    "Outlook signature wrong", "Teams camera not detected", "Wi-Fi slow in meeting room {n}", "Zoom license expired",
    "VPN slow from home", "Mouse not working", "Install printer driver", "Kertas macet di printer lantai {n}",
    "Request new laptop for intern", "Password expired", "Cannot open PDF attachments", "Update Chrome please",
    "Laptop overheating", "Headset microphone muted", "Shared drive mapping missing", "New employee account",
    "Outlook archive full", "Screen cracked", "Lupa kata sandi email", "Software install request: Visio",
    "Docking station no display", "Phone extension {n} dead", "Calendar sharing with team", "Excel macro blocked",
    "Printer toner low", "Backup restore of a deleted file", "Aplikasi ERP lambat", "Wi-Fi password for guests",
    "Laptop fan noisy", "Permission for project folder {n}", "Blue screen after update", "Webcam driver missing",
]
TOPICS = {
    "vpn": ["VPN will not connect", "VPN tidak bisa terhubung", "Cannot reach the VPN gateway",
            "VPN drops every minute", "VPN login times out", "VPN client says server unreachable",
            "No VPN since this morning", "VPN error 809"],
    "outlook": ["Outlook keeps asking for my password", "Outlook will not sync", "Outlook shows disconnected",
                "Outlook cannot send mail", "Outlook error 0x800CCC0E", "Email Outlook tidak bisa kirim"],
    "erp": ["ERP will not load", "ERP login page error 500", "Aplikasi ERP tidak bisa dibuka",
            "ERP timeout when posting invoices", "ERP down for finance"],
    "sharepoint": ["SharePoint site unavailable", "Cannot open SharePoint documents", "SharePoint error 503",
                   "SharePoint tidak bisa diakses", "SharePoint sync stopped"],
    "wifi": ["Wi-Fi gone on floor 3", "No Wi-Fi in the east wing", "Wi-Fi keeps dropping on floor 3",
             "Wifi lantai 3 mati", "Wi-Fi says no internet on floor 3"],
    "printer": ["Floor 2 printers all offline", "All printers say offline", "Printer queue stuck for everyone",
                "Semua printer offline", "Printing fails on every printer"],
    "phones": ["Desk phones dead", "Telephone system down", "Telepon kantor mati", "No dial tone on desk phones",
               "Phones show no service"],
    "payroll": ["Payroll portal unreachable", "Cannot log in to payroll", "Payroll site error",
                "Portal gaji tidak bisa dibuka", "Payroll portal times out"],
}
ALERTS = {"vpn": "[vpn-gw-1] VPN gateway unreachable", "erp": "[erp-app-2] ERP service down",
          "sharepoint": "[sp-web-1] SharePoint HTTP 503", "phones": "[pbx-1] Telephone system PBX unreachable"}


@dataclass
class Truth:
    id: int
    topic: str
    start: datetime
    ticket_ids: set[int] = field(default_factory=set)


@dataclass
class Result:
    detected: int
    true_positive: int
    incidents: int
    found: int
    purity: list[float]
    delays_min: list[float]
    detect_ms: list[float]


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _office_minutes(day: datetime) -> list[datetime]:
    start = day.replace(hour=1, minute=0)  # 08:00 Jakarta in UTC
    return [start + timedelta(minutes=m) for m in range(9 * 60)]


def _people(db: Database, n: int) -> list[Actor]:
    out = []
    for i in range(n):
        view = users.create_user(db.uow(), SYSTEM, username=f"user{i}", full_name=f"User {i}", role=Role.REQUESTER,
                                 email=None, password=None)
        out.append(users.actor_for(db.uow(), view.username))
    return out


def run(seed_value: int, days: int, n_incidents: int, n_near: int, workdir: Path, verbose: bool = False) -> Result:
    rng = random.Random(seed_value)
    url = f"sqlite:///{(workdir / f'bench-{seed_value}.sqlite3').as_posix()}"
    engine = make_engine(url)
    upgrade(engine)
    start = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)  # a Monday
    clock = Clock(start - timedelta(days=15))
    db = Database(Settings(database_url=url, language="en", auto_assign=False), engine,
                  make_session_factory(engine), clock)
    seed.ensure_defaults(db.uow())
    people = _people(db, 300)
    probe = people[-1]

    def everyday() -> str:
        return rng.choice(EVERYDAY).format(n=rng.randint(1, 9))

    # History: two weeks of ordinary tickets, an hour's arrivals written in one batch.
    for day in range(14):
        when = start - timedelta(days=14 - day)
        if when.weekday() >= 5:
            continue
        for hour in range(9):
            clock.now = when.replace(hour=1 + hour)
            drafts = [NewTicket(subject=everyday(), requester_id=rng.choice(people).id)
                      for _ in range(max(0, int(rng.gauss(25, 5))))]
            tickets.create_many(db.uow(), SYSTEM, drafts)

    # The replayed days: what arrives each minute.
    arrivals: dict[datetime, list[tuple[str, Actor, Channel, int | None]]] = {}
    minutes = [m for d in range(days) for m in _office_minutes(start + timedelta(days=d))]
    for m in minutes:
        if rng.random() < 25 / 60:  # about 25 an hour, as in the history
            arrivals.setdefault(m, []).append((everyday(), rng.choice(people), Channel.PORTAL, None))
    truths: list[Truth] = []
    topics = list(TOPICS)
    rng.shuffle(topics)
    for i in range(n_incidents):
        topic = topics[i % len(topics)]
        first = rng.choice(minutes[30:-60])
        truth = Truth(i, topic, first)
        truths.append(truth)
        span = rng.randint(6, 20)
        reporters = rng.sample(people[:-1], rng.randint(5, 14))
        for who in reporters:
            at = first + timedelta(minutes=rng.randint(0, span))
            arrivals.setdefault(at, []).append((rng.choice(TOPICS[topic]), who, Channel.EMAIL, i))
        if topic in ALERTS:
            for k in range(rng.randint(1, 3)):
                arrivals.setdefault(first + timedelta(minutes=k), []).append((ALERTS[topic], probe, Channel.PROBE, i))
    for _ in range(n_near):
        topic = rng.choice(list(TOPICS))
        first = rng.choice(minutes)
        for who in rng.sample(people[:-1], 3):
            at = first + timedelta(minutes=rng.randint(0, 15))
            arrivals.setdefault(at, []).append((rng.choice(TOPICS[topic]), who, Channel.EMAIL, None))

    label: dict[int, int | None] = {}
    suggested_at: dict[int, datetime] = {}
    detect_ms: list[float] = []
    for m in sorted(set(minutes) | set(arrivals)):
        clock.now = m
        for subject, who, channel, truth_id in arrivals.get(m, []):
            detail = tickets.create(db.uow(), SYSTEM, subject=subject, requester_id=who.id, channel=channel)
            label[detail.id] = truth_id
            if truth_id is not None:
                truths[truth_id].ticket_ids.add(detail.id)
        if m.minute % 2 == 0:
            began = time.perf_counter()
            touched = incidents.detect(db.uow())
            detect_ms.append((time.perf_counter() - began) * 1000)
            for inc_id in touched:
                suggested_at.setdefault(inc_id, m)
            for inc_id, when in suggested_at.items():
                if m - when >= timedelta(hours=3):
                    view = incidents.get(db.uow(), SYSTEM, inc_id)
                    if view.state.value == "suggested":
                        incidents.dismiss(db.uow(), SYSTEM, inc_id)

    found: dict[int, datetime] = {}
    purity, tp = [], 0
    detected = incidents.list_incidents(db.uow(), SYSTEM, open_only=False)
    for inc in detected:
        counts = Counter(label.get(t) for t in inc.ticket_ids)
        best, n = counts.most_common(1)[0]
        if verbose:
            print(f"  suggested #{inc.id} {inc.topic!r}: {len(inc.ticket_ids)} tickets, labels {dict(counts)}")
        if best is not None and n >= 0.6 * len(inc.ticket_ids):
            tp += 1
            purity.append(n / len(inc.ticket_ids))
            found[best] = min(found.get(best, suggested_at[inc.id]), suggested_at[inc.id])
    delays = [(found[t.id] - min(t.start, found[t.id])).total_seconds() / 60 for t in truths if t.id in found]
    engine.dispose()
    return Result(len(detected), tp, len(truths), len(found), purity, delays, detect_ms)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--incidents", type=int, default=8)
    parser.add_argument("--near-misses", type=int, default=6)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="streams, seeds seed … seed+runs-1")
    parser.add_argument("--verbose", action="store_true", help="print each suggestion and its tickets' truth")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="incident-bench-") as tmp:
        for k in range(args.runs):
            r = run(args.seed + k, args.days, args.incidents, args.near_misses, Path(tmp), args.verbose)
            results.append(r)
            print(f"stream {args.seed + k}: {r.detected} suggested, {r.true_positive} true; "
                  f"{r.found}/{r.incidents} incidents found", flush=True)
    detected = sum(r.detected for r in results)
    tp = sum(r.true_positive for r in results)
    total = sum(r.incidents for r in results)
    found = sum(r.found for r in results)
    purity = [p for r in results for p in r.purity]
    delays = [d for r in results for d in r.delays_min]
    ms = [x for r in results for x in r.detect_ms]
    print(f"precision {tp / detected if detected else float('nan'):.3f} ({tp}/{detected})")
    print(f"recall    {found / total if total else float('nan'):.3f} ({found}/{total})")
    print(f"purity    mean {statistics.fmean(purity) if purity else float('nan'):.3f}")
    print(f"delay     median {statistics.median(delays) if delays else float('nan'):.1f} min, "
          f"p95 {_pct(delays, 0.95):.1f} min (first report to suggestion)")
    print(f"detect    median {statistics.median(ms):.1f} ms, p95 {_pct(ms, 0.95):.1f} ms per run "
          f"({len(ms)} runs; shared machine)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
