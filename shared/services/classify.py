"""Keyword rules that classify a new ticket (category, team, impact, urgency)."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from shared.auth.permissions import Actor, Permission, require
from shared.models import Category, ClassificationRule, Team
from shared.models.enums import Level
from shared.services.names import shown_name, shown_path
from shared.services.uow import UnitOfWork


@functools.lru_cache(maxsize=1024)
def _pattern(keywords: str) -> re.Pattern[str] | None:
    """One regex per rule's keyword list ("vpn, remote access"): whole words or phrases, any case."""
    words = [k.strip().lower() for k in keywords.split(",") if k.strip()]
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


class Keyworded(Protocol):
    """A rule as far as matching goes: a ClassificationRule, or its cached copy (services.reference)."""
    @property
    def keywords(self) -> str: ...


R = TypeVar("R", bound=Keyworded)


def matches(rule: Keyworded, text: str) -> bool:
    pattern = _pattern(rule.keywords)
    return pattern is not None and pattern.search(text.lower()) is not None


def matched_keyword(keywords: str, text: str) -> str | None:
    """The keyword (as written in the text) that a rule's keyword list finds in `text`, or None."""
    pattern = _pattern(keywords)
    found = pattern.search(text.lower()) if pattern is not None else None
    return found.group(0) if found else None


def active_rules(session: Session) -> list[ClassificationRule]:
    """Enabled rules whose category (and its parent) is enabled, in the order they are tried."""
    parent = aliased(Category)
    return list(session.scalars(
        select(ClassificationRule).join(Category, Category.id == ClassificationRule.category_id)
        .outerjoin(parent, parent.id == Category.parent_id)
        .where(ClassificationRule.active.is_(True), Category.active.is_(True),
               parent.id.is_(None) | parent.active.is_(True))
        .order_by(ClassificationRule.position, ClassificationRule.id)))


def first_match_in(rules: Sequence[R], subject: str, description: str) -> R | None:
    """The subject says what the ticket is about; descriptions mention everything in passing,
    so every rule is tried on the subject before any on the description."""
    for text in (subject, description):
        for rule in rules:
            if matches(rule, text):
                return rule
    return None


@dataclass(frozen=True)
class RuleSuggestion:
    """What the keyword rules would do with a ticket, shown while an agent types it."""

    category_id: int
    category: str
    team: str | None
    impact: Level | None
    urgency: Level | None
    matched: str  # the rule's keywords that matched, so the agent sees why


def suggest(uow: UnitOfWork, actor: Actor, subject: str, description: str = "") -> RuleSuggestion | None:
    """The category (and team, impact, urgency) the rules would give this text, or None.
    Permission: ticket:create. Nothing is written."""
    require(actor, Permission.TICKET_CREATE)
    with uow:
        rule = first_match_in(active_rules(uow.session), subject, description)
        if rule is None:
            return None
        category = uow.session.get(Category, rule.category_id)
        team = uow.session.get(Team, rule.team_id) if rule.team_id else None
        text = f"{subject}\n{description}".lower()
        pattern = _pattern(rule.keywords)
        found = pattern.search(text) if pattern is not None else None
        # Built-in names are stored in English and shown in the agent's language.
        return RuleSuggestion(rule.category_id, shown_path(category.path) if category else "",
                              shown_name(team.name) if team else None,
                              Level(rule.impact) if rule.impact else None,
                              Level(rule.urgency) if rule.urgency else None,
                              found.group(0) if found else rule.keywords)
