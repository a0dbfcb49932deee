"""The ticket timeline as HTML for a QTextBrowser: replies, internal notes, audit events and
diagnostic runs each look different, so an agent never mistakes a note for a public reply."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from desktop.common.fmt import local_time
from shared.i18n import catalogue_text
from shared.models.enums import EntryKind, Role, label
from shared.services.dto import EntryView, describe_event

if TYPE_CHECKING:
    from shared.services.requester import RequesterEntry  # the tray's: not imported by the console

    # The console renders the staff timeline; the tray the requester's (the same look, fewer kinds).
    AnyEntry = EntryView | RequesterEntry

# Events whose values are enum values get their translated label.
_LABELLED_FIELDS = {"status", "impact", "urgency"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate files _tr() under the empty context


def _field_name(field: str) -> str:
    names = {
        "status": _tr("Status"), "priority": _tr("Priority"), "assignee_id": _tr("Assignee"),
        "tier": _tr("Tier"), "team_id": _tr("Team"), "category_id": _tr("Category"),
        "impact": _tr("Impact"), "urgency": _tr("Urgency"), "subject": _tr("Subject"),
        "link": _tr("Link"), "created": _tr("Created"), "vendor_reference": _tr("Vendor reference"),
        "machine_id": _tr("Machine"), "checklist": _tr("Checklist"), "checklist_step": _tr("Checklist step"),
        "major_incident": _tr("Major incident"),
    }
    return names.get(field, field)


def _value(field: str | None, value: str | None, names: dict[str, str]) -> str:
    if value is None or value == "":
        return "—"
    if field in _LABELLED_FIELDS:
        return label(value)
    if field == "tier":
        return f"L{value}"
    if field == "assignee_id":
        return names.get(value, "#" + value)
    if field in ("team_id", "category_id"):  # names keyed "team:3" / "category:7"
        return names.get(f"{field[:-3]}:{value}", "#" + value)
    if field in ("checklist", "checklist_step"):
        # The built-in example checklists are catalogue messages; a site's own text is as written.
        return catalogue_text(value)
    return value


def _body(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _author(e: AnyEntry) -> tuple[str, int | None]:
    if isinstance(e, EntryView):
        return (e.author.full_name, e.author.id) if e.author else ("", None)
    return e.author or "", e.author_id


def event_text(e: AnyEntry, names: dict[str, str] | None = None) -> str:
    """One line for an audit event: "Status: Open → In progress"."""
    names = names or {}
    if e.field is None:
        return e.body
    # What the system said is rendered now, in the reader's language; a person's reason as written.
    said = describe_event(e)
    note = "; ".join(part for part in (said, e.body) if part)
    if e.field == "created":
        return note or _tr("Created")
    if e.field == "mail":  # an outgoing mail undelivered, sent again or dismissed: the text says it all
        return note
    line = f"{_field_name(e.field)}: {_value(e.field, e.old_value, names)} → {_value(e.field, e.new_value, names)}"
    return f"{line} — {note}" if note else line


def quoted_block(e: AnyEntry, expanded: bool, muted: str) -> str:
    """A mail reply's whole text (quote and signature) under its new part: a link while collapsed;
    the link's href is `quote:<entry id>` (the view toggles it)."""
    quoted = str((getattr(e, "data", None) or {}).get("quoted") or "")
    if not quoted:
        return ""
    show = _tr("Show the whole mail ({n} lines)").format(n=quoted.count("\n") + 1)
    hide = _tr("Hide the whole mail")
    link = f'<br><a href="quote:{e.id}" style="color:{muted};">{html.escape(hide if expanded else show)}</a>'
    return link + (f'<br><span style="color:{muted};">{_body(quoted)}</span>' if expanded else "")


def render(entries: Iterable[AnyEntry], *, timezone: str | None, requester_id: int,
           dark: bool = False, names: dict[str, str] | None = None,
           expanded: frozenset[int] | None = None) -> str:
    """HTML for the timeline. `names` maps user ids (as text), "team:<id>" and "category:<id>" to
    names, so audit events read "Team: Service Desk → Desktop Support", not "1 → 2". A mail
    reply's whole text is shown for the entry ids in `expanded`, a link for the others; with
    `expanded` None (a view that does not handle the links) neither is shown."""
    names = names or {}
    colours = {
        "reply_agent": ("#e8f1fb", "#1565c0") if not dark else ("#1d2b3a", "#64b5f6"),
        "reply_requester": ("#ffffff", "#2e7d32") if not dark else ("#1e2a20", "#81c784"),
        "note": ("#fff8e1", "#f9a825") if not dark else ("#3a321c", "#ffd54f"),
        "diagnostic": ("#f3e5f5", "#6a1b9a") if not dark else ("#2e2233", "#ce93d8"),
    }
    muted = "#6b7680" if not dark else "#9aa5ae"
    parts: list[str] = []
    for e in entries:
        when = local_time(e.created_at, timezone)
        name, author_id = _author(e)
        who = html.escape(name or _tr("System"))
        if e.kind == EntryKind.EVENT:
            parts.append(f'<p style="color:{muted}; margin:2px 8px; font-size:9pt;">'
                         f'{when} · {who} · {html.escape(event_text(e, names))}</p>')
            continue
        if e.kind == EntryKind.REPLY:
            from_requester = author_id is not None and author_id == requester_id
            key = "reply_requester" if from_requester else "reply_agent"
            title = _tr("Requester reply") if from_requester else _tr("Reply")
            if e.via_email:
                title += " · " + _tr("by email")
            body = _body(e.body)
            if expanded is not None:
                body += quoted_block(e, e.id in expanded, muted)
        elif e.kind == EntryKind.NOTE:
            key, title, body = "note", _tr("Internal note"), _body(e.body)
        else:
            key, title = "diagnostic", _tr("Diagnostic run")
            body = f'<pre style="margin:0;">{html.escape(e.body)}</pre>'
        bg, edge = colours[key]
        parts.append(
            f'<table width="100%" cellspacing="0" cellpadding="6" style="margin:6px 4px; background:{bg}; '
            f'border-left:4px solid {edge};"><tr><td style="border-left:4px solid {edge};">'
            f'<span style="color:{edge}; font-weight:600;">{title}</span>'
            f'<span style="color:{muted};"> · {who} · {when}</span><br>{body}</td></tr></table>')
    if not parts:
        nothing = _tr("Nothing has happened on this ticket yet.")  # outside the f-string: lupdate finds it
        parts.append(f'<p style="color:{muted};">{html.escape(nothing)}</p>')
    return "\n".join(parts)


def role_text(role: Role) -> str:
    return label(role)
