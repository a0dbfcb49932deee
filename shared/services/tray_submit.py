"""Reports and replies from the tray: the machine's snapshot attached and the machine linked, and
each submission saved exactly once by its idempotency key (the tray's offline outbox sends again
whatever it has no answer for).

The snapshot is the tray's own machine, as the probe (or a one-shot collection) saw it. It is
checked by the report schema, kept as a JSON attachment, and links the ticket to the machine
only when that machine is the reporter's own: a requester cannot tie a ticket to someone else's
computer by naming its id.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import select

from shared.auth.permissions import Actor, Permission, require
from shared.changes import Changes
from shared.errors import Conflict, ValidationFailed
from shared.i18n import _
from shared.models import Machine, TraySubmission
from shared.services import creation, tickets
from shared.services.creation import NewAttachment, NewTicket
from shared.services.dto import ChangedTicket, TicketDetail
from shared.services.report_schema import validate_snapshot
from shared.services.uow import UnitOfWork

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def snapshot_file(snapshot: Mapping[str, Any]) -> NewAttachment:
    """The snapshot as the JSON attachment the console's intake also makes (one file name style)."""
    host = re.sub(r"[^A-Za-z0-9._-]+", "_", str(snapshot["system"]["hostname"]))[:80] or "machine"
    stamp = str(snapshot["collected_at"])[:16].replace("-", "").replace(":", "").replace("T", "-")
    data = json.dumps(snapshot, indent=1, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return NewAttachment(f"snapshot-{host}-{stamp}.json", "application/json", data)


def _check_key(key: str | None) -> None:
    if key is not None and not KEY_PATTERN.match(key):
        raise ValidationFailed(_("The idempotency key must be 8 to 64 letters, digits, '-' or '_'."), field="key")


def _check_snapshot(snapshot: Mapping[str, Any] | None) -> None:
    if snapshot is None:
        return
    problems = validate_snapshot(snapshot)
    if problems:
        raise ValidationFailed(_("The computer's snapshot is not valid: {problems}").format(
            problems="; ".join(problems[:3])), field="snapshot")


def _own_machine(uow: UnitOfWork, actor: Actor, machine_id: int | None,
                 snapshot: Mapping[str, Any] | None) -> int | None:
    """The reporter's machine: the probe's id when it is theirs, else theirs with the snapshot's host name."""
    if machine_id is not None:
        owner = uow.session.scalar(select(Machine.owner_id).where(Machine.id == machine_id))
        if owner == actor.id:
            return machine_id
    if snapshot is None:
        return None
    host = str(snapshot["system"]["hostname"])
    return uow.session.scalar(select(Machine.id).where(Machine.owner_id == actor.id, Machine.hostname == host)
                              .order_by(Machine.last_seen_at.desc().nulls_last(), Machine.id.desc()).limit(1))


def _submitted(uow: UnitOfWork, actor: Actor, key: str) -> int | None:
    with uow:
        return uow.session.scalar(select(TraySubmission.ticket_id).where(
            TraySubmission.user_id == actor.id, TraySubmission.key == key))


def _remember(uow: UnitOfWork, actor: Actor, key: str | None, kind: str, ticket_id: int) -> None:
    if key is not None:
        uow.session.add(TraySubmission(user_id=actor.id, key=key, kind=kind, ticket_id=ticket_id,
                                       created_at=uow.now()))


def report(uow: UnitOfWork, actor: Actor, draft: NewTicket, *, key: str | None = None,
           snapshot: Mapping[str, Any] | None = None, machine_id: int | None = None) -> TicketDetail:
    """Raise `draft` as the actor's ticket, with the snapshot attached and the machine linked.

    Permission: ticket:create. A `key` already used by this user returns that ticket, unchanged
    (a resend). Raises ValidationFailed (bad key, snapshot or draft), NotFound (category).
    """
    require(actor, Permission.TICKET_CREATE)
    _check_key(key)
    _check_snapshot(snapshot)
    if key is not None and (done := _submitted(uow, actor, key)) is not None:
        return tickets.get(uow, actor, done)
    files: Sequence[NewAttachment] = [*draft.attachments, *([snapshot_file(snapshot)] if snapshot else [])]
    try:
        with uow:
            linked = _own_machine(uow, actor, machine_id, snapshot)
            detail = creation.create_batch(uow, [(actor, replace(draft, requester_id=None, machine_id=linked,
                                                                 attachments=files))])[0]
            _remember(uow, actor, key, "report", detail.id)
            uow.commit()
    except Conflict:
        # The same key sent twice at once: one transaction won; the other returns its ticket.
        if key is not None and (done := _submitted(uow, actor, key)) is not None:
            return tickets.get(uow, actor, done)
        raise
    return ChangedTicket.of(tickets.get(uow, actor, detail.id), Changes.of(tickets=[detail.id]))


def reply(uow: UnitOfWork, actor: Actor, ticket_id: int, body: str, *, key: str | None = None,
          expected_version: int | None = None, attachments: Sequence[NewAttachment] = ()) -> TicketDetail:
    """`tickets.reply`, saved once per `key` (a resend returns the ticket as it is now).

    Permission: ticket:reply_own for one's own ticket. Raises as `tickets.reply` does.
    """
    require(actor, Permission.TICKET_REPLY_OWN)
    _check_key(key)
    if key is not None and _submitted(uow, actor, key) is not None:
        return tickets.get(uow, actor, ticket_id)
    try:
        with uow:
            tickets.reply(uow, actor, ticket_id, body, expected_version=expected_version, attachments=attachments)
            _remember(uow, actor, key, "reply", ticket_id)
            uow.commit()
    except Conflict:
        if key is not None and _submitted(uow, actor, key) is not None:
            return tickets.get(uow, actor, ticket_id)
        raise
    # Read after the commit: the version the reply made (inside the transaction it is not known yet).
    return ChangedTicket.of(tickets.get(uow, actor, ticket_id), Changes.of(tickets=[ticket_id]))
