"""Windows tools' output decoded from the OEM code page (recorded bytes), not as UTF-8."""

from __future__ import annotations

import codecs

from agent_probe.oem import codec_for, decode_output, oem_codepage

# `ping -n 1 printer` on a German Windows 11 (OEM code page 850), as the pipe delivers it.
PING_850 = b"\r\nPing wird ausgef\x81hrt f\x81r printer [192.0.2.7] mit 32 Bytes Daten:\r\n"
# `ipconfig` on a French Windows (850): "Carte réseau sans fil Wi-Fi".
IPCONFIG_850 = b"Carte r\x82seau sans fil Wi-Fi\xff:\r\n"
# `sc queryex` on a Japanese Windows (OEM 932, Shift-JIS): the service state's label.
SC_932 = "状態".encode("cp932")


def test_oem_bytes_decode_to_the_right_letters() -> None:
    assert "ausgeführt für printer" in decode_output(PING_850, 850)
    assert "Carte réseau sans fil" in decode_output(IPCONFIG_850, 850)
    assert decode_output(SC_932, 932) == "状態"


def test_utf8_decoding_of_the_same_bytes_was_wrong() -> None:
    assert "ausgef\ufffdhrt" in PING_850.decode("utf-8", "replace")


def test_utf8_output_stays_utf8_whatever_the_code_page() -> None:
    # PowerShell 7 and newer tools may write UTF-8 even on an 850 console.
    assert decode_output("Ping wird ausgeführt".encode(), 850) == "Ping wird ausgeführt"


def test_utf16_output_with_a_byte_order_mark() -> None:
    assert decode_output(codecs.BOM_UTF16_LE + "Dienst läuft".encode("utf-16-le"), 850) == "Dienst läuft"


def test_code_pages_python_lacks_or_utf8_fall_back_to_utf8() -> None:
    assert codec_for(65001) == "utf-8"
    assert codec_for(None) == "utf-8"
    assert codec_for(99999) == "utf-8"
    assert codec_for(437) == "cp437"


def test_posix_has_no_oem_code_page() -> None:
    import sys

    if sys.platform != "win32":
        assert oem_codepage() is None
    else:
        assert isinstance(oem_codepage(), int)
