"""Keyword rules that classify a new ticket (category, team, impact, urgency)."""

from __future__ import annotations

import functools
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.models import ClassificationRule


@functools.lru_cache(maxsize=1024)
def _pattern(keywords: str) -> re.Pattern[str] | None:
    """One regex per rule's keyword list ("vpn, remote access"): whole words or phrases, any case."""
    words = [k.strip().lower() for k in keywords.split(",") if k.strip()]
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


def matches(rule: ClassificationRule, text: str) -> bool:
    pattern = _pattern(rule.keywords)
    return pattern is not None and pattern.search(text.lower()) is not None


def active_rules(session: Session) -> list[ClassificationRule]:
    return list(session.scalars(
        select(ClassificationRule).where(ClassificationRule.active.is_(True))
        .order_by(ClassificationRule.position, ClassificationRule.id)))


def first_match_in(rules: list[ClassificationRule], subject: str, description: str) -> ClassificationRule | None:
    """The subject says what the ticket is about; descriptions mention everything in passing,
    so every rule is tried on the subject before any on the description."""
    for text in (subject, description):
        for rule in rules:
            if matches(rule, text):
                return rule
    return None
