"""Decoding what Windows console tools print.

ipconfig, ping, sc, net and PowerShell write to a pipe in the console's OEM code page (850 on a
German or Indonesian machine, 437 in the US, 932 in Japan), not UTF-8: decoded as UTF-8, every
accented letter became U+FFFD. GetOEMCP names that code page (``chcp`` shows
the same number).
"""

from __future__ import annotations

import codecs
import sys

UTF8_CODEPAGE = 65001


def oem_codepage() -> int | None:
    """The OEM code page of this Windows machine; None elsewhere (POSIX tools print UTF-8 under C.UTF-8)."""
    if sys.platform == "win32":
        import ctypes

        return int(ctypes.windll.kernel32.GetOEMCP())
    return None


def codec_for(codepage: int | None) -> str:
    """The Python codec for a Windows code page; UTF-8 when none is given or Python lacks it."""
    if codepage is None or codepage == UTF8_CODEPAGE:
        return "utf-8"
    name = f"cp{codepage}"
    try:
        codecs.lookup(name)
    except LookupError:
        return "utf-8"
    return name


def decode_output(data: bytes, codepage: int | None) -> str:
    """A tool's output as text. A UTF-16 byte-order mark wins (some tools write UTF-16 to pipes),
    then a clean UTF-8 decode (a tool that writes UTF-8 whatever the console says), then the OEM page."""
    if data.startswith(codecs.BOM_UTF16_LE):
        return data[len(codecs.BOM_UTF16_LE) :].decode("utf-16-le", "replace")
    codec = codec_for(codepage)
    if codec != "utf-8":
        try:
            # Pure ASCII decodes alike either way; non-ASCII that is valid UTF-8 is almost never
            # legacy OEM text by accident, while OEM text is almost never valid UTF-8.
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    return data.decode(codec, "replace")

