"""Realistic bulk data for the benchmarks: tickets over three years with their timelines.

Skewed like a real service desk: a few requesters raise many tickets, a few categories hold most
of them, agents carry uneven loads, about 15 % of tickets are still open, and the text is a mix of
English and Indonesian. Rows go in with executemany (SQLite) or COPY (PostgreSQL), straight after
the initial schema, and the later migrations (indexes, full-text search) then run over the
loaded data, as they would on a real installation being upgraded.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select, text

from bench.clock import NOW
from shared.db.migrate import upgrade
from shared.models import Category, Team, Ticket, User
from shared.services import seed
from shared.services.report_sql import rebuild
from shared.services.uow import UnitOfWork

SIZES = {"smoke": 2_000, "20k": 20_000, "100k": 100_000, "1m": 1_000_000}
SPAN = timedelta(days=3 * 365)
OPEN_SHARE = 0.15
ACTIVE = ("new", "open", "in_progress", "pending_user", "pending_vendor")

# --- text --------------------------------------------------------------------------------------
EN_SUBJECTS = {
    "Password reset": ["Forgot my password", "Account locked out after password change", "Cannot log in to {app}",
                       "Password expired on {device}", "Reset password for {app} please"],
    "Account request": ["New account for {person}", "Access request to shared drive {drive}",
                        "Need permission for {app}", "Add {person} to the {team} group"],
    "Printer": ["Printer on floor {n} is offline", "Paper jam in {printer}", "Toner empty on {printer}",
                "Cannot print from {app}", "Print queue stuck on {printer}"],
    "Laptop / PC": ["Laptop will not boot", "Keyboard not working on {device}", "Monitor flickering",
                    "Laptop battery drains fast", "Screen cracked on {device}", "PC overheating and shutting down"],
    "VPN": ["VPN keeps disconnecting", "Cannot connect to VPN from home", "AnyConnect error {code}",
            "Remote access very slow"],
    "Wi-Fi / LAN": ["Wifi drops in meeting room {n}", "No internet on floor {n}", "Network down in branch {branch}",
                    "Slow wireless connection", "LAN port dead at desk {n}"],
    "Email": ["Outlook not syncing", "Mailbox full", "Cannot send email to external addresses",
              "Outlook crashes when opening attachments", "Shared mailbox missing"],
    "Applications": ["Install {app} on my laptop", "Excel freezes on large files", "Teams camera not detected",
                     "Zoom audio echo", "License expired for {app}", "Software update failed for {app}"],
}
ID_SUBJECTS = {
    "Password reset": ["Lupa password {app}", "Akun terkunci setelah ganti kata sandi", "Tidak bisa login ke {app}"],
    "Account request": ["Minta akun baru untuk {person}", "Minta hak akses ke folder {drive}"],
    "Printer": ["Printer lantai {n} tidak bisa cetak", "Kertas macet di {printer}", "Toner habis di {printer}"],
    "Laptop / PC": ["Laptop tidak mau menyala", "Layar laptop berkedip", "Baterai laptop cepat habis",
                    "Keyboard rusak di {device}"],
    "VPN": ["VPN sering terputus", "Tidak bisa konek VPN dari rumah"],
    "Wi-Fi / LAN": ["Wifi putus-putus di ruang rapat {n}", "Internet mati di lantai {n}", "Koneksi jaringan lambat"],
    "Email": ["Outlook tidak sinkron", "Kotak surat penuh", "Tidak bisa kirim email ke luar"],
    "Applications": ["Minta install {app}", "Excel macet saat buka file besar", "Lisensi {app} habis"],
}
EN_SENTENCES = [
    "It started this morning after the update.", "I already restarted the {device} twice.",
    "The error message says {code}.", "This blocks the month-end report for finance.",
    "Colleagues at the {branch} branch have the same problem.", "It worked fine yesterday.",
    "Please help as soon as possible, I have a meeting with a client at {n}:00.",
    "I tried another cable and another port.", "The {app} window goes white and then closes.",
    "Screenshot attached.", "It only happens on the office network, not at home.",
]
ID_SENTENCES = [
    "Mulai tadi pagi setelah update.", "Saya sudah restart {device} dua kali.",
    "Pesan errornya {code}.", "Ini menghambat laporan akhir bulan untuk keuangan.",
    "Rekan di cabang {branch} juga mengalami masalah yang sama.", "Kemarin masih normal.",
    "Mohon dibantu secepatnya, saya ada rapat dengan klien jam {n}.",
    "Sudah coba kabel dan port lain.", "Jendela {app} jadi putih lalu tertutup.",
    "Screenshot terlampir.", "Hanya terjadi di jaringan kantor, di rumah normal.",
]
EN_REPLIES = [
    "Thanks, we are looking into it.", "Could you send the exact error message and a screenshot?",
    "I have reset your password; please log in and change it.", "The toner has been replaced.",
    "We pushed a new driver to your {device}; please restart it.",
    "The access point in room {n} was rebooted.", "Your mailbox quota was raised to 100 GB.",
    "{app} is installed; you will find it in the start menu.", "Please try again now and let us know.",
]
ID_REPLIES = [
    "Terima kasih, sedang kami cek.", "Mohon kirim pesan error lengkap dan screenshot.",
    "Password sudah kami reset, silakan login dan ganti password.", "Toner sudah diganti.",
    "Driver baru sudah dipasang di {device}, silakan restart.", "Silakan dicoba lagi dan kabari kami.",
]
NOTES = [
    "Checked the RADIUS log: account {person} locked by repeated failures.", "Vendor ticket opened, ref {code}.",
    "Known issue with firmware {code}; workaround applied.", "Swapped the unit from spare stock.",
    "Sudah cek log, switch port {n} error CRC.", "Escalating: needs domain admin rights.",
]
FILL = {
    "app": ["SAP", "Outlook", "Excel", "Teams", "Zoom", "AutoCAD", "Chrome", "payroll", "e-Faktur", "SIMRS"],
    "device": ["laptop", "PC", "ThinkPad", "MacBook", "docking station", "monitor"],
    "printer": ["HP LaserJet 4", "the Kyocera in finance", "printer HRD", "the plotter"],
    "person": ["Budi Santoso", "Siti Rahma", "John Carter", "Dewi Lestari", "Agus Wijaya", "Maria Gomez"],
    "drive": ["Finance", "HR", "Projects", "Legal"], "team": ["Finance", "Sales", "Marketing"],
    "branch": ["Surabaya", "Bandung", "Medan", "Makassar", "Denpasar"],
    "code": ["0x80070005", "E-412", "ERR_CONNECTION_RESET", "412", "SSL-17", "0xC000006A"],
    "n": [str(i) for i in range(1, 13)],
}
FIRST = ["Budi", "Siti", "Agus", "Dewi", "Andi", "Rina", "Joko", "Ayu", "John", "Maria", "Hendra", "Putri",
         "Rudi", "Lina", "Eko", "Wati", "David", "Sarah", "Fajar", "Indah", "Yusuf", "Nur", "Kevin", "Tari"]
LAST = ["Santoso", "Rahma", "Wijaya", "Lestari", "Pratama", "Saputra", "Hidayat", "Kusuma", "Carter", "Gomez",
        "Nugroho", "Siregar", "Halim", "Tan", "Lim", "Wibowo", "Setiawan", "Putra", "Sari", "Harahap"]


def _fill(rng: random.Random, template: str) -> str:
    if "{" not in template:
        return template
    return template.format(**{k: rng.choice(v) for k, v in FILL.items() if "{" + k + "}" in template})


# --- generation --------------------------------------------------------------------------------

def _zipf_weights(n: int, s: float = 1.1) -> list[float]:
    return [1 / (i + 1) ** s for i in range(n)]


def make_people(n_tickets: int) -> tuple[list[tuple[Any, ...]], list[tuple[int, int]], dict[str, Any]]:
    """Users (requesters, agents by tier, supervisors) and team memberships."""
    rng = random.Random(1)
    n_requesters = max(50, n_tickets // 50)
    users: list[tuple[Any, ...]] = []
    roles = ([("l1_agent", 1)] * 24 + [("l2_technician", 2)] * 14 + [("l3_engineer", 3)] * 8
             + [("supervisor", None)] * 3 + [("admin", None)])
    created = NOW - SPAN - timedelta(days=30)
    agents: dict[int, list[int]] = {1: [], 2: [], 3: []}
    uid = 1000  # leave room below for users made by the services (seed, bench actors)
    for role, tier in roles:
        uid += 1
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        users.append((uid, f"{role}{uid}", f"{role}{uid}@example.test", name, role, True, True, "en",
                      "Asia/Jakarta", created))
        if tier:
            agents[tier].append(uid)
    requesters = []
    for _ in range(n_requesters):
        uid += 1
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        users.append((uid, f"user{uid}", f"user{uid}@example.test", name, "requester", True, True,
                      rng.choice(("en", "id")), "Asia/Jakarta", created))
        requesters.append(uid)
    return users, [], {"agents": agents, "requesters": requesters}


def ticket_rows(engine: Engine, n: int, people: dict[str, Any]) -> Iterator[tuple[list[tuple[Any, ...]],
                                                                                   list[tuple[Any, ...]]]]:
    """Batches of (ticket rows, timeline rows)."""
    with engine.connect() as conn:
        cats = {name: (cid, parent_team) for cid, name, parent_team in conn.execute(
            select(Category.id, Category.name, Category.team_id).where(Category.parent_id.is_not(None)))}
        teams = {tier: tid for tid, tier in conn.execute(select(Team.id, Team.tier))}
    rng = random.Random(42)
    cat_names = list(EN_SUBJECTS)
    cat_weights = [30, 8, 14, 16, 9, 10, 8, 12]
    requesters = people["requesters"]
    req_weights = _zipf_weights(len(requesters), 0.9)
    agents = people["agents"]
    agent_weights = {t: _zipf_weights(len(a), 0.6) for t, a in agents.items()}
    res_minutes = {"P1": 240, "P2": 480, "P3": 1440, "P4": 2400}
    resp_minutes = {"P1": 30, "P2": 60, "P3": 240, "P4": 480}
    matrix = {("high", "high"): "P1", ("high", "medium"): "P2", ("medium", "high"): "P2",
              ("high", "low"): "P3", ("medium", "medium"): "P3", ("low", "high"): "P3",
              ("medium", "low"): "P4", ("low", "medium"): "P4", ("low", "low"): "P4"}
    start = NOW - SPAN
    step = SPAN / n
    batch_t: list[tuple[Any, ...]] = []
    batch_e: list[tuple[Any, ...]] = []
    eid = 0
    req_pick = rng.choices(requesters, req_weights, k=n)
    cat_pick = rng.choices(cat_names, cat_weights, k=n)
    for i in range(n):
        tid = i + 1
        created = start + step * i + timedelta(seconds=rng.randint(0, 59))
        age = NOW - created
        cat = cat_pick[i]
        indo = rng.random() < 0.45
        subject = _fill(rng, rng.choice((ID_SUBJECTS if indo else EN_SUBJECTS)[cat]))
        sentences = ID_SENTENCES if indo else EN_SENTENCES
        description = " ".join(_fill(rng, rng.choice(sentences)) for _ in range(rng.randint(1, 4)))
        impact = rng.choices(("high", "medium", "low"), (1, 3, 6))[0]
        urgency = rng.choices(("high", "medium", "low"), (2, 5, 3))[0]
        priority = matrix[(impact, urgency)]
        # Open tickets are mostly recent; a long tail of old ones lingers.
        p_open = 0.85 if age < timedelta(days=7) else 0.3 if age < timedelta(days=60) else 0.11
        is_open = rng.random() < p_open
        tier = rng.choices((1, 2, 3), (70, 22, 8))[0]
        team_id = teams.get(tier)
        assignee = None
        if not is_open or rng.random() < 0.8:
            assignee = rng.choices(agents[tier], agent_weights[tier])[0]
        if is_open:
            status = rng.choices(ACTIVE, (10, 25, 45, 12, 8))[0] if assignee else rng.choice(("new", "open"))
        else:
            status = "closed" if age > timedelta(days=14) else "resolved"
        response_due = created + timedelta(minutes=resp_minutes[priority] * 3)
        resolution_due = created + timedelta(minutes=res_minutes[priority] * 3)
        response_warn = created + timedelta(minutes=resp_minutes[priority] * 2.4)
        resolution_warn = created + timedelta(minutes=res_minutes[priority] * 2.4)
        responded = None
        if status not in ("new",) and (assignee or not is_open):
            responded = created + timedelta(minutes=rng.expovariate(1 / (resp_minutes[priority] * 2)))
            responded = min(responded, NOW)
        resolved = None
        if not is_open:
            resolved = created + timedelta(minutes=rng.expovariate(1 / (res_minutes[priority] * 2.5)) + 5)
            responded = responded or resolved
        updated = min(NOW, resolved or responded or created)
        closed = resolved + timedelta(days=7) if status == "closed" and resolved else None
        paused = created if status in ("pending_user", "pending_vendor") else None
        replies = 0
        version = 1
        entries = [("event", f"Created via portal; classified by rule: {cat.lower()}")]
        if responded is not None:
            replies = 1 if rng.random() < 0.8 else 2
            for _ in range(replies):
                entries.append(("reply", _fill(rng, rng.choice(ID_REPLIES if indo else EN_REPLIES))))
        if rng.random() < 0.35:
            entries.append(("note", _fill(rng, rng.choice(NOTES))))
        if resolved is not None:
            entries.append(("event", "Resolved"))
        solution = _fill(rng, rng.choice(EN_REPLIES)) if resolved else None
        batch_t.append((
            tid, subject, description, req_pick[i], rng.choices(("email", "portal", "phone", "chat"), (4, 4, 1, 1))[0],
            cats[cat][0], impact, urgency, priority, status, tier, assignee, team_id,
            created, updated, responded, resolved, closed, solution,
            response_due, response_warn, resolution_due, resolution_warn, paused, 0,
            (responded is not None and responded > response_warn) or (is_open and response_warn < NOW),
            (resolved is not None and resolved > resolution_warn) or (is_open and resolution_warn < NOW),
            responded is not None and responded > response_due,
            resolved is not None and resolved > resolution_due,
            int((responded - created).total_seconds()) if responded else None,
            int((resolved - created).total_seconds()) if resolved else None,
            replies, 0, tier, version + len(entries),
        ))
        when = created
        for n_entry, (kind, body) in enumerate(entries):
            eid += 1
            author = assignee if kind in ("reply", "note") else None
            field = "created" if n_entry == 0 else ("status" if kind == "event" else None)
            batch_e.append((eid, tid, kind, author, body, when, 1 + n_entry, field, None, None, False))
            when = min(NOW, when + timedelta(minutes=rng.randint(5, 600)))
        if len(batch_t) >= 20_000:
            yield batch_t, batch_e
            batch_t, batch_e = [], []
    if batch_t:
        yield batch_t, batch_e


TICKET_COLS = ("id", "subject", "description", "requester_id", "channel", "category_id", "impact", "urgency",
               "priority", "status", "tier", "assignee_id", "team_id", "created_at", "updated_at",
               "first_responded_at", "resolved_at", "closed_at", "solution", "response_due_at",
               "response_warn_at", "resolution_due_at", "resolution_warn_at", "sla_paused_at",
               "sla_paused_seconds", "response_warned", "resolution_warned", "response_breached",
               "resolution_breached", "first_response_seconds", "resolution_seconds", "agent_replies",
               "reopen_count", "max_tier", "version")
ENTRY_COLS = ("id", "ticket_id", "kind", "author_id", "body", "created_at", "ticket_version", "field",
              "old_value", "new_value", "via_email")
USER_COLS = ("id", "username", "email", "full_name", "role", "active", "on_duty", "language", "timezone",
             "created_at")


def _sqlite_value(v: Any) -> Any:
    # The exact text SQLAlchemy's SQLite DateTime stores, so comparisons stay textual and right.
    if isinstance(v, datetime):
        return v.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    return v


def _naive(v: Any) -> Any:
    return v.astimezone(UTC).replace(tzinfo=None) if isinstance(v, datetime) else v


def _insert(engine: Engine, table: str, cols: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    if engine.dialect.name == "postgresql":
        raw = engine.raw_connection()
        try:
            with raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as cp:  # type: ignore[attr-defined]
                for row in rows:
                    cp.write_row(tuple(_naive(v) for v in row))
            raw.commit()
        finally:
            raw.close()
        return
    sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    with engine.begin() as conn:
        conn.exec_driver_sql(sql, [tuple(_sqlite_value(v) for v in row) for row in rows])


def populate(engine: Engine, size: str, *, log: Any = print, timeline: bool = True,
             source: Path | None = None) -> None:
    """Build the schema, seed the defaults, load `size` tickets, then analyse.

    `source`: a SQLite bench database of the same size made earlier; its people, tickets and
    timelines are copied (COPY on PostgreSQL) instead of generated again, so both databases hold
    the same tickets and a 1M PostgreSQL set takes minutes rather than the generator's hour."""
    from shared.config import Settings
    from shared.db.engine import make_session_factory

    n = SIZES[size]
    t0 = time.perf_counter()
    # The seed writes through today's models (categories.active came in 0010, users' sign-in
    # columns in 0011), so the schema is at head from the start. On SQLite the full-text table and
    # its triggers are set aside while the rows go in (a trigger per reply rewrites the ticket's
    # FTS row: hours at 1M) and rebuilt, with migration 0002's own statements, at the end.
    upgrade(engine)
    search = _search_migration() if engine.dialect.name == "sqlite" else None
    if search is not None:
        with engine.begin() as conn:
            for statement in search.SQLITE_DOWN:
                conn.exec_driver_sql(statement)
    uow = UnitOfWork(make_session_factory(engine), Settings(database_url=str(engine.url), language="en"),
                     lambda: NOW - SPAN - timedelta(days=31))
    seed.ensure_defaults(uow)
    if source is not None:
        _copy_from(engine, source, n, log, t0)
    else:
        _generate(engine, n, log, t0, timeline=timeline)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            for table in ("tickets", "timeline_entries", "users"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT max(id) FROM {table}))"))
    t1 = time.perf_counter()
    log(f"  loaded {n:,} tickets in {t1 - t0:.0f} s; building the full-text search")
    with engine.begin() as conn:
        if search is not None:
            for statement in search.SQLITE_UP:
                conn.exec_driver_sql(statement)
            # ... and later revisions' changes to it (0020: the requester in each document; 0026:
            # the queue views' terms, and its triggers in place of 0020's).
            for statement in _migration("0020").sqlite_rebuild(with_requester=True):
                conn.exec_driver_sql(statement)
            for statement in _migration("0026").sqlite_upgrade():
                conn.exec_driver_sql(statement)
        # The rows went in by bulk INSERT, past the flush hook that keeps the report aggregates:
        # compute them set-based, as migration 0012 and `helpdesk report rebuild-aggregates` do.
        rebuild(conn)
    analyze(engine)
    log(f"  migrated and analysed in {time.perf_counter() - t1:.0f} s")


def _generate(engine: Engine, n: int, log: Any, t0: float, *, timeline: bool) -> None:
    users, _, people = make_people(n)
    _insert(engine, "users", USER_COLS, users)
    with engine.begin() as conn:
        teams = {tier: tid for tid, tier in conn.execute(select(Team.id, Team.tier))}
        tier_of = {u[0]: {"l1_agent": 1, "l2_technician": 2, "l3_engineer": 3}.get(u[4]) for u in users}
        conn.execute(text("INSERT INTO team_members (team_id, user_id) VALUES (:t, :u)"),
                     [{"t": teams[t], "u": uid} for uid, t in tier_of.items() if t])
    done = 0
    for batch_t, batch_e in ticket_rows(engine, n, people):
        _insert(engine, "tickets", TICKET_COLS, batch_t)
        if timeline:  # without: a tickets-only database, much faster to build (bench/triage_bench.py)
            _insert(engine, "timeline_entries", ENTRY_COLS, batch_e)
        done += len(batch_t)
        if done % 200_000 == 0:
            log(f"  {done:,} tickets loaded ({time.perf_counter() - t0:.0f} s)")


def _copy_from(engine: Engine, source: Path, n: int, log: Any, t0: float) -> None:
    """The generated rows of a SQLite bench database, into this (empty, seeded) one."""
    import sqlite3

    src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True)
    try:
        # Team and category ids are the seed's, made in the same order on both: check, never assume.
        for table in ("teams", "categories"):
            with engine.connect() as conn:
                here = [tuple(r) for r in conn.execute(text(f"SELECT id, name FROM {table} ORDER BY id"))]
            there = src.execute(f"SELECT id, name FROM {table} ORDER BY id").fetchall()
            if here != there:
                raise RuntimeError(f"{source} was seeded differently ({table}); generate it again")
        tickets = src.execute("SELECT count(*) FROM tickets").fetchone()[0]
        if tickets != n:
            raise RuntimeError(f"{source} holds {tickets:,} tickets, not {n:,}")
        for table, cols in (("users", USER_COLS), ("team_members", ("team_id", "user_id")),
                            ("tickets", TICKET_COLS), ("timeline_entries", ENTRY_COLS)):
            cur = src.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY rowid")
            copied = 0
            while rows := cur.fetchmany(50_000):
                _insert(engine, table, cols, rows)
                copied += len(rows)
            log(f"  {table}: {copied:,} rows copied ({time.perf_counter() - t0:.0f} s)")
    finally:
        src.close()


def _search_migration() -> Any:
    """Migration 0002's module (its file name is not an importable module name)."""
    return _migration("0002")


def _migration(revision: str) -> Any:
    """A migration's module by its revision number."""
    import importlib.util

    import shared.migrations

    path = next(Path(shared.migrations.__file__).parent.glob(f"versions/{revision}_*.py"))
    spec = importlib.util.spec_from_file_location(f"migration_{revision}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def analyze(engine: Engine) -> None:
    if engine.dialect.name == "postgresql":
        # VACUUM, not only ANALYZE: a freshly loaded table has no visibility map, so every
        # index-only scan (the counts, the capped counts) visits the heap, and autovacuum doing it
        # later would run under the measurements. A database in service is vacuumed by autovacuum.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM (ANALYZE)"))
        return
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
        conn.execute(text("PRAGMA optimize"))


def counts(engine: Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        return (int(conn.scalar(select(func.count()).select_from(Ticket)) or 0),
                int(conn.scalar(select(func.count()).select_from(User)) or 0))
