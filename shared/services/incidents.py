"""Major incidents: a burst of similar tickets and probe alerts is suggested as one incident; an
agent confirms it (a parent ticket, the reports linked to it as children, a banner for the
dashboard and the tray), sends one update to every requester, and resolving the parent resolves
the children with its solution. Detection: `detect`, run by the scheduler (job
`incident_detect`) and by `helpdesk incidents detect`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.auth.permissions import SYSTEM, Actor, Permission, require
from shared.changes import Changes
from shared.errors import InvalidTransition, NotFound, ValidationFailed
from shared.i18n import _, say
from shared.models import Ticket
from shared.models.enums import Channel, Level, Status
from shared.models.incidents import IncidentMember, IncidentState, MajorIncident
from shared.services import tickets
from shared.services._common import clean_text, event, load_ticket, touch
from shared.services.dto import ChangedTicket
from shared.services.incident_detect import Report, document_counts, find_bursts
from shared.services.incident_text import signature, similarity
from shared.services.uow import UnitOfWork, number_in

_OPEN = (IncidentState.SUGGESTED, IncidentState.CONFIRMED)
JOIN = 0.5  # a new report this similar to an open incident's topic joins it
BASELINE_ROWS = 50_000  # the newest reports of the baseline period are enough to know usual words


@dataclass(frozen=True)
class IncidentView:
    id: int
    state: IncidentState
    topic: str
    banner: str  # as shown: the site's words, or the default sentence in the reader's language
    parent_id: int | None
    parent_number: str | None
    tickets: tuple[str, ...]  # the members' numbers, oldest first
    ticket_ids: tuple[int, ...]
    detected_at: datetime
    confirmed_at: datetime | None


@dataclass(frozen=True)
class Banner:
    incident_id: int
    text: str
    parent_number: str | None
    since: datetime


def default_banner(topic: str) -> str:
    return _("Known problem: {topic}. We are working on it; no need to report it again.").format(topic=topic)


def _member_ids(session: Session, incident_id: int) -> list[int]:
    """The incident's tickets, without those taken out by hand."""
    return list(session.scalars(select(IncidentMember.ticket_id).where(
        IncidentMember.incident_id == incident_id, IncidentMember.removed_at.is_(None))
        .order_by(IncidentMember.ticket_id)))


def _view(session: Session, inc: MajorIncident) -> IncidentView:
    ids = _member_ids(session, inc.id)
    return IncidentView(
        inc.id, IncidentState(inc.state), inc.topic, inc.banner or default_banner(inc.topic), inc.parent_ticket_id,
        number_in(session, inc.parent_ticket_id) if inc.parent_ticket_id else None,
        tuple(number_in(session, i) for i in ids), tuple(ids), inc.detected_at, inc.confirmed_at)


def _get(session: Session, incident_id: int) -> MajorIncident:
    inc = session.get(MajorIncident, incident_id)
    if inc is None:
        raise NotFound(_("No major incident with id {id}.").format(id=incident_id))
    return inc


def _window_reports(session: Session, since: datetime) -> list[tuple[Ticket, Report]]:
    """Active tickets opened since `since` that belong to no incident and are no parent. A ticket
    taken out of an incident by hand keeps its row, so it is not suggested again."""
    taken = select(IncidentMember.ticket_id)
    parents = select(MajorIncident.parent_ticket_id).where(MajorIncident.parent_ticket_id.is_not(None))
    rows = session.scalars(select(Ticket).where(
        Ticket.created_at >= since, Ticket.merged_into_id.is_(None), Ticket.status != Status.CLOSED,
        Ticket.id.not_in(taken), Ticket.id.not_in(parents)).order_by(Ticket.id))
    out = []
    for t in rows:
        who = f"m{t.machine_id}" if t.channel == Channel.PROBE and t.machine_id else f"u{t.requester_id}"
        out.append((t, Report(t.id, f"{t.subject} {t.description[:500]}", who)))
    return out


def _baseline(session: Session, start: datetime, end: datetime) -> dict[str, int]:
    texts = session.scalars(select(Ticket.subject).where(Ticket.created_at >= start, Ticket.created_at < end)
                            .order_by(Ticket.created_at.desc()).limit(BASELINE_ROWS))
    return dict(document_counts(list(texts)))


def _join(uow: UnitOfWork, actor: Actor, inc: MajorIncident, ticket: Ticket) -> None:
    uow.session.add(IncidentMember(incident_id=inc.id, ticket_id=ticket.id))
    if inc.state == IncidentState.CONFIRMED and inc.parent_ticket_id is not None:
        _attach_child(uow, actor, inc, ticket)


def _attach_child(uow: UnitOfWork, actor: Actor, inc: MajorIncident, child: Ticket) -> None:
    """Link a report to the parent; the link is audited on both tickets."""
    from shared.services.workflow import link_tickets

    parent = uow.session.get(Ticket, inc.parent_ticket_id)
    assert parent is not None
    event(uow, child, actor, "major_incident", None, number_in(uow.session, parent.id),
          say("Part of major incident {number}", number=number_in(uow.session, parent.id)))
    link_tickets(uow, actor, child, parent)


def detect(uow: UnitOfWork, actor: Actor = SYSTEM) -> list[int]:
    """Suggest incidents for new bursts, and add new similar reports to the open ones (linked to
    the parent once confirmed). Returns the incidents that are new or grew.
    Permission: ticket:view_all. Settings: incident_min_tickets, incident_window_minutes,
    incident_baseline_days."""
    require(actor, Permission.TICKET_VIEW_ALL)
    cfg = uow.settings
    with uow:
        s, now = uow.session, uow.now()
        window_start = now - timedelta(minutes=cfg.incident_window_minutes)
        reports = _window_reports(s, window_start)
        if not reports:
            return []
        touched: set[int] = set()
        by_id = {t.id: t for t, _r in reports}
        open_incidents = list(s.scalars(select(MajorIncident).where(MajorIncident.state.in_(_OPEN))
                                        .order_by(MajorIncident.id)))
        rest = []
        for ticket, report in reports:
            words = signature(report.text)
            home = next((i for i in open_incidents if similarity(words, frozenset(i.topic.split())) >= JOIN), None)
            if home is None:
                rest.append(report)
            else:
                _join(uow, actor, home, ticket)
                touched.add(home.id)
        baseline_start = window_start - timedelta(days=cfg.incident_baseline_days)
        bursts = find_bursts(rest, _baseline(s, baseline_start, window_start),
                             min_tickets=cfg.incident_min_tickets, window_minutes=cfg.incident_window_minutes,
                             baseline_minutes=cfg.incident_baseline_days * 24 * 60)
        for burst in bursts:
            inc = MajorIncident(state=IncidentState.SUGGESTED, topic=burst.topic[:120], banner="", detected_at=now)
            s.add(inc)
            s.flush()
            for ticket_id in burst.ticket_ids:
                _join(uow, actor, inc, by_id[ticket_id])
            touched.add(inc.id)
        uow.commit()
        return sorted(touched)


def list_incidents(uow: UnitOfWork, actor: Actor, *, open_only: bool = True) -> list[IncidentView]:
    """Suggested and confirmed incidents (all with `open_only=False`), newest first.
    Permission: ticket:view_all."""
    require(actor, Permission.TICKET_VIEW_ALL)
    with uow:
        q = select(MajorIncident).order_by(MajorIncident.id.desc())
        if open_only:
            q = q.where(MajorIncident.state.in_(_OPEN))
        return [_view(uow.session, i) for i in uow.session.scalars(q.limit(200))]


def get(uow: UnitOfWork, actor: Actor, incident_id: int) -> IncidentView:
    require(actor, Permission.TICKET_VIEW_ALL)
    with uow:
        return _view(uow.session, _get(uow.session, incident_id))


def confirm(uow: UnitOfWork, actor: Actor, incident_id: int, *, banner: str = "",
            title: str = "") -> IncidentView:
    """Confirm a suggested incident: a parent ticket is opened (the actor its requester and
    assignee) and every report is linked to it as a child. `banner`: the words the dashboard and
    the tray show (empty: the default sentence in each reader's language).
    Permission: ticket:update. Raises InvalidTransition unless the incident is suggested."""
    require(actor, Permission.TICKET_UPDATE)
    banner = clean_text(banner, "banner", required=False, max_len=300)
    with uow:
        s = uow.session
        inc = _get(s, incident_id)
        if inc.state != IncidentState.SUGGESTED:
            raise InvalidTransition(_("Major incident {id} is {state}; only a suggested one can be confirmed.")
                                    .format(id=inc.id, state=inc.state))
        members = [s.get(Ticket, i) for i in _member_ids(s, inc.id)]
        # The default subject is a message, shown in each reader's language (Ticket.said).
        said = None if title.strip() else {"subject": say("Major incident: {topic}", topic=inc.topic)}
        subject = (title.strip() or _("Major incident: {topic}").format(topic=inc.topic))[:200]
        lines = [f"{number_in(s, t.id)}: {t.subject}" for t in members if t is not None]
        parent = tickets.create(uow, actor, subject=subject, description="\n".join(lines), said=said,
                                channel=Channel.PHONE if actor.id is None else Channel.PORTAL,
                                impact=Level.HIGH, urgency=Level.HIGH,
                                requester_id=actor.id if actor.id is not None else None)
        inc.parent_ticket_id, inc.banner = parent.id, banner
        inc.state, inc.confirmed_at, inc.confirmed_by_id = IncidentState.CONFIRMED, uow.now(), actor.id
        for child in members:
            if child is not None:
                _attach_child(uow, actor, inc, child)
        uow.commit()
        return _view(s, inc)


def dismiss(uow: UnitOfWork, actor: Actor, incident_id: int) -> IncidentView:
    """Not one problem after all: the suggestion goes, and its tickets are not suggested again.
    Permission: ticket:update."""
    require(actor, Permission.TICKET_UPDATE)
    with uow:
        inc = _get(uow.session, incident_id)
        if inc.state != IncidentState.SUGGESTED:
            raise InvalidTransition(_("Major incident {id} is {state}; only a suggested one can be dismissed.")
                                    .format(id=inc.id, state=inc.state))
        inc.state, inc.closed_at = IncidentState.DISMISSED, uow.now()
        uow.commit()
        return _view(uow.session, inc)


def set_banner(uow: UnitOfWork, actor: Actor, incident_id: int, banner: str) -> IncidentView:
    """Change what the banner says (empty: the default sentence). Permission: ticket:update."""
    require(actor, Permission.TICKET_UPDATE)
    banner = clean_text(banner, "banner", required=False, max_len=300)
    with uow:
        inc = _get(uow.session, incident_id)
        inc.banner = banner
        uow.commit()
        return _view(uow.session, inc)


def post_update(uow: UnitOfWork, actor: Actor, incident_id: int, message: str) -> Changes:
    """One update to everyone affected: a public reply on the parent and on every active child,
    so each requester gets it by mail (the outbox) and in the tray, on their own ticket.
    Permission: ticket:reply. Raises InvalidTransition unless the incident is confirmed."""
    require(actor, Permission.TICKET_REPLY)
    message = clean_text(message, "message")
    with uow:
        s = uow.session
        inc = _get(s, incident_id)
        if inc.state != IncidentState.CONFIRMED or inc.parent_ticket_id is None:
            raise InvalidTransition(_("Confirm major incident {id} before sending updates.").format(id=inc.id))
        ids = [inc.parent_ticket_id, *_member_ids(s, inc.id)]
        done = []
        for ticket_id in ids:
            ticket = s.get(Ticket, ticket_id)
            if ticket is not None and ticket.status != Status.CLOSED:
                tickets.reply(uow, actor, ticket_id, message)
                done.append(ticket_id)
        uow.commit()
    return Changes.of(tickets=done)


def resolve(uow: UnitOfWork, actor: Actor, incident_id: int, solution: str) -> Changes:
    """Resolve the parent and every active child with `solution` (each audited, each requester
    told). This is the major-incident procedure itself, so open checklist steps on the parent or
    the children do not hold it back (resolving the parent as a ticket does check its own).
    Permission: ticket:resolve. Raises InvalidTransition unless the incident is confirmed."""
    from shared.services import workflow

    require(actor, Permission.TICKET_RESOLVE)
    solution = clean_text(solution, "solution")
    with uow:
        s = uow.session
        inc = _get(s, incident_id)
        if inc.state != IncidentState.CONFIRMED or inc.parent_ticket_id is None:
            raise InvalidTransition(_("Major incident {id} is {state}; only a confirmed one can be resolved.")
                                    .format(id=inc.id, state=inc.state))
        parent = s.get(Ticket, inc.parent_ticket_id)
        assert parent is not None
        if Status(parent.status).is_active:
            workflow.resolve_loaded(uow, actor, parent, solution, check_steps=False)
            touch(uow, parent)
        ids = [parent.id, *resolve_children(uow, actor, parent, solution)]
        uow.commit()
    return Changes.of(tickets=ids)


def resolve_children(uow: UnitOfWork, actor: Actor, parent: Ticket, solution: str) -> list[int]:
    """Called by workflow.resolve inside its transaction: when `parent` is a confirmed incident's
    parent, resolve its active children with the same solution (each audited, each requester
    told) and close the incident. The children's own checklists do not hold this back: the
    parent's solution is theirs."""
    from shared.services import workflow

    s = uow.session
    inc = s.scalar(select(MajorIncident).where(MajorIncident.parent_ticket_id == parent.id,
                                               MajorIncident.state == IncidentState.CONFIRMED))
    if inc is None:
        return []
    done = []
    for ticket_id in _member_ids(s, inc.id):
        child = s.get(Ticket, ticket_id)
        if child is None or not Status(child.status).is_active:
            continue
        workflow.resolve_loaded(uow, actor, child, solution, check_steps=False)
        touch(uow, child)
        done.append(ticket_id)
    inc.state, inc.closed_at = IncidentState.RESOLVED, uow.now()
    return done


def _open(inc: MajorIncident) -> None:
    if inc.state not in _OPEN:
        raise InvalidTransition(_("Major incident {id} is {state}; tickets are added to or taken out of a "
                                  "suggested or confirmed one only.").format(id=inc.id, state=inc.state))


def add_tickets(uow: UnitOfWork, actor: Actor, incident_id: int, refs: Sequence[str | int]) -> IncidentView:
    """Add tickets that detection missed (other words, or a report before the burst) to an open
    incident: each becomes a member, and once the incident is confirmed a child of its parent
    (linked, audited on both), so updates and the resolution reach its requester. A ticket taken
    out before comes back; one already in is left as it is. All or nothing: refused, naming the
    ticket, are the parent itself, the parent of another incident, a closed or merged ticket and
    a member of another open incident. Permission: ticket:update."""
    require(actor, Permission.TICKET_UPDATE)
    with uow:
        s = uow.session
        inc = _get(s, incident_id)
        _open(inc)
        ids = _refs(uow, refs)
        for ticket_id in ids:
            ticket = load_ticket(uow, actor, ticket_id)
            _may_join(s, inc, ticket)
            row = s.get(IncidentMember, (inc.id, ticket.id))
            if row is not None and row.removed_at is None:
                continue
            if row is None:
                s.add(IncidentMember(incident_id=inc.id, ticket_id=ticket.id))
            else:
                row.removed_at, row.removed_by_id = None, None
            if inc.state == IncidentState.CONFIRMED and inc.parent_ticket_id is not None:
                _attach_child(uow, actor, inc, ticket)
            else:
                event(uow, ticket, actor, "major_incident", None, f"#{inc.id}",
                      say("Added to suggested major incident #{id}", id=inc.id))
            touch(uow, ticket)
        uow.commit()
        return _view(s, inc)


def _may_join(s: Session, inc: MajorIncident, ticket: Ticket) -> None:
    number = number_in(s, ticket.id)
    if ticket.id == inc.parent_ticket_id:
        raise ValidationFailed(_("{number} is this incident's parent ticket.").format(number=number), field="tickets")
    if ticket.merged_into_id is not None:
        raise ValidationFailed(_("{number} was merged into {other}; add that ticket instead.").format(
            number=number, other=number_in(s, ticket.merged_into_id)), field="tickets")
    if ticket.status == Status.CLOSED:
        raise ValidationFailed(_("{number} is closed; reopen it first.").format(number=number), field="tickets")
    led = s.scalar(select(MajorIncident.id).where(MajorIncident.parent_ticket_id == ticket.id,
                                                  MajorIncident.state.in_(_OPEN)))
    if led is not None:
        raise ValidationFailed(_("{number} is the parent of major incident {id}.").format(number=number, id=led),
                               field="tickets")
    elsewhere = _open_incident_of(s, ticket.id, other_than=inc.id)
    if elsewhere is not None:
        raise ValidationFailed(_("{number} is part of major incident {id} already; take it out there first.").format(
            number=number, id=elsewhere), field="tickets")


def _open_incident_of(s: Session, ticket_id: int, *, other_than: int | None = None) -> int | None:
    """The open incident the ticket is a member of (not taken out), other than `other_than`."""
    q = select(IncidentMember.incident_id).join(MajorIncident, MajorIncident.id == IncidentMember.incident_id).where(
        IncidentMember.ticket_id == ticket_id, IncidentMember.removed_at.is_(None), MajorIncident.state.in_(_OPEN))
    return s.scalar(q if other_than is None else q.where(IncidentMember.incident_id != other_than))


def remove_tickets(uow: UnitOfWork, actor: Actor, incident_id: int, refs: Sequence[str | int]) -> IncidentView:
    """Take tickets that are not part of the problem out of an open incident: each leaves it (and
    its parent's children: the link goes, audited on both), and detection does not put it back.
    All or nothing: a ticket that is not a member is refused, naming it. Permission: ticket:update."""
    from shared.services.workflow import unlink_tickets

    require(actor, Permission.TICKET_UPDATE)
    with uow:
        s = uow.session
        inc = _get(s, incident_id)
        _open(inc)
        parent = s.get(Ticket, inc.parent_ticket_id) if inc.parent_ticket_id is not None else None
        for ticket_id in _refs(uow, refs):
            row = s.get(IncidentMember, (inc.id, ticket_id))
            if row is None or row.removed_at is not None:
                raise ValidationFailed(_("{number} is not part of major incident {id}.").format(
                    number=number_in(s, ticket_id), id=inc.id), field="tickets")
            ticket = load_ticket(uow, actor, ticket_id)
            row.removed_at, row.removed_by_id = uow.now(), actor.id
            if parent is not None:
                unlink_tickets(uow, actor, ticket, parent)
            event(uow, ticket, actor, "major_incident", number_in(s, parent.id) if parent else f"#{inc.id}", None,
                  say("Taken out of major incident #{id}", id=inc.id))
            touch(uow, ticket)
        uow.commit()
        return _view(s, inc)


@dataclass(frozen=True)
class TicketIncidents:
    """What the ticket view offers: the open incident the ticket is in, and the open ones it may join."""

    current: IncidentView | None
    open: tuple[IncidentView, ...]


def for_ticket(uow: UnitOfWork, actor: Actor, ticket_id: int) -> TicketIncidents:
    """Permission: ticket:view_all."""
    require(actor, Permission.TICKET_VIEW_ALL)
    with uow:
        s = uow.session
        load_ticket(uow, actor, ticket_id, lock=False)
        found = [_view(s, i) for i in s.scalars(select(MajorIncident).where(MajorIncident.state.in_(_OPEN))
                                               .order_by(MajorIncident.id.desc()).limit(200))]
        current = next((i for i in found if ticket_id in i.ticket_ids), None)
        return TicketIncidents(current, tuple(i for i in found if i.parent_id != ticket_id))


def move_ticket(uow: UnitOfWork, actor: Actor, ticket_id: int, incident_id: int | None, *,
                expected_version: int | None = None) -> ChangedTicket:
    """From the ticket itself: into `incident_id` (out of the open incident it is in now, if
    another), or out of its incident with None. The ticket as it now is, for the view.
    Permission: ticket:update. Raises Conflict when the ticket moved past `expected_version`."""
    from shared.services.detail import changed

    require(actor, Permission.TICKET_UPDATE)
    with uow:
        s = uow.session
        ticket = load_ticket(uow, actor, ticket_id, expected_version)
        current = _open_incident_of(s, ticket_id)
        also: list[int] = []
        if current is not None and current != incident_id:
            inc = remove_tickets(uow, actor, current, [ticket_id])  # joins this transaction
            also.extend(i for i in [inc.parent_id] if i is not None)
            s.flush()  # the next step's checks read the membership from the database
        if incident_id is not None and incident_id != current:
            inc = add_tickets(uow, actor, incident_id, [ticket_id])
            also.extend(i for i in [inc.parent_id] if i is not None)
        uow.commit()
        return changed(s, actor, ticket, also=also)


def _refs(uow: UnitOfWork, refs: Sequence[str | int]) -> list[int]:
    """Ticket numbers as typed ("HD-000123", "#123", "123"), each once, in the order given."""
    ids = list(dict.fromkeys(uow.parse_number(r) for r in refs))
    if not ids:
        raise ValidationFailed(_("Name at least one ticket, e.g. HD-000123."), field="tickets")
    return ids


def banners(uow: UnitOfWork, actor: Actor) -> list[Banner]:
    """The known problems to show on the dashboard and in the tray (everyone may read them).
    Permission: kb:read."""
    require(actor, Permission.KB_READ)
    with uow:
        rows = uow.session.scalars(select(MajorIncident).where(MajorIncident.state == IncidentState.CONFIRMED)
                                   .order_by(MajorIncident.confirmed_at.desc()).limit(5))
        return [Banner(i.id, i.banner or default_banner(i.topic),
                       number_in(uow.session, i.parent_ticket_id) if i.parent_ticket_id else None,
                       i.confirmed_at or i.detected_at) for i in rows]
