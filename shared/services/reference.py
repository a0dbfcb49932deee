"""Reference data for ticket creation, cached per process and checked once per transaction.

What every new ticket looks up — categories, teams, classification rules, SLA clocks with their
parsed calendars, checklist templates, the learned triage model, the shift roster, the published
knowledge base's text — changes rarely, by an admin, in any process. Database triggers (migration
0018) move the `reference_stamp` row on every change to those tables, in the changing transaction;
`current()` reads the row (one primary-key read) and hands out the cache made at that stamp, or a
fresh one. Everything here is plain values, never ORM objects, so it outlives the session that read it.

The stamp is read before anything under it, so what a cache holds is never older than its stamp
(a change committed between the two reads is then held under the older stamp, and the next
transaction, seeing the newer one, starts afresh). Its random token means a change that was rolled
back and a later one never look alike. What changes with every ticket (agents' loads and last
assignment, article counters) is not here: it is read in the transaction that uses it.
"""

from __future__ import annotations

import threading
import weakref
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from shared.db.prepared import Prepared
from shared.models import Category, ChecklistTemplate, ReferenceStamp, Shift, ShiftException, Team, team_members
from shared.models.enums import Level, ShiftExceptionKind
from shared.rules.shifts import RosterException, Slot, on_shift
from shared.services import classify, kb

if TYPE_CHECKING:
    from shared.services.sla import Clock
    from shared.triage.model import TextModel


@dataclass(frozen=True)
class CategoryRef:
    id: int
    name: str
    parent_id: int | None
    team_id: int | None
    active: bool
    path: str  # "Parent / Child", as Category.path


@dataclass(frozen=True)
class TeamRef:
    id: int
    name: str
    tier: int


@dataclass(frozen=True)
class RuleRef:
    id: int
    keywords: str
    category_id: int
    team_id: int | None
    impact: Level | None
    urgency: Level | None


@dataclass(frozen=True)
class TemplateRef:
    id: int
    name: str
    steps: tuple[tuple[str, bool], ...]  # (text, required), in order
    said: str | None


@dataclass(frozen=True)
class _Leave:
    user_id: int | None
    team_id: int | None
    exception: RosterException


@dataclass
class Roster:
    """Shifts, team memberships and the exceptions that end after `since`: `on_shift_now`'s inputs."""
    since: datetime
    slots: dict[int, list[Slot]]
    teams: dict[int, set[int]]
    leaves: list[_Leave]

    def on_shift(self, user_ids: list[int], when: datetime) -> set[int]:
        """`roster.on_shift_now(session, user_ids, when)` for a `when` at or after `since`."""
        current = [x for x in self.leaves if x.exception.covers(when)]
        working = set()
        for user_id in user_ids:
            mine = [x.exception for x in current
                    if x.user_id == user_id or (x.user_id is None and (x.team_id is None
                                                                       or x.team_id in self.teams.get(user_id, ())))]
            if on_shift(self.slots.get(user_id, ()), mine, when):
                working.add(user_id)
        return working


@dataclass
class Reference:
    """The reference data at one stamp, each part read when first needed."""
    stamp: tuple[int, str] | None
    clocks: dict[Any, Clock | None] = field(default_factory=dict)  # sla.apply_clocks fills it
    _categories: dict[int, CategoryRef] | None = None
    _teams: dict[int, TeamRef] | None = None
    _rules: list[RuleRef] | None = None
    _templates: dict[tuple[int, str], TemplateRef] | None = None
    _model: tuple[int, TextModel] | Literal[False] | None = None
    _roster: Roster | None = None
    _articles: kb.ArticleIndex | Literal[False] | None = None

    def categories(self, session: Session) -> dict[int, CategoryRef]:
        if self._categories is None:
            rows = session.execute(select(Category.id, Category.name, Category.parent_id, Category.team_id,
                                          Category.active)).all()
            names = {row.id: row.name for row in rows}
            self._categories = {
                row.id: CategoryRef(row.id, row.name, row.parent_id, row.team_id, bool(row.active),
                                    f"{names[row.parent_id]} / {row.name}" if row.parent_id in names else row.name)
                for row in rows}
        return self._categories

    def teams(self, session: Session) -> dict[int, TeamRef]:
        if self._teams is None:
            self._teams = {row.id: TeamRef(row.id, row.name, row.tier)
                           for row in session.execute(select(Team.id, Team.name, Team.tier))}
        return self._teams

    def first_line_team(self, session: Session) -> TeamRef | None:
        """The first (lowest id) team of tier 1: where a ticket no category places goes."""
        return min((t for t in self.teams(session).values() if t.tier == 1), key=lambda t: t.id, default=None)

    def rules(self, session: Session) -> list[RuleRef]:
        if self._rules is None:
            self._rules = [RuleRef(r.id, r.keywords, r.category_id, r.team_id,
                                   Level(r.impact) if r.impact else None, Level(r.urgency) if r.urgency else None)
                           for r in classify.active_rules(session)]
        return self._rules

    def templates(self, session: Session) -> dict[tuple[int, str], TemplateRef]:
        """Active checklist templates by (category, ticket type; "" for every type)."""
        if self._templates is None:
            rows = session.scalars(select(ChecklistTemplate).where(ChecklistTemplate.active.is_(True)))
            self._templates = {(t.category_id, t.ticket_type): TemplateRef(
                t.id, t.name, tuple((str(s["text"]), bool(s["required"])) for s in t.steps), t.said) for t in rows}
        return self._templates

    def model(self, session: Session) -> tuple[int, TextModel] | None:
        if self._model is None:
            from shared.triage import store

            self._model = store.current(session) or False
        return self._model or None

    def roster(self, session: Session, when: datetime) -> Roster:
        if self._roster is None or when < self._roster.since:  # a clock set back (tests): read again
            slots: dict[int, list[Slot]] = defaultdict(list)
            for r in session.scalars(select(Shift)):
                slots[r.user_id].append(Slot(r.weekday, r.start_minute, r.end_minute, r.timezone))
            teams: dict[int, set[int]] = defaultdict(set)
            for team_id, user_id in session.execute(select(team_members.c.team_id, team_members.c.user_id)):
                teams[user_id].add(team_id)
            leaves = [_Leave(e.user_id, e.team_id, RosterException(ShiftExceptionKind(e.kind), e.starts_at,
                                                                   e.ends_at))
                      for e in session.scalars(select(ShiftException).where(ShiftException.ends_at > when))]
            self._roster = Roster(when, dict(slots), dict(teams), leaves)
        return self._roster

    def articles(self, session: Session) -> kb.ArticleIndex | None:
        """The published articles' index, or None when the knowledge base is too big to hold."""
        if self._articles is None:
            self._articles = kb.ArticleIndex.load(session) or False
        return self._articles or None


_lock = threading.Lock()
# The driver's SQL, run on the session's connection: read in every transaction that creates a ticket, where
# building and caching an ORM select, or even looking up a cached text, cost more than the read.
_STAMP = Prepared(text(f"SELECT n, token FROM {ReferenceStamp.__tablename__} WHERE id = 1"))
_cache: weakref.WeakKeyDictionary[Engine, Reference] = weakref.WeakKeyDictionary()


def current(session: Session) -> Reference:
    """The reference data for this transaction: the process's cache if the stamp still stands."""
    row = _STAMP.execute(session.connection()).first()
    if row is None:
        return Reference(None)  # no stamp row (a database being set up or wiped): nothing is kept
    stamp = (int(row[0]), str(row[1]))
    engine = session.get_bind().engine
    with _lock:
        ref = _cache.get(engine)
        if ref is None or ref.stamp != stamp:
            ref = _cache[engine] = Reference(stamp)
    return ref


def forget() -> None:
    """Drop every cached reference (nothing needs it for correctness: the stamp decides)."""
    with _lock:
        _cache.clear()
