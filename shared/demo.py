"""Realistic demo data, made through the service layer with a simulated clock: people, teams,
knowledge base, canned responses and a few hundred tickets over the last 90 days that went
through triage, replies, pauses, escalations, resolutions, CSAT and closing."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update

from shared.auth.passwords import hash_password, hasher_for
from shared.auth.permissions import SYSTEM, Actor
from shared.db.database import Database
from shared.demo_incidents import load_examples, load_incidents
from shared.demo_machines import load_machines
from shared.demo_shifts import load_shifts
from shared.errors import HelpdeskError
from shared.mail.smtp import refused_text as smtp_refused
from shared.models import OutboxMessage, Ticket, User
from shared.models.enums import ACTIVE_STATUSES, ArticleStatus, OutboxChannel, OutboxStatus, Role
from shared.services import catalog, csat, kb, outbox, search_upkeep, sla, tickets, users, workflow
from shared.services.admin import sla as admin_sla
from shared.services.seed import ensure_defaults
from shared.triage import store as triage_store

PASSWORD = "demo1234"
JAKARTA = ZoneInfo("Asia/Jakarta")

STAFF = [
    ("admin", "Admin Helpdesk", Role.ADMIN, ()),
    ("sari", "Sari Wulandari", Role.SUPERVISOR, ("Service Desk",)),
    ("agent1", "Budi Santoso", Role.L1_AGENT, ("Service Desk",)),
    ("agent2", "Dewi Lestari", Role.L1_AGENT, ("Service Desk",)),
    ("agent3", "Rizky Pratama", Role.L1_AGENT, ("Service Desk",)),
    ("tech1", "Andi Wijaya", Role.L2_TECHNICIAN, ("Desktop Support",)),
    ("tech2", "Maya Putri", Role.L2_TECHNICIAN, ("Desktop Support",)),
    ("eng1", "Hendra Gunawan", Role.L3_ENGINEER, ("Infrastructure",)),
]

REQUESTERS = [
    "Rina Kusuma", "Agus Salim", "Siti Rahmawati", "Joko Susilo", "Putri Anggraini", "Bambang Hartono",
    "Lina Marlina", "Fajar Nugroho", "Wulan Sari", "Eko Prasetyo", "Nur Aisyah", "Yusuf Hidayat",
    "Ayu Ratnasari", "Dimas Saputra", "Indah Permata", "Hadi Kurniawan", "Mega Wati", "Teguh Firmansyah",
    "Citra Dewi", "Arif Rahman", "Sarah Thompson", "James Miller", "Priya Nair", "Daniel Chen",
    "Kartika Sari", "Rudi Hermawan", "Ratna Juwita", "Bayu Aji", "Novi Andriani", "Galih Permadi",
]

# subject, description, impact, urgency, solution, tier that solves it
PROBLEMS = [
    ("Forgot my password", "Locked out of Windows after the holiday, need a reset.", "low", "high",
     "Reset the password and unlocked the account; user signed in.", 1),
    ("Lupa password email", "Saya lupa kata sandi email kantor, tidak bisa login.", "low", "high",
     "Kata sandi direset, pengguna berhasil masuk.", 1),
    ("Printer on 3rd floor paper jam", "The HP printer near finance shows a paper jam but there is no paper stuck.",
     "medium", "medium", "Cleared the jam sensor and reseated tray 2.", 1),
    ("Printer tidak bisa cetak", "Printer lantai 2 antrean macet, dokumen tidak keluar.", "medium", "medium",
     "Restarted the print spooler and cleared the queue.", 2),
    ("VPN keeps disconnecting", "AnyConnect drops every 10 minutes when working from home.", "low", "medium",
     "Updated the VPN client and switched the profile to TCP.", 2),
    ("VPN tidak bisa connect", "Muncul error login failed saat connect VPN dari rumah.", "low", "high",
     "Akun VPN belum aktif; diaktifkan di RADIUS.", 3),
    ("Outlook keeps asking for password", "Outlook prompts for credentials every few minutes.", "low", "medium",
     "Removed stale credentials from Credential Manager and re-added the profile.", 1),
    ("Email tidak masuk", "Sejak pagi tidak ada email masuk ke inbox saya.", "medium", "high",
     "Mailbox was full; archived old items and raised the quota.", 2),
    ("Laptop overheating and slow", "The fan is loud and the laptop is very slow after an hour.", "low", "low",
     "Cleaned the fan and replaced thermal paste.", 2),
    ("Layar laptop berkedip", "Layar laptop berkedip-kedip terutama saat dibuka lebar.", "low", "medium",
     "Display cable replaced under warranty.", 4),
    ("Wi-Fi down in meeting room B", "No wireless in meeting room B, guests cannot connect.", "high", "medium",
     "Access point rebooted and firmware updated.", 3),
    ("Internet lambat di kantor cabang", "Koneksi internet cabang Bandung sangat lambat sejak kemarin.", "high", "high",
     "ISP confirmed a fibre cut; traffic moved to the backup link.", 4),
    ("Need Excel installed", "New starter in accounting needs Microsoft Excel.", "low", "low",
     "Assigned an Office licence and installed Excel.", 1),
    ("Install aplikasi Zoom", "Mohon install Zoom untuk meeting dengan klien.", "low", "low",
     "Zoom installed from the software centre.", 1),
    ("Teams camera not detected", "Microsoft Teams does not see my webcam.", "low", "medium",
     "Camera privacy setting was off; enabled and updated the driver.", 1),
    ("New account for intern", "Please create an account for our intern starting Monday.", "low", "medium",
     "Account created and added to the marketing groups.", 1),
    ("Access request: finance share", "I need access to the Finance shared drive.", "low", "medium",
     "Added the user to FIN-Readers after the manager's approval.", 1),
    ("Shared drive not mapped", "The S: drive is missing after the Windows update.", "medium", "medium",
     "Re-applied the group policy; drive mapping restored.", 2),
    ("Keyboard keys not working", "Several keys on my keyboard stopped working.", "low", "low",
     "Replaced the keyboard.", 1),
    ("Monitor no signal", "Second monitor says no signal after moving desks.", "low", "low",
     "Loose DisplayPort cable reseated.", 1),
    ("ERP server very slow", "Everyone in logistics reports the ERP takes minutes to load.", "high", "high",
     "Database server disk was full; logs rotated and space added.", 3),
    ("Baterai laptop cepat habis", "Baterai hanya tahan 30 menit.", "low", "low",
     "Battery replaced.", 2),
]

ARTICLES = [
    ("How to reset your Windows password", "Access / Password reset", "password,reset,windows",
     "1. Press Ctrl+Alt+Del and choose 'Change a password'.\n2. If you are locked out, call the service desk "
     "on ext. 1234; we verify your identity and reset it.\n3. Passwords need at least 12 characters."),
    ("Cara reset kata sandi email", "Access / Password reset", "password,kata sandi,email",
     "Buka portal swalayan, pilih 'Lupa kata sandi', lalu ikuti kode verifikasi yang dikirim ke ponsel Anda."),
    ("Fixing a printer paper jam", "Hardware / Printer", "printer,paper jam,cetak",
     "Open tray 2 and the rear door, remove any paper, then close both doors firmly. If the error stays, "
     "switch the printer off for 30 seconds."),
    ("Printer tidak mencetak: antrean macet", "Hardware / Printer", "printer,antrean,spooler,cetak",
     "Buka Settings > Printers, hapus semua dokumen di antrean, lalu restart komputer. Jika masih gagal, "
     "hubungi helpdesk."),
    ("VPN keeps disconnecting at home", "Network / VPN", "vpn,anyconnect,disconnect",
     "Update the VPN client from the software centre, then connect with the 'Home (TCP)' profile. Avoid "
     "2.4 GHz Wi-Fi if you can."),
    ("Outlook keeps asking for your password", "Software / Email", "outlook,password,credential",
     "Open Credential Manager, remove entries starting with 'MicrosoftOffice', restart Outlook and sign in once."),
    ("Webcam not detected in Teams", "Software / Applications", "teams,camera,webcam",
     "Settings > Privacy > Camera: allow apps to use the camera. Then restart Teams."),
    ("Requesting access to a shared drive", "Access / Account request", "access,shared drive,permission",
     "Raise a ticket naming the drive; your manager approves it by replying to the ticket."),
]

CANNED = [
    ("Greeting", "Hello {requester_name},\n\nThank you for contacting the service desk about {ticket_number}. "
                 "I am looking into it now.\n\nRegards,\n{agent_name}"),
    ("Salam pembuka", "Halo {requester_name},\n\nTerima kasih telah menghubungi helpdesk terkait "
                      "{ticket_number}. Saya sedang menanganinya.\n\nSalam,\n{agent_name}"),
    ("Need more information", "Could you send a screenshot of the error and tell us when it started?"),
    ("Restart first", "Please restart your computer and let us know if the problem remains."),
]


@dataclass(frozen=True)
class DemoSummary:
    tickets: int
    users: int
    articles: int
    password: str
    machines: int = 0


class _Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def has_data(db: Database) -> bool:
    with db.uow() as uow:
        return bool(uow.session.scalar(select(func.count()).select_from(Ticket)))


def _working_time(rng: random.Random, day: datetime) -> datetime:
    local_day = day.astimezone(JAKARTA).date()
    minutes = rng.randint(8 * 60, 17 * 60 - 1)
    return datetime.combine(local_day, time(minutes // 60, minutes % 60), JAKARTA).astimezone(UTC)


def load_demo(db: Database, *, tickets: int = 300, seed: int = 7, days: int = 90) -> DemoSummary:
    """Load demo data, ending now. Deterministic for a given seed and day."""
    rng = random.Random(seed)
    real_clock = db.clock
    end = real_clock()
    clock = _Clock(end - timedelta(days=days + 1))
    db.clock = clock
    try:
        ensure_defaults(db.uow())
        staff = _people(db, rng)
        requesters = staff.pop("_requesters")
        categories = {c.path: c.id for c in catalog.list_categories(db.uow())}
        # Remote work stops when the VPN does: its urgent tickets get tighter targets than P2's general ones.
        admin_sla.set_policy(db.uow(), staff["admin"], "P2", category=categories["Network / VPN"],
                             response_minutes=15, resolution_minutes=240)
        articles = _knowledge(db, staff["sari"], categories)
        load_examples(db)
        made = _tickets(db, clock, rng, staff, requesters, tickets, end, days)
        people = {r.username: r for r in requesters}
        enrolled = load_machines(db, lambda t: setattr(clock, "now", t), rng, end - timedelta(days=days), end,
                                 staff["admin"], staff["tech1"], people)
        clock.now = end
        load_shifts(db, staff["sari"], staff, end)
        load_incidents(db, lambda t: setattr(clock, "now", t), staff, requesters, end, rng)
        clock.now = end
        sla.check(db.uow(), SYSTEM)
        workflow.auto_close(db.uow(), SYSTEM)
        _undeliverable(db)
        # The learned classifier trained on the demo's resolved tickets: the console shows its
        # suggestion, confidence and words at once (`helpdesk triage train` does it again).
        triage_store.train(db.uow(), SYSTEM)
        # Thousands of writes left the search index in many segments: merged into one here, where
        # nobody waits for the write lock, not by the scheduler's bounded steps later.
        search_upkeep.compact(db)
    finally:
        db.clock = real_clock
    return DemoSummary(tickets=made, users=len(STAFF) + len(REQUESTERS), articles=articles, password=PASSWORD,
                       machines=enrolled)


def _undeliverable(db: Database) -> None:
    """One agent's reply the requester's mail server refused (550, a mailbox that no longer
    exists), given up as the real sender gives it up: the ticket says so, with Send again, and the
    Mail tab lists it under Undelivered (`helpdesk mail undelivered`)."""
    with db.uow() as uow:
        row = uow.session.execute(
            select(OutboxMessage.id, OutboxMessage.recipient_address)
            .join(Ticket, Ticket.id == OutboxMessage.ticket_id)
            .where(OutboxMessage.channel == OutboxChannel.EMAIL, OutboxMessage.kind == "agent_reply",
                   OutboxMessage.status == OutboxStatus.PENDING, Ticket.status.in_(list(ACTIVE_STATUSES)))
            .order_by(OutboxMessage.id.desc()).limit(1)).first()
    if row is None:
        return
    address = row.recipient_address
    error = smtp_refused({address: (550, f"5.1.1 <{address}>: Recipient address rejected: User unknown in "
                                         "virtual mailbox table".encode())})
    outbox.mark_failed(db.uow(), row.id, error, outbox.Backoff(), permanent=True)


def _people(db: Database, rng: random.Random) -> dict:  # type: ignore[type-arg]
    people: dict[str, Actor] = {}
    for username, name, role, teams in STAFF:
        team_ids = [users.team_by_name(db.uow(), t) for t in teams]
        users.create_user(db.uow(), SYSTEM, username=username, full_name=name, role=role,
                          email=f"{username}@helpdesk.example.co.id", team_ids=team_ids)
        people[username] = users.actor_for(db.uow(), username)
    requesters: list[Actor] = []
    for name in REQUESTERS:
        first, last = name.lower().split()[0], name.lower().split()[-1]
        username = f"{first}.{last}"
        users.create_user(db.uow(), SYSTEM, username=username, full_name=name, role=Role.REQUESTER,
                          email=f"{username}@example.co.id", language="id" if rng.random() < 0.6 else "en")
        requesters.append(users.actor_for(db.uow(), username))
    # One argon2 hash shared by every demo account: hashing is deliberately slow.
    with db.uow() as uow:
        uow.session.execute(update(User).values(password_hash=hash_password(PASSWORD, hasher_for(uow.settings))))
        uow.commit()
    people["_requesters"] = requesters  # type: ignore[assignment]
    return people


def _knowledge(db: Database, author: Actor, categories: dict[str, int]) -> int:
    for title, category, tags, body in ARTICLES:
        article = kb.create_article(db.uow(), author, title=title, body=body, tags=tags,
                                    category_id=categories.get(category),
                                    language="id" if any(w in title.lower() for w in ("cara", "tidak")) else "en")
        kb.set_status(db.uow(), author, article.id, ArticleStatus.PUBLISHED)
    for title, body in CANNED:
        kb.create_canned(db.uow(), author, title=title, body=body)
    return len(ARTICLES)


def _tickets(db: Database, clock: _Clock, rng: random.Random, staff: dict[str, Actor],
             requesters: list[Actor], count: int, end: datetime, days: int) -> int:
    tier_agents = {1: [staff["agent1"], staff["agent2"], staff["agent3"]], 2: [staff["tech1"], staff["tech2"]],
                   3: [staff["eng1"]]}
    starts = sorted(_working_time(rng, end - timedelta(days=rng.random() ** 0.8 * days)) for _ in range(count))
    plans = []
    for start in starts:
        created = start if start < end else end - timedelta(minutes=rng.randint(5, 600))
        # A dozen people raise most tickets, as in any office.
        plans.append((created, rng.choice(PROBLEMS), rng.choice(requesters[:12] * 3 + requesters)))
    made = 0
    for created, problem, requester in plans:
        clock.now = created
        subject, description, impact, urgency, solution, need_tier = problem
        channel = rng.choice(["portal", "portal", "email", "email", "phone", "chat", "walk_in"])
        t = tickets.create(db.uow(), requester, subject=subject, description=description, channel=channel,
                           impact=impact, urgency=urgency)
        made += 1
        # Some work is still under way: those tickets stop part-way and stay in the queues.
        recent = (end - created) < timedelta(days=4)
        stop = created + timedelta(minutes=rng.randint(5, 60 * 24 * 2)) \
            if rng.random() < (0.6 if recent else 0.1) else end
        try:
            _work(db, clock, rng, t.id, requester, tier_agents, staff, solution, need_tier, min(stop, end))
        except HelpdeskError:
            continue  # a plan that does not fit the ticket's state just stops there, as in real life
    return made


def _step(clock: _Clock, rng: random.Random, low: int, high: int, end: datetime) -> bool:
    """Advance the simulated clock by low..high minutes; False when that would pass `end`."""
    clock.now += timedelta(minutes=rng.randint(low, high))
    return clock.now < end


def _work(db: Database, clock: _Clock, rng: random.Random, ticket_id: int, requester: Actor,
          tier_agents: dict[int, list[Actor]], staff: dict[str, Actor], solution: str, need_tier: int,
          end: datetime) -> None:
    detail = tickets.get(db.uow(), staff["admin"], ticket_id)
    agent = next((a for a in tier_agents[1] if detail.assignee and a.id == detail.assignee.id),
                 rng.choice(tier_agents[1]))
    if not _step(clock, rng, 3, 90, end):
        return
    workflow.claim(db.uow(), agent, ticket_id) if detail.assignee is None or detail.assignee.id == agent.id \
        else None
    if not _step(clock, rng, 1, 40, end):
        return
    tickets.reply(db.uow(), agent, ticket_id, rng.choice([
        "Thanks, I'm looking into this now.", "Terima kasih, sedang kami cek.",
        "Could you tell me when this started?", "Mohon kirimkan screenshot errornya."]))
    if rng.random() < 0.35:
        workflow.change_status(db.uow(), agent, ticket_id, "pending_user", reason="Waiting for the user")
        if not _step(clock, rng, 30, 60 * 30, end):
            return
        tickets.reply(db.uow(), requester, ticket_id, rng.choice([
            "Here is the screenshot.", "Sudah saya coba, masih sama.", "It started this morning."]))
    owner = agent
    tier = 1
    while tier < min(need_tier, 4):
        if not _step(clock, rng, 20, 240, end):
            return
        tier += 1
        d = workflow.escalate(db.uow(), owner, ticket_id, tier, rng.choice([
            "Needs on-site hardware check", "Beyond first-line scope", "Requires server access",
            "Vendor warranty case"]), vendor_reference=f"VND-{rng.randint(10000, 99999)}" if tier == 4 else None)
        if tier == 4:
            if not _step(clock, rng, 60 * 8, 60 * 72, end):
                return
            workflow.change_status(db.uow(), owner, ticket_id, "in_progress", reason="Vendor delivered")
            break
        owner = next((a for a in tier_agents[tier] if d.assignee and a.id == d.assignee.id), None) \
            or rng.choice(tier_agents[tier])
        if d.assignee is None:
            workflow.claim(db.uow(), owner, ticket_id)
    if not _step(clock, rng, 20, 60 * (8 if tier == 1 else 40), end):
        return
    workflow.resolve(db.uow(), owner, ticket_id, solution)
    if rng.random() < 0.08 and _step(clock, rng, 60, 60 * 24, end):
        tickets.reply(db.uow(), requester, ticket_id, "Masalahnya muncul lagi / It is back again.")
        if not _step(clock, rng, 30, 60 * 6, end):
            return
        workflow.resolve(db.uow(), owner, ticket_id, solution + " (second fix)")
    if rng.random() < 0.45 and _step(clock, rng, 10, 60 * 24, end):
        rating = rng.choices([5, 4, 3, 2, 1], weights=[50, 30, 10, 6, 4])[0]
        csat.submit(db.uow(), requester, ticket_id, rating,
                    rng.choice(["", "Quick and friendly", "Cepat, terima kasih!", "Took a while"]))

