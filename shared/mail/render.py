"""Outbox notification -> subject, plain text and HTML, in the recipient's language.

Templates live in resources/templates/mail/ as one plain-text file per kind and language:
`ticket_created.en.txt`, `ticket_created.id.txt`, ... (status changes: `status_changed.resolved.id.txt`).
The first line is `Subject: ...`, then a blank line, then the body. Placeholders are
`string.Template` ones (`$number`, `${name}`); short phrases shared by several templates (clock
names, headings, the footer) are in `strings.<lang>.toml`. The HTML part is built from the text
(paragraphs, `- ` lists) inside `layout.html`, with every value escaped, so a translator edits
exactly one file per kind and language. Mail texts are translated in these files, not in the
gettext catalogue: whole messages translate better than sentence fragments.

The language is the recipient's (users.language), else the settings language, else English.
Times are shown in the recipient's time zone.
"""

from __future__ import annotations

import html
import re
import tomllib
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from string import Template
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_datetime

from shared.i18n import SUPPORTED, is_said, said_text
from shared.services.dto import payload_subject

KINDS = ("ticket_created", "agent_reply", "status_changed", "csat_request", "ticket_assigned",
         "sla_warning", "sla_breach", "weekly_report")
STATUS_TEMPLATES = ("pending_user", "resolved", "closed")
AUTOMATIC = frozenset(KINDS) - {"agent_reply"}  # sent with Auto-Submitted: auto-generated


class TemplateMissing(LookupError):
    pass


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    language: str


def _dir() -> Any:
    return resources.files("resources") / "templates" / "mail"


@cache
def _read(name: str) -> str | None:
    path = _dir() / name
    return path.read_text(encoding="utf-8") if path.is_file() else None


@cache
def strings(language: str) -> dict[str, str]:
    text = _read(f"strings.{language}.toml") or _read("strings.en.toml") or ""
    return {k: str(v) for k, v in tomllib.loads(text).items()}


def pick_language(*candidates: str | None) -> str:
    for code in candidates:
        if code and code.lower()[:2] in SUPPORTED:
            return code.lower()[:2]
    return "en"


def fmt_when(value: str | datetime | None, zone: str | None, language: str) -> str:
    if value is None or value == "":
        return ""
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    try:
        tz = ZoneInfo(zone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        tz = ZoneInfo("UTC")
    return format_datetime(when, "EEEE d MMMM y, HH:mm z", tzinfo=tz, locale=language)


def _template_name(kind: str, payload: dict[str, Any]) -> str:
    if kind == "status_changed":
        status = str(payload.get("status", ""))
        return f"status_changed.{status if status in STATUS_TEMPLATES else 'other'}"
    return kind


def _values(kind: str, payload: dict[str, Any], language: str, zone: str | None,
            recipient_name: str) -> dict[str, str]:
    words = strings(language)
    v = {k: str(val) for k, val in payload.items() if isinstance(val, str | int | float) and val is not None}
    v.setdefault("number", "")
    v["subject"] = payload_subject(payload, language)
    v["name"] = recipient_name
    v["footer_requester"] = words.get("footer_requester", "").replace("$number", v["number"])
    v["footer_staff"] = words.get("footer_staff", "")
    due = payload.get("response_due_at") or payload.get("due_at")
    v["due"] = fmt_when(due, zone, language) if due else words.get("due_unknown", "")
    if kind == "ticket_created":
        due_line = words.get("due_line", "") if due else ""
        v["due_block"] = Template(due_line).safe_substitute(due=v["due"]) if due_line else ""
        titles = [str(a.get("title", "")) for a in payload.get("articles") or [] if isinstance(a, dict)]
        v["articles_block"] = (words["articles_heading"] + "\n" + "\n".join(f"- {t}" for t in titles)
                               if titles else "")
    v["clock"] = words.get(f"clock_{payload.get('clock', '')}", str(payload.get("clock", "")))
    v["priority"] = str(payload.get("priority", ""))
    v["by_block"] = (Template(words.get("assigned_by", "")).safe_substitute(by=payload["by"])
                     if payload.get("by") else "")
    raw_note = payload.get("note")
    note = (said_text(raw_note, language) if is_said(raw_note) else str(raw_note or "")).strip()
    v["note_block"] = (words.get("note_heading", "") + "\n" + note) if note and kind == "status_changed" else ""
    if kind == "weekly_report":
        line = words.get("team_line", "- $team")
        v["teams_block"] = "\n".join(Template(line).safe_substitute({k: str(x) for k, x in team.items()})
                                     for team in payload.get("teams") or [] if isinstance(team, dict))
        v["trends_block"] = _trends_block(payload, words)
    for key in ("body", "solution", "agent"):
        v.setdefault(key, "")
    return v


def _trends_block(payload: dict[str, Any], words: dict[str, str]) -> str:
    """Rising categories and recurring problems (services/trends.py), one line each."""
    lines = [Template(words.get("rising_line", "- $category")).safe_substitute({k: str(x) for k, x in r.items()})
             for r in payload.get("rising") or [] if isinstance(r, dict)]
    lines += [Template(words.get("recurring_line", "- $name")).safe_substitute({k: str(x) for k, x in r.items()})
              for r in payload.get("recurring") or [] if isinstance(r, dict)]
    return "\n".join(lines) or words.get("trends_none", "-")


def render(kind: str, payload: dict[str, Any], *, language: str, timezone: str | None,
           recipient_name: str, support_name: str = "IT Helpdesk") -> Rendered:
    """The mail for one outbox row. Raises TemplateMissing for a kind without templates."""
    name = _template_name(kind, payload)
    source = _read(f"{name}.{language}.txt") or _read(f"{name}.en.txt")
    if source is None:
        raise TemplateMissing(f"no mail template for {name!r}")
    head, _sep, body = source.partition("\n\n")
    if not head.startswith("Subject:"):
        raise TemplateMissing(f"template {name}.{language}.txt does not start with 'Subject:'")
    values = _values(kind, payload, language, timezone, recipient_name)
    values["support_name"] = support_name
    subject = " ".join(Template(head[len("Subject:"):]).substitute(values).split())
    number = values["number"]
    if number and f"[{number}]" not in subject:
        subject = f"[{number}] {subject}"
    text = re.sub(r"\n{3,}", "\n\n", Template(body).substitute(values)).strip() + "\n"
    return Rendered(subject, text, to_html(text, subject, language), language)


def to_html(text: str, title: str, language: str) -> str:
    """Paragraphs become <p>, runs of "- " lines become <ul>; every character of text is escaped."""
    blocks = []
    for para in re.split(r"\n\s*\n", text.strip()):
        lines: list[str] = []
        items: list[str] = []
        for line in [*para.split("\n"), None]:
            if line is not None and line.startswith("- "):
                items.append(f"<li>{html.escape(line[2:])}</li>")
                continue
            if items:
                if lines:
                    blocks.append("<p>" + "<br>\n".join(lines) + "</p>")
                    lines = []
                blocks.append("<ul>" + "".join(items) + "</ul>")
                items = []
            if line is not None:
                lines.append(html.escape(line))
        if lines:
            blocks.append("<p>" + "<br>\n".join(lines) + "</p>")
    layout = _read("layout.html") or "<html><body>$content</body></html>"
    return Template(layout).substitute(lang=language, title=html.escape(title), content="\n".join(blocks))
