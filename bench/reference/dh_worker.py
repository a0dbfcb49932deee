"""Runs INSIDE the throwaway django-helpdesk venv (bench/reference/django_helpdesk.py makes it).

Standard library + Django + django-helpdesk only; it never imports the helpdesk project. It
1. configures a minimal Django project around django-helpdesk (SQLite in WAL mode with
   synchronous=NORMAL, as our embedded database; or PostgreSQL with --pg),
2. loads the SAME tickets as our bench database (read with sqlite3 from bench/out/helpdesk-<size>.sqlite3):
   staff users, categories as queues, tickets, timeline entries as follow-ups,
3. times django-helpdesk's own views through Django's test client (the whole request: middleware,
   view, ORM, JSON/HTML rendering; no network), and prints one JSON object on stdout.

    python dh_worker.py --source bench/out/helpdesk-100k.sqlite3 --db bench/out/django-helpdesk-100k.sqlite3
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import sqlite3
import statistics
import sys
import time
from datetime import UTC, datetime
from typing import Any

STATUS = {"new": 1, "open": 1, "in_progress": 1, "pending_user": 1, "pending_vendor": 1,
          "resolved": 3, "closed": 4}
PRIORITY = {"P1": 1, "P2": 2, "P3": 3, "P4": 4}
QUERIES = ["printer offline", "vpn", "password reset", "laptop tidak menyala", "toner", "akun terkunci"]


def configure(db_path: str, pg: str | None) -> None:
    import django
    from django.conf import settings

    if pg:
        database: dict[str, Any] = {"ENGINE": "django.db.backends.postgresql", "NAME": pg.rsplit("/", 1)[1]}
        rest = pg.split("://", 1)[1].rsplit("/", 1)[0]
        creds, _, hostport = rest.rpartition("@")
        user, _, password = creds.partition(":")
        host, _, port = hostport.partition(":")
        database.update(USER=user, PASSWORD=password, HOST=host, PORT=port or "5432")
    else:
        # The same pragmas as our embedded SQLite (shared/db/engine.py): WAL, synchronous=NORMAL.
        database = {"ENGINE": "django.db.backends.sqlite3", "NAME": db_path,
                    "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}}
    # Persistent connections, as a production deployment has (ours keeps a pool): no reconnect per request.
    database["CONN_MAX_AGE"] = None
    settings.configure(
        DEBUG=False, SECRET_KEY="bench-only-not-secret", ALLOWED_HOSTS=["testserver"],
        INSTALLED_APPS=["django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
                        "django.contrib.sessions", "django.contrib.messages", "django.contrib.staticfiles",
                        "django.contrib.sites", "django.contrib.humanize", "rest_framework",
                        # django-helpdesk's migrations depend on pinax-teams (its "teams" extra)
                        "account", "pinax.invitations", "pinax.teams", "reversion", "helpdesk"],
        MIDDLEWARE=["django.middleware.security.SecurityMiddleware",
                    "django.contrib.sessions.middleware.SessionMiddleware",
                    "django.middleware.common.CommonMiddleware",
                    "django.middleware.csrf.CsrfViewMiddleware",
                    "django.contrib.auth.middleware.AuthenticationMiddleware",
                    "django.contrib.messages.middleware.MessageMiddleware"],
        ROOT_URLCONF=__name__,
        TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True,
                    "OPTIONS": {"context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages"]}}],
        DATABASES={"default": database}, SITE_ID=1, USE_TZ=True, TIME_ZONE="UTC",
        STATIC_URL="/static/", DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        # Mail goes nowhere: the figure is the ticket's own cost, not an SMTP round trip.
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOGIN_URL="helpdesk:login", HELPDESK_KB_ENABLED=True,
    )
    django.setup()


def _urls() -> list[Any]:
    from django.urls import include, path
    return [path("helpdesk/", include("helpdesk.urls", namespace="helpdesk"))]


def __getattr__(name: str) -> Any:  # ROOT_URLCONF = this module; Django reads `urlpatterns` lazily
    if name == "urlpatterns":
        return _urls()
    raise AttributeError(name)


def _dt(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def load(source: str, log: Any) -> None:
    """The bench database's people, categories, tickets and timeline, into django-helpdesk's models."""
    from django.contrib.auth.models import User
    from django.db import connection, transaction
    from helpdesk.models import FollowUp, Queue, Ticket, UserSettings

    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    t0 = time.perf_counter()
    staff = src.execute("SELECT id, username, email, full_name FROM users WHERE role != 'requester'").fetchall()
    emails = dict(src.execute("SELECT id, email FROM users"))
    with transaction.atomic():
        User.objects.bulk_create([User(id=uid, username=name, email=email or "", first_name=(full or "")[:150],
                                       is_staff=True, password="!") for uid, name, email, full in staff])
        # bulk_create skips the post_save signal that gives each user their helpdesk settings
        UserSettings.objects.bulk_create([UserSettings(user_id=s[0]) for s in staff])
        cats = src.execute("SELECT id, name FROM categories").fetchall()
        Queue.objects.bulk_create([Queue(id=cid, title=name[:100], slug=f"q{cid}") for cid, name in cats])
        Queue.objects.create(id=max(c for c, _ in cats) + 1, title="Uncategorised", slug="uncategorised")
    default_queue = max(c for c, _ in cats) + 1
    staff_ids = {s[0] for s in staff}
    n = 0
    cur = src.execute("SELECT id, subject, description, requester_id, category_id, priority, status, "
                      "assignee_id, created_at, updated_at, solution, resolution_due_at, status IN "
                      "('pending_user', 'pending_vendor') FROM tickets ORDER BY id")
    while rows := cur.fetchmany(5000):
        with transaction.atomic():
            Ticket.objects.bulk_create([Ticket(
                id=tid, title=subject[:200], description=description, submitter_email=emails.get(req),
                queue_id=cat or default_queue, priority=PRIORITY.get(prio, 3), status=STATUS[status],
                on_hold=bool(hold), assigned_to_id=assignee, created=_dt(created),
                modified=_dt(updated), resolution=solution, due_date=_dt(due))
                for tid, subject, description, req, cat, prio, status, assignee, created, updated, solution, due, hold
                in rows])
        n += len(rows)
    log(f"  {n:,} tickets in {time.perf_counter() - t0:.0f} s")
    cur = src.execute("SELECT ticket_id, kind, author_id, body, created_at, field, old_value, new_value "
                      "FROM timeline_entries ORDER BY id")
    m = 0
    while rows := cur.fetchmany(10000):
        with transaction.atomic():
            FollowUp.objects.bulk_create([FollowUp(
                ticket_id=tid, date=_dt(created), title=kind[:200], public=kind != "note",
                user_id=author if author in staff_ids else None,
                comment=body or f"{field}: {old} -> {new}",
                new_status=STATUS.get(new) if field == "status" else None)
                for tid, kind, author, body, created, field, old, new in rows])
        m += len(rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            for table in ("auth_user", "helpdesk_queue", "helpdesk_ticket"):
                c.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            c.execute("ANALYZE")
    else:
        with connection.cursor() as c:
            c.execute("ANALYZE")
    log(f"  {m:,} follow-ups, {time.perf_counter() - t0:.0f} s in all")


def _q(filtering: dict[str, Any], search: str = "") -> str:
    query = {"filtering": filtering, "filtering_null": {}, "sorting": "created", "sortreverse": True,
             "search_string": search}
    return base64.b64encode(json.dumps(query).encode()).decode("ascii")


def _timed(client: Any, method: str, url: str, reps: int, data: Any = None) -> dict[str, Any]:
    wall, cpu = [], []
    for i in range(reps + 1):
        c0, t0 = time.process_time(), time.perf_counter()
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        t1, c1 = time.perf_counter(), time.process_time()
        if response.status_code not in (200, 302):
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        if i:  # the first call warms caches, as in bench/run.py
            wall.append((t1 - t0) * 1000)
            cpu.append((c1 - c0) * 1000)
    return {"median": statistics.median(wall), "p95": sorted(wall)[min(len(wall) - 1, round(0.95 * (len(wall) - 1)))],
            "cpu_median": statistics.median(cpu), "samples": len(wall)}


def measure(reps: int, creates: int) -> dict[str, Any]:
    from django.contrib.auth.models import User
    from django.test import Client
    from helpdesk.models import Queue, Ticket

    agent = User.objects.filter(is_staff=True).order_by("id").first()
    assert agent is not None
    agent.is_superuser = True  # sees every queue, as our supervisor does
    agent.save()
    client = Client()
    client.force_login(agent)
    total = Ticket.objects.count()
    out: dict[str, Any] = {"tickets": total}
    everything, active = _q({}), _q({"status__in": [1, 2]})
    # The datatables endpoint the ticket list calls: one page of 25 plus the count (recordsTotal).
    out["all tickets: first page + count"] = _timed(
        client, "get", f"/helpdesk/datatables_ticket_list/{everything}?draw=1&start=0&length=25", reps)
    out["all tickets: deep page + count"] = _timed(
        client, "get", f"/helpdesk/datatables_ticket_list/{everything}?draw=1&start={total // 2}&length=25", reps)
    out["open tickets: first page + count"] = _timed(
        client, "get", f"/helpdesk/datatables_ticket_list/{active}?draw=1&start=0&length=25", reps)
    searches = [_timed(client, "get", f"/helpdesk/datatables_ticket_list/{_q({}, text)}?draw=1&start=0&length=25",
                       max(1, reps // 3)) for text in QUERIES]
    out["search (staff)"] = {"median": statistics.median(s["median"] for s in searches),
                             "p95": max(s["p95"] for s in searches),
                             "cpu_median": statistics.median(s["cpu_median"] for s in searches),
                             "samples": sum(s["samples"] for s in searches)}
    rng = random.Random(7)
    ids = [rng.randint(1, total) for _ in range(reps + 1)]
    wall, cpu = [], []
    for i, tid in enumerate(ids):
        c0, t0 = time.process_time(), time.perf_counter()
        response = client.get(f"/helpdesk/tickets/{tid}/")
        t1, c1 = time.perf_counter(), time.process_time()
        assert response.status_code == 200, response.status_code
        if i:
            wall.append((t1 - t0) * 1000)
            cpu.append((c1 - c0) * 1000)
    out["ticket detail"] = {"median": statistics.median(wall), "p95": sorted(wall)[round(0.95 * (len(wall) - 1))],
                            "cpu_median": statistics.median(cpu), "samples": len(wall)}
    queue = Queue.objects.order_by("id").first()
    assert queue is not None
    before = Ticket.objects.order_by("-id").values_list("id", flat=True).first() or 0
    form = {"queue": queue.id, "title": "Printer on floor 3 offline", "priority": 3,
            "body": "Since this morning the printer shows offline for everyone on the floor.",
            "submitter_email": "budi.santoso@example.co.id", "assigned_to": ""}
    try:
        out["ticket creation (form POST)"] = _timed(client, "post", "/helpdesk/tickets/submit/", creates, form)
        made = Ticket.objects.filter(id__gt=before).count()
        if made != creates + 1:
            raise SystemExit(f"expected {creates + 1} new tickets, found {made}: the form was refused")
    finally:
        Ticket.objects.filter(id__gt=before).delete()
    return out


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--source", required=True, help="our bench SQLite database (read only)")
    p.add_argument("--db", required=True, help="django-helpdesk's SQLite file (built once, then reused)")
    p.add_argument("--pg", help="a PostgreSQL URL instead of --db (emptied and loaded)")
    p.add_argument("--reps", type=int, default=20)
    p.add_argument("--creates", type=int, default=200)
    args = p.parse_args()

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    fresh = bool(args.pg) or not os.path.exists(args.db)
    configure(args.db, args.pg)
    from django.core.management import call_command
    from helpdesk.models import Ticket

    call_command("migrate", verbosity=0, interactive=False)
    if fresh or not Ticket.objects.exists():
        log("loading the bench tickets into django-helpdesk …")
        load(args.source, log)
    print(json.dumps(measure(args.reps, args.creates)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
