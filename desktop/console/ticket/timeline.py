"""The ticket timeline as HTML for a QTextBrowser: replies, internal notes, audit events and
diagnostic runs each look different, so an agent never mistakes a note for a public reply."""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from desktop.common.fmt import local_time
from shared.models.enums import EntryKind, Role, label
from shared.services.dto import EntryView, describe_event

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
        "machine_id": _tr("Machine"),
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
    return value


def _body(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def event_text(e: EntryView, names: dict[str, str] | None = None) -> str:
    """One line for an audit event: "Status: Open → In progress"."""
    names = names or {}
    if e.field is None:
        return e.body
    # What the system said is rendered now, in the reader's language; a person's reason as written.
    note = "; ".join(part for part in (describe_event(e), e.body) if part)
    if e.field == "created":
        return note or _tr("Created")
    line = f"{_field_name(e.field)}: {_value(e.field, e.old_value, names)} → {_value(e.field, e.new_value, names)}"
    return f"{line} — {note}" if note else line


def render(entries: Iterable[EntryView], *, timezone: str | None, requester_id: int,
           dark: bool = False, names: dict[str, str] | None = None) -> str:
    """HTML for the timeline. `names` maps user ids (as text), "team:<id>" and "category:<id>" to
    names, so audit events read "Team: Service Desk → Desktop Support", not "1 → 2"."""
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
        who = html.escape(e.author.full_name if e.author and e.author.full_name else _tr("System"))
        if e.kind == EntryKind.EVENT:
            parts.append(f'<p style="color:{muted}; margin:2px 8px; font-size:9pt;">'
                         f'{when} · {who} · {html.escape(event_text(e, names))}</p>')
            continue
        if e.kind == EntryKind.REPLY:
            from_requester = e.author is not None and e.author.id == requester_id
            key = "reply_requester" if from_requester else "reply_agent"
            title = _tr("Requester reply") if from_requester else _tr("Reply")
            if e.via_email:
                title += " · " + _tr("by email")
            body = _body(e.body)
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
