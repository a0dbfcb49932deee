"""Machines known through the probe: reading them and configuring their SSH targets.

Enrolment lives in `enrolment`, reports and probe-alert tickets in `alerts`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from shared.auth.permissions import Actor, Permission, require
from shared.errors import NotFound, ValidationFailed
from shared.i18n import _
from shared.models import AuditLog, Machine
from shared.services._common import clean_text
from shared.services.uow import UnitOfWork


@dataclass(frozen=True)
class MachineView:
    id: int
    hostname: str
    os_name: str
    os_version: str
    owner_id: int | None
    enrolled_at: datetime | None
    last_seen_at: datetime | None
    snapshot_at: datetime | None
    snapshot: dict[str, Any] | None  # the latest snapshot as the probe sent it
    active_alerts: tuple[str, ...]
    ssh_host: str | None
    ssh_port: int
    ssh_user: str | None
    ssh_host_key: str | None
    probe_version: str | None


def audit(uow: UnitOfWork, actor: Actor, action: str, entity_id: int | None, **detail: object) -> None:
    """An audit row about a machine (in the caller's transaction)."""
    uow.session.add(AuditLog(actor_id=actor.id, action=action, entity="machine", entity_id=entity_id,
                             detail=detail, created_at=uow.now()))


def check_host_key(text: str) -> str:
    """`type base64` of an OpenSSH public key line. Raises ValidationFailed."""
    parts = text.strip().split()
    if len(parts) < 2 or not parts[0].startswith(("ssh-", "ecdsa-", "sk-")) or len(text) > 8192:
        raise ValidationFailed(_("The SSH host key is not an OpenSSH public key line."), field="ssh_host_key")
    return f"{parts[0]} {parts[1]}"


def _view(m: Machine) -> MachineView:
    return MachineView(
        id=m.id, hostname=m.hostname, os_name=m.os_name, os_version=m.os_version, owner_id=m.owner_id,
        enrolled_at=m.enrolled_at, last_seen_at=m.last_seen_at, snapshot_at=m.snapshot_at,
        snapshot=dict(m.snapshot) if m.snapshot else None, active_alerts=tuple(sorted(m.alert_state or {})),
        ssh_host=m.ssh_host,
        ssh_port=m.ssh_port, ssh_user=m.ssh_user, ssh_host_key=m.ssh_host_key, probe_version=m.probe_version)


def _machine(uow: UnitOfWork, machine_id: int) -> Machine:
    machine = uow.session.get(Machine, machine_id)
    if machine is None:
        raise NotFound(_("No machine with id {id}.").format(id=machine_id))
    return machine


def list_machines(uow: UnitOfWork, actor: Actor) -> list[MachineView]:
    """Every machine with its latest snapshot, by host name. Permission: machine:view."""
    require(actor, Permission.MACHINE_VIEW)
    with uow:
        return [_view(m) for m in uow.session.scalars(select(Machine).order_by(Machine.hostname, Machine.id))]


def get_machine(uow: UnitOfWork, actor: Actor, machine_id: int) -> MachineView:
    """One machine. Permission: machine:view. Raises NotFound."""
    require(actor, Permission.MACHINE_VIEW)
    with uow:
        return _view(_machine(uow, machine_id))


def find_machine(uow: UnitOfWork, actor: Actor, ref: str | int) -> MachineView:
    """By id or host name (the CLI's MACHINE argument). Permission: machine:view. Raises NotFound."""
    require(actor, Permission.MACHINE_VIEW)
    with uow:
        if isinstance(ref, int) or ref.isdigit():
            return _view(_machine(uow, int(ref)))
        machine = uow.session.scalar(select(Machine).where(Machine.hostname == ref.strip()).limit(1))
        if machine is None:
            raise NotFound(_("No machine called '{name}'.").format(name=ref))
        return _view(machine)


def set_ssh_target(uow: UnitOfWork, actor: Actor, machine_id: int, host: str, port: int, user: str,
                   host_key: str | None) -> MachineView:
    """Where technicians reach the machine's gate, and the host key to pin (None keeps the enrolled one).

    Permission: machine:enrol. Raises ValidationFailed, NotFound.
    """
    require(actor, Permission.MACHINE_ENROL)
    host = clean_text(host, "ssh_host", max_len=255)
    user = clean_text(user, "ssh_user", max_len=64)
    if not 1 <= port <= 65535:
        raise ValidationFailed(_("A port is a number from 1 to 65535."), field="ssh_port")
    if any(c.isspace() for c in host + user):
        raise ValidationFailed(_("Host and user name may not contain spaces."), field="ssh_host")
    key = check_host_key(host_key) if host_key else None
    with uow:
        machine = _machine(uow, machine_id)
        old_key = machine.ssh_host_key
        machine.ssh_host, machine.ssh_port, machine.ssh_user = host, port, user
        if key:
            machine.ssh_host_key = key
        audit(uow, actor, "machine.ssh_target", machine.id, host=host, port=port, user=user,
               host_key_changed=bool(key and key != old_key))
        uow.commit()
        return _view(machine)
