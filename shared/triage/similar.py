"""Similar tickets, for duplicates and for the agent's suggested reply.

    similar_open(uow, actor, subject=..., description=..., requester_id=..., machine_id=...)

returns the OPEN tickets that look like the same problem: the same requester's or the same
machine's open tickets, and open tickets with the same symptom (the full-text index of migration
0002, never a scan: at a million tickets one call stays within milliseconds, see
bench/triage_bench.py). The console's intake dialog and ticket view, the tray's report dialog (through
its client) and mail/probe intake call it; the incidents work may call it for bursts.

    similar_resolved(session, text, limit=...)

returns the closest resolved tickets with their solutions (reply.py quotes them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Column, Integer, MetaData, Table, func, literal_column, select, text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from shared.auth.permissions import Actor, Permission, can, require
from shared.i18n import say
from shared.models import Ticket, User
from shared.models.enums import Status
from shared.services._common import event
from shared.services.dto import shown_subject
from shared.services.queue import ACTIVE_SQL
from shared.services.uow import UnitOfWork, number_in, number_of
from shared.triage.features import STOPWORDS

WINDOW = 300  # newest full-text matches looked at: duplicates of an open ticket are recent
PER_PERSON = 10  # a requester's or machine's newest open tickets looked at
DESCRIPTION_LOOK = 300  # characters of a candidate's description compared
CANDIDATES = 30  # symptom matches read from the index, best first
MAX_WORDS = 8
_WORDS = re.compile(r"[^\W\d_]{3,}", re.UNICODE)

_FTS = Table("ticket_search", MetaData(), Column("rowid", Integer))  # SQLite FTS5 (migration 0002)
_TSV = Table("ticket_search", MetaData(), Column("ticket_id", Integer), Column("doc", TSVECTOR))  # PostgreSQL


class Reason(StrEnum):
    REQUESTER = "requester"  # the same person has this open ticket
    MACHINE = "machine"  # about the same machine
    SYMPTOM = "symptom"  # the same words


@dataclass(frozen=True)
class SimilarTicket:
    id: int
    number: str
    subject: str
    status: Status
    requester: str
    created_at: datetime
    reasons: tuple[Reason, ...]
    shared_words: tuple[str, ...]  # the symptom words both tickets have


# Probe alerts share a template ("[HOST] …", "Probe alert disk_full (…, warning). percent: 91"):
# the host is the machine's match, not a symptom, and the template's words say nothing about it.
_HOST_PREFIX = re.compile(r"^\s*\[[^\]]{1,64}\]\s*")
_ALERT_WORDS = frozenset({"probe", "alert", "warning", "critical", "percent"})


def symptom_words(subject: str, description: str = "") -> list[str]:
    """The words a ticket's symptom is found by: the subject's first, then the description's."""
    seen: dict[str, None] = {}
    for w in _WORDS.findall(f"{_HOST_PREFIX.sub('', subject)} {description[:500]}".lower()):
        if w not in STOPWORDS and w not in _ALERT_WORDS:
            seen.setdefault(w)
        if len(seen) >= MAX_WORDS:
            break
    return list(seen)


def similar_open(uow: UnitOfWork, actor: Actor, *, subject: str, description: str = "",
                 requester_id: int | None = None, machine_id: int | None = None,
                 exclude_id: int | None = None, limit: int = 5) -> list[SimilarTicket]:
    """Open tickets that may be the same problem, the closest first: same requester or machine
    and the same symptom, then the same symptom (two shared words, or all of a short subject's),
    then the requester's or machine's other open tickets.
    Permission: ticket:view_all; with ticket:view_own only, a requester sees only their own
    tickets (the tray). Nothing is written."""
    if not can(actor, Permission.TICKET_VIEW_ALL):
        require(actor, Permission.TICKET_VIEW_OWN)
        requester_id, machine_id, own = actor.id or -1, None, True
    else:
        own = False
    with uow:
        return find_open(uow.session, subject=subject, description=description, requester_id=requester_id,
                         machine_id=machine_id, exclude_id=exclude_id, limit=limit, own_only=own)


def own_same_problems(uow: UnitOfWork, actor: Actor, *, subject: str, description: str = "",
                      limit: int = 3) -> list[SimilarTicket]:
    """For the person writing a problem (the tray): their own open tickets with the same symptom,
    so they can add to one instead of opening another. Never anyone else's tickets, whatever the
    role; their other open tickets (no shared symptom) are left out. Permission: ticket:view_own."""
    require(actor, Permission.TICKET_VIEW_OWN)
    if not symptom_words(subject, description):
        return []
    with uow:
        found = find_open(uow.session, subject=subject, description=description[:500], requester_id=actor.id or -1,
                          limit=limit * 3, own_only=True)
    return [s for s in found if Reason.SYMPTOM in s.reasons][:limit]


def find_open(session: Session, *, subject: str, description: str = "", requester_id: int | None = None,
              machine_id: int | None = None, exclude_id: int | None = None, limit: int = 5,
              own_only: bool = False) -> list[SimilarTicket]:
    """`similar_open` inside a caller's transaction (mail and probe intake), without a check."""
    words = symptom_words(subject, description)
    found: dict[int, tuple[Row[Any], set[Reason]]] = {}
    active = text(ACTIVE_SQL)  # as written in the partial indexes, so SQLite can use them
    # Only what is shown and compared: a ticket's description can be long, and an ORM object per
    # candidate costs more than the query that found it.
    base = select(Ticket.id, Ticket.subject, func.substr(Ticket.description, 1, DESCRIPTION_LOOK).label("start"),
                  Ticket.status, Ticket.created_at, Ticket.said, User.full_name).join(
        User, User.id == Ticket.requester_id)
    if requester_id is not None:
        for row in session.execute(base.where(Ticket.requester_id == requester_id, active)
                                   .order_by(Ticket.id.desc()).limit(PER_PERSON)):
            found.setdefault(row.id, (row, set()))[1].add(Reason.REQUESTER)
    if machine_id is not None:
        for row in session.execute(base.where(Ticket.machine_id == machine_id, active)
                                   .order_by(Ticket.id.desc()).limit(PER_PERSON)):
            found.setdefault(row.id, (row, set()))[1].add(Reason.MACHINE)
    if words:
        ids = _symptom_ids(session, words, requester_id if own_only else None)
        if ids:
            for row in session.execute(base.where(Ticket.id.in_(ids), active)):
                found.setdefault(row.id, (row, set()))
    need = min(2, len(words))
    wanted = set(words)
    out = []
    for row, reasons in found.values():
        if row.id == exclude_id:
            continue
        theirs = set(symptom_words(row.subject, row.start or "")) & wanted
        shared = tuple(w for w in words if w in theirs)
        if need and len(shared) >= need:
            reasons.add(Reason.SYMPTOM)
        if not reasons:
            continue
        out.append(SimilarTicket(row.id, number_in(session, row.id), shown_subject(row.subject, row.said),
                                 Status(row.status), row.full_name, row.created_at, tuple(sorted(reasons)), shared))
    out.sort(key=lambda s: (Reason.SYMPTOM not in s.reasons, -len(s.reasons), -len(s.shared_words), -s.id))
    return out[:limit]


def _symptom_ids(session: Session, words: list[str], requester_id: int | None, window: int = WINDOW) -> list[int]:
    """Ids of the newest tickets whose subject or description has any of the words (any status:
    the caller keeps the open ones), newest first (SQLite) or best first (PostgreSQL)."""
    if session.get_bind().dialect.name == "postgresql":
        query = " | ".join("'" + w.replace("'", "''").replace("\\", "\\\\") + "':AB" for w in words)
        ts = func.to_tsquery("simple", query)
        newest = select(_TSV.c.ticket_id).where(_TSV.c.doc.bool_op("@@")(ts))
        if requester_id is not None:
            newest = newest.where(_TSV.c.ticket_id.in_(select(Ticket.id).where(Ticket.requester_id == requester_id)))
        newest_q = newest.order_by(_TSV.c.ticket_id.desc()).limit(window).subquery()
        rank = func.ts_rank(_TSV.c.doc, ts)
        q: Any = (select(_TSV.c.ticket_id).where(_TSV.c.ticket_id.in_(select(newest_q.c.ticket_id)))
                  .order_by(rank.desc(), _TSV.c.ticket_id.desc()).limit(CANDIDATES))
        return [int(i) for i in session.scalars(q)]
    expr = "{subject description} : (" + " OR ".join(f'"{w}"' for w in words) + ")"
    match = literal_column("ticket_search").bool_op("MATCH")(expr)
    # The newest matches, without bm25: its idf needs every matching row of each word counted,
    # which for a common word ("laptop", "vpn") at a million tickets costs more than the whole
    # budget; the caller ranks these few by the words they share instead.
    q = select(_FTS.c.rowid).where(match)
    if requester_id is not None:
        q = q.join(Ticket, Ticket.id == _FTS.c.rowid).where(Ticket.requester_id == requester_id)
    return [int(i) for i in session.scalars(q.order_by(_FTS.c.rowid.desc()).limit(window))]


@dataclass(frozen=True)
class ResolvedMatch:
    id: int
    number: str
    subject: str
    solution: str
    shared_words: tuple[str, ...]


def similar_resolved(session: Session, subject: str, description: str = "", *, limit: int = 3,
                     exclude_id: int | None = None) -> list[ResolvedMatch]:
    """The resolved or closed tickets with a written solution closest to this text (for the
    suggested reply): the newest WINDOW matches of any symptom word, by shared words, then rank."""
    words = symptom_words(subject, description)
    if not words:
        return []
    ids = _symptom_ids(session, words, None)
    if not ids:
        return []
    rows = session.scalars(select(Ticket).where(
        Ticket.id.in_(ids), Ticket.status.in_((Status.RESOLVED, Status.CLOSED)), Ticket.solution.is_not(None),
        Ticket.merged_into_id.is_(None)))
    out = []
    for t in rows:
        if t.id == exclude_id or not (t.solution or "").strip():
            continue
        shared = tuple(w for w in words if w in set(symptom_words(t.subject, t.description)))
        if len(shared) >= min(2, len(words)):
            out.append(ResolvedMatch(t.id, number_of(t), t.subject, (t.solution or "").strip(), shared))
    order = {i: k for k, i in enumerate(ids)}
    out.sort(key=lambda m: (-len(m.shared_words), order.get(m.id, 0)))
    return out[:limit]



def note_possible_duplicates(uow: UnitOfWork, actor: Actor, ticket_id: int) -> list[SimilarTicket]:
    """On intake (mail, probe): name the open tickets that look like the same problem on the new
    ticket's timeline, so the agent who opens it can merge it at once. Nothing else changes.
    Permission: ticket:view_all (intake runs as the system). Returns what was named."""
    require(actor, Permission.TICKET_VIEW_ALL)
    with uow:
        ticket = uow.session.get(Ticket, ticket_id)
        if ticket is None:
            return []
        found = find_open(uow.session, subject=ticket.subject, description=ticket.description,
                          requester_id=ticket.requester_id, machine_id=ticket.machine_id, exclude_id=ticket.id,
                          limit=3)
        found = [s for s in found if Reason.SYMPTOM in s.reasons]
        if found:
            numbers = ", ".join(s.number for s in found)
            event(uow, ticket, actor, "possible_duplicates", None, numbers,
                  say("Possibly the same problem as {numbers}", numbers=numbers))
            uow.commit()
        return found
