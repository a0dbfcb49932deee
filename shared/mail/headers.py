"""The header block read from the raw bytes, tolerantly, beside the standard library's view.

Python's parser loses a header whose first line is indented (it becomes a defect, not a header),
stops at the first line that is not a header when there is no blank line, and turns raw 8-bit
bytes into replacement characters. Reading the block here keeps the bytes, so `From` and
`Subject` can be decoded by detection and the defects named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_NAME = re.compile(rb"^([!-9;-~]+)[ \t]*:(.*)$", re.DOTALL)


@dataclass
class RawHeaders:
    values: dict[str, list[bytes]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    body_offset: int = 0  # where the body starts in the raw bytes

    def first(self, name: str) -> bytes | None:
        found = self.values.get(name.lower())
        return found[0] if found else None

    def all(self, name: str) -> list[bytes]:
        return list(self.values.get(name.lower(), ()))


def read_headers(raw: bytes) -> RawHeaders:
    """Unfolded raw header values by lower-case name; the problems met on the way."""
    out = RawHeaders()
    lines = raw.splitlines(keepends=True)
    if lines and lines[0][:1] in (b" ", b"\t") and _NAME.match(lines[0].strip()):
        out.problems.append("first header line is indented")
        lines[0] = lines[0].lstrip(b" \t")
    current: list[bytes] = []
    offset = 0

    def flush() -> None:
        if not current:
            return
        m = _NAME.match(b"".join(current))
        if m is not None:
            value = re.sub(rb"\r?\n(?=[ \t])", b"", m.group(2)).strip()
            out.values.setdefault(m.group(1).decode("ascii").lower(), []).append(value)
        current.clear()

    for line in lines:
        if line in (b"\n", b"\r\n", b"\r"):
            offset += len(line)
            break
        if line[:1] in (b" ", b"\t") and current:
            current.append(line)
        elif _NAME.match(line.rstrip(b"\r\n")):
            flush()
            current.append(line.rstrip(b"\r\n"))
        elif line.startswith(b"From ") and not out.values and not current:
            pass  # an mbox "From " envelope line
        else:
            out.problems.append("no blank line between headers and body")
            flush()
            out.body_offset = offset
            return out
        offset += len(line)
    flush()
    out.body_offset = offset
    return out
