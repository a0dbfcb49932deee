"""Customer satisfaction: one 1–5 rating (and a comment) per resolved ticket."""

from __future__ import annotations

from sqlalchemy import select

from shared.auth.permissions import Actor, Permission, require
from shared.changes import Changes
from shared.errors import InvalidTransition, PermissionDenied, ValidationFailed
from shared.i18n import _
from shared.models import CsatResponse
from shared.models.enums import Status
from shared.services._common import clean_text, load_ticket
from shared.services.uow import UnitOfWork, number_of


def submit(uow: UnitOfWork, actor: Actor, ticket_id: int, rating: int, comment: str = "") -> Changes:
    """Rate a resolved or closed ticket. Permission: csat:submit, and only by its requester, once.
    Returns what changed: the ticket.

    Raises ValidationFailed (rating outside 1–5), InvalidTransition (not resolved, or already rated).
    """
    require(actor, Permission.CSAT_SUBMIT)
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationFailed(_("A rating is a whole number from 1 to 5."), field="rating")
    comment = clean_text(comment, "comment", required=False, max_len=4000)
    with uow:
        s = uow.session
        ticket = load_ticket(uow, actor, ticket_id)
        if ticket.requester_id != actor.id:
            raise PermissionDenied(_("Only the requester can rate {number}.").format(
                number=number_of(ticket)))
        if ticket.status not in (Status.RESOLVED, Status.CLOSED):
            raise InvalidTransition(_("{number} is not resolved yet.").format(number=number_of(ticket)))
        if s.scalar(select(CsatResponse.id).where(CsatResponse.ticket_id == ticket.id)) is not None:
            raise InvalidTransition(_("{number} has been rated already.").format(number=number_of(ticket)))
        s.add(CsatResponse(ticket_id=ticket.id, rating=rating, comment=comment, submitted_at=uow.now()))
        uow.commit()
    return Changes.of(tickets=[ticket_id])
