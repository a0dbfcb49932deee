"""SOP checklists: per category (and optionally ticket type) a template of steps, required or
optional, copied onto a ticket when it gets that category; steps ticked with who and when on the
timeline; resolving refused while a required step is open (setting checklist_blocks_resolve).

Template and step texts are the site's own words, shown as written. The built-in examples
(`EXAMPLES`, seeded by the demo and `helpdesk admin checklist examples`) are marked, and shown in
each reader's language until someone edits them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import and_, case, delete, func, select
from sqlalchemy.orm import Session

from shared.auth.permissions import Actor, Permission, require
from shared.errors import NotFound, ValidationFailed
from shared.i18n import N_, _, catalogue_text
from shared.models import Category, Ticket, User
from shared.models.enums import TicketType
from shared.models.incidents import ChecklistTemplate, TicketChecklistStep
from shared.services._common import clean_text, event, load_ticket, touch
from shared.services.detail import changed
from shared.services.dto import ChangedTicket
from shared.services.uow import UnitOfWork, number_of

if TYPE_CHECKING:
    from shared.services.reference import TemplateRef

BUILTIN = "builtin"  # said/said_key marker: the text is a catalogue message, translated when shown
MAX_STEPS = 40


@dataclass(frozen=True)
class StepSpec:
    text: str
    required: bool = True


@dataclass(frozen=True)
class TemplateView:
    id: int
    name: str
    category_id: int
    category: str
    ticket_type: str  # "" = every type
    steps: tuple[StepSpec, ...]
    active: bool


@dataclass(frozen=True)
class StepView:
    id: int
    position: int
    text: str
    required: bool
    done_at: datetime | None
    done_by: str | None

    @property
    def done(self) -> bool:
        return self.done_at is not None


# Built-in examples: (category path, ticket type, name, [(step, required)]). English message ids;
# the catalogue has their Indonesian.
EXAMPLES: tuple[tuple[tuple[str, str], str, str, tuple[tuple[str, bool], ...]], ...] = (
    (("Network", "VPN"), "", N_("VPN outage"), (
        (N_("Ask whether other people near the user are affected"), True),
        (N_("Check the probe's network diagnostics for the machine"), True),
        (N_("Look for a known major incident before escalating"), True),
        (N_("Tell the user how to work offline meanwhile"), False),
    )),
    (("Access", "Account request"), "service_request", N_("New account or access"), (
        (N_("Confirm the request with the user's manager"), True),
        (N_("Create or change the account in the directory"), True),
        (N_("Send the first-sign-in instructions to the user"), True),
        (N_("Note the access granted in the ticket"), False),
    )),
    (("Hardware", "Printer"), "", N_("Printer fault"), (
        (N_("Record the printer's asset tag"), True),
        (N_("Check the warranty status"), False),
        (N_("Print a test page after the repair"), True),
    )),
)


def _text(text: str, marker: str | None) -> str:
    return catalogue_text(text) if marker == BUILTIN else text


def _template_view(session: Session, t: ChecklistTemplate) -> TemplateView:
    category = session.get(Category, t.category_id)
    return TemplateView(t.id, _text(t.name, t.said), t.category_id, category.path if category else "?",
                        t.ticket_type, tuple(StepSpec(_text(s["text"], t.said), bool(s["required"])) for s in t.steps),
                        t.active)


def _clean_steps(steps: Sequence[StepSpec]) -> list[dict[str, object]]:
    out = [{"text": clean_text(s.text, "step", max_len=300), "required": bool(s.required)} for s in steps]
    if not out:
        raise ValidationFailed(_("A checklist needs at least one step."), field="steps")
    if len(out) > MAX_STEPS:
        raise ValidationFailed(_("A checklist has at most {n} steps.").format(n=MAX_STEPS), field="steps")
    return out


def _ticket_type(value: str) -> str:
    if value and value not in {t.value for t in TicketType}:
        raise ValidationFailed(_("Unknown ticket type '{value}'.").format(value=value), field="ticket_type")
    return value


def list_templates(uow: UnitOfWork, actor: Actor) -> list[TemplateView]:
    """Every template, by category. Permission: ticket:view_all (agents see what applies)."""
    require(actor, Permission.TICKET_VIEW_ALL)
    with uow:
        rows = uow.session.scalars(select(ChecklistTemplate).order_by(ChecklistTemplate.category_id,
                                                                      ChecklistTemplate.ticket_type))
        return [_template_view(uow.session, t) for t in rows]


def save_template(uow: UnitOfWork, actor: Actor, *, name: str, category_id: int | str, steps: Sequence[StepSpec],
                  ticket_type: str = "", template_id: int | None = None, active: bool = True) -> TemplateView:
    """Create a template, or replace one (`template_id`). One per category (an id, a path like
    "Network / VPN" or a unique name) and ticket type. Permission: config:manage.
    Raises NotFound, ValidationFailed."""
    from shared.services.admin.rules import _category  # the admin services' one lookup by path
    require(actor, Permission.CONFIG_MANAGE)
    name = clean_text(name, "name", max_len=120)
    rows, ticket_type = _clean_steps(steps), _ticket_type(ticket_type)
    with uow:
        s = uow.session
        category_id = _category(s, category_id).id
        clash = s.scalar(select(ChecklistTemplate.id).where(ChecklistTemplate.category_id == category_id,
                                                            ChecklistTemplate.ticket_type == ticket_type))
        if clash is not None and clash != template_id:
            raise ValidationFailed(_("That category and ticket type have a checklist already."), field="category")
        if template_id is None:
            t = ChecklistTemplate(category_id=category_id, ticket_type=ticket_type)
            s.add(t)
        else:
            found = s.get(ChecklistTemplate, template_id)
            if found is None:
                raise NotFound(_("No checklist with id {id}.").format(id=template_id))
            t = found
        t.name, t.steps, t.said, t.active, t.updated_at = name, rows, None, active, uow.now()
        t.category_id, t.ticket_type = category_id, ticket_type
        uow.commit()
        return _template_view(s, t)


def delete_template(uow: UnitOfWork, actor: Actor, template_id: int) -> None:
    """Remove a template; tickets keep the steps they were given. Permission: config:manage."""
    require(actor, Permission.CONFIG_MANAGE)
    with uow:
        if uow.session.execute(delete(ChecklistTemplate).where(ChecklistTemplate.id == template_id)).rowcount == 0:  # type: ignore[attr-defined]
            raise NotFound(_("No checklist with id {id}.").format(id=template_id))
        uow.commit()


def seed_examples(uow: UnitOfWork, actor: Actor) -> int:
    """Add the built-in example templates whose category exists and has none yet. Returns how many.
    Permission: config:manage."""
    require(actor, Permission.CONFIG_MANAGE)
    added = 0
    with uow:
        s = uow.session
        for (parent, child), ticket_type, name, steps in EXAMPLES:
            top = select(Category.id).where(Category.name == parent, Category.parent_id.is_(None))
            category = s.scalars(select(Category).where(Category.name == child,
                                                        Category.parent_id.in_(top))).first()
            if category is None or s.scalar(select(ChecklistTemplate.id).where(
                    ChecklistTemplate.category_id == category.id, ChecklistTemplate.ticket_type == ticket_type)):
                continue
            s.add(ChecklistTemplate(name=name, category_id=category.id, ticket_type=ticket_type, said=BUILTIN,
                                    steps=[{"text": t, "required": r} for t, r in steps], active=True,
                                    updated_at=uow.now()))
            added += 1
        uow.commit()
    return added


def template_for(session: Session, category_id: int | None, ticket_type: str) -> ChecklistTemplate | None:
    """The active template of a category for a ticket type: the type's own, else the category's."""
    if category_id is None:
        return None
    rows = session.scalars(select(ChecklistTemplate).where(
        ChecklistTemplate.category_id == category_id, ChecklistTemplate.active.is_(True),
        ChecklistTemplate.ticket_type.in_([ticket_type, ""])))
    found = {t.ticket_type: t for t in rows}
    return found.get(ticket_type) or found.get("")


def attach(uow: UnitOfWork, actor: Actor, ticket: Ticket) -> int:
    """Give the ticket its category's checklist, inside the caller's transaction: untouched steps
    of an earlier checklist go, ticked ones stay. Audited. Returns the number of steps added."""
    s = uow.session
    template = template_for(s, ticket.category_id, str(ticket.ticket_type))
    current = list(s.scalars(select(TicketChecklistStep).where(TicketChecklistStep.ticket_id == ticket.id)))
    if template is not None and any(step.template_id == template.id for step in current):
        return 0
    for step in current:
        if step.done_at is None:
            s.delete(step)
    if template is None:
        return 0
    start = max((step.position for step in current if step.done_at is not None), default=0)
    for i, spec in enumerate(template.steps, start=start + 1):
        s.add(TicketChecklistStep(ticket_id=ticket.id, template_id=template.id, position=i, text=spec["text"],
                                  said_key=BUILTIN if template.said == BUILTIN else None,
                                  required=bool(spec["required"])))
    # The template's name as stored: a built-in one is a catalogue message, shown translated.
    event(uow, ticket, actor, "checklist", None, template.name)
    return len(template.steps)


def _steps(session: Session, ticket_id: int) -> list[TicketChecklistStep]:
    return list(session.scalars(select(TicketChecklistStep).where(TicketChecklistStep.ticket_id == ticket_id)
                                .order_by(TicketChecklistStep.position, TicketChecklistStep.id)))


def _step_view(session: Session, step: TicketChecklistStep) -> StepView:
    who = session.get(User, step.done_by_id) if step.done_by_id else None
    return StepView(step.id, step.position, _text(step.text, step.said_key), step.required, step.done_at,
                    who.full_name if who else None)


def steps(uow: UnitOfWork, actor: Actor, ticket_id: int) -> list[StepView]:
    """A ticket's checklist. Permission: whoever may see the ticket."""
    with uow:
        ticket = load_ticket(uow, actor, ticket_id, lock=False)
        return [_step_view(uow.session, st) for st in _steps(uow.session, ticket.id)]


def tick(uow: UnitOfWork, actor: Actor, ticket_id: int, step_id: int, done: bool = True) -> ChangedTicket:
    """Tick (or untick) a step; the timeline records who and when. Permission: ticket:update."""
    require(actor, Permission.TICKET_UPDATE)
    with uow:
        s = uow.session
        ticket = load_ticket(uow, actor, ticket_id)
        step = s.get(TicketChecklistStep, step_id)
        if step is None or step.ticket_id != ticket.id:
            raise NotFound(_("No step {id} on {number}.").format(id=step_id, number=number_of(ticket)))
        if (step.done_at is not None) != done:
            step.done_at, step.done_by_id = (uow.now(), actor.id) if done else (None, None)
            # The step as stored (a built-in one is a catalogue message, shown in the reader's language).
            event(uow, ticket, actor, "checklist_step", None if done else step.text, step.text if done else None)
            touch(uow, ticket)
        uow.commit()
        return changed(s, actor, ticket)


def open_required(session: Session, ticket_id: int) -> list[str]:
    rows = session.scalars(select(TicketChecklistStep).where(
        TicketChecklistStep.ticket_id == ticket_id, TicketChecklistStep.required.is_(True),
        TicketChecklistStep.done_at.is_(None)).order_by(TicketChecklistStep.position))
    return [_text(r.text, r.said_key) for r in rows]


def require_complete(session: Session, ticket: Ticket) -> None:
    """Refuse (ValidationFailed) while a required step is open."""
    missing = open_required(session, ticket.id)
    if missing:
        raise ValidationFailed(_("{number} has required checklist steps still open: {steps}").format(
            number=number_of(ticket), steps="; ".join(missing)), field="checklist")


def complete_counts(session: Session, ticket_ids: Sequence[int]) -> dict[int, bool]:
    """For each of the tickets that has a checklist: are all its required steps done?"""
    if not ticket_ids:
        return {}
    still_open = case((and_(TicketChecklistStep.required.is_(True), TicketChecklistStep.done_at.is_(None)), 1),
                      else_=0)
    rows = session.execute(select(TicketChecklistStep.ticket_id, func.sum(still_open))
                           .where(TicketChecklistStep.ticket_id.in_(ticket_ids))
                           .group_by(TicketChecklistStep.ticket_id))
    return {ticket_id: not open_count for ticket_id, open_count in rows}


def new_ticket_steps(uow: UnitOfWork, ticket: Ticket,
                     templates: Mapping[tuple[int, str], TemplateRef] | None = None,
                     ) -> tuple[list[TicketChecklistStep], str | None]:
    """The steps (not yet added) and the template's shown name for a ticket being created.
    `templates`: the active templates by (category, ticket type), as services.reference caches
    them; without, they are read once per transaction (a batch of new tickets shares them)."""
    if templates is None:
        from shared.services.reference import Reference

        key = "checklist_templates"
        if key not in uow.memo:
            uow.memo[key] = Reference(None).templates(uow.session)
        templates = uow.memo[key]  # type: ignore[assignment]
    assert templates is not None
    if ticket.category_id is None:
        return [], None
    template = templates.get((ticket.category_id, str(ticket.ticket_type))) or templates.get((ticket.category_id, ""))
    if template is None:
        return [], None
    steps = [TicketChecklistStep(ticket_id=ticket.id, template_id=template.id, position=i, text=text,
                                 said_key=BUILTIN if template.said == BUILTIN else None,
                                 required=required, done_at=None, done_by_id=None)
             for i, (text, required) in enumerate(template.steps, start=1)]
    return steps, template.name
