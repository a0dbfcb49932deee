"""Enrolling machines: one-time enrolment tokens traded for a machine token, and looking a
machine up by its token.

Tokens (enrolment and machine) are random 256-bit strings; only their sha256 is stored, so a
database dump gives nobody a working token. Looking a token up by its hash is a constant-time
check in effect: the comparison happens on a digest the caller cannot steer byte by byte.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import select

from shared.auth.permissions import Actor, Permission, require
from shared.db.in_list import in_list
from shared.errors import AuthenticationFailed, NotFound, ValidationFailed
from shared.i18n import _
from shared.models import AuditLog, EnrolmentToken, Machine, User
from shared.services._common import clean_text
from shared.services.machines import audit, check_host_key
from shared.services.uow import UnitOfWork


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_enrolment_token(uow: UnitOfWork, actor: Actor, owner_id: int | None = None,
                          valid_hours: int = 72) -> str:
    """A one-time enrolment token, returned in plain text ONCE (only its sha256 is kept).

    Permission: machine:enrol. Raises ValidationFailed (validity outside 1 h – 90 days), NotFound (owner).
    """
    require(actor, Permission.MACHINE_ENROL)
    if not 1 <= valid_hours <= 24 * 90:
        raise ValidationFailed(_("An enrolment token is valid for 1 hour to 90 days."), field="valid_hours")
    token = secrets.token_urlsafe(32)
    with uow:
        if owner_id is not None and uow.session.get(User, owner_id) is None:
            raise NotFound(_("No user with id {id}.").format(id=owner_id))
        now = uow.now()
        row = EnrolmentToken(token_hash=hash_token(token), created_by_id=actor.id, owner_id=owner_id,
                             created_at=now, expires_at=now + timedelta(hours=valid_hours))
        uow.session.add(row)
        uow.session.flush()
        audit(uow, actor, "machine.token", None, token_id=row.id, owner_id=owner_id, valid_hours=valid_hours)
        uow.commit()
    return token


def _split_os(os_text: str) -> tuple[str, str]:
    name, _sep, version = os_text.strip().partition(" ")
    return name[:80], version.strip()[:120]


def enrol(uow: UnitOfWork, token: str, hostname: str, os: str, ssh_host_key: str | None = None) -> tuple[int, str]:
    """Trade a one-time enrolment token for (machine id, machine token). No actor: the token is the proof.

    The same host name enrolling again (a reinstalled probe) updates that machine and replaces its
    token. Raises AuthenticationFailed (unknown, used or expired token; one message for all three,
    so the answer tells a guesser nothing) and ValidationFailed.
    """
    hostname = clean_text(hostname, "hostname", max_len=255)
    os_name, os_version = _split_os(clean_text(os, "os", required=False, max_len=200))
    host_key = check_host_key(ssh_host_key) if ssh_host_key else None
    machine_token = secrets.token_urlsafe(32)
    with uow:
        s = uow.session
        now = uow.now()
        row = s.scalar(select(EnrolmentToken).where(EnrolmentToken.token_hash == hash_token(token))
                       .with_for_update())
        if row is None or row.used_at is not None or row.expires_at <= now:
            reason = "unknown" if row is None else ("used" if row.used_at is not None else "expired")
            s.add(AuditLog(actor_id=None, action="machine.enrol_refused", entity="machine",
                           entity_id=row.machine_id if row else None,
                           detail={"hostname": hostname, "reason": reason}, created_at=now))
            uow.commit()
            raise AuthenticationFailed(_("The enrolment token is unknown, used or expired; ask for a new one."))
        machine = s.scalar(select(Machine).where(Machine.hostname == hostname).order_by(Machine.id).limit(1))
        if machine is None:
            machine = Machine(hostname=hostname, created_at=now, ssh_port=22)
            s.add(machine)
        machine.os_name, machine.os_version = os_name, os_version
        machine.token_hash = hash_token(machine_token)
        machine.enrolled_at = now
        machine.owner_id = row.owner_id if row.owner_id is not None else machine.owner_id
        # A new key on re-enrolment (reinstalled machine) is accepted: the admin-issued one-time
        # token vouches for it. The change is audited so a surprise can be traced.
        key_changed = bool(host_key and machine.ssh_host_key and host_key != machine.ssh_host_key)
        if host_key:
            machine.ssh_host_key = host_key
        s.flush()
        row.used_at, row.machine_id = now, machine.id
        s.add(AuditLog(actor_id=row.created_by_id, action="machine.enrol", entity="machine", entity_id=machine.id,
                       detail={"hostname": hostname, "token_id": row.id, "host_key_changed": key_changed},
                       created_at=now))
        uow.commit()
        return machine.id, machine_token


def machine_for_token(uow: UnitOfWork, bearer: str) -> int:
    """The machine a bearer token belongs to. Raises AuthenticationFailed."""
    return known_machine(machines_for_hashes(uow, [hash_token(bearer)])[0])


def known_machine(machine_id: int | None) -> int:
    """`machine_id`, or AuthenticationFailed for a token no machine holds."""
    if machine_id is None:
        raise AuthenticationFailed(_("Unknown machine token; enrol the probe again."))
    return machine_id


# Built once (a server runs it for every report whose token it has not cached); `in_list`: one
# statement text for any number of tokens, so PostgreSQL plans it once per connection.
_BY_HASH = select(Machine.token_hash, Machine.id).where(in_list(Machine.token_hash, "hashes"))


def machines_for_hashes(uow: UnitOfWork, token_hashes: Sequence[str]) -> list[int | None]:
    """The machine holding each token (by its sha256, `hash_token`), None where no machine does;
    in one statement for them all (the server's token reader batches its look-ups)."""
    with uow:
        found = {h: i for h, i in uow.session.execute(_BY_HASH, {"hashes": list(token_hashes)})}
    return [found.get(h) for h in token_hashes]
