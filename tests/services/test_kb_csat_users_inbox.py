import pytest

from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.errors import (
    AuthenticationFailed,
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from shared.models.enums import ArticleStatus, Role
from shared.services import csat, inbox, kb, tickets, users, workflow
from tests import factories as f
from tests.conftest import FakeClock


def test_article_lifecycle_and_visibility(db: Database) -> None:
    writer, sup, alice = f.agent(db), f.user(db, Role.SUPERVISOR), f.user(db)
    a = kb.create_article(db.uow(), writer, title="Fix VPN drops", body="Use the TCP profile.", tags="vpn, Network")
    assert a.status == ArticleStatus.DRAFT and a.tags == ("network", "vpn")
    assert kb.search(db.uow(), alice, "vpn") == []  # drafts are invisible to requesters
    with pytest.raises(NotFound):
        kb.get_article(db.uow(), alice, a.id)
    with pytest.raises(NotFound):
        kb.vote(db.uow(), alice, a.id, helpful=True)
    with pytest.raises(NotFound):
        kb.record_deflection(db.uow(), alice, a.id)
    with pytest.raises(PermissionDenied):
        kb.set_status(db.uow(), writer, a.id, "published")  # L1 writes, supervisors publish
    kb.set_status(db.uow(), sup, a.id, "published")
    assert [x.id for x in kb.search(db.uow(), alice, "VPN drops")] == [a.id]
    assert kb.get_article(db.uow(), alice, a.id).views == 1
    # Reading and voting do not change the version an editor holds (publishing did).
    b = kb.update_article(db.uow(), writer, a.id, expected_version=a.version + 1, body="Use TCP, then reconnect.")
    with pytest.raises(Conflict):
        kb.update_article(db.uow(), writer, a.id, expected_version=a.version, title="stale")
    assert b.body == "Use TCP, then reconnect."
    kb.vote(db.uow(), alice, a.id, helpful=True)
    assert kb.get_article(db.uow(), alice, a.id, count_view=False).helpful_yes == 1


def test_suggestions_rank_title_matches_first(db: Database) -> None:
    sup = f.user(db, Role.SUPERVISOR)
    ids = {}
    for title, body in [("Printer paper jam", "Open tray 2"), ("Outlook password prompts", "Clear credentials"),
                        ("General office tips", "If the printer jams, call us")]:
        art = kb.create_article(db.uow(), sup, title=title, body=body)
        kb.set_status(db.uow(), sup, art.id, "published")
        ids[title] = art.id
    t = f.ticket(db, f.user(db), subject="Printer says paper jam", description="tray 2 blinking")
    suggested = kb.suggest_for_ticket(db.uow(), f.agent(db), t.id)
    assert suggested[0].id == ids["Printer paper jam"]
    assert ids["Outlook password prompts"] not in [s.id for s in suggested]


def test_deflection_is_counted(db: Database) -> None:
    sup, alice = f.user(db, Role.SUPERVISOR), f.user(db)
    art = kb.create_article(db.uow(), sup, title="Reset password", body="Use the portal")
    kb.set_status(db.uow(), sup, art.id, "published")
    kb.record_deflection(db.uow(), alice, art.id)
    from sqlalchemy import func, select

    from shared.models import Deflection

    with db.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Deflection)) == 1


def test_canned_responses_fill_placeholders(db: Database) -> None:
    sup = f.user(db, Role.SUPERVISOR)
    agent = f.agent(db, full_name="Budi Santoso")
    t = f.ticket(db, f.user(db, full_name="Rina Kusuma"))
    c = kb.create_canned(db.uow(), sup, title="Hi", body="Halo {requester_name}, {ticket_number} – {agent_name} {x}")
    assert [x.title for x in kb.list_canned(db.uow(), agent)] == ["Hi"]
    text = kb.render_canned(db.uow(), agent, c.id, t.id)
    assert text == f"Halo Rina Kusuma, {t.number} – Budi Santoso {{x}}"
    with pytest.raises(PermissionDenied):
        kb.create_canned(db.uow(), agent, title="x", body="y")


def test_csat_once_by_the_requester_after_resolution(db: Database) -> None:
    alice, bob, agent = f.user(db), f.user(db), f.agent(db)
    t = f.ticket(db, alice)
    with pytest.raises(InvalidTransition, match="not resolved"):
        csat.submit(db.uow(), alice, t.id, 5)
    workflow.resolve(db.uow(), agent, t.id, "Fixed")
    with pytest.raises(NotFound):
        csat.submit(db.uow(), bob, t.id, 5)
    with pytest.raises(ValidationFailed):
        csat.submit(db.uow(), alice, t.id, 6)
    csat.submit(db.uow(), alice, t.id, 4, "Quick")
    assert tickets.get(db.uow(), agent, t.id).csat_rating == 4
    with pytest.raises(InvalidTransition, match="rated already"):
        csat.submit(db.uow(), alice, t.id, 5)


def test_sign_in_with_argon2_and_clear_failures(db: Database) -> None:
    f.user(db, Role.L1_AGENT, name="budi", password="s3cret-pass", teams=("Service Desk",))
    actor = users.authenticate(db.uow(), "Budi", "s3cret-pass")
    assert (actor.username, actor.role, actor.tier) == ("budi", Role.L1_AGENT, 1)
    with pytest.raises(AuthenticationFailed, match="Wrong user name or password"):
        users.authenticate(db.uow(), "budi", "nope")
    with pytest.raises(AuthenticationFailed, match="Wrong user name or password"):
        users.authenticate(db.uow(), "nobody", "nope")
    users.set_active(db.uow(), SYSTEM, actor.id or 0, False)
    with pytest.raises(AuthenticationFailed):
        users.authenticate(db.uow(), "budi", "s3cret-pass")


def test_hashes_take_the_configured_cost_and_sign_in_raises_a_cheaper_one(db: Database,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import extract_parameters
    from sqlalchemy import select

    from shared.models import User

    def stored() -> str:
        with db.uow() as uow:
            return str(uow.session.scalar(select(User.password_hash).where(User.username == "budi")))

    monkeypatch.setattr(db.settings, "argon2_memory_kib", 16)
    f.user(db, Role.L1_AGENT, name="budi", password="s3cret-pass", teams=("Service Desk",))
    cheap = extract_parameters(stored())
    assert (cheap.time_cost, cheap.memory_cost, cheap.parallelism) == (1, 16, 1)
    monkeypatch.setattr(db.settings, "argon2_time_cost", 2)  # an admin raises the cost
    monkeypatch.setattr(db.settings, "argon2_memory_kib", 32)
    users.authenticate(db.uow(), "budi", "s3cret-pass")  # the old hash still verifies...
    raised = extract_parameters(stored())  # ...and is replaced by one at the new cost
    assert (raised.time_cost, raised.memory_cost) == (2, 32)
    assert users.authenticate(db.uow(), "budi", "s3cret-pass").username == "budi"


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"username": "Bad Name!"}, "username"), ({"role": "wizard"}, "role"), ({"email": "not-an-email"}, "email"),
    ({"timezone": "Mars/Olympus"}, "timezone"), ({"password": "short"}, "password"),
])
def test_user_creation_refuses_bad_input(db: Database, kwargs: dict[str, str], field: str) -> None:
    values = {"username": "newbie", "full_name": "New Bie", "role": "requester"} | kwargs
    with pytest.raises(ValidationFailed) as err:
        users.create_user(db.uow(), SYSTEM, **values)  # type: ignore[arg-type]
    assert err.value.field == field


def test_user_names_and_addresses_are_unique(db: Database) -> None:
    users.create_user(db.uow(), SYSTEM, username="rina", full_name="Rina", role="requester", email="r@x.id")
    with pytest.raises(ValidationFailed, match="taken"):
        users.create_user(db.uow(), SYSTEM, username="rina", full_name="Rina 2", role="requester")
    with pytest.raises(ValidationFailed, match="belongs to another"):
        users.create_user(db.uow(), SYSTEM, username="rina2", full_name="Rina 2", role="requester", email="R@x.id")
    with pytest.raises(PermissionDenied):
        users.create_user(db.uow(), f.agent(db), username="x1", full_name="X", role="admin")


def test_inbox_shows_my_notifications_and_marks_them_read(db: Database) -> None:
    agent, other = f.agent(db), f.agent(db)
    t = f.ticket(db, f.user(db))
    workflow.assign(db.uow(), other, t.id, agent.id)
    mine = inbox.unread(db.uow(), agent)
    assigned = [n for n in mine if n.kind == "ticket_assigned"]
    assert assigned and assigned[-1].text == f"{t.number} was assigned to you: {t.subject}"
    assert inbox.mark_read(db.uow(), other, [n.id for n in mine]) == 0  # not theirs
    assert inbox.mark_read(db.uow(), agent, [n.id for n in mine]) == len(mine)
    assert inbox.unread(db.uow(), agent) == []


def test_inbox_pages_newest_first_with_the_true_count(db: Database, clock: FakeClock) -> None:
    agent = f.agent(db)
    requester = f.user(db)
    numbers = []
    for i in range(70):  # 70 unread: the newest must be on top, not the oldest 50
        clock.advance(minutes=1)
        numbers.append(f.ticket(db, requester, subject=f"Printer {i} jams").number)
    page = inbox.page(db.uow(), agent, limit=20)
    assert page.unread == 70 and len(page.items) == 20
    assert numbers[-1] in page.items[0].text and numbers[-20] in page.items[-1].text
    older = inbox.page(db.uow(), agent, offset=20, limit=20)
    assert numbers[-21] in older.items[0].text
    assert inbox.unread(db.uow(), agent, limit=1)[0].id == page.items[0].id
    assert inbox.mark_all_read(db.uow(), f.agent(db)) == 0  # someone else's: untouched
    assert inbox.mark_all_read(db.uow(), agent) == 70
    assert inbox.page(db.uow(), agent) == inbox.InboxPage([], 0)
