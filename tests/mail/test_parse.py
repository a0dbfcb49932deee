"""Parsing real-world mail shapes; no servers needed."""

from __future__ import annotations

import pytest

from shared.mail.parse import html_to_text, parse_message
from shared.mail.text import trim_reply
from tests.mail.conftest import all_samples, sample


@pytest.mark.parametrize(("name", "raw"), all_samples(), ids=[n for n, _r in all_samples()])
def test_every_sample_parses_without_raising(name: str, raw: bytes) -> None:
    mail = parse_message(raw)
    assert mail.from_address.endswith("example.test")
    assert mail.body or mail.full_body


def test_plain_text_drops_the_signature() -> None:
    mail = parse_message(sample("01_plain.eml"))
    assert mail.message_id == "<plain-1@mail.example.test>"
    assert mail.from_name == "Budi Santoso"
    assert mail.subject == "Laptop will not boot"
    assert mail.date is not None and mail.date.utcoffset() is not None
    assert "black screen" in mail.body and "Finance, 3rd floor" not in mail.body
    assert "Finance, 3rd floor" in mail.full_body


def test_alternative_prefers_plain_and_drops_device_line() -> None:
    mail = parse_message(sample("02_alternative.eml"))
    assert mail.body == "The VPN drops every ten minutes when I work from home."


def test_html_only_becomes_readable_text() -> None:
    body = parse_message(sample("03_html_only.eml")).body
    assert "on every page & shows error E-13" in body
    assert "- Tried new paper" in body
    assert "alert(1)" not in body and "color: red" not in body
    assert "(https://intranet.example.test/printers)" in body


def test_latin1_and_windows_1252() -> None:
    latin = parse_message(sample("04_latin1.eml"))
    assert latin.from_name == "André Müller"
    assert latin.subject == "Café machine badge reader"
    assert "Grüße, André" in latin.body
    cp = parse_message(sample("05_cp1252.eml"))
    assert "“Invoice”" in cp.body and "€" in cp.body and "–" in cp.body
    assert not latin.malformed and not cp.malformed


def test_bogus_charset_is_decoded_and_flagged() -> None:
    mail = parse_message(sample("06_bogus_charset.eml"))
    assert mail.malformed and "x-bogus-charset-42" in mail.malformed_reason
    assert "“weird”" in mail.body


def test_indonesian_quoted_printable_trims_device_line_and_quote() -> None:
    mail = parse_message(sample("07_indonesian_qp.eml"))
    assert mail.subject == "Lupa kata sandi email – mohon bantuan"
    assert mail.from_name == "Siti Nurhaliza"
    assert mail.body.endswith("Mohon bantuannya, terima kasih.")
    assert "Dikirim dari" not in mail.body and "menulis" not in mail.body


def test_attachments_keep_name_type_and_bytes() -> None:
    (att,) = parse_message(sample("08_attachment.eml")).attachments
    assert (att.filename, att.content_type) == ("error-report.pdf", "application/pdf")
    assert att.data.startswith(b"%PDF-1.4")


def test_outlook_reply_loses_its_history_and_carries_the_number() -> None:
    mail = parse_message(sample("10_outlook_reply.eml"))
    assert mail.ticket_ref() == 1
    assert mail.body == 'It now shows "No bootable device" as well.\n\nBudi'


def test_wrapped_attribution_and_thread_ids() -> None:
    mail = parse_message(sample("11_in_reply_to.eml"))
    assert mail.body == "I also have the serial number: 5CD1234XYZ."
    assert mail.thread_ids == ("<plain-1@mail.example.test>",)
    assert mail.ticket_ref() is None


def test_auto_replies_and_bounces_are_flagged() -> None:
    assert parse_message(sample("12_auto_replied.eml")).is_auto_reply
    assert parse_message(sample("13_out_of_office.eml")).is_auto_reply
    bounce = parse_message(sample("14_bounce.eml"))
    assert bounce.is_bounce and not bounce.attachments
    assert not parse_message(sample("01_plain.eml")).is_auto_reply
    assert parse_message(b"From: a@b.test\nAuto-Submitted: no\n\nhi").is_auto_reply is False
    assert parse_message(b"From: a@b.test\nPrecedence: bulk\n\nhi").is_auto_reply
    assert parse_message(b"From: postmaster@b.test\n\nhi").is_bounce


def test_broken_mime_is_flagged_with_its_text() -> None:
    mail = parse_message(sample("15_broken_mime.eml"))
    assert mail.malformed and "NoBoundaryInMultipartDefect" in mail.malformed_reason
    assert "scanner on floor 4" in mail.body


def test_missing_message_id() -> None:
    assert parse_message(sample("16_no_message_id.eml")).message_id is None


@pytest.mark.parametrize("raw", [
    b"", b"\x00\xff\xfe garbage", b"Subject: =?utf-8?b?!!!?=\nFrom: \xff\xfe <x@y.test>\n\n\xff",
    b"Content-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: text/plain; charset=utf-8\n"
    b"Content-Transfer-Encoding: base64\n\n!!!notbase64\n--x--\n",
    b"From: <>\nContent-Type: text/plain; charset=\"\"\n\nempty charset",
    b"Date: not a date\nMessage-ID: no-brackets\nReferences: <a@b> junk <c@d>\n\nx",
])
def test_hostile_input_never_raises(raw: bytes) -> None:
    mail = parse_message(raw)
    assert isinstance(mail.body, str)


def test_references_are_extracted_newest_first() -> None:
    mail = parse_message(b"From: a@b.test\nIn-Reply-To: <c@d>\nReferences: <a@b> <c@d>\n\nx")
    assert mail.thread_ids == ("<c@d>", "<a@b>")


@pytest.mark.parametrize(("text", "expected"), [
    ("Thanks!\n\nOn Mon, 2 Mar 2026, Agent <a@x.test> wrote:\n> old", "Thanks!"),
    ("Siap.\n\nPada tanggal Sen, 2 Mar 2026, Agent menulis:\n> lama", "Siap."),
    ("Done\n________________________________\nFrom: Helpdesk\nSent: Monday\nTo: me\n\nold", "Done"),
    ("Ok\n\nFrom: IT Helpdesk <h@x.test>\nSent: Monday, 2 March\nSubject: x\n\nold", "Ok"),
    ("Fine\n\n-----Pesan Asli-----\nDari: X", "Fine"),
    ("Answer 1\n> question 1\nAnswer 2", "Answer 1\nAnswer 2"),
    ("Hi\nSent from my Galaxy", "Hi"),
    ("Hi\nGet Outlook for Android", "Hi"),
])
def test_trim_reply(text: str, expected: str) -> None:
    assert trim_reply(text) == expected


def test_html_to_text_entities_and_breaks() -> None:
    assert html_to_text("<p>a&lt;b</p><p>c<br>d</p>") == "a<b\n\nc\nd"
