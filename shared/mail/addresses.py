"""Mailboxes out of From / Reply-To / Sender lines as they occur in the wild.

The standard library's strict header parser (email.policy.default) goes first: it knows
comments, quoted display names with commas and at-signs, encoded words and group syntax. When it
reports a defect or finds no mailbox, a tolerant reading takes over: the address in angle
brackets wins over anything in the display name, then a bare address.
"""

from __future__ import annotations

import email.utils
import re
from email import policy
from email.headerregistry import AddressHeader

from shared.mail.charsets import Report, decode_header_bytes

ADDRESS = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\".]+$")
_ANGLE = re.compile(r"<\s*([^<>\s@]+@[^<>\s@]+)\s*>")
_BARE = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_NOT_A_PERSON = re.compile(
    r"^(no-?reply|do-?not-?reply|mailer-daemon|postmaster|bounces?|bounce[-+.].*|.*-bounces?"
    r"|list|lists|.*-owner|owner-.*|.*-request|notifications?|daemon|root|abuse)$", re.IGNORECASE)

Mailbox = tuple[str, str]  # (display name, lower-case address)


def _strict(value: str) -> list[Mailbox] | None:
    try:
        header = policy.default.header_factory("From", value)
    except Exception:  # the strict parser gave up: the tolerant reading decides
        return None
    if not isinstance(header, AddressHeader) or header.defects:  # type: ignore[attr-defined]
        return None
    found = [(a.display_name or "", a.addr_spec.lower()) for a in header.addresses]
    if len(found) == 1 and not found[0][0]:  # "addr (Name)": the comment is the only name there is
        found = [(email.utils.parseaddr(value)[0], found[0][1])]
    if not found or not all(ADDRESS.match(addr) for _name, addr in found):
        return None
    return found


def _tolerant(value: str) -> list[Mailbox]:
    found: list[Mailbox] = []
    # obsolete syntax: comments and spaces inside the address ("<jdoe@machine(comment).  example>")
    value = re.sub(r"<[^<>]*>", lambda m: re.sub(r"\([^()]*\)|\s+", "", m.group(0)), value)
    for m in _ANGLE.finditer(value):
        name = value[:m.start()] if not found else ""
        name = re.sub(r"\([^)]*\)", "", name).strip().strip('"').strip()
        found.append((name, m.group(1).lower()))
    if not found:
        found = [("", m.group(0).lower()) for m in _BARE.finditer(re.sub(r'"[^"]*"', " ", value))]
    if not found:  # an address only inside quotes: better than none
        found = [("", m.group(0).lower()) for m in _BARE.finditer(value)]
    return [(n, a.strip(".")) for n, a in found if ADDRESS.match(a.strip("."))]


def mailboxes(raw: bytes | None, report: Report) -> list[Mailbox]:
    """Every mailbox of one address header, in order; [] when there is none usable."""
    if not raw:
        return []
    if raw.isascii():
        text = raw.decode("ascii")
        strict = _strict(text)
        if strict is not None:
            return [(decode_header_bytes(n.encode("utf-8"), report) if "=?" in n else n, a) for n, a in strict]
    else:
        text = decode_header_bytes(raw, report, "address")
        strict = _strict(text)
        if strict is not None:
            return strict
    found = _tolerant(text)
    return [(decode_header_bytes(n.encode("utf-8", "replace"), report) if n.isascii() else n, a) for n, a in found]


def is_person(address: str) -> bool:
    """False for role and machine addresses (no-reply, list owners, bounce handlers)."""
    local = address.split("@", 1)[0]
    # tracking and VERP reply addresses ("44.41.17.14.11.2010.1139@reply.example") name no one
    machine = len(local) > 40 or re.search(r"\d{6,}|(?:\d+\.){3,}", local) is not None
    return not (machine or _NOT_A_PERSON.match(local))
