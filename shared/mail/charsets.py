"""Bytes of unknown or doubtful charset -> the best text, never replacement characters when avoidable.

The declared charset is a hint, not a fact: mailers label UTF-8 as Latin-1 or GB2312, invent
charset names, or send raw 8-bit headers. Valid UTF-8 with non-ASCII bytes is taken as UTF-8 (a
legacy text is almost never valid UTF-8 by chance); otherwise the declared charset; otherwise
charset-normalizer's detection. Every departure from the label is reported to `problems`, so the
caller keeps the raw message.
"""

from __future__ import annotations

import codecs
import unicodedata
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


# Charsets mail is really written in, most likely first: a tie in plausibility goes to the earlier.
_LIKELY = ("cp1252", "gb18030", "shift_jis", "euc_jp", "big5", "euc_kr", "koi8_r", "cp1251", "iso8859_2",
           "cp1250", "iso8859_7", "cp1254", "cp1256", "cp874")


_PUNCTUATION = set("‘’‚“”„–—…«»¡¿·•、。，．：；！？「」『』（）【】《》〈〉・ー〜")


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    for script in ("LATIN", "CYRILLIC", "GREEK", "ARABIC", "HEBREW", "THAI", "HANGUL"):
        if name.startswith(script):
            return script
    if name.startswith(("CJK", "HIRAGANA", "KATAKANA", "IDEOGRAPHIC", "FULLWIDTH", "HALFWIDTH")):
        return "CJK"
    return "OTHER"


def _implausibility(text: str) -> int:
    """How unlike written language a decoding looks: symbols and controls where letters belong,
    several scripts mixed, case flipping inside words (KOI8-R read as Windows-1251), and Latin
    text made mostly of accented letters (Cyrillic or Greek bytes read as Windows-1252)."""
    bad, scripts, prev = 0, set(), ""
    letters = accented = 0
    for ch in text:
        if ch.isascii():
            letters += ch.isalpha()
            prev = ch
            continue
        cat = unicodedata.category(ch)
        if cat[0] == "L":
            script = _script(ch)
            scripts.add(script)
            letters += 1
            accented += script == "LATIN"
            if script == "OTHER" or unicodedata.name(ch, "").startswith("HALFWIDTH"):
                bad += 2
            if prev.isalpha() and prev.islower() and ch.isupper():
                bad += 1
        elif (cat[0] in "CSN" or (cat[0] == "P" and ch not in _PUNCTUATION)) and ch not in "€£¥©®°§":
            bad += 2
        prev = ch
    if letters and accented * 3 > letters:
        bad += accented
    return bad + 4 * max(0, len(scripts) - 1)


def detect(data: bytes) -> str:
    """The text by detection alone (for bytes with no usable label): UTF-8 when valid, else the
    most plausible of the likely charsets and charset-normalizer's own guess."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates = list(_LIKELY)
    best = from_bytes(data).best()
    # never UTF-16/32 for mail text: its guess for short 8-bit runs, and a source of pure garbage
    if best is not None and best.encoding not in candidates and not best.encoding.startswith("utf_"):
        candidates.insert(1, best.encoding)
    # UTF-8 with a few broken bytes (a truncated character): often the best reading of all
    lossy = data.decode("utf-8", errors="replace")
    ranked: list[tuple[int, int, str]] = [(_implausibility(lossy) + 3 * lossy.count("\ufffd"), len(candidates), lossy)]
    for order, name in enumerate(candidates):
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        ranked.append((_implausibility(text), order, text))
    if ranked:
        return min(ranked)[2]
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
