"""Keyword rules that classify a new ticket (category, team, impact, urgency)."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.models import ClassificationRule


def _keywords(rule: ClassificationRule) -> list[str]:
    return [k.strip().lower() for k in rule.keywords.split(",") if k.strip()]


def matches(rule: ClassificationRule, text: str) -> bool:
    lowered = text.lower()
    return any(re.search(rf"(?<!\w){re.escape(keyword)}(?!\w)", lowered) for keyword in _keywords(rule))


def first_match(session: Session, subject: str, description: str) -> ClassificationRule | None:
    """The first rule (by position) matching the subject; failing that, the description.

    The subject says what the ticket is about; descriptions mention everything in passing.
    """
    rules = list(session.scalars(
        select(ClassificationRule).where(ClassificationRule.active.is_(True))
        .order_by(ClassificationRule.position, ClassificationRule.id)))
    for text in (subject, description):
        for rule in rules:
            if matches(rule, text):
                return rule
    return None
