"""Handing an agent's open tickets over when they leave (or go on long leave): to one colleague,
or each to the agent auto-assignment would pick for it — the least-loaded on-duty agent of its
own team and tier, below their capacity, whether on shift right now or not (the tickets outlive
tonight) — and, where nobody there can take it, back to the team's queue unassigned. Each move is
an ordinary assignment (`workflow.assign`): on the ticket's timeline with the reason, the new
assignee notified. All or nothing, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from shared.auth.permissions import Actor, Permission, require
from shared.errors import ValidationFailed
from shared.i18n import _, say
from shared.models import Ticket
from shared.models.enums import ACTIVE_STATUSES
from shared.services import workflow
from shared.services.admin.audit import record
from shared.services.admin.users import find_user
from shared.services.assignment import AgentPicker
from shared.services.uow import UnitOfWork


@dataclass(frozen=True)
class HandedOver:
    username: str
    count: int  # tickets that had them as assignee
    to_agents: tuple[tuple[str, int], ...]  # (full name, tickets), most first
    to_queue: int  # left unassigned in their team's queue: nobody there could take them now


def open_count(uow: UnitOfWork, actor: Actor, user: int | str) -> int:
    """How many active tickets `user` is assigned. Permission: user:manage."""
    require(actor, Permission.USER_MANAGE)
    with uow:
        leaver = find_user(uow.session, user)
        return len(_open_ids(uow, leaver.id))


def _open_ids(uow: UnitOfWork, user_id: int) -> list[int]:
    return list(uow.session.scalars(select(Ticket.id).where(
        Ticket.assignee_id == user_id, Ticket.status.in_(ACTIVE_STATUSES)).order_by(Ticket.id)))


def hand_over(uow: UnitOfWork, actor: Actor, user: int | str, *, to: int | str | None = None) -> HandedOver:
    """Give `user`'s active tickets to `to` (an active agent who works at each ticket's tier), or,
    without `to`, each to the agent its team would get (never `user`), else to nobody (the team's
    queue). Permission: user:manage and ticket:assign. Raises ValidationFailed naming the
    ticket an agent cannot take (its tier), NotFound for an unknown name. Audited as
    user.hand_over."""
    require(actor, Permission.USER_MANAGE)
    require(actor, Permission.TICKET_ASSIGN)
    with uow:
        s = uow.session
        now = uow.now()
        leaver = find_user(s, user)
        target = find_user(s, to) if to is not None else None
        if target is not None and target.id == leaver.id:
            raise ValidationFailed(_("Hand the tickets to someone other than {name}.").format(
                name=leaver.username), field="to")
        reason = say("Handed over from {name}", name=leaver.full_name)
        # Whoever is on duty, on shift now or not: a hand-over at night still shares the tickets out.
        picker = AgentPicker(s, now, exclude=frozenset({leaver.id}), any_shift=True)
        given: dict[str, int] = {}
        queued = 0
        ids = _open_ids(uow, leaver.id)
        for ticket_id in ids:
            if target is not None:
                new_id: int | None = target.id
                name = target.full_name
            else:
                ticket = s.get(Ticket, ticket_id)
                assert ticket is not None
                picked = picker.pick(ticket.team_id, ticket.tier, now)
                new_id, name = (picked.id, picked.full_name) if picked is not None else (None, "")
            workflow.assign(uow, actor, ticket_id, new_id, reason=reason)  # joins this transaction
            if new_id is None:
                queued += 1
            else:
                given[name] = given.get(name, 0) + 1
        record(s, actor, now, "user.hand_over", "user", leaver.id, username=leaver.username,
               to=target.username if target is not None else None, count=len(ids), unassigned=queued)
        uow.commit()
        return HandedOver(leaver.username, len(ids), tuple(sorted(given.items(), key=lambda kv: (-kv[1], kv[0]))),
                          queued)
