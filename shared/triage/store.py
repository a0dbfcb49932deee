"""The triage model in the database: train it from this desk's resolved tickets, load the newest
version (cached per process, so a prediction costs one indexed look-up of the version number),
suggest a category/team/impact/urgency for a text, and record an agent's correction.

Keyword rules (shared/services/classify.py) stay the fallback: with no model, for a text the
model knows no word of, for categories with fewer than MIN_EXAMPLES resolved tickets (the model
never learns them, so a rule naming one wins), and whenever the model is not sure enough.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import desc, func, select
from sqlalchemy.orm import Session

from shared.auth.permissions import Actor, Permission, require
from shared.errors import InvalidTransition, NotFound, ValidationFailed
from shared.i18n import _
from shared.models import AuditLog, Category, Team, Ticket, TimelineEntry, TriageModel
from shared.models.enums import Level, Status
from shared.services._common import load_ticket, set_field, touch
from shared.services.detail import changed
from shared.services.dto import ChangedTicket
from shared.services.uow import UnitOfWork, number_of
from shared.triage.features import ticket_text

if TYPE_CHECKING:
    from shared.triage.model import Prediction, TextModel

MIN_EXAMPLES = 5  # resolved tickets a category needs before the model learns it
MAX_TRAIN = 50_000  # the newest resolved tickets; older ones describe a desk that has changed
CORRECTED_WEIGHT = 3.0  # a ticket whose category an agent set by hand teaches more than one that was right

_lock = threading.Lock()
_cache: dict[str, Any] = {"id": None, "model": None}


@dataclass(frozen=True)
class Suggestion:
    """What the model says about a text, for the intake dialog and the ticket view."""
    version: int
    category_id: int
    category: str
    confidence: float
    words: tuple[str, ...]
    team_id: int | None
    team: str | None
    impact: Level | None
    urgency: Level | None
    auto: bool  # at or above the configured confidence: applied without asking


@dataclass(frozen=True)
class TrainResult:
    version: int | None  # None: not enough tickets yet, nothing stored
    n_train: int
    categories: int
    message: str


def current(session: Session) -> tuple[int, TextModel] | None:
    """The newest active model and its version, or None. Loaded once per process per version."""
    found = session.execute(select(TriageModel.id, TriageModel.digest).where(TriageModel.active.is_(True))
                            .order_by(desc(TriageModel.id)).limit(1)).first()
    if found is None:
        return None
    version, digest = found
    with _lock:
        if _cache["id"] == digest:
            return version, _cache["model"]
    from shared.triage.model import TextModel

    data = session.scalar(select(TriageModel.data).where(TriageModel.id == version))
    model = TextModel.from_bytes(data or b"")
    with _lock:
        _cache.update(id=digest, model=model)
    return version, model


def predict(session: Session, threshold: float, subject: str, description: str,
            loaded: tuple[int, TextModel] | None = None) -> Suggestion | None:
    """The model's suggestion for a text (no permission check: the caller's service did it).
    `loaded`: the model a caller already looked up (creation does once per call)."""
    loaded = loaded or current(session)
    if loaded is None:
        return None
    version, model = loaded
    found = model.predict_all(ticket_text(subject, description))
    cat = found.get("category")
    if cat is None:
        return None
    category = session.get(Category, int(cat.label))
    if category is None or not category.active:
        return None
    team = _team(session, found.get("team"))
    return Suggestion(version, category.id, category.path, cat.confidence, cat.words,
                      team.id if team else None, team.name if team else None,
                      _level(found.get("impact")), _level(found.get("urgency")), cat.confidence >= threshold)


def _team(session: Session, p: Prediction | None) -> Team | None:
    return session.get(Team, int(p.label)) if p is not None and p.confidence >= 0.5 else None


def _level(p: Prediction | None) -> Level | None:
    return Level(p.label) if p is not None and p.confidence >= 0.5 else None


def suggest(uow: UnitOfWork, actor: Actor, subject: str, description: str = "") -> Suggestion | None:
    """The learned suggestion for a ticket being written, or None (no model, or no known word).
    Permission: ticket:create. Nothing is written."""
    require(actor, Permission.TICKET_CREATE)
    with uow:
        return predict(uow.session, uow.settings.triage_auto_apply, subject, description)


class _Rule(Protocol):
    @property
    def category_id(self) -> int: ...


def decide(session: Session, loaded: tuple[int, TextModel], threshold: float, rule: _Rule | None,
           subject: str, description: str) -> Suggestion | None:
    """For a new ticket without a category: the model's suggestion when it should win over the
    rule (confident, and the rule — if any — names a category the model was trained on)."""
    s = predict(session, threshold, subject, description, loaded)
    if s is None or not s.auto:
        return None
    if rule is not None and rule.category_id != s.category_id \
            and str(rule.category_id) not in loaded[1].heads["category"].labels:
        return None  # a category too rare for the model: the admin's rule is all we have
    return s


def train(uow: UnitOfWork, actor: Actor, *, chars: bool = False) -> TrainResult:
    """Train a new version from the newest MAX_TRAIN resolved or closed tickets with a category
    (agents' corrections weigh CORRECTED_WEIGHT) and make it the one every console uses.
    Permission: config:manage. Returns version None when fewer than two categories have
    MIN_EXAMPLES tickets each (the keyword rules go on classifying alone)."""
    require(actor, Permission.CONFIG_MANAGE)
    with uow:
        s = uow.session
        rows = s.execute(select(Ticket.id, Ticket.subject, Ticket.description, Ticket.category_id, Ticket.team_id,
                                Ticket.impact, Ticket.urgency)
                         .where(Ticket.status.in_((Status.RESOLVED, Status.CLOSED)), Ticket.category_id.is_not(None),
                                Ticket.merged_into_id.is_(None))
                         .order_by(desc(Ticket.id)).limit(MAX_TRAIN)).all()
        ids = [r.id for r in rows]
        corrected: set[int] = set()
        for start in range(0, len(ids), 5000):
            chunk = ids[start:start + 5000]
            corrected.update(s.scalars(select(TimelineEntry.ticket_id).where(
                TimelineEntry.ticket_id.in_(chunk), TimelineEntry.field == "category_id").distinct()))
        counts: dict[int, int] = {}
        for r in rows:
            counts[r.category_id] = counts.get(r.category_id, 0) + 1
        learnable = sum(1 for n in counts.values() if n >= MIN_EXAMPLES)
        if learnable < 2:
            return TrainResult(None, len(rows), learnable, _(
                "Not enough resolved tickets yet: the model needs two categories with {n} tickets each; "
                "the keyword rules go on classifying.").format(n=MIN_EXAMPLES))
        from shared.triage.train import fit

        model = fit([ticket_text(r.subject, r.description) for r in rows],
                    {"category": [str(r.category_id) for r in rows],
                     "team": [str(r.team_id) if r.team_id else None for r in rows],
                     "impact": [str(r.impact) for r in rows], "urgency": [str(r.urgency) for r in rows]},
                    weights=[CORRECTED_WEIGHT if r.id in corrected else 1.0 for r in rows],
                    chars=chars, min_examples=MIN_EXAMPLES,
                    meta={"trained_at": uow.now().isoformat(), "corrected": len(corrected)})
        data = model.to_bytes()
        row = TriageModel(created_at=uow.now(), created_by_id=actor.id, n_train=len(rows), data=data,
                          digest=hashlib.sha256(data).hexdigest(),
                          meta={"categories": len(model.heads["category"].labels), "corrected": len(corrected),
                                "chars": chars})
        s.add(row)
        s.flush()
        s.add(AuditLog(actor_id=actor.id, action="triage.train", entity="triage_model", entity_id=row.id,
                       detail={"n_train": len(rows), "categories": len(model.heads["category"].labels)},
                       created_at=uow.now()))
        uow.commit()
        return TrainResult(row.id, len(rows), len(model.heads["category"].labels),
                           _("Model version {version} trained on {n:,} tickets ({k} categories).").format(
                               version=row.id, n=len(rows), k=len(model.heads["category"].labels)))


def retrain_if_needed(uow: UnitOfWork, actor: Actor) -> TrainResult | None:
    """`train`, unless no ticket was resolved since the newest model (None then): the scheduled
    retraining costs nothing on a quiet desk. Permission: config:manage."""
    require(actor, Permission.CONFIG_MANAGE)
    with uow:
        last = uow.session.scalar(select(func.max(TriageModel.created_at)))
        newest = uow.session.scalar(select(func.max(Ticket.resolved_at)))
    if newest is None or (last is not None and newest <= last):
        return None
    return train(uow, actor)


def correct(uow: UnitOfWork, actor: Actor, ticket_id: int, category_id: int, *,
            expected_version: int | None = None, suggested_id: int | None = None,
            confidence: float | None = None) -> ChangedTicket:
    """An agent sets the right category on a ticket the model (or the rules) got wrong, or takes
    the model's suggestion: the change goes on the timeline and the audit log, and the next
    training weighs this ticket CORRECTED_WEIGHT times.
    Permission: ticket:update. Not on a closed ticket. Raises NotFound, Conflict (stale version),
    InvalidTransition, ValidationFailed (the ticket has that category already)."""
    require(actor, Permission.TICKET_UPDATE)
    with uow:
        s = uow.session
        ticket = load_ticket(uow, actor, ticket_id, expected_version)
        if ticket.status == Status.CLOSED:
            raise InvalidTransition(_("{number} is closed.").format(number=number_of(ticket)))
        if s.get(Category, category_id) is None:
            raise NotFound(_("No category with id {id}.").format(id=category_id))
        detail = {"from": ticket.category_id, "suggested": suggested_id, "chosen": category_id,
                  "confidence": round(confidence, 3) if confidence is not None else None}
        if not set_field(uow, ticket, actor, "category_id", category_id, data={"correction": detail}):
            raise ValidationFailed(_("The ticket already has that category."), field="category")
        s.add(AuditLog(actor_id=actor.id, action="triage.correction", entity="ticket", entity_id=ticket.id,
                       detail=detail, created_at=uow.now()))
        touch(uow, ticket)
        uow.commit()
        return changed(s, actor, ticket)
