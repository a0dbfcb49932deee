"""Raw message bytes -> a normalized InboundMail. Never raises on bad input.

Whatever cannot be read cleanly (no blank line after the headers, a declared MIME boundary that
never occurs, raw 8-bit headers, an unknown transfer encoding, a charset that does not decode or
was wrong) is decoded as well as it can be and the mail is marked `malformed` with the reasons,
so intake keeps the raw message byte for byte next to what it stored.
"""

from __future__ import annotations

import email.errors
import email.utils
import re
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.message import Message
from email.parser import BytesParser
from html.parser import HTMLParser

from shared.mail.addresses import Mailbox, is_person, mailboxes
from shared.mail.charsets import decode_bytes, decode_header_bytes
from shared.mail.headers import RawHeaders, read_headers
from shared.mail.loops import LoopMail, classify
from shared.mail.text import trim_reply

_MSGID = re.compile(r"<[^<>\s]+>")
_SERIOUS_DEFECTS = (
    email.errors.NoBoundaryInMultipartDefect,
    email.errors.StartBoundaryNotFoundDefect,
    email.errors.CloseBoundaryNotFoundDefect,
    email.errors.MultipartInvariantViolationDefect,
    email.errors.MissingHeaderBodySeparatorDefect,
    email.errors.FirstHeaderLineIsContinuationDefect,
    email.errors.InvalidBase64CharactersDefect,
    email.errors.InvalidBase64PaddingDefect,
    email.errors.InvalidBase64LengthDefect,
)
_ENCODINGS = {"", "7bit", "8bit", "binary", "base64", "quoted-printable"}
_MAX_DEPTH = 3  # forwarded mail inside forwarded mail: enough for real chains, bounded for hostile ones


@dataclass(frozen=True)
class MailAttachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class InboundMail:
    message_id: str | None
    from_address: str  # lower case; "" when there is none usable
    from_name: str
    to: tuple[str, ...]
    subject: str
    date: datetime | None
    in_reply_to: str | None
    references: tuple[str, ...]
    body: str  # the new text: signature and quoted history trimmed
    full_body: str  # the whole text part, untrimmed
    attachments: tuple[MailAttachment, ...]
    loop: LoopMail | None = None  # a bounce, auto-reply or read receipt, with the rule that matched
    malformed: bool = False
    malformed_reason: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    reply_to: str = ""  # a person's Reply-To, when it names someone other than From
    reply_to_name: str = ""
    forwarded_from: Mailbox | None = None  # the sender of an enclosed message that is the whole mail
    list_mail: bool = False  # from a mailing list (List-Id): its Reply-To is the list, not a person

    @property
    def is_auto_reply(self) -> bool:
        return self.loop is not None and self.loop.kind == "auto-reply"

    @property
    def is_bounce(self) -> bool:
        return self.loop is not None and self.loop.kind == "bounce"

    @property
    def requester(self) -> Mailbox:
        """Who the ticket is for: a person's Reply-To over From (a web form, an assistant)."""
        if self.reply_to:
            return (self.reply_to_name, self.reply_to)
        return (self.from_name, self.from_address)

    def ticket_ref(self, prefix: str = "HD") -> int | None:
        """The ticket number in the subject, `[HD-000123]`, as an id."""
        m = re.search(r"\[\s*" + re.escape(prefix) + r"-(\d{1,9})\s*\]", self.subject, re.IGNORECASE)
        return int(m.group(1)) if m else None

    @property
    def thread_ids(self) -> tuple[str, ...]:
        """Message-IDs this mail answers: In-Reply-To first, then References newest first."""
        ids = [self.in_reply_to] if self.in_reply_to else []
        ids += [r for r in reversed(self.references) if r not in ids]
        return tuple(ids)


class _Problems:
    def __init__(self) -> None:
        self.reasons: list[str] = []

    def add(self, reason: str) -> None:
        if reason not in self.reasons:
            self.reasons.append(reason)


def _ascii(raw: RawHeaders, name: str) -> str:
    value = raw.first(name)
    return value.decode("ascii", "replace") if value is not None else ""


def parse_message(raw: bytes, _depth: int = 0) -> InboundMail:
    problems = _Problems()
    hdrs = read_headers(raw)
    for reason in hdrs.problems:
        problems.add(reason)
    try:
        msg = BytesParser(policy=policy.compat32).parsebytes(hdrs.clean if hdrs.problems else raw)
    except Exception as exc:  # the stdlib parser is lenient; this is belt and braces
        problems.add(f"unparseable message ({type(exc).__name__})")
        msg = Message()

    froms = mailboxes(hdrs.first("From"), problems.add) or mailboxes(hdrs.first("Sender"), problems.add)
    from_name, from_addr = froms[0] if froms else ("", "")
    subject = decode_header_bytes(hdrs.first("Subject") or b"", problems.add, "Subject")
    list_mail = hdrs.first("List-Id") is not None or hdrs.first("List-Post") is not None
    reply_to = mailboxes(hdrs.first("Reply-To"), problems.add)
    rt_name, rt_addr = reply_to[0] if len(reply_to) == 1 else ("", "")
    if list_mail or rt_addr == from_addr or not is_person(rt_addr):
        rt_name, rt_addr = "", ""
    to = tuple(a for value in hdrs.all("To") for _n, a in mailboxes(value, problems.add))
    date = None
    if _ascii(hdrs, "Date"):
        try:
            date = email.utils.parsedate_to_datetime(_ascii(hdrs, "Date"))
        except (TypeError, ValueError, IndexError):
            date = None
    ids = _MSGID.findall(_ascii(hdrs, "Message-ID"))
    irt = _MSGID.findall(_ascii(hdrs, "In-Reply-To"))
    refs = tuple(_MSGID.findall(_ascii(hdrs, "References")))

    body_text = ""
    attachments: list[MailAttachment] = []
    enclosed: list[bytes] = []
    try:
        body_text = _collect(msg, attachments, enclosed, problems)
        _check_structure(msg, raw, problems)
    except Exception as exc:  # a structure the walker did not expect: keep the raw text
        problems.add(f"undecodable structure ({type(exc).__name__})")
        body_text = body_text or decode_bytes(raw[hdrs.body_offset:], None)
    body_text = body_text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    subject = subject.replace("\x00", "")
    loop = classify(msg, hdrs, from_addr, subject)

    forwarded: Mailbox | None = None
    trimmed = trim_reply(body_text)
    if not body_text.strip() and len(enclosed) == 1 and _depth < _MAX_DEPTH:
        inner = parse_message(enclosed[0], _depth + 1)
        body_text = inner.full_body
        trimmed = inner.full_body
        forwarded = (inner.from_name, inner.from_address) if inner.from_address else None
        subject = subject or inner.subject
    return InboundMail(
        message_id=ids[0] if ids else None,
        from_address=from_addr,
        from_name=from_name,
        to=to,
        subject=subject,
        date=date,
        in_reply_to=irt[0] if irt else None,
        references=refs,
        body=trimmed,
        full_body=body_text.strip(),
        attachments=tuple(attachments),
        loop=loop,
        malformed=bool(problems.reasons),
        malformed_reason="; ".join(problems.reasons),
        headers={k: _ascii(hdrs, k) for k in ("Auto-Submitted", "Precedence", "Return-Path") if _ascii(hdrs, k)},
        reply_to=rt_addr,
        reply_to_name=rt_name,
        forwarded_from=forwarded,
        list_mail=list_mail,
    )


def _check_structure(msg: Message, raw: bytes, problems: _Problems) -> None:
    """Defects Python's parser reports, and those it does not: a boundary declared but never used,
    a transfer encoding nobody knows."""
    for part in msg.walk():
        for defect in getattr(part, "defects", []):
            if isinstance(defect, _SERIOUS_DEFECTS):
                problems.add(f"broken MIME: {type(defect).__name__}")
        if part.get_content_maintype() == "multipart":
            boundary = part.get_boundary()
            if boundary and ("--" + boundary).encode("utf-8", "surrogateescape") not in raw:
                problems.add(f"MIME boundary {boundary!r} never occurs")
        cte = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
        if cte not in _ENCODINGS:
            problems.add(f"unknown transfer encoding {cte!r}")


def _payload_bytes(part: Message) -> bytes:
    data = part.get_payload(decode=True)
    if isinstance(data, bytes):
        return data
    payload = part.get_payload()
    return payload.encode("utf-8", "surrogateescape") if isinstance(payload, str) else b""


def _charset(part: Message) -> str | None:
    try:
        value = part.get_param("charset")
    except Exception:
        return None
    return value if isinstance(value, str) else None


def _filename(part: Message, index: int) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:
        name = ""
    if "=?" in name or not name.isascii():  # RFC 2047 in a filename: common, though not allowed
        name = decode_header_bytes(name.encode("utf-8", "surrogateescape"))
    name = "".join(ch for ch in str(name) if ch.isprintable()).replace("/", "_").replace("\\", "_").strip()
    if not name:
        ext = {"message/rfc822": ".eml", "application/pdf": ".pdf", "text/plain": ".txt",
               "text/html": ".html", "image/png": ".png", "image/jpeg": ".jpg"}.get(part.get_content_type(), ".bin")
        name = f"attachment-{index}{ext}"
    return name[:255]


def _collect(msg: Message, attachments: list[MailAttachment], enclosed: list[bytes], problems: _Problems) -> str:
    """Pick the body (first text/plain, else the first text/html as text); the rest are files."""
    plain: list[str] = []
    html: list[str] = []

    def visit(part: Message) -> None:
        ctype = part.get_content_type()
        disposition = (part.get_content_disposition() or "").lower()
        if ctype == "message/rfc822" or (ctype.startswith("message/") and disposition == "attachment"):
            inner = part.get_payload()
            data = (inner[0].as_bytes() if isinstance(inner, list) and inner and isinstance(inner[0], Message)
                    else _payload_bytes(part))
            attachments.append(MailAttachment(_filename(part, len(attachments) + 1), ctype, data))
            if ctype == "message/rfc822":
                enclosed.append(data)
            return
        if part.is_multipart():
            for sub in part.get_payload():
                if isinstance(sub, Message):
                    visit(sub)
            return
        if ctype in ("message/delivery-status", "text/rfc822-headers"):
            return
        has_name = False
        try:
            has_name = part.get_filename() is not None
        except Exception:
            has_name = True
        is_text_body = disposition != "attachment" and not has_name and ctype in ("text/plain", "text/html")
        if is_text_body or ctype.startswith("multipart/"):  # multipart here: no boundary, raw text
            text = decode_bytes(_payload_bytes(part), _charset(part), problems.add)
            (html if ctype == "text/html" else plain).append(text)
            return
        attachments.append(MailAttachment(_filename(part, len(attachments) + 1), ctype, _payload_bytes(part)))

    visit(msg)
    if plain:
        return "\n\n".join(t.strip() for t in plain if t.strip())
    if html:
        return html_to_text(html[0])
    return ""


class _HtmlText(HTMLParser):
    _BLOCK = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
              "blockquote", "pre", "hr"}
    _SKIP = {"script", "style", "head", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self._skip = 0
        self._href: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCK:
            self.out.append("\n")
            if tag == "li":
                self.out.append("- ")
        elif tag == "a":
            self._href.append(dict(attrs).get("href"))

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in ("p", "div", "tr", "table", "ul", "ol", "blockquote", "h1", "h2", "h3"):
            self.out.append("\n")
        elif tag == "a" and self._href:
            href = self._href.pop()
            if href and href.startswith(("http:", "https:")) and href not in "".join(self.out[-3:]):
                self.out.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.out.append(re.sub(r"\s+", " ", data))


def html_to_text(source: str) -> str:
    parser = _HtmlText()
    try:
        parser.feed(source)
        parser.close()
    except Exception:
        return re.sub(r"<[^>]+>", " ", source)
    lines = [" ".join(line.split()) for line in "".join(parser.out).split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
