"""The ticket actions: which are allowed (the same `can()` the services enforce, plus the
lifecycle rules), and what each one asks before calling its service."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence

from shared.auth.permissions import Actor, Permission, can
from shared.models.enums import Level, Status
from shared.rules.transitions import can_transition
from shared.services.dto import TicketDetail, UserView

if TYPE_CHECKING:
    from desktop.console.ticket.view import TicketView
    from shared.services import catalog

ROWS = (("claim", "assign", "fields", "priority", "escalate", "merge", "link"),
        ("pending_user", "pending_vendor", "resolve", "close", "reopen", "incident", "diagnose"))


# The daily loop from the keyboard; shown in the Ticket menu, the buttons' tooltips and F1.
SHORTCUTS = {"claim": "Ctrl+Shift+C", "assign": "Ctrl+Shift+A", "escalate": "Ctrl+Shift+E",
             "resolve": "Ctrl+Shift+R"}
NOTE_SHORTCUT = "Ctrl+Shift+N"  # the reply box's text as an internal note (view.py)


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate files _tr() under the empty context


def enabled(actor: Actor, d: TicketDetail | None) -> dict[str, bool]:
    """Which actions make sense for this actor on this ticket right now."""
    if d is None:
        return {}
    status = Status(d.status)
    active = status.is_active
    mine = d.assignee is not None and d.assignee.id == actor.id
    tier_ok = actor.tier is None or actor.tier >= d.tier
    own = d.requester.id == actor.id
    return {
        "claim": can(actor, Permission.TICKET_CLAIM) and active and tier_ok
        and (d.assignee is None or (mine and status in (Status.NEW, Status.OPEN))),
        "assign": can(actor, Permission.TICKET_ASSIGN) and active,
        "fields": can(actor, Permission.TICKET_UPDATE) and status != Status.CLOSED,
        "priority": can(actor, Permission.PRIORITY_OVERRIDE) and active,
        "pending_user": can(actor, Permission.TICKET_UPDATE) and can_transition(status, Status.PENDING_USER),
        "pending_vendor": can(actor, Permission.TICKET_UPDATE) and can_transition(status, Status.PENDING_VENDOR),
        "escalate": can(actor, Permission.TICKET_ESCALATE) and active and d.tier < 4,
        "resolve": can(actor, Permission.TICKET_RESOLVE) and can_transition(status, Status.RESOLVED),
        "close": can(actor, Permission.TICKET_CLOSE) and can_transition(status, Status.CLOSED),
        "reopen": can(actor, Permission.TICKET_REOPEN) and status == Status.RESOLVED,
        "merge": can(actor, Permission.TICKET_MERGE) and status != Status.CLOSED,
        "link": can(actor, Permission.TICKET_LINK),
        "incident": can(actor, Permission.TICKET_UPDATE) and can(actor, Permission.TICKET_VIEW_ALL) and active,
        "reply": status != Status.CLOSED and (can(actor, Permission.TICKET_REPLY)
                                             or (own and can(actor, Permission.TICKET_REPLY_OWN))),
        "note": can(actor, Permission.TICKET_NOTE),
    }


def build(view: TicketView) -> dict[str, QAction]:
    texts = {
        "claim": _tr("Claim"), "assign": _tr("Assign…"), "fields": _tr("Category / impact…"),
        "priority": _tr("Priority…"), "pending_user": _tr("Pending user…"),
        "pending_vendor": _tr("Pending vendor…"), "escalate": _tr("Escalate…"), "resolve": _tr("Resolve…"),
        "close": _tr("Close…"), "reopen": _tr("Reopen…"), "merge": _tr("Merge…"), "link": _tr("Link…"),
        "incident": _tr("Major incident…"), "diagnose": _tr("Run diagnostic…"),
    }
    handlers = {
        "claim": _claim, "assign": _assign, "fields": _fields, "priority": _priority,
        "pending_user": lambda v: _pending(v, Status.PENDING_USER),
        "pending_vendor": lambda v: _pending(v, Status.PENDING_VENDOR),
        "escalate": _escalate, "resolve": _resolve, "close": _close, "reopen": _reopen, "merge": _merge,
        "link": _link, "incident": _incident, "diagnose": lambda v: v.diagnostics.open(),
    }
    result: dict[str, QAction] = {}
    for name, text in texts.items():
        action = QAction(text, view)
        action.setObjectName(f"act_{name}")
        action.triggered.connect(lambda _checked=False, h=handlers[name]: h(view))
        result[name] = action
    for name, keys in SHORTCUTS.items():
        result[name].setShortcut(QKeySequence(keys))
    for action in result.values():
        if not action.shortcut().isEmpty():
            action.setToolTip(f"{action.text().rstrip('…')} ({action.shortcut().toString()})")
    return result


def _ids(view: TicketView) -> tuple[int, Actor]:
    assert view.detail is not None
    return view.detail.id, view.actor


def _open(view: TicketView, dialog, on_accept) -> None:  # type: ignore[no-untyped-def]
    """Keep a handle on the dialog (tests drive it), run `on_accept` when OK is pressed.

    `on_accept` runs on the GUI thread and must read every widget value there: the operation it
    submits runs on a worker thread, which must never touch a widget.
    """
    view.dialog = dialog
    dialog.accepted.connect(on_accept)
    dialog.open()


def _claim(view: TicketView) -> None:
    from shared.services import workflow

    tid, actor = _ids(view)
    view.submit("claim", lambda uow, v: workflow.claim(uow, actor, tid, expected_version=v))


def _assign(view: TicketView) -> None:
    from desktop.console.ticket.dialogs import AssignDialog
    from shared.services import users, workflow

    tid, actor = _ids(view)
    d = view.detail
    assert d is not None

    def ask(staff: list[UserView]) -> None:
        dialog = AssignDialog(view, staff, ticket_tier=d.tier, current_id=d.assignee.id if d.assignee else None)
        def accepted() -> None:
            agent_id = dialog.agent_id()
            view.submit("assign", lambda uow, v: workflow.assign(uow, actor, tid, agent_id, expected_version=v))
        _open(view, dialog, accepted)
    view.ops.run(lambda uow: users.list_users(uow, actor, staff_only=True, active_only=True), ask, parent=view)


def _fields(view: TicketView) -> None:
    from desktop.console.ticket.dialogs import FieldsDialog
    from shared.services import catalog, tickets

    tid, actor = _ids(view)
    d = view.detail
    assert d is not None

    def ask(categories: list[catalog.CategoryView]) -> None:
        dialog = FieldsDialog(view, categories, category_id=d.category_id, impact=Level(d.impact),
                              urgency=Level(d.urgency))
        def accepted() -> None:
            category_id = dialog.category.currentData()
            impact, urgency = dialog.impact.currentData(), dialog.urgency.currentData()
            view.submit("fields", lambda uow, v: tickets.update_fields(
                uow, actor, tid, expected_version=v, category_id=category_id, impact=impact, urgency=urgency))
        _open(view, dialog, accepted)
    view.ops.run(catalog.list_categories, ask, parent=view)


def _priority(view: TicketView) -> None:
    from desktop.console.ticket.dialogs import PriorityDialog
    from shared.services import tickets

    tid, actor = _ids(view)
    assert view.detail is not None
    dialog = PriorityDialog(view, current=str(view.detail.priority))
    def accepted() -> None:
        priority, reason = dialog.priority.currentData(), dialog.reason.text()
        view.submit("priority", lambda uow, v: tickets.override_priority(uow, actor, tid, priority, reason,
                                                                         expected_version=v))
    _open(view, dialog, accepted)


def _pending(view: TicketView, status: Status) -> None:
    from desktop.console.ticket.dialogs import ReasonDialog
    from shared.services import workflow

    tid, actor = _ids(view)
    title = _tr("Waiting on the requester") if status == Status.PENDING_USER else _tr("Waiting on a vendor")
    dialog = ReasonDialog(title, view, prompt=_tr("What are you waiting for?"), required=False,
                          intro=_tr("The SLA clock pauses while the ticket waits."))
    def accepted() -> None:
        reason = dialog.value()
        view.submit(status.value, lambda uow, v: workflow.change_status(uow, actor, tid, status, reason=reason,
                                                                        expected_version=v))
    _open(view, dialog, accepted)


def _escalate(view: TicketView) -> None:
    from desktop.console.ticket.dialogs import EscalateDialog
    from shared.services import workflow

    tid, actor = _ids(view)
    assert view.detail is not None
    dialog = EscalateDialog(view, current_tier=view.detail.tier)
    def accepted() -> None:
        tier, reason = int(dialog.tier.currentData()), dialog.reason.toPlainText()
        vendor = dialog.vendor_ref.text().strip() or None
        view.submit("escalate", lambda uow, v: workflow.escalate(uow, actor, tid, tier, reason,
                                                                 vendor_reference=vendor, expected_version=v))
    _open(view, dialog, accepted)


def _resolve(view: TicketView) -> None:
    from desktop.console.ticket.dialogs import ResolveDialog
    from shared.services import workflow

    tid, actor = _ids(view)
    dialog = ResolveDialog(view, draft=view.solution_draft, can_draft_kb=can(actor, Permission.KB_WRITE))

    def accepted() -> None:
        view.solution_draft = dialog.solution.toPlainText()
        do(view.solution_draft, dialog.kb_draft.isChecked())

    def do(solution: str, kb_draft: bool) -> None:
        view.submit("resolve", lambda uow, v: workflow.resolve(uow, actor, tid, solution, expected_version=v,
                                                             kb_draft=kb_draft),
                    redo=lambda: do(view.solution_draft, kb_draft))
    _open(view, dialog, accepted)


def _close(view: TicketView) -> None:
    from desktop.console.ticket.dialogs import ReasonDialog
    from shared.services import workflow

    tid, actor = _ids(view)
    assert view.detail is not None
    resolved = view.detail.status == Status.RESOLVED
    dialog = ReasonDialog(_tr("Close ticket"), view, prompt=_tr("Reason:"), required=not resolved,
                          intro=_tr("Closed is final. An unresolved ticket needs a reason (duplicate, spam…)."))
    def accepted() -> None:
        reason = dialog.value()
        view.submit("close", lambda uow, v: workflow.close(uow, actor, tid, reason, expected_version=v))
    _open(view, dialog, accepted)


def _reopen(view: TicketView) -> None:
    from desktop.console.ticket.dialogs import ReasonDialog
    from shared.services import workflow

    tid, actor = _ids(view)
    dialog = ReasonDialog(_tr("Reopen ticket"), view, prompt=_tr("Reason:"))
    def accepted() -> None:
        reason = dialog.value()
        view.submit("reopen", lambda uow, v: workflow.reopen(uow, actor, tid, reason, expected_version=v))
    _open(view, dialog, accepted)


def _merge(view: TicketView) -> None:
    from desktop.console.ticket.dialogs import TicketNumberDialog
    from shared.services import workflow

    tid, actor = _ids(view)
    dialog = TicketNumberDialog(_tr("Merge ticket"), view, prompt=_tr("Merge into:"),
                                intro=_tr("This ticket is a duplicate: it will be closed and its request "
                                          "copied onto the other ticket."))

    def accepted() -> None:
        target = dialog.ticket_id()
        if target is not None:
            view.submit("merge", lambda uow, v: workflow.merge(uow, actor, tid, target, expected_version=v))
    _open(view, dialog, accepted)


def _link(view: TicketView) -> None:
    from desktop.console.ticket.dialogs import TicketNumberDialog
    from shared.services import workflow

    tid, actor = _ids(view)
    dialog = TicketNumberDialog(_tr("Link ticket"), view, prompt=_tr("Related ticket:"))

    def accepted() -> None:
        other = dialog.ticket_id()
        if other is not None:
            view.submit("link", lambda uow, _v: workflow.link(uow, actor, tid, other))
    _open(view, dialog, accepted)


def _incident(view: TicketView) -> None:
    """Read the open incidents first (a worker), then ask which one this ticket is part of."""
    from desktop.console.ticket.dialogs import IncidentDialog
    from shared.services import incidents

    tid, actor = _ids(view)
    states = {"suggested": _tr("suggested"), "confirmed": _tr("confirmed")}

    def ask(found: incidents.TicketIncidents) -> None:
        choices = [(i.id, f"#{i.id} {i.topic} ({', '.join(filter(None, (states.get(str(i.state)), i.parent_number)))})")
                   for i in found.open]
        current = found.current.id if found.current is not None else None
        dialog = IncidentDialog(view, choices=choices, current=current)

        def accepted() -> None:
            chosen = dialog.chosen()
            if chosen != current:
                view.submit("incident", lambda uow, v: incidents.move_ticket(uow, actor, tid, chosen,
                                                                              expected_version=v))
        _open(view, dialog, accepted)

    view.ops.run(lambda uow: incidents.for_ticket(uow, actor, tid), ask, parent=view)
