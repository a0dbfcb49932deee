"""Categories and the keyword rules that classify new tickets: add, edit, disable, reorder, and a
"test this text" preview that says which rule matches and why."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.auth.permissions import Actor, Permission, require
from shared.errors import NotFound, ValidationFailed
from shared.i18n import _
from shared.models import Category, ClassificationRule, Team
from shared.models.enums import Level
from shared.services import catalog, classify
from shared.services._common import clean_text
from shared.services.admin.audit import diff, record
from shared.services.uow import UnitOfWork


@dataclass(frozen=True)
class CategoryRow:
    id: int
    name: str
    parent_id: int | None
    path: str
    team: str | None  # the team its tickets go to by default
    rules: int  # keyword rules pointing at it
    active: bool  # False when it or its parent is disabled


@dataclass(frozen=True)
class RuleRow:
    id: int
    position: int  # lower runs first; the first match wins
    keywords: str
    category_id: int
    category: str
    team: str | None
    impact: Level | None
    urgency: Level | None
    active: bool


def _category(session: Session, category: int | str) -> Category:
    """By id, or by path ("Network / VPN") or a name that only one category has."""
    if isinstance(category, int):
        found = session.get(Category, category)
    else:
        wanted = " ".join(category.split()).lower()
        matches = [c for c in session.scalars(select(Category))
                   if c.path.lower() == wanted or c.name.lower() == wanted]
        exact = [c for c in matches if c.path.lower() == wanted]
        found = (exact or matches)[0] if len(exact or matches) == 1 else None
        if len(matches) > 1 and not exact:
            raise ValidationFailed(_("Several categories are called '{name}'; give the path, e.g. "
                                     "'Parent / {name}'.").format(name=category), field="category")
    if found is None:
        raise NotFound(_("Unknown category '{name}'.").format(name=category))
    return found


def _team_id(session: Session, team: str | None) -> int | None:
    if team is None or not team.strip():
        return None
    team_id = session.scalar(select(Team.id).where(Team.name == team.strip()))
    if team_id is None:
        raise NotFound(_("Unknown team '{name}'.").format(name=team))
    return team_id


def _level(value: str | None, field: str) -> Level | None:
    if value is None or not value.strip():
        return None
    try:
        return Level(value.strip().lower())
    except ValueError:
        raise ValidationFailed(_("'{value}' is not high, medium or low.").format(value=value), field=field) from None


def _keywords(keywords: str) -> str:
    joined = ",".join(w.strip().lower() for w in keywords.split(",") if w.strip())
    if not joined:
        raise ValidationFailed(_("A rule needs at least one keyword."), field="keywords")
    return joined


def list_categories(uow: UnitOfWork, actor: Actor) -> list[CategoryRow]:
    """By path. Permission: config:manage."""
    require(actor, Permission.CONFIG_MANAGE)
    with uow:
        s = uow.session
        teams = {t.id: t.name for t in s.scalars(select(Team))}
        counts: dict[int, int] = {}
        for category_id in s.scalars(select(ClassificationRule.category_id)):
            counts[category_id] = counts.get(category_id, 0) + 1
        return [CategoryRow(c.id, c.name, c.parent_id, c.path, teams.get(c.team_id) if c.team_id else None,
                            counts.get(c.id, 0), c.active) for c in catalog.list_categories(uow)]


def add_category(uow: UnitOfWork, actor: Actor, name: str, *, parent: int | str | None = None,
                 team: str | None = None) -> int:
    """Permission: config:manage. Raises NotFound (parent, team) and ValidationFailed. Audited."""
    require(actor, Permission.CONFIG_MANAGE)
    with uow:
        s = uow.session
        parent_id = _category(s, parent).id if parent is not None else None
        category_id = catalog.create_category(uow, actor, name, parent_id=parent_id, team_id=_team_id(s, team))
        created = s.get(Category, category_id)
        assert created is not None
        record(s, actor, uow.now(), "category.create", "category", category_id,
               after={"path": created.path, "team": team})
        uow.commit()
        return category_id


def edit_category(uow: UnitOfWork, actor: Actor, category: int | str, *, name: str | None = None,
                  team: str | None = None, active: bool | None = None) -> CategoryRow:
    """Rename a category, change the team its tickets go to ("" for none), or disable it
    (`active=False`: kept on its tickets, no longer offered for new ones, and its rules and its
    subcategories' rules stop applying). Permission: config:manage. Audited as category.edit."""
    require(actor, Permission.CONFIG_MANAGE)
    with uow:
        s = uow.session
        target = _category(s, category)
        before = {"name": target.name, "team_id": target.team_id, "active": target.active}
        if name is not None:
            new_name = clean_text(name, "name", max_len=80)
            clash = s.scalar(select(Category.id).where(
                Category.name == new_name, Category.id != target.id,
                Category.parent_id.is_(None) if target.parent_id is None else Category.parent_id == target.parent_id))
            if clash is not None:
                raise ValidationFailed(_("The category '{name}' exists already.").format(name=new_name), field="name")
            target.name = new_name
        if team is not None:
            target.team_id = _team_id(s, team)
        if active is not None:
            target.active = active
        old, new = diff(before, {"name": target.name, "team_id": target.team_id, "active": target.active})
        if new:
            record(s, actor, uow.now(), "category.edit", "category", target.id, before=old, after=new)
        uow.commit()
    return next(c for c in list_categories(uow, actor) if c.id == target.id)


def _rule_row(rule: ClassificationRule, categories: dict[int, str], teams: dict[int, str]) -> RuleRow:
    return RuleRow(rule.id, rule.position, rule.keywords, rule.category_id, categories.get(rule.category_id, ""),
                   teams.get(rule.team_id) if rule.team_id else None, Level(rule.impact) if rule.impact else None,
                   Level(rule.urgency) if rule.urgency else None, bool(rule.active))


def _rows(session: Session, rules: list[ClassificationRule]) -> list[RuleRow]:
    categories = {c.id: c.path for c in session.scalars(select(Category))}
    teams = {t.id: t.name for t in session.scalars(select(Team))}
    return [_rule_row(r, categories, teams) for r in rules]


def _ordered(session: Session) -> list[ClassificationRule]:
    return list(session.scalars(select(ClassificationRule).order_by(ClassificationRule.position,
                                                                      ClassificationRule.id)))


def list_rules(uow: UnitOfWork, actor: Actor) -> list[RuleRow]:
    """In the order they are tried, disabled ones included. Permission: config:manage."""
    require(actor, Permission.CONFIG_MANAGE)
    with uow:
        return _rows(uow.session, _ordered(uow.session))


def _state(rule: ClassificationRule) -> dict[str, object]:
    return {"keywords": rule.keywords, "category_id": rule.category_id, "team_id": rule.team_id,
            "impact": rule.impact, "urgency": rule.urgency, "active": rule.active, "position": rule.position}


def add_rule(uow: UnitOfWork, actor: Actor, *, keywords: str, category: int | str, team: str | None = None,
             impact: str | None = None, urgency: str | None = None) -> RuleRow:
    """A new rule, tried after the existing ones. Permission: config:manage. Audited."""
    require(actor, Permission.CONFIG_MANAGE)
    with uow:
        s = uow.session
        last = max((r.position for r in _ordered(s)), default=0)
        rule_id = catalog.add_rule(uow, actor, keywords=_keywords(keywords), category_id=_category(s, category).id,
                                   team_id=_team_id(s, team), impact=_level(impact, "impact"),
                                   urgency=_level(urgency, "urgency"), position=last + 10)
        rule = s.get(ClassificationRule, rule_id)
        assert rule is not None
        record(s, actor, uow.now(), "rule.create", "rule", rule_id, after=_state(rule))
        uow.commit()
        return _rows(s, [rule])[0]


def edit_rule(uow: UnitOfWork, actor: Actor, rule_id: int, *, keywords: str | None = None,
              category: int | str | None = None, team: str | None = None, impact: str | None = None,
              urgency: str | None = None, active: bool | None = None) -> RuleRow:
    """Change a rule; None leaves a field, "" clears team, impact or urgency. `active=False`
    disables it (kept, never tried). Permission: config:manage. Audited as rule.edit."""
    require(actor, Permission.CONFIG_MANAGE)
    with uow:
        s = uow.session
        rule = _rule(s, rule_id)
        before = _state(rule)
        if keywords is not None:
            rule.keywords = _keywords(keywords)
        if category is not None:
            rule.category_id = _category(s, category).id
        if team is not None:
            rule.team_id = _team_id(s, team)
        if impact is not None:
            rule.impact = _level(impact, "impact")
        if urgency is not None:
            rule.urgency = _level(urgency, "urgency")
        if active is not None:
            rule.active = active
        old, new = diff(before, _state(rule))
        if new:
            record(s, actor, uow.now(), "rule.edit", "rule", rule.id, before=old, after=new)
        uow.commit()
        return _rows(s, [rule])[0]


def _rule(session: Session, rule_id: int) -> ClassificationRule:
    rule = session.get(ClassificationRule, rule_id)
    if rule is None:
        raise NotFound(_("No rule with id {id}.").format(id=rule_id))
    return rule


def move_rule(uow: UnitOfWork, actor: Actor, rule_id: int, to_index: int) -> list[RuleRow]:
    """Put a rule at `to_index` (0: tried first) and renumber all positions 10, 20, 30…
    Permission: config:manage. Audited as rule.move. Returns the rules in their new order."""
    require(actor, Permission.CONFIG_MANAGE)
    with uow:
        s = uow.session
        rules = _ordered(s)
        rule = _rule(s, rule_id)
        old_index = rules.index(rule)
        rules.remove(rule)
        new_index = max(0, min(to_index, len(rules)))
        rules.insert(new_index, rule)
        old_position = rule.position
        for n, r in enumerate(rules, start=1):
            r.position = 10 * n
        if new_index != old_index:
            record(s, actor, uow.now(), "rule.move", "rule", rule.id, before={"position": old_position},
                   after={"position": rule.position})
        uow.commit()
        return _rows(s, rules)


@dataclass(frozen=True)
class RuleHit:
    rule: RuleRow
    keyword: str  # as it appears in the text
    field: str  # "subject" or "description"


@dataclass(frozen=True)
class RuleTest:
    """What the rules make of a text: the winning hit (if any) and every other active rule that
    matches too, in the order they would be tried."""

    winner: RuleHit | None
    others: tuple[RuleHit, ...]

    def explain(self) -> str:
        if self.winner is None:
            return _("No active rule matches: the ticket gets no category from the rules.")
        w = self.winner
        where = _("the subject") if w.field == "subject" else _("the description")
        text = _("Rule {id} (position {position}) matches '{keyword}' in {where}: category {category}").format(
            id=w.rule.id, position=w.rule.position, keyword=w.keyword, where=where, category=w.rule.category)
        if w.rule.team:
            text += _(", team {team}").format(team=w.rule.team)
        text += "."
        if self.others:
            text += " " + _("Also matching, but tried later: {rules}.").format(
                rules=", ".join(f"{h.rule.id} ('{h.keyword}')" for h in self.others))
        return text


def preview(uow: UnitOfWork, actor: Actor, subject: str, description: str = "") -> RuleTest:
    """Which rule classifies this text, and why: every rule is tried on the subject before any on
    the description, in position order, as for a new ticket. Nothing is written.
    Permission: config:manage."""
    require(actor, Permission.CONFIG_MANAGE)
    with uow:
        s = uow.session
        active = classify.active_rules(s)
        rows = {r.id: r for r in _rows(s, active)}
        hits: list[RuleHit] = []
        for field, text in (("subject", subject), ("description", description)):
            for rule in active:
                keyword = classify.matched_keyword(rule.keywords, text)
                if keyword is not None and all(h.rule.id != rule.id for h in hits):
                    hits.append(RuleHit(rows[rule.id], keyword, field))
        winner = classify.first_match_in(active, subject, description)
        assert (winner is None) == (not hits) and (winner is None or hits[0].rule.id == winner.id)
        return RuleTest(hits[0] if hits else None, tuple(hits[1:]))
