"""Cutting a reply down to what the sender wrote: no signature, no quoted history.

Recognises the shapes seen in practice: RFC 3676 `-- ` signatures, "Sent from my iPhone" /
"Dikirim dari …" device lines, "On … wrote:" / "Pada … menulis:" attributions (also wrapped over
two lines), Outlook's "-----Original Message-----" and "From: … Sent: …" blocks, and `>` quotes.
"""

from __future__ import annotations

import re

_DEVICE = re.compile(
    r"^\s*(sent from my\b|sent from mail for\b|sent from outlook\b|get outlook for\b|sent from yahoo mail\b"
    r"|dikirim dari\b|terkirim dari\b|sent via\b)", re.IGNORECASE)
_ATTRIBUTION_START = re.compile(r"^\s*(on|pada|le|am)\s.+", re.IGNORECASE)
_ATTRIBUTION_END = re.compile(r"(wrote|menulis|a écrit|schrieb)\s*:\s*$", re.IGNORECASE)
_ORIGINAL = re.compile(r"^\s*-{2,}\s*(original message|pesan asli|pesan awal)\s*-{2,}\s*$", re.IGNORECASE)
_OUTLOOK_FROM = re.compile(r"^\s*\*?(from|dari)\s*:\*?\s+\S", re.IGNORECASE)
_OUTLOOK_NEXT = re.compile(r"^\s*\*?(sent|date|dikirim|tanggal|to|kepada|subject|subjek)\s*:", re.IGNORECASE)
_UNDERSCORES = re.compile(r"^\s*_{10,}\s*$")


def _cut_at(lines: list[str]) -> int:
    """Index of the first line of signature or quoted history; len(lines) if there is none."""
    for i, line in enumerate(lines):
        stripped = line.rstrip()
        if stripped in ("-- ", "--") or line == "-- ":
            return i
        if _DEVICE.match(line) or _ORIGINAL.match(line):
            return i
        if _ATTRIBUTION_START.match(line):
            if _ATTRIBUTION_END.search(stripped):
                return i
            if i + 1 < len(lines) and _ATTRIBUTION_END.search(lines[i + 1].rstrip()):
                return i
        if _UNDERSCORES.match(line) and i + 1 < len(lines) and _OUTLOOK_FROM.match(lines[i + 1]):
            return i
        if _OUTLOOK_FROM.match(line) and any(_OUTLOOK_NEXT.match(x) for x in lines[i + 1:i + 4]):
            return i
    return len(lines)


def trim_reply(text: str) -> str:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept = [line for line in lines[:_cut_at(lines)] if not line.lstrip().startswith(">")]
    return "\n".join(kept).strip()
