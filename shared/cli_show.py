"""`helpdesk ticket show`: a ticket and its timeline as text, in the reader's language.

Audit events are stored as field names and raw values ("assignee_id", "5", "in_progress"); here
they read as people do: "Assignee: — → Budi Santoso", "Status: New → Open".
"""

from __future__ import annotations

from typing import TextIO

from shared.i18n import N_, _
from shared.models.enums import label
from shared.services.dto import EntryView, TicketDetail, describe_event
from shared.timefmt import fmt_datetime

FIELD_LABELS = {
    "status": N_("Status"), "priority": N_("Priority"), "assignee_id": N_("Assignee"), "tier": N_("Tier"),
    "team_id": N_("Team"), "category_id": N_("Category"), "impact": N_("Impact"), "urgency": N_("Urgency"),
    "subject": N_("Subject"), "link": N_("Link"), "created": N_("Created"),
    "vendor_reference": N_("Vendor reference"), "machine_id": N_("Machine"), "channel": N_("Channel"),
    "major_incident": N_("Major incident"), "checklist": N_("Checklist"),
}
KIND_LABELS = {"reply": N_("Reply"), "note": N_("Internal note"), "diagnostic": N_("Diagnostic"),
               "event": N_("Event")}
# Values that are enum members get their translated label.
_LABELLED = {"status", "impact", "urgency", "channel"}


def field_label(field: str) -> str:
    return _(FIELD_LABELS[field]) if field in FIELD_LABELS else field


def field_value(field: str | None, value: str | None, names: dict[str, str]) -> str:
    """A stored value as a reader knows it. `names` maps user ids (as text), "team:<id>" and
    "category:<id>" to names."""
    if value is None or value == "":
        return "—"
    if field in _LABELLED:
        return label(value)
    if field == "tier":
        return f"L{value}"
    if field == "assignee_id":
        return names.get(value, "#" + value)
    if field in ("team_id", "category_id"):
        return names.get(f"{field.removesuffix('_id')}:{value}", "#" + value)
    return value


def event_line(e: EntryView, names: dict[str, str]) -> str:
    """'Status: New → Open (reason)'; a creation says how the ticket came in, an outgoing mail's
    event (undelivered, sent again, dismissed) says all in its text."""
    note = "; ".join(p for p in (describe_event(e), e.body) if p)
    if e.field in ("created", "mail") or e.field is None:
        return note or field_label("created")
    line = _("{field}: {old} → {new}").format(field=field_label(e.field), old=field_value(e.field, e.old_value, names),
                                                new=field_value(e.field, e.new_value, names))
    return f"{line} ({note})" if note else line


def print_ticket(out: TextIO, t: TicketDetail, names: dict[str, str], timezone: str | None) -> None:
    w = out.write
    w(f"{t.number}  {t.subject}\n")
    w(_("  Status: {status}   Priority: {priority}   Tier: L{tier}").format(
        status=label(t.status), priority=t.priority, tier=t.tier) + "\n")
    w(_("  Requester: {name}   Assignee: {assignee}   Team: {team}").format(
        name=t.requester.full_name, assignee=t.assignee.full_name if t.assignee else "—", team=t.team or "—") + "\n")
    w(_("  Category: {category}   Impact/urgency: {impact}/{urgency}").format(
        category=t.category or "—", impact=label(t.impact), urgency=label(t.urgency)) + "\n")
    w(_("  Created: {created}   Respond by: {response}   Resolve by: {resolution}{paused}").format(
        created=fmt_datetime(t.created_at, timezone), response=fmt_datetime(t.response_due_at, timezone),
        resolution=fmt_datetime(t.resolution_due_at, timezone), paused=_(" (paused)") if t.sla_paused else "") + "\n")
    if t.description:
        w("\n" + t.description + "\n")
    for e in t.entries:
        who = e.author.full_name if e.author else _("system")
        when = fmt_datetime(e.created_at, timezone, fmt="short")
        if e.kind == "event":
            w(f"  · {when} {who}: {event_line(e, names)}\n")
        else:
            kind = _(KIND_LABELS[e.kind]) if e.kind in KIND_LABELS else str(e.kind)
            w(f"\n  [{kind}] {when} {who}\n    " + e.body.replace("\n", "\n    ") + "\n")
