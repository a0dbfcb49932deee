"""Bytes of unknown or doubtful charset -> the best text, never replacement characters when avoidable.

The declared charset is a hint, not a fact: mailers label UTF-8 as Latin-1 or GB2312, invent
charset names, or send raw 8-bit headers. Valid UTF-8 with non-ASCII bytes is taken as UTF-8 (a
legacy text is almost never valid UTF-8 by chance); otherwise the declared charset; otherwise
charset-normalizer's detection. Every departure from the label is reported to `problems`, so the
caller keeps the raw message.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from email.header import decode_header

from charset_normalizer import from_bytes

Report = Callable[[str], None]
_UTF8 = {"utf-8", "utf8", "utf_8"}
# Read as Windows-1252 (as browsers do): a superset in practice, mislabelled Windows mail is everywhere.
_AS_CP1252 = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "iso8859-1", "l1"}


def _ignore(_reason: str) -> None:
    return None


def _known(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def detect(data: bytes) -> str:
    """The text by detection alone (for bytes with no usable label)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is not None:
        return str(best)
    return data.decode("cp1252", errors="replace")


def decode_bytes(data: bytes, charset: str | None, report: Report = _ignore) -> str:
    """Bytes in a declared charset to text; see the module docstring for the order of trust."""
    label = (charset or "").strip().strip('"').strip("'").lower()
    if data.isascii():
        return data.decode("ascii")
    try:
        as_utf8: str | None = data.decode("utf-8")
    except UnicodeDecodeError:
        as_utf8 = None
    if label in _UTF8:
        if as_utf8 is not None:
            return as_utf8
        report(f"text not valid {charset}")
        return detect(data)
    name = "cp1252" if label in _AS_CP1252 or not label else _known(label)
    if as_utf8 is not None:
        if name is not None and label and label not in _AS_CP1252:
            try:
                declared = data.decode(name)
            except UnicodeDecodeError:
                declared = None
            if declared != as_utf8:
                report(f"text labelled {charset} is UTF-8")
        elif name is None:
            report(f"unknown charset {charset!r}")
        return as_utf8
    if name is None:
        report(f"unknown charset {charset!r}")
        return detect(data)
    try:
        return data.decode(name)
    except UnicodeDecodeError:
        report(f"text not valid {charset}")
        return detect(data)


def decode_header_bytes(raw: bytes, report: Report = _ignore, name: str = "header") -> str:
    """A raw header value (unfolded) to text: raw 8-bit by detection, RFC 2047 words by their charset."""
    if not raw.isascii():
        report(f"raw 8-bit {name} header")
        return " ".join(detect(raw).split())
    text = raw.decode("ascii")
    if "=?" not in text:
        return " ".join(text.split())
    try:
        chunks = decode_header(text)
    except Exception:  # a malformed encoded word: keep it as written
        report(f"undecodable {name} header")
        return " ".join(text.split())
    out: list[str] = []
    for chunk, cs in chunks:
        if isinstance(chunk, str):
            out.append(chunk)
        elif cs is None or cs == "unknown-8bit":
            out.append(chunk.decode("ascii", errors="replace"))
        else:
            out.append(decode_bytes(chunk, cs, report))
    return " ".join("".join(out).split())
