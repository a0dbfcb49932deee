"""Who a mail's ticket is for: the sender, a person's Reply-To, the sender of a forwarded
message when staff forwarded it, or the shared "unknown sender" when no address is usable."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from shared.auth.permissions import SYSTEM
from shared.i18n import _
from shared.mail.addresses import ADDRESS
from shared.mail.parse import InboundMail
from shared.models import User
from shared.models.enums import Role
from shared.services import users
from shared.services.uow import UnitOfWork

UNKNOWN_SENDER = "unknown-sender"
_USERNAME_BAD = re.compile(r"[^a-z0-9._-]+")


def unknown_sender(uow: UnitOfWork) -> User:
    """The requester of mail with no usable sender address (made on first use, no e-mail address,
    so nothing is ever mailed to it)."""
    user = uow.session.scalar(select(User).where(User.username == UNKNOWN_SENDER))
    if user is None:
        view = users.create_user(uow, SYSTEM, username=UNKNOWN_SENDER, full_name=_("Unknown sender"),
                                 role=Role.REQUESTER)
        user = uow.session.get(User, view.id)
        assert user is not None
    return user


def by_address(uow: UnitOfWork, address: str, name: str) -> User:
    """The account with this e-mail address, or a new requester for it."""
    user = uow.session.scalar(select(User).where(func.lower(User.email) == address))
    return user if user is not None else new_requester(uow, address, name)


def requester_for(uow: UnitOfWork, sender: User, mail_in: InboundMail) -> tuple[User, str]:
    """The requester of a new ticket from `sender`'s mail, and a note on the choice ("" for the sender).

    Staff forwarding a customer's message (the whole mail is the enclosed message) open the
    ticket for that customer; anyone else forwarding stays the requester, and the enclosed
    sender is named on the ticket.
    """
    fwd = mail_in.forwarded_from
    if fwd is None or sender.role == Role.REQUESTER or not ADDRESS.match(fwd[1]) or fwd[1] == sender.email:
        return sender, ""
    return by_address(uow, fwd[1], fwd[0]), f"forwarded by {sender.email}: the enclosed sender is the requester"


def new_requester(uow: UnitOfWork, address: str, name: str) -> User:
    """An account for a first-time sender: a requester named after the address."""
    s = uow.session
    local = address.split("@", 1)[0].lower()
    base = _USERNAME_BAD.sub("-", local).strip("-._")[:56] or "user"
    if len(base) < 2 or not base[0].isalnum():
        base = f"u{base}"[:56]
    username, n = base, 1
    while s.scalar(select(User.id).where(User.username == username)) is not None:
        n += 1
        username = f"{base}-{n}"
    full_name = (name or local).strip()[:120] or local
    view = users.create_user(uow, SYSTEM, username=username, full_name=full_name, role=Role.REQUESTER,
                             email=address)
    user = s.get(User, view.id)
    assert user is not None
    return user
