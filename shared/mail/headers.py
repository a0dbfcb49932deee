"""The header block read from the raw bytes, tolerantly, beside the standard library's view.

Python's parser loses every header when the first line is indented or blank-but-for-spaces (it
becomes a defect, not a header), stops at the first line that is not a header, and turns raw
8-bit bytes into replacement characters. Reading the block here keeps the bytes, so `From` and
`Subject` can be decoded by detection and the defects named; `clean` is the message with those
header-block faults repaired, for the standard library's MIME parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_NAME = re.compile(rb"^([!-9;-~]+)[ \t]*:(.*)$", re.DOTALL)
_BLANK = (b"\n", b"\r\n", b"\r")


@dataclass
class RawHeaders:
    values: dict[str, list[bytes]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    body_offset: int = 0  # where the body starts in the raw bytes
    clean: bytes = b""  # the message with leading junk and stray header-block lines removed

    def first(self, name: str) -> bytes | None:
        found = self.values.get(name.lower())
        return found[0] if found else None

    def all(self, name: str) -> list[bytes]:
        return list(self.values.get(name.lower(), ()))


def _is_header(line: bytes) -> bool:
    return bool(_NAME.match(line.rstrip(b"\r\n")))


def read_headers(raw: bytes) -> RawHeaders:
    """Unfolded raw header values by lower-case name; the problems met on the way."""
    out = RawHeaders()
    lines = raw.splitlines(keepends=True)
    start = 0
    while start < len(lines) and lines[start].strip() == b"" and lines[start] not in _BLANK:
        start += 1  # lines of spaces before the headers (seen in the wild)
    if start:
        out.problems.append("whitespace before the first header")
    if start < len(lines) and lines[start][:1] in (b" ", b"\t") and _is_header(lines[start].lstrip(b" \t")):
        out.problems.append("first header line is indented")
        lines[start] = lines[start].lstrip(b" \t")
    kept: list[bytes] = []
    current: list[bytes] = []
    offset = sum(len(x) for x in raw.splitlines(keepends=True)[:start])
    i = start

    def flush() -> None:
        if not current:
            return
        m = _NAME.match(b"".join(current))
        if m is not None:
            value = re.sub(rb"\r?\n(?=[ \t])", b"", m.group(2)).strip()
            out.values.setdefault(m.group(1).decode("ascii", "replace").lower(), []).append(value)
        current.clear()

    while i < len(lines):
        line = lines[i]
        if line in _BLANK:
            offset += len(line)
            kept.append(line)
            i += 1
            break
        if line[:1] in (b" ", b"\t") and current:
            current.append(line)
        elif _is_header(line):
            flush()
            current.append(line.rstrip(b"\r\n"))
        elif line.startswith(b"From ") and not out.values and not current:
            pass  # an mbox "From " envelope line
        elif i + 1 < len(lines) and _is_header(lines[i + 1]) and out.values:
            out.problems.append("a line in the header block is not a header")
            offset += len(line)
            i += 1
            continue  # dropped from `clean` too, so the headers after it are not lost
        else:
            out.problems.append("no blank line between headers and body")
            flush()
            out.body_offset = offset
            out.clean = b"".join(kept) + b"\n" + b"".join(lines[i:])
            return out
        kept.append(line)
        offset += len(line)
        i += 1
    flush()
    out.body_offset = offset
    out.clean = b"".join(kept) + b"".join(lines[i:])
    return out
