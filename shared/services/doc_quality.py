"""Documentation quality, a KPI per agent and team: of the tickets resolved in a period, how well
each was written up. A ticket scores one point per criterion it meets, out of those that apply:
a written solution of real length, a category, its checklist complete (when it has one), a KB
article linked or created, and a reason of real length on every escalation."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select

from shared.auth.permissions import Actor, Permission, require
from shared.errors import ValidationFailed
from shared.i18n import N_, _
from shared.models import KbArticle, Team, Ticket, TimelineEntry, User, article_tickets
from shared.models.enums import EntryKind
from shared.services import checklists
from shared.services.uow import UnitOfWork, number_in

SOLUTION_MIN = 40  # characters: "fixed" or "done" is no record of what was done
ESCALATION_NOTE_MIN = 15


class Criterion(StrEnum):
    SOLUTION = "solution"
    CATEGORY = "category"
    CHECKLIST = "checklist"
    KB = "kb"
    ESCALATION = "escalation"


CRITERION_LABELS = {Criterion.SOLUTION: N_("solution too short"), Criterion.CATEGORY: N_("no category"),
                    Criterion.CHECKLIST: N_("checklist incomplete"), Criterion.KB: N_("no KB article"),
                    Criterion.ESCALATION: N_("escalation without a note")}


def criterion_label(c: Criterion | str) -> str:
    return _(CRITERION_LABELS[Criterion(c)])


@dataclass(frozen=True)
class TicketQuality:
    id: int
    number: str
    subject: str
    agent: str
    team: str
    missing: tuple[Criterion, ...]
    applicable: int

    @property
    def score(self) -> float:
        return 1 - len(self.missing) / self.applicable


@dataclass(frozen=True)
class QualityRow:
    key: str  # the agent's or team's name
    resolved: int
    score: float  # 0..1, the mean of its tickets' scores
    complete: int  # tickets that met every criterion
    missing: dict[Criterion, int]  # how many tickets missed each
    ticket_ids: tuple[int, ...]  # the tickets that lower it, worst first


def _score(uow: UnitOfWork, start: datetime, end: datetime) -> list[TicketQuality]:
    s = uow.session
    rows = s.execute(select(Ticket.id, Ticket.subject, Ticket.solution, Ticket.category_id, Ticket.assignee_id,
                            Ticket.team_id).where(Ticket.resolved_at >= start, Ticket.resolved_at < end)
                     .order_by(Ticket.id)).all()
    ids = [r.id for r in rows]
    if not ids:
        return []
    with_kb = set(s.scalars(select(article_tickets.c.ticket_id).join(
        KbArticle, KbArticle.id == article_tickets.c.article_id).where(article_tickets.c.ticket_id.in_(ids))))
    complete = checklists.complete_counts(s, ids)
    escalations: dict[int, list[str]] = defaultdict(list)
    for ticket_id, body in s.execute(select(TimelineEntry.ticket_id, TimelineEntry.body).where(
            TimelineEntry.ticket_id.in_(ids), TimelineEntry.kind == EntryKind.EVENT, TimelineEntry.field == "tier")):
        escalations[ticket_id].append(body or "")
    agents: dict[int, str] = {i: n for i, n in s.execute(select(User.id, User.full_name))}
    teams: dict[int, str] = {i: n for i, n in s.execute(select(Team.id, Team.name))}
    out = []
    for r in rows:
        missing, applicable = [], 3
        if len((r.solution or "").strip()) < SOLUTION_MIN:
            missing.append(Criterion.SOLUTION)
        if r.category_id is None:
            missing.append(Criterion.CATEGORY)
        if r.id in complete:
            applicable += 1
            if not complete[r.id]:
                missing.append(Criterion.CHECKLIST)
        if r.id not in with_kb:
            missing.append(Criterion.KB)
        if escalations.get(r.id):
            applicable += 1
            if any(len(b.strip()) < ESCALATION_NOTE_MIN for b in escalations[r.id]):
                missing.append(Criterion.ESCALATION)
        out.append(TicketQuality(r.id, number_in(s, r.id), r.subject,
                                 agents.get(r.assignee_id, _("Unassigned")) if r.assignee_id else _("Unassigned"),
                                 teams.get(r.team_id, _("No team")) if r.team_id else _("No team"),
                                 tuple(missing), applicable))
    return out


def _check(start: datetime, end: datetime, by: str) -> None:
    if by not in ("agent", "team"):
        raise ValidationFailed(_("'{value}' is not a grouping; use agent or team.").format(value=by), field="by")
    if end <= start:
        raise ValidationFailed(_("The end of the period must be after its start."), field="to")


def quality(uow: UnitOfWork, actor: Actor, start: datetime, end: datetime, by: str = "agent") -> list[QualityRow]:
    """Documentation quality per agent or team of the tickets resolved in [start, end), lowest
    score first. Permission: report:view."""
    require(actor, Permission.REPORT_VIEW)
    _check(start, end, by)
    with uow:
        scored = _score(uow, start, end)
    groups: dict[str, list[TicketQuality]] = defaultdict(list)
    for t in scored:
        groups[t.agent if by == "agent" else t.team].append(t)
    rows = []
    for key, items in groups.items():
        missing: dict[Criterion, int] = {c: sum(c in t.missing for t in items) for c in Criterion}
        worst = sorted((t for t in items if t.missing), key=lambda t: (t.score, t.id))
        rows.append(QualityRow(key, len(items), sum(t.score for t in items) / len(items),
                               sum(not t.missing for t in items), missing, tuple(t.id for t in worst)))
    return sorted(rows, key=lambda r: (r.score, r.key))


def weak_tickets(uow: UnitOfWork, actor: Actor, start: datetime, end: datetime, *, agent: str | None = None,
                 team: str | None = None, limit: int = 200) -> list[TicketQuality]:
    """The resolved tickets of the period that lower the score (of one agent or team), worst
    first: the list a supervisor opens from the dashboard. Permission: report:view."""
    require(actor, Permission.REPORT_VIEW)
    _check(start, end, "agent")
    with uow:
        scored = _score(uow, start, end)
    chosen = [t for t in scored if t.missing and (agent is None or t.agent == agent)
              and (team is None or t.team == team)]
    return sorted(chosen, key=lambda t: (t.score, t.id))[:limit]


def to_csv(rows: list[QualityRow], by: str) -> str:
    """Machine-readable columns: the score 0–1, then per criterion how many tickets missed it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([by, "resolved", "score", "complete", *[f"missing_{c.value}" for c in Criterion]])
    for r in rows:
        writer.writerow([r.key, r.resolved, f"{r.score:.4f}".rstrip("0").rstrip("."), r.complete,
                         *[r.missing[c] for c in Criterion]])
    return out.getvalue()
