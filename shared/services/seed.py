"""Defaults a fresh installation starts with: office hours, SLA policies, a first-line team and
a category tree with keyword rules. Idempotent: it only fills what is empty."""

from __future__ import annotations

from sqlalchemy import func, select

from shared.auth.permissions import SYSTEM
from shared.i18n import N_
from shared.models import BusinessCalendar, Category, SlaPolicy, Team
from shared.services.uow import UnitOfWork

OFFICE_HOURS = {str(d): [["08:00", "12:00"], ["13:00", "17:00"]] for d in range(5)}  # Mon–Fri, lunch break

# priority: (response, resolution) in business minutes; P1 runs around the clock
POLICIES = {"P1": (30, 4 * 60, False), "P2": (60, 8 * 60, True), "P3": (4 * 60, 3 * 8 * 60, True),
            "P4": (8 * 60, 5 * 8 * 60, True)}

# Names are stored in English and shown translated (services/names.py): N_ puts them in the catalogue.
TEAMS = ((N_("Service Desk"), 1, "First line: triage, passwords, accounts, how-to"),
         (N_("Desktop Support"), 2, "Second line: hardware, software, printers"),
         (N_("Infrastructure"), 3, "Third line: network, servers, identity"),
         (N_("Vendors"), 4, "External suppliers and their support contracts"))

# category -> [(subcategory, keywords)]; keywords in English and Indonesian
CATEGORIES: dict[str, list[tuple[str, str]]] = {
    N_("Access"): [(N_("Password reset"), "password,kata sandi,locked out,terkunci,reset password,lupa password"),
                   (N_("Account request"), "new account,akun baru,access request,permission,hak akses")],
    N_("Hardware"): [(N_("Printer"), "printer,print,cetak,toner,paper jam,kertas macet"),
                     (N_("Laptop / PC"), "laptop,keyboard,mouse,monitor,screen,layar,battery,baterai,overheat")],
    N_("Network"): [(N_("VPN"), "vpn,remote access,anyconnect,wireguard"),
                    (N_("Wi-Fi / LAN"), "wifi,wi-fi,wireless,internet,jaringan,lan,network down,koneksi")],
    N_("Software"): [(N_("Email"), "outlook,email,mailbox,surel,thunderbird"),
                     (N_("Applications"), "install,excel,word,teams,zoom,software,aplikasi,license,lisensi")],
}


def ensure_defaults(uow: UnitOfWork) -> bool:
    """Create the defaults where the tables are empty. Returns True when anything was added."""
    added = False
    with uow:
        s = uow.session
        has_calendar = s.scalar(select(func.count()).select_from(BusinessCalendar))
        has_policy = s.scalar(select(func.count()).select_from(SlaPolicy))
        has_team = s.scalar(select(func.count()).select_from(Team))
        has_category = s.scalar(select(func.count()).select_from(Category))
    if has_calendar and has_policy and has_team and has_category:
        return False  # every start but the first: the services that fill the tables are not even imported
    from shared.services import catalog, users

    if not has_calendar:
        catalog.set_calendar(uow, SYSTEM, "Office hours (Jakarta)", "Asia/Jakarta", OFFICE_HOURS)
        added = True
    if not has_policy:
        with uow:
            cal_id = uow.session.scalar(select(BusinessCalendar.id).order_by(BusinessCalendar.id))
        for prio, (response, resolution, business) in POLICIES.items():
            catalog.set_policy(uow, SYSTEM, prio, response_minutes=response, resolution_minutes=resolution,
                               calendar_id=cal_id if business else None)
        added = True
    if not has_team:
        for name, tier, description in TEAMS:
            users.create_team(uow, SYSTEM, name, tier=tier, description=description)
        added = True
    if not has_category:
        service_desk = users.team_by_name(uow, "Service Desk") if _team_exists(uow, "Service Desk") else None
        for position, (parent, children) in enumerate(CATEGORIES.items()):
            parent_id = catalog.create_category(uow, SYSTEM, parent, team_id=service_desk)
            for offset, (child, keywords) in enumerate(children):
                child_id = catalog.create_category(uow, SYSTEM, child, parent_id=parent_id)
                catalog.add_rule(uow, SYSTEM, keywords=keywords, category_id=child_id,
                                 position=10 * position + offset)
        added = True
    return added


def _team_exists(uow: UnitOfWork, name: str) -> bool:
    with uow:
        return uow.session.scalar(select(Team.id).where(Team.name == name)) is not None
