"""Terminal columns: aligning text by how wide it shows, not by how many code points it has.

East Asian wide characters take two columns, combining marks and zero-width characters none; an
Indonesian status label is longer than the English one. Tables in the CLI measure with these.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


def char_width(ch: str) -> int:
    if ch in _ZERO_WIDTH or unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def width(text: str) -> int:
    return sum(char_width(ch) for ch in text)


def clip(text: str, columns: int) -> str:
    """`text` cut to at most `columns` columns, with "…" where it was cut."""
    if width(text) <= columns:
        return text
    out, used = [], 0
    for ch in text:
        w = char_width(ch)
        if used + w > columns - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def pad(text: str, columns: int, *, right: bool = False) -> str:
    """`text` filled with spaces to `columns` columns (aligned left, or right)."""
    fill = " " * max(0, columns - width(text))
    return fill + text if right else text + fill


def column(values: Iterable[str], *, at_most: int | None = None) -> int:
    """The width a column needs for `values` (and its header among them)."""
    widest = max((width(v) for v in values), default=0)
    return min(widest, at_most) if at_most is not None else widest
