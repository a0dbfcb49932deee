"""A fleet of N machines for the board's test and bench, written set-based (one executemany per
table): machines with their latest health, a heartbeat spread over the last days, and the last
47 hours of samples (raw, one an hour, and hourly) for the first `with_history` machines."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import insert

from shared.models import Machine, MachineHealth, MachineSample, MachineVolume
from shared.models.health import HOURLY, RAW
from shared.services.history import minutes
from shared.services.uow import UnitOfWork


def build(uow: UnitOfWork, n: int, now: datetime, *, with_history: int = 100, seed: int = 1) -> list[int]:
    rng = random.Random(seed)
    with uow:
        s = uow.session
        first = (s.query(Machine.id).order_by(Machine.id.desc()).limit(1).scalar() or 0) + 1
        ids = list(range(first, first + n))
        with_spark = set(ids[:with_history])
        s.execute(insert(Machine), [
            {"id": i, "hostname": f"PC-{i:05d}", "os_name": "Windows", "os_version": "11 10.0.22631",
             "created_at": now, "last_seen_at": now - timedelta(minutes=rng.choice((5, 10, 20, 3000, 9000)))}
            for i in ids])
        s.execute(insert(MachineHealth), [
            {"machine_id": i, "cpu": round(rng.uniform(1, 90), 1), "mem": round(rng.uniform(20, 95), 1),
             "disk_free_pct": round(rng.uniform(2, 70), 1), "last_user": f"user{i % 997}", "updated_at": now,
             "spark": {"cpu": [rng.randint(1, 90) for _ in range(47)], "mem": [rng.randint(20, 90) for _ in range(47)],
                       "disk": [60 + k // 4 for k in range(47)]} if i in with_spark else None}
            for i in ids])
        s.execute(insert(MachineVolume), [{"machine_id": i, "vol": 1, "mountpoint": "C:\\", "total_mb": 256_000}
                                          for i in ids[:with_history]])
        hour = minutes(now) - minutes(now) % 60
        hours = [hour - 60 * h for h in range(1, 48)]
        for tier in (RAW, HOURLY):  # the raw reports of the last 48 hours, one an hour, and their hours
            s.execute(insert(MachineSample), [
                {"machine_id": i, "tier": tier, "t": t, "n": 1 if tier == RAW else 4, "cpu": rng.randint(100, 9000),
                 "mem": rng.randint(2000, 9000), "battery": None, "uptime": 600, "reboots": 0,
                 "free1": 60_000 - 50 * k, "free2": None, "free3": None, "free4": None}
                for i in ids[:with_history] for k, t in enumerate(reversed(hours))])
        uow.commit()
    return ids
